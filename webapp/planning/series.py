"""Planning a series ("every Thursday 15-17"), changing it from a day on, and ending it.

A series is a template: its cafés are rows made ahead by recurrence.materialise. Changing the
series changes the template and the future rows that still follow it; a café that was moved
or cancelled on its own, and any detail changed on one café, stay as they are. Past cafés
never change.
"""

import copy
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from webapp.audit import record
from webapp.clock import stored
from webapp.extensions import db
from webapp.planning.cafes import (
    DETAILS,
    PlanningError,
    VersionConflict,
    check_venue,
    flush_or_conflict,
    times_for,
)
from webapp.planning.forms import MESSAGES as FORM_MESSAGES
from webapp.planning.forms import NTH_CHOICES
from webapp.schedule.models import (
    Attendance,
    Cafe,
    CafeStatus,
    Group,
    Series,
    cafe_volunteers,
)
from webapp.schedule.recurrence import materialise, monthly_rule, rule_parts, weekly_rule

TEMPLATE = (*DETAILS, "texts", "starts", "ends")
MESSAGES = {
    "conflict": _l(
        "Someone else changed this series while you were editing. Here is what is saved now; "
        "your changes are kept below. Save again to keep yours."
    ),
}


def series_of(group: Group) -> list[Series]:
    return list(
        db.session.scalars(
            select(Series).where(Series.group_id == group.id).order_by(Series.first_day, Series.id)
        )
    )


def series_in_group(group: Group, series_id: int) -> Series | None:
    return db.session.scalar(
        select(Series).where(Series.id == series_id, Series.group_id == group.id)
    )


def rule_for(data: dict) -> str:
    if data["pattern"] == "monthly":
        if data["nth"] not in NTH_CHOICES:
            raise PlanningError("nth", FORM_MESSAGES["nth"])
        return monthly_rule(data["weekday"], data["nth"])
    return weekly_rule(data["weekday"], interval=data["interval"])


def _horizon(now: datetime, zone: ZoneInfo, days: int) -> date:
    return now.astimezone(zone).date() + timedelta(days=days)


def _template(data: dict) -> dict:
    values = {name: copy.deepcopy(data[name]) for name in DETAILS}
    values.update(texts=copy.deepcopy(data["texts"]), starts=data["start"], ends=data["end"])
    return values


def create_series(group, data: dict, user, now: datetime, zone: ZoneInfo, horizon_days: int):
    """A new series and its cafés up to the horizon. The same series sent twice is made once."""
    check_venue(group, data["venue_id"])
    rule = rule_for(data)
    if data["first_day"] < now.astimezone(zone).date():
        raise PlanningError("first_day", FORM_MESSAGES["day_past"])
    if data["last_day"] is not None and data["last_day"] < data["first_day"]:
        raise PlanningError("last_day", FORM_MESSAGES["last_day"])
    db.session.execute(select(Group.id).where(Group.id == group.id).with_for_update())
    existing = db.session.scalar(
        select(Series).where(
            Series.group_id == group.id,
            Series.rule == rule,
            Series.first_day == data["first_day"],
            Series.starts == data["start"],
            Series.venue_id == data["venue_id"],
        )
    )
    if existing is not None:
        return existing, False
    series = Series(
        group_id=group.id, rule=rule, first_day=data["first_day"], last_day=data["last_day"]
    )
    for name, value in _template(data).items():
        setattr(series, name, value)
    db.session.add(series)
    db.session.flush()
    record(
        user=user, group_id=group.id, action="series.create", subject=f"series:{series.id}", now=now
    )
    materialise(series, _horizon(now, zone, horizon_days), zone)
    return series, True


def _future_occurrences(series: Series, after: date, now: datetime) -> list[Cafe]:
    return list(
        db.session.scalars(
            select(Cafe)
            .where(
                Cafe.series_id == series.id,
                Cafe.occurrence_day >= after,
                Cafe.starts_at > stored(now),
            )
            .order_by(Cafe.occurrence_day)
        )
    )


