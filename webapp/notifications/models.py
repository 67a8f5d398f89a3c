"""Push subscriptions and the notices sent to them.

A subscription is what the browser hands over (endpoint and keys) plus the groups, the
language she chose and whether her lock screen may show what a café is about. Nothing else:
no account, no name, no phone number, no address.
"""

import enum
from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db

subscription_groups = Table(
    "push_subscription_groups",
    db.metadata,
    Column(
        "subscription_id",
        ForeignKey("push_subscriptions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class PushSubscription(db.Model):
    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint: Mapped[str] = mapped_column(Text)
    # sha256 of the endpoint: endpoints are long, an index on a hash is small.
    endpoint_hash: Mapped[str] = mapped_column(String(64), unique=True)
    p256dh: Mapped[str] = mapped_column(String(100))
    auth: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(10))
    # Her choice: the lock screen may say what a café is about (its topic). Off by default.
    show_details: Mapped[bool] = mapped_column(default=False, server_default=false())

    groups: Mapped[list["Group"]] = relationship(secondary=subscription_groups)  # noqa: F821

    def info(self) -> dict:
        """The browser's own PushSubscription shape, as pywebpush takes it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class NoticeKind(enum.StrEnum):
    GENERAL = "general"
    REMINDER = "reminder"
    CANCELLED = "cancelled"
    MOVED = "moved"
    NEW_CAFE = "new_cafe"
    REINSTATED = "reinstated"  # a cancelled café takes place after all
    TEST = "test"


class Notice(db.Model):
    """One notice to a group's subscribers (or one test to one device), and how it went."""

    __tablename__ = "push_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    cafe_id: Mapped[int | None] = mapped_column(ForeignKey("cafes.id", ondelete="SET NULL"))
    # The coordinator's own short text per language, {"da": "...", "ar": "..."}.
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    # For a moved café: when it was before, so the text can say "moved from".
    previous_start: Mapped[datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(index=True)
    # The announcement form's one-time key: a double tap finds the first notice.
    form_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    # A test goes to one device only.
    only_subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("push_subscriptions.id", ondelete="CASCADE")
    )
    target_count: Mapped[int] = mapped_column(default=0)
    delivered: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    removed: Mapped[int] = mapped_column(default=0)
    waiting: Mapped[int] = mapped_column(default=0)  # to be tried again later
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    group: Mapped["Group"] = relationship()  # noqa: F821
    cafe: Mapped["Cafe | None"] = relationship()  # noqa: F821

    @property
    def finished(self) -> bool:
        return self.finished_at is not None and self.waiting == 0
