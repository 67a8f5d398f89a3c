"""Planning one café without HTTP: plan, move, move back, cancel, undo, version conflicts."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from tests.conftest import COPENHAGEN, FIXED_NOW
from tests.planning.conftest import cafe_fields
from webapp.audit import AuditEntry
from webapp.extensions import db
from webapp.planning import cafes as plan
from webapp.planning.forms import check_cafe
from webapp.schedule.models import Cafe, CafeStatus

TODAY = date(2026, 11, 22)
LANGUAGES = ["da", "ar", "so", "en"]


def data_for(venue, **overrides) -> dict:
    data, errors = check_cafe(
        cafe_fields(venue, **overrides), {venue.id}, LANGUAGES, TODAY, new=True
    )
    assert errors == {}
    return data


def cafe_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Cafe))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_new_cafe_is_planned_at_copenhagen_time_with_its_texts(plan_world):
    group, venue, sara = plan_world["group"], plan_world["venue"], plan_world["coordinator"]
    data = data_for(venue, topic_ar="قهوة", note_da="Tag en veninde med")
    cafe, created = plan.create_cafe(group, data, sara, FIXED_NOW, COPENHAGEN)
    db.session.commit()
    assert created
    assert (cafe.starts_at, cafe.ends_at) == (
        datetime(2026, 11, 26, 14),
        datetime(2026, 11, 26, 16),
    )
    assert cafe.status == CafeStatus.PLANNED and cafe.series_id is None
    assert cafe.texts == {
        "da": {"topic": "Kaffe og snak", "note": "Tag en veninde med"},
        "ar": {"topic": "قهوة", "note": ""},
    }
    assert cafe.offers == ["eboks", "phone"] and cafe.kind == "conversation"
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.subject, entry.user_id) == (
        "cafe.create",
        f"cafe:{cafe.id}",
        sara.id,
    )


def test_the_same_cafe_sent_twice_is_planned_once(plan_world):
    group, venue, sara = plan_world["group"], plan_world["venue"], plan_world["coordinator"]
    first, _ = plan.create_cafe(group, data_for(venue), sara, FIXED_NOW, COPENHAGEN)
    second, created = plan.create_cafe(group, data_for(venue), sara, FIXED_NOW, COPENHAGEN)
    assert second.id == first.id and created is False
    assert cafe_count() == 1
    other_time, created = plan.create_cafe(
        group, data_for(venue, start="18:00", end="20:00"), sara, FIXED_NOW, COPENHAGEN
    )
    assert created and cafe_count() == 2


def test_an_end_before_the_start_is_after_midnight(plan_world):
    group, venue = plan_world["group"], plan_world["venue"]
    data = data_for(venue, start="22:00", end="01:00")
    cafe, _ = plan.create_cafe(group, data, None, FIXED_NOW, COPENHAGEN)
    assert cafe.ends_at - cafe.starts_at == timedelta(hours=3)
    assert cafe.ends_at == datetime(2026, 11, 27, 0, 0)  # 01:00 local = 00:00 UTC


def test_a_cafe_earlier_today_or_at_another_groups_place_is_refused(plan_world):
    group, venue = plan_world["group"], plan_world["venue"]
    # 22 November at 10:00 local is before FIXED_NOW (13:00 local).
    with pytest.raises(plan.PlanningError) as refused:
        plan.create_cafe(group, data_for(venue, day="2026-11-22", start="10:00", end="12:00"), None, FIXED_NOW, COPENHAGEN)  # fmt: skip
    assert refused.value.field == "day"
    foreign = data_for(venue) | {"venue_id": plan_world["other_venue"].id}
    with pytest.raises(plan.PlanningError) as refused:
        plan.create_cafe(group, foreign, None, FIXED_NOW, COPENHAGEN)
    assert refused.value.field == "venue"
    assert cafe_count() == 0


def test_a_new_time_is_a_move_and_moving_back_makes_it_planned(plan_world):
    group, venue = plan_world["group"], plan_world["venue"]
    cafe, _ = plan.create_cafe(group, data_for(venue), None, FIXED_NOW, COPENHAGEN)
    db.session.commit()
    plan.update_cafe(
        cafe, data_for(venue, day="2026-11-27"), cafe.version, None, FIXED_NOW, COPENHAGEN
    )
    db.session.commit()
    assert cafe.status == CafeStatus.MOVED
    assert cafe.moved_from == datetime(2026, 11, 26, 14)
    assert cafe.starts_at == datetime(2026, 11, 27, 14)
    # Moved again: it still says where it was first.
    plan.update_cafe(
        cafe, data_for(venue, day="2026-11-28"), cafe.version, None, FIXED_NOW, COPENHAGEN
    )
    assert cafe.moved_from == datetime(2026, 11, 26, 14)
    plan.update_cafe(cafe, data_for(venue), cafe.version, None, FIXED_NOW, COPENHAGEN)
    assert cafe.status == CafeStatus.PLANNED and cafe.moved_from is None
    assert actions()[-3:] == ["cafe.move", "cafe.move", "cafe.move"]


def test_changing_only_the_topic_is_no_move(plan_world):
    group, venue = plan_world["group"], plan_world["venue"]
    cafe, _ = plan.create_cafe(group, data_for(venue), None, FIXED_NOW, COPENHAGEN)
    plan.update_cafe(cafe, data_for(venue, topic_da="Børn og skole"), cafe.version, None, FIXED_NOW, COPENHAGEN)  # fmt: skip
    assert cafe.status == CafeStatus.PLANNED and cafe.moved_from is None
    assert cafe.text("topic", "da") == "Børn og skole"
    assert actions()[-1] == "cafe.update"


def test_an_old_version_is_refused_and_nothing_changes(plan_world):
    group, venue = plan_world["group"], plan_world["venue"]
    cafe, _ = plan.create_cafe(group, data_for(venue), None, FIXED_NOW, COPENHAGEN)
    db.session.commit()
    seen = cafe.version
    plan.update_cafe(cafe, data_for(venue, topic_da="Først"), seen, None, FIXED_NOW, COPENHAGEN)
    db.session.commit()
    with pytest.raises(plan.VersionConflict):
        plan.update_cafe(cafe, data_for(venue, topic_da="Bagefter"), seen, None, FIXED_NOW, COPENHAGEN)  # fmt: skip
    db.session.rollback()
    assert db.session.get(Cafe, cafe.id).text("topic", "da") == "Først"


def test_a_change_saved_meanwhile_by_another_request_is_a_conflict_at_flush(plan_world):
    group, venue = plan_world["group"], plan_world["venue"]
    cafe, _ = plan.create_cafe(group, data_for(venue), None, FIXED_NOW, COPENHAGEN)
    db.session.commit()
    loaded_version = cafe.version
    # Another request saves between our read and our write (behind this session's back).
    db.session.execute(
        update(Cafe).where(Cafe.id == cafe.id).values(version=Cafe.version + 1),
        execution_options={"synchronize_session": False},
    )
    with pytest.raises(plan.VersionConflict):
        plan.update_cafe(cafe, data_for(venue, topic_da="Mit"), loaded_version, None, FIXED_NOW, COPENHAGEN)  # fmt: skip
    db.session.rollback()


def test_cancel_and_hold_after_all(plan_world):
    group, venue = plan_world["group"], plan_world["venue"]
    cafe, _ = plan.create_cafe(group, data_for(venue), None, FIXED_NOW, COPENHAGEN)
    plan.cancel_cafe(cafe, cafe.version, None, FIXED_NOW)
    assert cafe.status == CafeStatus.CANCELLED
    plan.cancel_cafe(cafe, cafe.version, None, FIXED_NOW, undo=True)
    assert cafe.status == CafeStatus.PLANNED
    # A moved café put back on is still moved.
    plan.update_cafe(
        cafe, data_for(venue, day="2026-11-27"), cafe.version, None, FIXED_NOW, COPENHAGEN
    )
    plan.cancel_cafe(cafe, cafe.version, None, FIXED_NOW)
    plan.cancel_cafe(cafe, cafe.version, None, FIXED_NOW, undo=True)
    assert cafe.status == CafeStatus.MOVED
    assert actions()[-2:] == ["cafe.cancel", "cafe.reinstate"]


def test_a_cafe_that_is_over_cannot_be_changed(plan_world, make_cafe):
    cafe = make_cafe(plan_world["group"], day=date(2026, 11, 19), venue=plan_world["venue"])
    with pytest.raises(plan.PlanningError):
        plan.cancel_cafe(cafe, cafe.version, None, FIXED_NOW)
    with pytest.raises(plan.PlanningError):
        plan.update_cafe(cafe, data_for(plan_world["venue"]), cafe.version, None, FIXED_NOW, COPENHAGEN)  # fmt: skip


def test_fewer_than_two_responsible_needs_people(plan_world, make_cafe, make_user):
    cafe = make_cafe(plan_world["group"], venue=plan_world["venue"])
    assert plan.needs_people(cafe)
    cafe.responsible = [plan_world["volunteer"], plan_world["coordinator"]]
    assert not plan.needs_people(cafe)
    cafe.responsible = []
    cafe.status = CafeStatus.CANCELLED
    assert not plan.needs_people(cafe)
