"""The year plan without HTTP: kinds against the suggested mix, year edges, the goal."""

from datetime import UTC, date, datetime, time

import pytest

from tests.conftest import COPENHAGEN, FIXED_NOW
from webapp.audit import AuditEntry
from webapp.extensions import db
from webapp.planning.yearplan import set_goal, year_plan
from webapp.schedule.models import Attendance, CafeKind, CafeStatus

K, S, C = CafeKind.KNOWLEDGE, CafeKind.SOCIAL, CafeKind.CONVERSATION


def count(cafe, new, returning):
    db.session.add(
        Attendance(
            cafe_id=cafe.id,
            group_id=cafe.group_id,
            new_women=new,
            returning_women=returning,
            updated_at=FIXED_NOW.replace(tzinfo=None),
        )
    )
    db.session.commit()


@pytest.fixture
def year_2026(make_group, make_cafe, make_venue):
    group = make_group(attendance_goal=12)
    venue = make_venue(group)

    def cafe(day, kind, start=time(15), end=time(17), **fields):
        return make_cafe(group, day=day, start=start, end=end, venue=venue, kind=kind, **fields)

    cafes = {
        # 1 January 00:30 local is still 31 December in UTC: it belongs to 2026.
        "new_year": cafe(date(2026, 1, 1), S, start=time(0, 30), end=time(2)),
        "march": cafe(date(2026, 3, 5), K),
        "may": cafe(date(2026, 5, 7), C),
        "cancelled": cafe(date(2026, 6, 4), K, status=CafeStatus.CANCELLED),
        "december": cafe(date(2026, 12, 3), C),
        # 31 December 23:30 local is in 2026 too (and its end, past midnight, does not matter).
        "new_years_eve": cafe(date(2026, 12, 31), C, start=time(23, 30), end=time(23, 59)),
    }
    # Around the edges: 31 December 2025 23:30 local, and 1 January 2027 00:30 local.
    cafe(date(2025, 12, 31), K, start=time(23, 30), end=time(23, 59))
    cafe(date(2027, 1, 1), K, start=time(0, 30), end=time(2))
    count(cafes["march"], 6, 8)  # 14
    count(cafes["may"], 2, 4)  # 6
    count(cafes["december"], 3, 3)  # in the future: not counted yet
    return group, cafes


def test_counts_by_kind_within_the_local_year(year_2026):
    group, _cafes = year_2026
    plan = year_plan(group, 2026, COPENHAGEN, FIXED_NOW)
    by_kind = {kind.kind: kind for kind in plan.kinds}
    assert {kind: row.count for kind, row in by_kind.items()} == {K: 1, S: 1, C: 3}
    assert plan.total == 5
    assert [(k.kind, k.verdict, k.missing) for k in plan.kinds] == [
        (K, "missing", 1),
        (S, "missing", 1),
        (C, "missing", 1),
    ]
    assert year_plan(group, 2025, COPENHAGEN, FIXED_NOW).total == 1
    assert year_plan(group, 2027, COPENHAGEN, FIXED_NOW).total == 1


def test_verdicts_on_track_and_over(make_group, make_cafe):
    group = make_group()
    for month in (2, 3, 4, 5, 6, 7, 8):
        make_cafe(group, day=date(2026, month, 10), kind=C)
    for month in (2, 9):
        make_cafe(group, day=date(2026, month, 12), kind=S)
    plan = year_plan(group, 2026, COPENHAGEN, FIXED_NOW)
    assert [(k.kind, k.count, k.verdict) for k in plan.kinds] == [
        (K, 0, "missing"),
        (S, 2, "on_track"),
        (C, 7, "over"),
    ]
    assert plan.kinds[0].missing == 2


def test_cafes_by_month_in_local_time(year_2026):
    group, cafes = year_2026
    plan = year_plan(group, 2026, COPENHAGEN, FIXED_NOW)
    months = [(month.first_day, [c.cafe_id for c in month.cafes]) for month in plan.months]
    assert months == [
        (date(2026, 1, 1), [cafes["new_year"].id]),
        (date(2026, 3, 1), [cafes["march"].id]),
        (date(2026, 5, 1), [cafes["may"].id]),
        (date(2026, 12, 1), [cafes["december"].id, cafes["new_years_eve"].id]),
    ]
    assert cafes["new_year"].starts_at == datetime(2025, 12, 31, 23, 30)  # stored UTC


def test_attendance_against_the_goal(year_2026):
    group, cafes = year_2026
    plan = year_plan(group, 2026, COPENHAGEN, FIXED_NOW)
    women = {c.cafe_id: (c.held, c.women) for month in plan.months for c in month.cafes}
    assert women[cafes["march"].id] == (True, 14)
    assert women[cafes["may"].id] == (True, 6)
    assert women[cafes["new_year"].id] == (True, None)  # held, nobody counted
    assert women[cafes["december"].id] == (False, None)  # not held yet
    assert plan.counted == 2
    assert plan.average == 10
    assert plan.goal == 12
    assert plan.average_meets_goal is False
    group.attendance_goal = 10
    assert year_plan(group, 2026, COPENHAGEN, FIXED_NOW).average_meets_goal is True
    group.attendance_goal = None
    assert year_plan(group, 2026, COPENHAGEN, FIXED_NOW).average_meets_goal is None


def test_setting_the_goal_is_audited(make_group, make_user):
    group = make_group()
    coordinator = make_user(groups=[group])
    set_goal(group, 25, coordinator, FIXED_NOW)
    db.session.commit()
    assert group.attendance_goal == 25
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.action, entry.subject) == ("plan.goal", f"group:{group.id}")
    assert entry.at == FIXED_NOW.astimezone(UTC).replace(tzinfo=None)
