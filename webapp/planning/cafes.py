"""Planning one café: plan it, change it (a new time is a move), cancel it and put it back.

The functions take plain data (the dict forms.check_cafe makes), the acting user and `now`;
they flush, write an audit entry and raise PlanningError for the view to show. Notices to the
women follow by themselves: notifications.changes marks a café whose time, place or status
changed.
"""

import copy
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from webapp.audit import record
from webapp.clock import stored
from webapp.extensions import db
from webapp.planning.forms import MESSAGES as FORM_MESSAGES
from webapp.schedule.models import Cafe, CafeKind, CafeStatus, Group, Venue
from webapp.schedule.recurrence import local_to_utc

# What a café copies from its series and what the form sets, besides day and times.
DETAILS = ("venue_id", "kind", "offers", "professional_role", "refreshments", "children_welcome")
ENOUGH_RESPONSIBLE = 2
# A weekly series fills the 120 days ahead with 17 cafés: the plan shows the first ones.
FIRST_CAFES = 10
ALL_CAFES = 80

MESSAGES = {
    "conflict": _l(
        "Someone else changed this café while you were editing. Here is what is saved now; "
        "your changes are kept below. Save again to keep yours."
    ),
    "over": _l("This café is over and cannot be changed."),
}


class PlanningError(Exception):
    """A change the domain refuses; `field` says where the form shows `message`."""

    def __init__(self, field: str, message):
        super().__init__(field)
        self.field = field
        self.message = message


class VersionConflict(PlanningError):
    def __init__(self, message=MESSAGES["conflict"]):
        super().__init__("version", message)


