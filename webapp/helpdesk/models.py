"""Help requests and the help logs (also walk-ins).

Personal fields of a request (first_name, phone, note) are erased `retention_days` after it
is closed; everything else stays, anonymous, for the reports.
"""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db


class HelpKind(enum.StrEnum):
    EBOKS = "eboks"
    PHONE = "phone"
    MITID = "mitid"
    ECONOMY = "economy"
    SCHOOL = "school"
    JOB = "job"
    OTHER = "other"


class RequestStatus(enum.StrEnum):
    OPEN = "open"  # waiting in the queue
    CALLED = "called"  # a volunteer has claimed it and calls her
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"

    @property
    def closed(self) -> bool:
        return self in (RequestStatus.RESOLVED, RequestStatus.WITHDRAWN)


class ContactMode(enum.StrEnum):
    AT_CAFE = "at_cafe"
    CALL_BACK = "call_back"


class Outcome(enum.StrEnum):
    SOLVED = "solved"
    REFERRED = "referred"
    FOLLOW_UP = "follow_up"


def _values(enum_class) -> str:
    return ", ".join(f"'{member.value}'" for member in enum_class)


class HelpRequest(db.Model):
    __tablename__ = "help_requests"
    __table_args__ = (
        UniqueConstraint("group_id", "ticket_day", "ticket_number", name="uq_help_requests_ticket"),
        UniqueConstraint("group_id", "form_key", name="uq_help_requests_form_key"),
        CheckConstraint(f"kind IN ({_values(HelpKind)})", name="kind"),
        CheckConstraint(f"status IN ({_values(RequestStatus)})", name="status"),
        CheckConstraint(f"contact IN ({_values(ContactMode)})", name="contact"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    # The private status page's address: unguessable, never shown to anyone else.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # The form's one-time key: a double tap on "send" finds the first request.
    form_key: Mapped[str] = mapped_column(String(64))
    ticket_day: Mapped[date]
    ticket_number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    languages: Mapped[list] = mapped_column(JSON, default=list)
    contact: Mapped[str] = mapped_column(String(20), default=ContactMode.AT_CAFE)
    woman_only: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.OPEN, index=True)
    created_at: Mapped[datetime]
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Personal: erased by the retention job (purged_at is then set).
    first_name: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    purged_at: Mapped[datetime | None]

    claimed_by: Mapped["User | None"] = relationship()  # noqa: F821
    group: Mapped["Group"] = relationship()  # noqa: F821

    @property
    def ticket(self) -> str:
        return f"K-{self.ticket_number}"

    @property
    def is_closed(self) -> bool:
        return RequestStatus(self.status).closed


class HelpLog(db.Model):
    """Help given: for a request, or for a walk-in (request_id empty, no personal data)."""

    __tablename__ = "help_logs"
    __table_args__ = (
        UniqueConstraint("volunteer_id", "idempotency_key", name="uq_help_logs_idempotency"),
        CheckConstraint(f"outcome IN ({_values(Outcome)})", name="outcome"),
        CheckConstraint("minutes > 0 AND minutes <= 600", name="minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("help_requests.id"), unique=True)
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kinds: Mapped[list] = mapped_column(JSON)
    minutes: Mapped[int]
    language: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(20))
    handover_note: Mapped[str | None] = mapped_column(Text)
    given_at: Mapped[datetime] = mapped_column(index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    body_hash: Mapped[str | None] = mapped_column(String(64))