def update_series_from(series: Series, data: dict, expected_version: int, user, now, zone):
    """Give the series new details and times from data["from_day"] on -> cafés changed."""
    from_day = data["from_day"]
    if from_day < now.astimezone(zone).date():
        raise PlanningError("from_day", FORM_MESSAGES["day_past"])
    # Days before from_day keep the old details, also those not yet made.
    materialise(series, from_day - timedelta(days=1), zone)
    if series.version != expected_version:
        raise VersionConflict(MESSAGES["conflict"])
    check_venue(series.group, data["venue_id"])
    old, new = {name: copy.deepcopy(getattr(series, name)) for name in TEMPLATE}, _template(data)
    for name, value in new.items():
        setattr(series, name, value)
    flush_or_conflict(MESSAGES["conflict"])
    changed = 0
    for cafe in _future_occurrences(series, from_day, now):
        if cafe.status != CafeStatus.PLANNED:
            continue  # moved or cancelled on its own: she decided about this one
        before = (cafe.starts_at, cafe.ends_at)
        for name in (*DETAILS, "texts"):
            if getattr(cafe, name) == old[name]:
                setattr(cafe, name, copy.deepcopy(new[name]))
        old_times = times_for(cafe.occurrence_day, old["starts"], old["ends"], zone)
        if before == old_times:
            cafe.starts_at, cafe.ends_at = times_for(
                cafe.occurrence_day, new["starts"], new["ends"], zone
            )
        changed += 1
    flush_or_conflict(MESSAGES["conflict"])
    record(
        user=user,
        group_id=series.group_id,
        action="series.update",
        subject=f"series:{series.id}",
        now=now,
    )
    return changed


def _has_data(cafe: Cafe) -> bool:
    """Attendance counted or mothers signed up: the row stays (cancelled), never deleted."""
    return bool(
        db.session.scalar(
            select(
                exists().where(Attendance.cafe_id == cafe.id)
                | exists().where(cafe_volunteers.c.cafe_id == cafe.id)
            )
        )
    )


def end_series(series: Series, last_day: date, expected_version: int, user, now, zone):
    """The series' last café is on or before `last_day` -> (cancelled, deleted) cafés.

    A later café nobody was ever told about and with nothing recorded is deleted; the others
    are cancelled, so the women are told. Past cafés stay."""
    if series.version != expected_version:
        raise VersionConflict(MESSAGES["conflict"])
    if last_day < series.first_day:
        raise PlanningError("last_day", FORM_MESSAGES["last_day"])
    old_last = series.last_day
    series.last_day = last_day
    if old_last is not None and last_day > old_last and series.materialised_until:
        # Ended earlier, now later: let materialise fill the days in between.
        series.materialised_until = min(series.materialised_until, old_last)
    flush_or_conflict(MESSAGES["conflict"])
    cancelled = deleted = 0
    for cafe in _future_occurrences(series, last_day + timedelta(days=1), now):
        if cafe.announced_state is None and not _has_data(cafe):
            db.session.delete(cafe)
            deleted += 1
        elif not cafe.cancelled:
            cafe.status = CafeStatus.CANCELLED
            cancelled += 1
    flush_or_conflict(MESSAGES["conflict"])
    record(
        user=user,
        group_id=series.group_id,
        action="series.end",
        subject=f"series:{series.id}",
        now=now,
    )
    return cancelled, deleted


def change_series(series: Series, data: dict, user, now: datetime, zone: ZoneInfo):
    """What the series page sends: end the series (data["action"] == "end") or change it
    from data["from_day"] on, both against the version the page showed."""
    if data["action"] == "end":
        return end_series(series, data["last_day"], data["version"], user, now, zone)
    return update_series_from(series, data, data["version"], user, now, zone)


def form_values(series: Series) -> dict:
    return {
        **rule_parts(series.rule),
        "first_day": series.first_day,
        "last_day": series.last_day,
        "start": series.starts,
        "end": series.ends,
        **{name: getattr(series, name) for name in DETAILS},
        "texts": dict(series.texts or {}),
        "version": series.version,
    }
