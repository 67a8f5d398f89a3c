"""Series without HTTP: weekly and monthly, wall-clock time across daylight saving, changing
from a day on (past and individually changed cafés stay), ending, materialising again."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from tests.conftest import COPENHAGEN, FIXED_NOW
from tests.planning.conftest import cafe_fields, series_fields
from webapp.extensions import db
from webapp.planning import cafes as plan
from webapp.planning import series as plan_series
from webapp.planning.forms import check_cafe, check_series, check_series_change
from webapp.schedule.models import Cafe, CafeStatus
from webapp.schedule.recurrence import local_to_utc, materialise_group

TODAY = date(2026, 11, 22)
LANGUAGES = ["da", "ar", "so", "en"]
HORIZON = 60


def series_data(venue, **overrides) -> dict:
    data, errors = check_series(series_fields(venue, **overrides), {venue.id}, LANGUAGES, TODAY)
    assert errors == {}
    return data


def change(venue, from_day, version, **overrides) -> dict:
    fields = cafe_fields(venue, day=None, from_day=from_day, version=str(version), **overrides)
    data, errors = check_series_change(fields, {venue.id}, LANGUAGES, TODAY)
    assert errors == {}
    return data


def occurrences(series) -> list[Cafe]:
    return list(
        db.session.scalars(
            select(Cafe).where(Cafe.series_id == series.id).order_by(Cafe.occurrence_day)
        )
    )


def local(cafe) -> datetime:
    return cafe.starts_at.replace(tzinfo=UTC).astimezone(COPENHAGEN)


def make_series(plan_world, horizon=HORIZON, **overrides):
    series, created = plan_series.create_series(
        plan_world["group"],
        series_data(plan_world["venue"], **overrides),
        plan_world["coordinator"],
        FIXED_NOW,
        COPENHAGEN,
        horizon,
    )
    assert created
    db.session.commit()
    return series


def test_every_thursday_is_made_up_to_the_horizon(plan_world):
    series = make_series(plan_world)
    assert series.rule == "FREQ=WEEKLY;BYDAY=TH"
    cafes = occurrences(series)
    assert [cafe.occurrence_day for cafe in cafes] == [
        date(2026, 11, 26) + timedelta(weeks=week) for week in range(9)
    ]  # up to 21 January 2027, sixty days after 22 November
    assert all((local(cafe).hour, cafe.status) == (15, "planned") for cafe in cafes)
    assert cafes[0].text("topic", "da") == "Kaffe og snak"


def test_the_same_series_sent_twice_is_made_once(plan_world):
    series = make_series(plan_world)
    again, created = plan_series.create_series(
        plan_world["group"], series_data(plan_world["venue"]), None, FIXED_NOW, COPENHAGEN, HORIZON
    )
    assert again.id == series.id and created is False
    assert len(occurrences(series)) == 9


def test_first_monday_of_the_month_and_every_other_week(plan_world):
    monthly = make_series(plan_world, pattern="monthly", weekday="0", nth="1", start="10:00", end="14:00")  # fmt: skip
    assert monthly.rule == "FREQ=MONTHLY;BYDAY=+1MO"
    assert [c.occurrence_day for c in occurrences(monthly)] == [date(2026, 12, 7), date(2027, 1, 4)]
    fortnightly = make_series(plan_world, weekday="2", every_other="1")
    days = [c.occurrence_day for c in occurrences(fortnightly)]
    # Counted in fortnights from the week of the first day; that week's Wednesday is before it.
    assert days == [date(2026, 12, 9), date(2026, 12, 23), date(2027, 1, 6), date(2027, 1, 20)]


def test_a_series_across_the_march_2027_change_keeps_15_local(plan_world):
    series = make_series(plan_world, horizon=140)  # up to 11 April 2027
    by_day = {cafe.occurrence_day: cafe for cafe in occurrences(series)}
    before, after = by_day[date(2027, 3, 25)], by_day[date(2027, 4, 1)]
    assert before.starts_at == datetime(2027, 3, 25, 14, 0)  # winter time, UTC+1
    assert after.starts_at == datetime(2027, 4, 1, 13, 0)  # summer time, UTC+2
    assert local(before).time() == local(after).time() == time(15)


def test_a_monthly_rule_with_a_fifth_week_is_refused(plan_world):
    data = series_data(plan_world["venue"], pattern="monthly") | {"nth": 5}
    with pytest.raises(plan.PlanningError):
        plan_series.create_series(plan_world["group"], data, None, FIXED_NOW, COPENHAGEN, HORIZON)


def test_changing_from_a_day_leaves_past_and_individually_changed_cafes_alone(plan_world):
    venue = plan_world["venue"]
    series = make_series(plan_world)
    cafes = {cafe.occurrence_day: cafe for cafe in occurrences(series)}
    # Two weeks later: 26 November and 3 December are over.
    later = FIXED_NOW + timedelta(days=14)
    moved = cafes[date(2026, 12, 17)]
    moved_data, _ = check_cafe(
        cafe_fields(venue, day="2026-12-18"), {venue.id}, LANGUAGES, TODAY, new=False
    )
    plan.update_cafe(moved, moved_data, moved.version, None, later, COPENHAGEN)
    own_topic = cafes[date(2026, 12, 24)]
    own_topic.texts = {"da": {"topic": "Juleafslutning", "note": ""}}
    db.session.commit()

    data = change(venue, "2026-12-10", series.version, start="16:00", end="18:00", kind="social", topic_da="Ny tid")  # fmt: skip
    plan_series.update_series_from(series, data, series.version, None, later, COPENHAGEN)
    db.session.commit()

    def seen(day):
        cafe = cafes[day]
        return local(cafe).hour, cafe.kind, cafe.text("topic", "da")

    assert seen(date(2026, 11, 26)) == (15, "conversation", "Kaffe og snak")  # past
    assert seen(date(2026, 12, 3)) == (15, "conversation", "Kaffe og snak")  # before the day
    assert seen(date(2026, 12, 10)) == (16, "social", "Ny tid")
    assert cafes[date(2026, 12, 17)].starts_at == local_to_utc(date(2026, 12, 18), time(15), COPENHAGEN)  # fmt: skip
    assert cafes[date(2026, 12, 17)].kind == "conversation"  # moved on its own: left alone
    assert seen(date(2026, 12, 24)) == (16, "social", "Juleafslutning")  # its own topic stays
    assert seen(date(2027, 1, 14)) == (16, "social", "Ny tid")
    assert (series.starts, series.kind) == (time(16), "social")
    # Made later from the new template.
    materialise_group(series.group_id, later, HORIZON + 30, COPENHAGEN)
    newest = occurrences(series)[-1]
    assert newest.occurrence_day > date(2027, 1, 21) and local(newest).hour == 16


def test_changing_a_series_with_an_old_version_is_refused(plan_world):
    series = make_series(plan_world)
    seen = series.version
    plan_series.update_series_from(series, change(plan_world["venue"], "2026-12-01", seen, kind="social"), seen, None, FIXED_NOW, COPENHAGEN)  # fmt: skip
    db.session.commit()
    assert series.version == seen + 1
    with pytest.raises(plan.VersionConflict):
        plan_series.update_series_from(series, change(plan_world["venue"], "2026-12-01", seen, topic_da="Mit"), seen, None, FIXED_NOW, COPENHAGEN)  # fmt: skip
    db.session.rollback()
    with pytest.raises(plan.VersionConflict):
        plan_series.end_series(series, date(2026, 12, 31), seen, None, FIXED_NOW, COPENHAGEN)


def test_ending_a_series_cancels_known_cafes_and_deletes_untold_ones(plan_world):
    series = make_series(plan_world)
    cafes = {cafe.occurrence_day: cafe for cafe in occurrences(series)}
    untold_day, helped_day = date(2027, 1, 7), date(2027, 1, 14)
    db.session.execute(
        update(Cafe)
        .where(Cafe.id.in_([cafes[untold_day].id, cafes[helped_day].id]))
        .values(announced_state=None)
    )
    cafes[helped_day].responsible = [plan_world["volunteer"]]
    db.session.commit()
    db.session.expire_all()

    cancelled, deleted = plan_series.end_series(
        series, date(2026, 12, 20), series.version, None, FIXED_NOW, COPENHAGEN
    )
    db.session.commit()
    assert (cancelled, deleted) == (4, 1)
    left = {cafe.occurrence_day: cafe.status for cafe in occurrences(series)}
    assert untold_day not in left
    assert left[helped_day] == CafeStatus.CANCELLED  # someone signed up: kept, cancelled
    assert [day for day, status in left.items() if status == "planned"] == [
        date(2026, 11, 26), date(2026, 12, 3), date(2026, 12, 10), date(2026, 12, 17)
    ]  # fmt: skip
    # Materialising again never brings them back or makes them twice.
    materialise_group(series.group_id, FIXED_NOW, HORIZON + 60, COPENHAGEN)
    after = occurrences(series)
    assert len(after) == len(left)
    assert sorted(c.occurrence_day for c in after) == sorted(left)


def test_a_cancelled_occurrence_stays_cancelled_when_the_series_goes_on_longer(plan_world):
    series = make_series(plan_world, last_day="2026-12-10")
    assert len(occurrences(series)) == 3
    one = occurrences(series)[1]
    plan.cancel_cafe(one, one.version, None, FIXED_NOW)
    plan_series.end_series(series, date(2027, 1, 7), series.version, None, FIXED_NOW, COPENHAGEN)
    db.session.commit()
    materialise_group(series.group_id, FIXED_NOW, HORIZON, COPENHAGEN)
    days = [(c.occurrence_day, c.status) for c in occurrences(series)]
    assert len(days) == len({day for day, _status in days}) == 7
    assert days[1] == (date(2026, 12, 3), CafeStatus.CANCELLED)
    assert days[-1][0] == date(2027, 1, 7)
