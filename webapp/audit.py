"""The audit log: who viewed or changed which request, and when. Never the request's content."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import stored
from webapp.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    # What was touched, e.g. "request:17"; never names, numbers or notes.
    subject: Mapped[str] = mapped_column(String(80), default="")


def record(*, user, group_id: int | None, action: str, subject: str, now: datetime) -> None:
    db.session.add(
        AuditEntry(
            at=stored(now),
            user_id=user.id if user is not None else None,
            group_id=group_id,
            action=action,
            subject=subject,
        )
    )
