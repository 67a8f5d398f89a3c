"""Series of cafés: which days a rule gives, and turning them into Café rows.

A series is stored as an RRULE plus local wall-clock times. Occurrences are materialised as
Café rows a fixed horizon ahead, so one occurrence can be cancelled or moved (its row keeps
series_id and occurrence_day) without touching the series, and materialising again never
duplicates or resurrects it.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from sqlalchemy import or_, select, update

from webapp.extensions import db
from webapp.schedule.models import Cafe, CafeStatus, Series

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def weekly_rule(weekday: int, interval: int = 1) -> str:
    """'Every Thursday' is weekly_rule(3)."""
    rule = f"FREQ=WEEKLY;BYDAY={WEEKDAY_CODES[weekday]}"
    return rule + (f";INTERVAL={interval}" if interval > 1 else "")


def monthly_rule(weekday: int, nth: int) -> str:
    """'The first Monday of the month' is monthly_rule(0, 1); the last is nth=-1."""
    return f"FREQ=MONTHLY;BYDAY={nth:+d}{WEEKDAY_CODES[weekday]}"


def occurrence_days(rule: str, first_day: date, last_day: date | None, start: date, end: date):
    """Days on which the rule falls, from `start` to `end` inclusive."""
    start = max(start, first_day)
    if last_day is not None:
        end = min(end, last_day)
    if end < start:
        return []
    recurrence = rrulestr(rule, dtstart=datetime.combine(first_day, time()))
    return [
        moment.date()
        for moment in recurrence.between(
            datetime.combine(start, time()), datetime.combine(end, time()), inc=True
        )
    ]


def local_to_utc(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a day in `zone`, as naive UTC for storage."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def occurrence_for(series: Series, day: date, zone: ZoneInfo) -> Cafe:
    ends_day = day if series.ends > series.starts else day + timedelta(days=1)
    return Cafe(
        group_id=series.group_id,
        venue_id=series.venue_id,
        series_id=series.id,
        occurrence_day=day,
        starts_at=local_to_utc(day, series.starts, zone),
        ends_at=local_to_utc(ends_day, series.ends, zone),
        status=CafeStatus.PLANNED,
        kind=series.kind,
        offers=list(series.offers or []),
        professional_role=series.professional_role,
        refreshments=series.refreshments,
        children_welcome=series.children_welcome,
        texts=dict(series.texts or {}),
    )


def materialise(series: Series, until: date, zone: ZoneInfo) -> list[Cafe]:
    """Create the series' cafés up to `until`. Safe to call from concurrent requests.

    The series row is claimed with one conditional UPDATE on materialised_until, so of two
    requests extending the same range only one inserts rows.
    """
    done_until = series.materialised_until
    if done_until is not None and done_until >= until:
        return []
    claimed = db.session.execute(
        update(Series)
        .where(Series.id == series.id)
        .where(
            Series.materialised_until.is_(None)
            if done_until is None
            else Series.materialised_until == done_until
        )
        .values(materialised_until=until)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return []  # another request is materialising this range
    start = series.first_day if done_until is None else done_until + timedelta(days=1)
    existing = set(
        db.session.scalars(select(Cafe.occurrence_day).where(Cafe.series_id == series.id))
    )
    created = [
        occurrence_for(series, day, zone)
        for day in occurrence_days(series.rule, series.first_day, series.last_day, start, until)
        if day not in existing
    ]
    db.session.add_all(created)
    db.session.flush()
    db.session.refresh(series)
    return created


def materialise_group(group_id: int, now: datetime, horizon_days: int, zone: ZoneInfo) -> int:
    """Make sure every series of the group has its cafés `horizon_days` ahead of `now`."""
    until = now.astimezone(zone).date() + timedelta(days=horizon_days)
    due = db.session.scalars(
        select(Series)
        .where(Series.group_id == group_id)
        .where(or_(Series.materialised_until.is_(None), Series.materialised_until < until))
    )
    return sum(len(materialise(series, until, zone)) for series in due)


def rule_parts(rule: str) -> dict:
    """The parts of a rule made by weekly_rule or monthly_rule, for a form or for words:
    {"pattern": "weekly"|"monthly", "weekday": 0-6, "interval": n, "nth": n or None}."""
    parts = dict(item.split("=", 1) for item in rule.split(";") if "=" in item)
    byday = parts.get("BYDAY", "MO")
    weekday = WEEKDAY_CODES.index(byday[-2:])
    if parts.get("FREQ") == "MONTHLY":
        return {"pattern": "monthly", "weekday": weekday, "interval": 1, "nth": int(byday[:-2])}
    return {
        "pattern": "weekly",
        "weekday": weekday,
        "interval": int(parts.get("INTERVAL", "1")),
        "nth": None,
    }
