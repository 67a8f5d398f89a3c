"""Administrators' verbs: create and change groups and venues.

Nothing here reads the request: the acting user and `now` come in as arguments. Every change
writes an audit entry whose subject names the row and, for an update, the fields that changed
(names only, never the values: a contact text or an address is not for the log).
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.accounts.models import User
from webapp.audit import record
from webapp.extensions import db
from webapp.schedule.models import Group, Venue
from webapp.schedule.service import group_by_slug

GROUP_FIELDS = (
    "name",
    "municipality",
    "languages",
    "contact_text",
    "retention_days",
    "attendance_goal",
)
VENUE_FIELDS = ("name", "address", "latitude", "longitude", "directions")
SUBJECT_MAX = 80  # AuditEntry.subject's column length


class SlugTaken(Exception):
    """A group with this slug exists already (maybe made by the same form a moment ago)."""

    def __init__(self, group: Group):
        super().__init__(group.slug)
        self.group = group


def group_by_id(group_id: int) -> Group | None:
    return db.session.get(Group, group_id)


def venue_by_id(venue_id: int) -> Venue | None:
    return db.session.get(Venue, venue_id)


def venues_of(group: Group) -> list[Venue]:
    return list(
        db.session.scalars(
            select(Venue).where(Venue.group_id == group.id).order_by(Venue.name, Venue.id)
        )
    )


def same_group(group: Group, data: dict) -> bool:
    """Would these form data make exactly this group? (A second tap on the same form.)"""
    return group.slug == data["slug"] and all(
        getattr(group, field) == data[field] for field in GROUP_FIELDS
    )


def change_subject(kind: str, row_id: int, fields: list[str]) -> str:
    """'group:3 name,retention_days': the row and the names of what changed, within the column."""
    subject = f"{kind}:{row_id}"
    for index, field in enumerate(fields):
        separator = " " if index == 0 else ","
        if len(subject) + len(separator) + len(field) > SUBJECT_MAX:
            break
        subject += separator + field
    return subject


def _apply(row, data: dict, fields: tuple[str, ...]) -> list[str]:
    changed = [field for field in fields if getattr(row, field) != data[field]]
    for field in changed:
        setattr(row, field, data[field])
    return changed


def create_group(data: dict, user: User, now: datetime) -> Group:
    """A new group; raises SlugTaken when its slug is in use (also when a twin request won)."""
    existing = group_by_slug(data["slug"])
    if existing is not None:
        raise SlugTaken(existing)
    group = Group(slug=data["slug"], **{field: data[field] for field in GROUP_FIELDS})
    try:
        with db.session.begin_nested():
            db.session.add(group)
    except IntegrityError:
        # Another request made a group with this slug between our look and our insert.
        existing = group_by_slug(data["slug"])
        if existing is None:
            raise
        raise SlugTaken(existing) from None
    record(
        user=user, group_id=group.id, action="group.create", subject=f"group:{group.id}", now=now
    )
    return group


def _save_changes(row, name: str, group_id: int, data: dict, fields, user, now) -> list[str]:
    """Apply what the form changed and log the names of the changed fields (never values)."""
    changed = _apply(row, data, fields)
    if changed:
        db.session.flush()
        subject = change_subject(name, row.id, changed)
        record(user=user, group_id=group_id, action=f"{name}.update", subject=subject, now=now)
    return changed


def update_group(group: Group, data: dict, user: User, now: datetime) -> list[str]:
    """Change what the form changed (never the slug); returns the names of the changed fields."""
    return _save_changes(group, "group", group.id, data, GROUP_FIELDS, user, now)


def create_venue(group: Group, data: dict, user: User, now: datetime) -> Venue:
    """A new place, or the group's place with the same name and address (a form sent twice)."""
    # Compared in Python: SQLite's lower() leaves "Ø" alone. A group has a handful of places.
    key = (data["name"].casefold(), data["address"].casefold())
    same = next(
        (
            venue
            for venue in group.venues
            if (venue.name.casefold(), venue.address.casefold()) == key
        ),
        None,
    )
    if same is not None:
        return same
    venue = Venue(group_id=group.id, **{field: data[field] for field in VENUE_FIELDS})
    db.session.add(venue)
    db.session.flush()
    record(
        user=user, group_id=group.id, action="venue.create", subject=f"venue:{venue.id}", now=now
    )
    return venue


def update_venue(venue: Venue, data: dict, user: User, now: datetime) -> list[str]:
    return _save_changes(venue, "venue", venue.group_id, data, VENUE_FIELDS, user, now)
