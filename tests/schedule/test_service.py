"""Next-café selection without HTTP."""

from datetime import date, time

from webapp.schedule.models import CafeStatus
from webapp.schedule.service import schedule_for


def test_next_cafe_is_the_soonest_one_not_over(app, make_group, make_cafe, now):
    group = make_group()
    make_cafe(group, day=date(2026, 11, 19))  # last week
    today = make_cafe(group, day=date(2026, 11, 22), start=time(12), end=time(15))  # on now
    later = make_cafe(group, day=date(2026, 11, 26))
    schedule = schedule_for(group, now, count=5)
    assert schedule.next_cafe == today
    assert schedule.later == [later]
    assert schedule.has_more is False


def test_a_cafe_that_ended_an_hour_ago_is_not_next(app, make_group, make_cafe, now):
    group = make_group()
    make_cafe(group, day=date(2026, 11, 22), start=time(9), end=time(12))  # ended at 11:00 UTC
    coming = make_cafe(group, day=date(2026, 11, 23))
    assert schedule_for(group, now, count=5).next_cafe == coming


def test_cancelled_cafes_before_the_next_one_are_listed_not_hidden(app, make_group, make_cafe, now):
    group = make_group()
    cancelled = make_cafe(group, day=date(2026, 11, 23), status=CafeStatus.CANCELLED)
    held = make_cafe(group, day=date(2026, 11, 26))
    cancelled_later = make_cafe(group, day=date(2026, 12, 3), status=CafeStatus.CANCELLED)
    schedule = schedule_for(group, now, count=5)
    assert schedule.cancelled_before == [cancelled]
    assert schedule.next_cafe == held
    assert schedule.later == [cancelled_later]


def test_only_cancelled_cafes(app, make_group, make_cafe, now):
    group = make_group()
    cancelled = make_cafe(group, day=date(2026, 11, 23), status=CafeStatus.CANCELLED)
    schedule = schedule_for(group, now, count=5)
    assert schedule.next_cafe is None
    assert schedule.cancelled_before == [cancelled]


def test_has_more_when_the_list_is_cut(app, make_group, make_cafe, now):
    group = make_group()
    venue_cafes = [make_cafe(group, day=date(2026, 12, day)) for day in range(1, 8)]
    schedule = schedule_for(group, now, count=3)
    assert schedule.next_cafe == venue_cafes[0]
    assert schedule.later == venue_cafes[1:4]
    assert schedule.has_more is True


def test_other_groups_cafes_never_appear(app, make_group, make_cafe, now):
    group, other = make_group(), make_group()
    make_cafe(other, day=date(2026, 11, 23))
    assert schedule_for(group, now, count=5).next_cafe is None


def test_texts_fall_back_to_danish(app, make_group, make_cafe):
    cafe = make_cafe(make_group(), texts={"da": {"topic": "Kaffe"}, "ar": {"topic": "قهوة"}})
    assert cafe.text("topic", "ar") == "قهوة"
    assert cafe.text("topic", "en") == "Kaffe"
    assert cafe.text_lang("topic", "en") == "da"
    assert cafe.text("note", "ar") == ""
