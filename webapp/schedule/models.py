"""Groups, venues, cafés, the series they come from and each café's head count.

Datetimes are stored as naive UTC. A series keeps its local wall-clock times, so a daylight
saving change never moves a café: each occurrence is turned into UTC on its own date.
"""

import enum
from datetime import date, datetime, time

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.routing import BaseConverter, ValidationError

from webapp.extensions import db

# Paths that live directly under /<lang>/ and can never be a group slug.
RESERVED_SLUGS = frozenset(
    {
        "login",
        "logout",
        "welcome",
        "desk",
        "admin",
        "account",
        "static",
        "manifest.webmanifest",
        "offline",
        "sw.js",
        "healthz",
        "api",
        "r",
        "ticket",
        "status",
        "settings",
        "push",
        "choose",
        "groups",
        "new",
        "lang",
        "language",
        "t",
        "pwa",
        "assets",
    }
)


class CafeKind(enum.StrEnum):
    KNOWLEDGE = "knowledge"  # new knowledge, in dialogue with a professional
    SOCIAL = "social"  # Eid, Christmas, summer
    CONVERSATION = "conversation"  # a fixed activity and the conversations


class CafeStatus(enum.StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"
    MOVED = "moved"


class Offer(enum.StrEnum):
    """Help offered at a café. Order here is the order shown."""

    EBOKS = "eboks"
    PHONE = "phone"
    MITID = "mitid"
    ECONOMY = "economy"
    SCHOOL = "school"
    JOB = "job"


class ProfessionalRole(enum.StrEnum):
    HEALTH_VISITOR = "health_visitor"
    SOCIAL_WORKER = "social_worker"
    MUNICIPAL_STAFF = "municipal_staff"
    DOCTOR = "doctor"
    PSYCHOLOGIST = "psychologist"
    NURSE = "nurse"
    LAWYER = "lawyer"
    OTHER = "other"


def _enum_values(enum_class):
    return ", ".join(f"'{member.value}'" for member in enum_class)


class Group(db.Model):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    municipality: Mapped[str] = mapped_column(String(120))
    # ISO codes of the languages the group's mothers speak, e.g. ["ar", "so", "tr"].
    languages: Mapped[list] = mapped_column(JSON, default=list)
    contact_text: Mapped[str] = mapped_column(Text, default="")
    # Days after a help request is closed before its personal details are erased.
    retention_days: Mapped[int] = mapped_column(default=30, server_default="30")
    # Push reminder: this many days before a café, at this local time (0 = the same day).
    reminder_days_before: Mapped[int] = mapped_column(default=1, server_default="1")
    reminder_time: Mapped[time] = mapped_column(default=time(17, 0), server_default="17:00:00")
    # How many women the group aims to welcome at each café (DOMAIN.md: groups set a goal).
    attendance_goal: Mapped[int | None]

    venues: Mapped[list["Venue"]] = relationship(back_populates="group")

    @validates("slug")
    def _check_slug(self, _key, slug: str) -> str:
        if slug in RESERVED_SLUGS or not slug or not slug.replace("-", "").isalnum():
            raise ValueError(f"{slug!r} cannot be a group slug")
        if slug != slug.lower() or not slug.isascii():
            raise ValueError(f"{slug!r} must be lower-case ASCII")
        return slug


class Venue(db.Model):
    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(240))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    directions: Mapped[str] = mapped_column(Text, default="")

    group: Mapped[Group] = relationship(back_populates="venues")


cafe_volunteers = db.Table(
    "cafe_volunteers",
    db.Column("cafe_id", ForeignKey("cafes.id", ondelete="CASCADE"), primary_key=True),
    db.Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class CafeDetails:
    """Columns shared by a series (its template) and each café."""

    kind: Mapped[str] = mapped_column(String(20))
    offers: Mapped[list] = mapped_column(JSON, default=list)
    professional_role: Mapped[str | None] = mapped_column(String(30))
    refreshments: Mapped[bool] = mapped_column(default=True)
    children_welcome: Mapped[bool] = mapped_column(default=True)
    # {"da": {"topic": "...", "note": "..."}, "ar": {...}}; Danish is the fallback.
    texts: Mapped[dict] = mapped_column(JSON, default=dict)

    def text(self, field: str, lang: str) -> str:
        texts = self.texts or {}
        return (texts.get(lang) or {}).get(field) or (texts.get("da") or {}).get(field) or ""

    def text_lang(self, field: str, lang: str) -> str:
        """Which language text() answered in, for the `lang` attribute of the element."""
        texts = self.texts or {}
        return lang if (texts.get(lang) or {}).get(field) else "da"


class Series(CafeDetails, db.Model):
    __tablename__ = "series"
    __table_args__ = (CheckConstraint(f"kind IN ({_enum_values(CafeKind)})", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id"))
    # An RFC 5545 RRULE without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=TH" or "FREQ=MONTHLY;BYDAY=1MO".
    rule: Mapped[str] = mapped_column(String(200))
    first_day: Mapped[date]
    last_day: Mapped[date | None]
    starts: Mapped[time]  # local wall-clock time in Europe/Copenhagen
    ends: Mapped[time]
    # Occurrences exist as Café rows up to and including this day.
    materialised_until: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    group: Mapped[Group] = relationship()
    venue: Mapped[Venue] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Cafe(CafeDetails, db.Model):
    __tablename__ = "cafes"
    __table_args__ = (
        UniqueConstraint("series_id", "occurrence_day", name="uq_cafes_series_occurrence"),
        CheckConstraint(f"kind IN ({_enum_values(CafeKind)})", name="kind"),
        CheckConstraint(f"status IN ({_enum_values(CafeStatus)})", name="status"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id"))
    starts_at: Mapped[datetime] = mapped_column(index=True)  # naive UTC
    ends_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default=CafeStatus.PLANNED)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id"))
    # The day the series put this café on; it stays when the café is moved.
    occurrence_day: Mapped[date | None]
    # For a moved café: where it was, so the page can say "moved from ...".
    moved_from: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    # What subscribers were last told (notifications.changes.state_of); NULL = nothing yet.
    announced_state: Mapped[str | None] = mapped_column(String(80))
    # Set when time, place or status changed and subscribers may need a notice.
    notice_due: Mapped[bool] = mapped_column(default=False, server_default=false(), index=True)
    reminded_at: Mapped[datetime | None]

    group: Mapped[Group] = relationship()
    venue: Mapped[Venue] = relationship()
    series: Mapped[Series | None] = relationship()
    responsible: Mapped[list["User"]] = relationship(  # noqa: F821
        secondary=cafe_volunteers, order_by="User.display_name"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def cancelled(self) -> bool:
        return self.status == CafeStatus.CANCELLED

    @property
    def moved(self) -> bool:
        return self.status == CafeStatus.MOVED


class Attendance(db.Model):
    """How many came to a café: new women, women who came before, children."""

    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    new_women: Mapped[int] = mapped_column(default=0)
    returning_women: Mapped[int] = mapped_column(default=0)
    children: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class GroupSlugConverter(BaseConverter):
    """A group slug in a URL: never one of the app's own paths, so `/da/logout` stays the
    logout rule (405 on GET) rather than a group called "logout"."""

    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"

    def to_python(self, value: str) -> str:
        if value in RESERVED_SLUGS:
            raise ValidationError()
        return value