def times_for(day: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Stored start and end; an end at or before the start is on the next day."""
    ends_day = day if end > start else day + timedelta(days=1)
    return local_to_utc(day, start, zone), local_to_utc(ends_day, end, zone)


def venues_of(group: Group) -> list[Venue]:
    return list(
        db.session.scalars(select(Venue).where(Venue.group_id == group.id).order_by(Venue.name))
    )


def check_venue(group: Group, venue_id) -> None:
    venue = db.session.get(Venue, venue_id) if isinstance(venue_id, int) else None
    if venue is None or venue.group_id != group.id:
        raise PlanningError("venue", FORM_MESSAGES["venue"])


def upcoming(group: Group, now: datetime, limit: int = 80) -> list[Cafe]:
    """Cafés not yet over, soonest first, with their place and responsible mothers."""
    return list(
        db.session.scalars(
            select(Cafe)
            .where(Cafe.group_id == group.id, Cafe.ends_at > stored(now))
            .order_by(Cafe.starts_at, Cafe.id)
            .options(selectinload(Cafe.venue), selectinload(Cafe.responsible))
            .limit(limit)
        )
    )


def coming(group: Group, now: datetime, everything: bool = False) -> tuple[list[Cafe], bool]:
    """The plan's cafés: the first ones (or, asked for everything, up to 80), and whether
    there are more than those shown."""
    if everything:
        return upcoming(group, now, limit=ALL_CAFES), False
    shown = upcoming(group, now, limit=FIRST_CAFES + 1)
    return shown[:FIRST_CAFES], len(shown) > FIRST_CAFES


def _set_details(cafe, data: dict) -> None:
    for name in DETAILS:
        value = data[name]
        setattr(cafe, name, list(value) if isinstance(value, list) else value)
    cafe.texts = {lang: dict(text) for lang, text in data["texts"].items()}


def flush_or_conflict(conflict_message=MESSAGES["conflict"]) -> None:
    try:
        db.session.flush()
    except StaleDataError as error:
        raise VersionConflict(conflict_message) from error


def create_cafe(group: Group, data: dict, user, now: datetime, zone: ZoneInfo):
    """A one-off café -> (café, created). The same café sent twice (a double tap, two
    coordinators at once) is planned once: the group row is locked while we look."""
    check_venue(group, data["venue_id"])
    starts_at, ends_at = times_for(data["day"], data["start"], data["end"], zone)
    if starts_at <= stored(now):
        raise PlanningError("day", FORM_MESSAGES["day_past"])
    db.session.execute(select(Group.id).where(Group.id == group.id).with_for_update())
    existing = db.session.scalar(
        select(Cafe).where(
            Cafe.group_id == group.id,
            Cafe.venue_id == data["venue_id"],
            Cafe.starts_at == starts_at,
            Cafe.ends_at == ends_at,
            Cafe.series_id.is_(None),
            Cafe.status != CafeStatus.CANCELLED,
        )
    )
    if existing is not None:
        return existing, False
    cafe = Cafe(group_id=group.id, starts_at=starts_at, ends_at=ends_at, status=CafeStatus.PLANNED)
    _set_details(cafe, data)
    db.session.add(cafe)
    db.session.flush()
    record(user=user, group_id=group.id, action="cafe.create", subject=f"cafe:{cafe.id}", now=now)
    return cafe, True


def update_cafe(cafe: Cafe, data: dict, expected_version: int, user, now: datetime, zone):
    """Change a café. A new start time is a move: the café remembers where it was (the first
    time it was moved from), and moving it back makes it planned again."""
    if cafe.version != expected_version:
        raise VersionConflict()
    if cafe.ends_at <= stored(now):
        raise PlanningError("day", MESSAGES["over"])
    check_venue(cafe.group, data["venue_id"])
    starts_at, ends_at = times_for(data["day"], data["start"], data["end"], zone)
    moved = starts_at != cafe.starts_at
    if moved:
        if starts_at <= stored(now):
            raise PlanningError("day", FORM_MESSAGES["day_past"])
        original = cafe.moved_from or cafe.starts_at
        cafe.moved_from = None if starts_at == original else original
        if not cafe.cancelled:
            cafe.status = CafeStatus.MOVED if cafe.moved_from else CafeStatus.PLANNED
    cafe.starts_at, cafe.ends_at = starts_at, ends_at
    _set_details(cafe, data)
    flush_or_conflict()
    action = "cafe.move" if moved else "cafe.update"
    record(user=user, group_id=cafe.group_id, action=action, subject=f"cafe:{cafe.id}", now=now)
    return cafe


def cancel_cafe(cafe: Cafe, expected_version: int, user, now: datetime, undo: bool = False):
    """Cancel a café, or (undo) hold it after all, at the time it has now."""
    if cafe.version != expected_version:
        raise VersionConflict()
    if cafe.ends_at <= stored(now):
        raise PlanningError("day", MESSAGES["over"])
    if undo:
        cafe.status = CafeStatus.MOVED if cafe.moved_from else CafeStatus.PLANNED
    else:
        cafe.status = CafeStatus.CANCELLED
    flush_or_conflict()
    action = "cafe.reinstate" if undo else "cafe.cancel"
    record(user=user, group_id=cafe.group_id, action=action, subject=f"cafe:{cafe.id}", now=now)
    return cafe


def draft(group: Group, data: dict, cafe: Cafe | None, zone: ZoneInfo) -> Cafe | None:
    """The café as the form would save it (`cafe`: the one it changes), never added to the
    session, for the preview; None while the place, the kind, the day or the times are not
    readable yet."""
    venue_id = data.get("venue_id")
    venue = db.session.get(Venue, venue_id) if isinstance(venue_id, int) else None
    if venue is None or venue.group_id != group.id or data.get("kind") not in set(CafeKind):
        return None
    try:
        starts_at, ends_at = times_for(data["day"], data["start"], data["end"], zone)
    except (TypeError, AttributeError):
        return None  # day or times not readable yet
    unsaved = Cafe(
        id=cafe.id if cafe is not None else 0,
        starts_at=starts_at,
        ends_at=ends_at,
        status=cafe.status if cafe is not None else CafeStatus.PLANNED,
        moved_from=cafe.moved_from if cafe is not None else None,
        texts=copy.deepcopy(data["texts"]),
        **{name: copy.deepcopy(data[name]) for name in DETAILS},
    )
    unsaved.venue, unsaved.group = venue, group
    return unsaved


def form_values(cafe: Cafe, zone: ZoneInfo) -> dict:
    """A saved café as the form's data."""
    local_start = wall_clock(cafe.starts_at, zone)
    return {
        "day": local_start.date(),
        "start": local_start.time(),
        "end": wall_clock(cafe.ends_at, zone).time(),
        **{name: getattr(cafe, name) for name in DETAILS},
        "texts": dict(cafe.texts or {}),
        "version": cafe.version,
    }


def wall_clock(moment: datetime, zone: ZoneInfo) -> datetime:
    """A stored (naive UTC) moment as a naive wall-clock time in `zone`."""
    return moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


def needs_people(cafe: Cafe) -> bool:
    return not cafe.cancelled and len(cafe.responsible) < ENOUGH_RESPONSIBLE
