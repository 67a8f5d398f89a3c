"""Responsible mothers without HTTP: sign-up, assignment, counts."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import FIXED_NOW
from webapp.accounts.models import Role
from webapp.audit import AuditEntry
from webapp.extensions import db
from webapp.planning import rota
from webapp.schedule.models import CafeStatus, cafe_volunteers


def rota_rows(cafe):
    query = select(func.count()).select_from(cafe_volunteers)
    return db.session.scalar(query.where(cafe_volunteers.c.cafe_id == cafe.id))


def audit_actions():
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.fixture
def team(make_group, make_cafe, make_user):
    group = make_group()
    cafe = make_cafe(group, day=date(2026, 11, 26))
    return {
        "group": group,
        "cafe": cafe,
        "amina": make_user(Role.VOLUNTEER, [group], display_name="Amina"),
        "hodan": make_user(Role.VOLUNTEER, [group], display_name="Hodan"),
        "coordinator": make_user(Role.COORDINATOR, [group], display_name="Sara"),
    }


def test_signing_up_twice_makes_one_row_and_one_audit_entry(team):
    cafe, amina = team["cafe"], team["amina"]
    assert rota.sign_up(cafe, amina, True, FIXED_NOW) is True
    assert rota.sign_up(cafe, amina, True, FIXED_NOW) is False
    db.session.commit()
    assert rota_rows(cafe) == 1
    assert [person.id for person in cafe.responsible] == [amina.id]
    assert audit_actions() == ["rota.sign_up"]
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.subject, entry.user_id) == (f"cafe:{cafe.id}", amina.id)


def test_a_racing_insert_is_ignored_and_the_transaction_goes_on(team):
    """The row appeared after the check (a double tap answered by another worker)."""
    cafe, amina = team["cafe"], team["amina"]
    assert rota.insert_once(cafe.id, amina.id) is True
    assert rota.insert_once(cafe.id, amina.id) is False
    assert rota.sign_up(cafe, team["hodan"], True, FIXED_NOW) is True  # still usable
    db.session.commit()
    assert rota_rows(cafe) == 2


def test_withdrawing_removes_her_and_is_idempotent(team):
    cafe, amina = team["cafe"], team["amina"]
    rota.sign_up(cafe, amina, True, FIXED_NOW)
    assert rota.sign_up(cafe, amina, False, FIXED_NOW) is True
    assert rota.sign_up(cafe, amina, False, FIXED_NOW) is False
    assert rota_rows(cafe) == 0
    assert audit_actions() == ["rota.sign_up", "rota.withdraw"]


def test_a_sign_up_does_not_bump_the_cafes_version(team):
    cafe = team["cafe"]
    version = cafe.version
    rota.sign_up(cafe, team["amina"], True, FIXED_NOW)
    db.session.commit()
    db.session.refresh(cafe)
    assert cafe.version == version


@pytest.mark.parametrize("reason", ["cancelled", "past"])
def test_no_sign_up_for_a_cancelled_or_past_cafe(team, make_cafe, reason):
    group = team["group"]
    if reason == "cancelled":
        cafe = make_cafe(group, day=date(2026, 11, 26), status=CafeStatus.CANCELLED)
    else:
        cafe = make_cafe(group, day=date(2026, 11, 19))
    with pytest.raises(rota.RotaError) as refused:
        rota.sign_up(cafe, team["amina"], True, FIXED_NOW)
    assert refused.value.reason == reason
    with pytest.raises(rota.RotaError):
        rota.assign(cafe, team["amina"], team["coordinator"], FIXED_NOW)
    assert rota_rows(cafe) == 0


def test_assign_only_active_members_of_the_group(team, make_group, make_user):
    cafe, coordinator = team["cafe"], team["coordinator"]
    stranger = make_user(Role.VOLUNTEER, [make_group()], display_name="Stranger")
    gone = make_user(Role.VOLUNTEER, [team["group"]], display_name="Gone", active=False)
    for person in (stranger, gone):
        with pytest.raises(rota.RotaError) as refused:
            rota.assign(cafe, person, coordinator, FIXED_NOW)
        assert refused.value.reason == "not_member"
    assert rota.assign(cafe, team["hodan"], coordinator, FIXED_NOW) is True
    assert rota.assign(cafe, team["hodan"], coordinator, FIXED_NOW) is False
    assert rota_rows(cafe) == 1
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.user_id) == ("rota.assign", coordinator.id)


def test_a_coordinator_can_remove_a_deactivated_mother(team):
    cafe, hodan = team["cafe"], team["hodan"]
    rota.assign(cafe, hodan, team["coordinator"], FIXED_NOW)
    hodan.active = False
    assert rota.assign(cafe, hodan, team["coordinator"], FIXED_NOW, add=False) is True
    assert rota_rows(cafe) == 0


def test_counts_and_cafes_lacking_people(team, make_cafe):
    group, cafe = team["group"], team["cafe"]
    later = make_cafe(group, day=date(2026, 12, 3))
    far = make_cafe(group, day=date(2027, 3, 4))  # more than eight weeks ahead
    for person in (team["amina"], team["hodan"]):
        rota.sign_up(cafe, person, True, FIXED_NOW)
    rota.sign_up(later, team["amina"], True, FIXED_NOW)
    assert rota.responsible_counts([cafe.id, later.id, far.id]) == {
        cafe.id: 2,
        later.id: 1,
        far.id: 0,
    }
    rows = rota.rows_for_coordinator(group, FIXED_NOW)
    assert [(row.cafe.id, row.count, row.needs_people) for row in rows] == [
        (cafe.id, 2, False),
        (later.id, 1, True),
    ]
    assert [person.display_name for person in rows[1].others] == ["Hodan", "Sara"]


def test_a_volunteers_rows_say_which_are_hers(team, make_cafe):
    rota.sign_up(team["cafe"], team["amina"], True, FIXED_NOW)
    rows = rota.rows_for_volunteer(team["group"], team["amina"], FIXED_NOW)
    assert [(row.cafe.id, row.mine) for row in rows] == [(team["cafe"].id, True)]
    rows = rota.rows_for_volunteer(team["group"], team["hodan"], FIXED_NOW)
    assert [row.mine for row in rows] == [False]
