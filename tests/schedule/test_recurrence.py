"""Series: which days a rule gives, wall-clock times across daylight saving, materialising."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from tests.conftest import COPENHAGEN
from webapp.extensions import db
from webapp.schedule.models import Cafe, CafeKind, CafeStatus, Series
from webapp.schedule.recurrence import (
    local_to_utc,
    materialise,
    materialise_group,
    monthly_rule,
    occurrence_days,
    weekly_rule,
)


def test_every_thursday():
    days = occurrence_days(
        weekly_rule(3), date(2026, 11, 1), None, date(2026, 11, 22), date(2026, 12, 20)
    )
    assert days == [date(2026, 11, 26), date(2026, 12, 3), date(2026, 12, 10), date(2026, 12, 17)]


def test_every_other_wednesday_counts_from_the_first_day():
    days = occurrence_days(
        weekly_rule(2, interval=2), date(2026, 11, 4), None, date(2026, 11, 1), date(2026, 12, 31)
    )
    assert days == [
        date(2026, 11, 4),
        date(2026, 11, 18),
        date(2026, 12, 2),
        date(2026, 12, 16),
        date(2026, 12, 30),
    ]


def test_first_monday_of_the_month():
    days = occurrence_days(
        monthly_rule(0, 1), date(2026, 1, 1), None, date(2026, 11, 1), date(2027, 3, 31)
    )
    assert days == [
        date(2026, 11, 2),
        date(2026, 12, 7),
        date(2027, 1, 4),
        date(2027, 2, 1),
        date(2027, 3, 1),
    ]


def test_last_friday_of_the_month():
    days = occurrence_days(
        monthly_rule(4, -1), date(2026, 1, 1), None, date(2026, 11, 1), date(2026, 12, 31)
    )
    assert days == [date(2026, 11, 27), date(2026, 12, 25)]


def test_series_ends_on_its_last_day():
    days = occurrence_days(
        weekly_rule(3), date(2026, 11, 1), date(2026, 12, 3), date(2026, 11, 1), date(2027, 1, 31)
    )
    assert days[-1] == date(2026, 12, 3)
    assert len(days) == 5


def test_local_time_stays_across_both_daylight_saving_changes():
    # Summer time ends 2026-10-25 and starts again 2027-03-28.
    before = local_to_utc(date(2026, 10, 22), time(15), COPENHAGEN)
    winter = local_to_utc(date(2026, 10, 29), time(15), COPENHAGEN)
    summer = local_to_utc(date(2027, 4, 1), time(15), COPENHAGEN)
    assert before == datetime(2026, 10, 22, 13, 0)
    assert winter == datetime(2026, 10, 29, 14, 0)
    assert summer == datetime(2027, 4, 1, 13, 0)


def _series(group, venue, **fields):
    series = Series(
        group_id=group.id,
        venue_id=venue.id,
        rule=fields.pop("rule", weekly_rule(3)),
        first_day=fields.pop("first_day", date(2026, 10, 1)),
        starts=time(15),
        ends=time(17),
        kind=CafeKind.CONVERSATION,
        offers=["eboks"],
        texts={"da": {"topic": "Torsdagscafé"}},
        **fields,
    )
    db.session.add(series)
    db.session.commit()
    return series


def test_materialised_series_keeps_15_00_local_through_october_and_march(
    app, make_group, make_venue
):
    group = make_group()
    series = _series(group, make_venue(group))
    created = materialise(series, date(2027, 4, 15), COPENHAGEN)
    db.session.commit()
    assert len(created) == len(
        occurrence_days(series.rule, series.first_day, None, series.first_day, date(2027, 4, 15))
    )
    local_starts = {
        cafe.starts_at.replace(tzinfo=UTC).astimezone(COPENHAGEN).time() for cafe in created
    }
    local_ends = {
        cafe.ends_at.replace(tzinfo=UTC).astimezone(COPENHAGEN).time() for cafe in created
    }
    assert local_starts == {time(15)}
    assert local_ends == {time(17)}
    utc_hours = {cafe.starts_at.hour for cafe in created}
    assert utc_hours == {13, 14}  # both offsets were really crossed
    assert all(cafe.texts == {"da": {"topic": "Torsdagscafé"}} for cafe in created)


def test_materialising_again_adds_only_new_days_and_keeps_changes(app, make_group, make_venue):
    group = make_group()
    series = _series(group, make_venue(group))
    materialise(series, date(2026, 11, 30), COPENHAGEN)
    db.session.commit()
    cancelled = db.session.scalar(select(Cafe).where(Cafe.occurrence_day == date(2026, 11, 26)))
    cancelled.status = CafeStatus.CANCELLED
    moved = db.session.scalar(select(Cafe).where(Cafe.occurrence_day == date(2026, 11, 19)))
    moved.moved_from = moved.starts_at
    moved.starts_at += timedelta(days=1)
    moved.ends_at += timedelta(days=1)
    moved.status = CafeStatus.MOVED
    db.session.commit()

    created = materialise(series, date(2026, 12, 31), COPENHAGEN)
    db.session.commit()

    assert [cafe.occurrence_day for cafe in created] == [
        date(2026, 12, 3),
        date(2026, 12, 10),
        date(2026, 12, 17),
        date(2026, 12, 24),
        date(2026, 12, 31),
    ]
    per_day = dict(
        db.session.execute(
            select(Cafe.occurrence_day, func.count())
            .where(Cafe.series_id == series.id)
            .group_by(Cafe.occurrence_day)
        ).all()
    )
    assert set(per_day.values()) == {1}
    assert db.session.get(Cafe, cancelled.id).status == CafeStatus.CANCELLED
    assert db.session.get(Cafe, moved.id).starts_at.day == 20
    # Nothing new to do: no rows, no error.
    assert materialise(series, date(2026, 12, 31), COPENHAGEN) == []


def test_a_stale_copy_of_the_series_cannot_materialise_twice(app, make_group, make_venue):
    """Two requests extending the same series: the conditional UPDATE lets only one insert."""
    group = make_group()
    series = _series(group, make_venue(group))
    series_id = series.id
    materialise(series, date(2026, 12, 31), COPENHAGEN)
    db.session.commit()
    # What another request loaded before the first one committed.
    stale = Series(
        id=series_id,
        group_id=group.id,
        venue_id=series.venue_id,
        rule=series.rule,
        first_day=series.first_day,
        starts=series.starts,
        ends=series.ends,
        kind=series.kind,
        materialised_until=None,
    )
    assert materialise(stale, date(2027, 1, 31), COPENHAGEN) == []
    count = db.session.scalar(
        select(func.count()).select_from(Cafe).where(Cafe.series_id == series_id)
    )
    assert count == len(
        occurrence_days(
            weekly_rule(3), date(2026, 10, 1), None, date(2026, 10, 1), date(2026, 12, 31)
        )
    )


def test_materialise_group_reaches_the_horizon(app, make_group, make_venue, now):
    group = make_group()
    _series(group, make_venue(group), rule=monthly_rule(0, 1), first_day=date(2026, 11, 1))
    # From the first day to 90 days after 22 Nov: 2 Nov, 7 Dec, 4 Jan, 1 Feb.
    assert materialise_group(group.id, now, 90, COPENHAGEN) == 4
    assert materialise_group(group.id, now, 90, COPENHAGEN) == 0
