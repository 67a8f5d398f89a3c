"""Automatic notices: reminders at the group's time (across daylight saving), and notices
when a café is cancelled, moved, planned or put back, without two contradicting ones."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.conftest import COPENHAGEN
from webapp.extensions import db
from webapp.notifications import changes, reminders
from webapp.notifications.changes import classify, state_of
from webapp.notifications.models import Notice, NoticeKind
from webapp.notifications.tasks import every_minute
from webapp.schedule.models import Series
from webapp.schedule.recurrence import materialise


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def notices(kind=None):
    query = db.select(Notice).order_by(Notice.id)
    if kind:
        query = query.where(Notice.kind == kind)
    return list(db.session.scalars(query))


@pytest.mark.parametrize(
    ("day", "reminder_utc"),
    [
        # Café Monday 26 Oct 2026 (winter time, UTC+1); reminder Sunday 25 Oct, the day the
        # clocks go back, 17:00 local = 16:00 UTC.
        (date(2026, 10, 26), datetime(2026, 10, 25, 16, 0)),
        # Café Monday 29 Mar 2027 (summer time, UTC+2); reminder Sunday 28 Mar, the day the
        # clocks go forward, 17:00 local = 15:00 UTC.
        (date(2027, 3, 29), datetime(2027, 3, 28, 15, 0)),
        # No change in between: Thursday 26 Nov 2026, reminder Wednesday 16:00 UTC.
        (date(2026, 11, 26), datetime(2026, 11, 25, 16, 0)),
    ],
)
def test_the_reminder_is_the_day_before_at_17_local_time_across_dst(
    app, make_group, make_cafe, day, reminder_utc
):
    group = make_group()
    cafe = make_cafe(group, day=day, start=time(10))
    assert reminders.reminder_time(cafe, group, COPENHAGEN) == reminder_utc


def test_the_reminder_time_is_set_per_group(app, make_group, make_cafe):
    group = make_group(reminder_days_before=0, reminder_time=time(8, 30))
    cafe = make_cafe(group, day=date(2027, 3, 28), start=time(15))  # the DST day itself
    # On 28 March 2027 the clocks go forward at 02:00: 08:30 that morning is summer time
    # (UTC+2), so 06:30 UTC.
    assert reminders.reminder_time(cafe, group, COPENHAGEN) == datetime(2027, 3, 28, 6, 30)


def test_reminders_go_out_once_when_due_and_not_for_cancelled_or_past_cafes(
    app, make_group, make_cafe
):
    group = make_group()
    thursday = make_cafe(group, day=date(2026, 11, 26))
    make_cafe(group, day=date(2026, 11, 25), status="cancelled")
    friday = make_cafe(group, day=date(2026, 11, 27))

    assert reminders.due_reminders(utc(2026, 11, 25, 15, 59), COPENHAGEN) == []
    due = reminders.due_reminders(utc(2026, 11, 25, 16, 0), COPENHAGEN)
    assert [n.cafe_id for n in due] == [thursday.id]
    assert reminders.due_reminders(utc(2026, 11, 25, 16, 1), COPENHAGEN) == []  # claimed once
    due = reminders.due_reminders(utc(2026, 11, 27, 15, 0), COPENHAGEN)  # Friday, after it began
    assert due == []
    assert friday.reminded_at is None


def test_the_minute_job_sends_due_reminders(app, sink, subscribe, make_group, make_cafe):
    group = make_group()
    cafe = make_cafe(group, day=date(2026, 11, 26))
    keys = subscribe(group, "phone", "da")
    app.config["NOW"] = utc(2026, 11, 25, 16, 0, 30)
    every_minute.call_local()
    (received,) = sink.to("phone")
    message = keys.decrypt(received.body)
    assert message["body"] == "Café i morgen, torsdag den 26. november kl. 15.00."
    assert message["tag"] == f"cafe-{cafe.id}"
    every_minute.call_local()
    assert len(sink.to("phone")) == 1


@pytest.mark.parametrize(
    ("previous", "current", "kind"),
    [
        (None, "planned|2026-11-26T14:00|2026-11-26T16:00|1", NoticeKind.NEW_CAFE),
        (None, "cancelled|2026-11-26T14:00|2026-11-26T16:00|1", None),
        (
            "planned|2026-11-26T14:00|2026-11-26T16:00|1",
            "cancelled|2026-11-26T14:00|2026-11-26T16:00|1",
            NoticeKind.CANCELLED,
        ),
        (
            "cancelled|2026-11-26T14:00|2026-11-26T16:00|1",
            "planned|2026-11-26T14:00|2026-11-26T16:00|1",
            NoticeKind.REINSTATED,
        ),
        (
            "planned|2026-11-26T14:00|2026-11-26T16:00|1",
            "moved|2026-11-27T14:00|2026-11-27T16:00|1",
            NoticeKind.MOVED,
        ),
        (
            "planned|2026-11-26T14:00|2026-11-26T16:00|1",
            "planned|2026-11-26T14:00|2026-11-26T16:00|2",
            NoticeKind.MOVED,
        ),
        (
            "planned|2026-11-26T14:00|2026-11-26T16:00|1",
            "moved|2026-11-26T14:00|2026-11-26T16:00|1",
            None,
        ),
        (
            "planned|2026-11-26T14:00|2026-11-26T16:00|1",
            "planned|2026-11-26T14:00|2026-11-26T16:00|1",
            None,
        ),
    ],
)
def test_which_notice_a_change_calls_for(previous, current, kind):
    assert classify(previous, current) == kind


def test_cancelling_a_cafe_sends_a_notice_at_once(app, sink, subscribe, make_group, make_cafe):
    group = make_group()
    cafe = make_cafe(group, day=date(2026, 11, 26))
    keys = subscribe(group, "phone", "da")
    cafe.status = "cancelled"
    db.session.commit()  # the commit queues the change notice; tests run tasks at once
    (received,) = sink.to("phone")
    assert keys.decrypt(received.body)["body"] == "Caféen torsdag den 26. november er aflyst."


def test_a_change_undone_before_sending_sends_nothing(app, sink, subscribe, make_group, make_cafe):
    group = make_group()
    cafe = make_cafe(group, day=date(2026, 11, 26))
    subscribe(group, "phone")
    cafe.status = "cancelled"
    db.session.flush()
    cafe.status = "planned"
    db.session.commit()
    assert sink.to("phone") == []
    assert cafe.notice_due is False or db.session.get(type(cafe), cafe.id).notice_due is False


def test_a_change_undone_after_sending_is_corrected_under_the_same_tag(
    app, sink, subscribe, make_group, make_cafe
):
    group = make_group()
    cafe = make_cafe(group, day=date(2026, 11, 26))
    keys = subscribe(group, "phone", "da")
    cafe.status = "cancelled"
    db.session.commit()
    cafe.status = "planned"
    db.session.commit()
    first, second = (keys.decrypt(r.body) for r in sink.to("phone"))
    assert "aflyst" in first["body"]
    assert second["body"] == "Caféen torsdag den 26. november bliver holdt alligevel."
    # Same tag and Topic: the phone replaces the first notification, the push service drops
    # the first message if the phone has not fetched it yet.
    assert first["tag"] == second["tag"] == f"cafe-{cafe.id}"
    topics = {r.headers.get("Topic") for r in sink.to("phone")}
    assert topics == {f"cafe-{cafe.id}"}


def test_moving_a_cafe_tells_the_new_time(app, sink, subscribe, make_group, make_cafe):
    group = make_group()
    cafe = make_cafe(group, day=date(2026, 11, 26))
    keys = subscribe(group, "phone", "da")
    cafe.starts_at += timedelta(days=1)
    cafe.ends_at += timedelta(days=1)
    cafe.status = "moved"
    db.session.commit()
    (received,) = sink.to("phone")
    assert keys.decrypt(received.body)["body"] == (
        "Caféen torsdag den 26. november er flyttet til fredag den 27. november kl. 15.00."
    )


def thursdays_until_february(group, venue) -> list:
    """A weekly series (Thursdays 15-17 from 26 Nov 2026) and its cafés up to 31 Jan 2027."""
    series = Series(
        group_id=group.id,
        venue_id=venue.id,
        rule="FREQ=WEEKLY;BYDAY=TH",
        first_day=date(2026, 11, 26),
        starts=time(15),
        ends=time(17),
        kind="conversation",
    )
    db.session.add(series)
    db.session.commit()
    cafes = materialise(series, date(2027, 1, 31), COPENHAGEN)
    db.session.commit()
    return cafes


def test_a_new_one_off_cafe_is_announced_but_series_occurrences_are_not(
    app, sink, subscribe, make_group, make_venue, make_cafe
):
    group = make_group()
    venue = make_venue(group)
    subscribe(group, "phone", "da")
    thursdays_until_february(group, venue)
    assert sink.to("phone") == []
    make_cafe(group, day=date(2026, 12, 2), venue=venue)
    assert len(sink.to("phone")) == 1
    assert notices(NoticeKind.NEW_CAFE)[-1].cafe.starts_at.date() == date(2026, 12, 2)


def test_a_whole_series_moved_at_once_sends_one_notice_for_its_next_cafe(
    app, sink, subscribe, make_group, make_venue
):
    group = make_group()
    venue = make_venue(group)
    subscribe(group, "phone", "da")
    cafes = thursdays_until_february(group, venue)
    for cafe in cafes:
        cafe.starts_at += timedelta(hours=1)
        cafe.ends_at += timedelta(hours=1)
    db.session.commit()
    assert len(sink.to("phone")) == 1
    (notice,) = notices(NoticeKind.MOVED)
    assert notice.cafe.occurrence_day == date(2026, 11, 26)
    assert all(not cafe.notice_due for cafe in cafes)
    cafes[3].status = "cancelled"  # one occurrence on its own is still announced
    db.session.commit()
    assert len(sink.to("phone")) == 2


def test_a_past_cafe_changing_sends_nothing(app, sink, subscribe, make_group, make_cafe):
    group = make_group()
    cafe = make_cafe(group, day=date(2026, 11, 20))
    subscribe(group, "phone")
    cafe.status = "cancelled"
    db.session.commit()
    assert sink.to("phone") == []
    assert state_of(cafe).startswith("cancelled|")
    assert changes.due_changes(utc(2026, 11, 22, 12)) == []
