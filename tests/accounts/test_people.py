"""The team page: deactivating, reactivating and appointing members."""

import pytest
from sqlalchemy import select

from tests.conftest import AuthActions
from webapp.accounts.models import Role, User
from webapp.audit import AuditEntry
from webapp.extensions import db

TEAM = "/da/desk/skanderborg/team"


@pytest.fixture
def group(make_group):
    return make_group("skanderborg")


@pytest.fixture
def people(make_user, make_group, group):
    ballerup = make_group("ballerup")
    return {
        "coordinator": make_user(Role.COORDINATOR, [group], username="koordinator"),
        "volunteer": make_user(Role.VOLUNTEER, [group], username="sara", languages=["so"]),
        "admin": make_user(Role.ADMINISTRATOR, [group], username="admin"),
        "elsewhere": make_user(Role.VOLUNTEER, [ballerup], username="other"),
    }


def signed_in(app, username):
    client = app.test_client()
    AuthActions(client).login(username)
    return client


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_the_team_page_shows_members_and_their_state(client, auth, people):
    auth.login("koordinator")
    html = client.get(TEAM).get_data(as_text=True)
    sara = people["volunteer"]
    assert f'id="person-{sara.id}"' in html and "Soomaali" in html
    assert f"/team/{sara.id}/deactivate" in html
    assert f"/team/{people['admin'].id}/deactivate" not in html  # above her
    assert f"/team/{people['coordinator'].id}/deactivate" not in html  # herself
    assert "/role" not in html  # appointing is for administrators
    assert 'href="/da/desk/skanderborg/team/invite"' in html


def test_deactivating_ends_her_sessions_at_once(app, client, auth, people):
    phone = signed_in(app, "sara")
    assert phone.get("/da/desk/").status_code == 200
    auth.login("koordinator")
    sara = people["volunteer"]
    response = client.post(f"{TEAM}/{sara.id}/deactivate")
    assert response.status_code == 303
    after = phone.get("/da/desk/")
    assert after.status_code == 302 and after.headers["Location"].startswith("/da/login")
    assert phone.post("/da/login", data={"username": "sara", "password": "x"}).status_code == 422
    assert "Ikke aktiv" in client.get(TEAM).get_data(as_text=True) or "Not active" in (
        client.get(TEAM.replace("/da/", "/en/")).get_data(as_text=True)
    )

    assert client.post(f"{TEAM}/{sara.id}/reactivate").status_code == 303
    db.session.refresh(sara)
    assert sara.active
    assert phone.get("/da/desk/").status_code == 302  # the old session stays ended
    assert AuthActions(phone).login("sara").status_code == 303
    assert actions()[-2:] == ["account.deactivate", "account.reactivate"]


def test_who_may_be_deactivated(client, auth, people):
    auth.login("koordinator")
    assert client.post(f"{TEAM}/{people['coordinator'].id}/deactivate").status_code == 403
    assert client.post(f"{TEAM}/{people['admin'].id}/deactivate").status_code == 403
    assert client.post(f"{TEAM}/{people['elsewhere'].id}/deactivate").status_code == 404
    assert client.post(f"{TEAM}/{people['elsewhere'].id}/reactivate").status_code == 404
    assert client.post(f"{TEAM}/999999/deactivate").status_code == 404
    db.session.expire_all()
    assert all(person.active for person in db.session.scalars(select(User)))


def test_only_administrators_appoint(client, auth, people):
    sara = people["volunteer"]
    auth.login("koordinator")
    assert client.post(f"{TEAM}/{sara.id}/role", data={"role": "coordinator"}).status_code == 403
    db.session.refresh(sara)
    assert sara.role == Role.VOLUNTEER


def test_an_administrator_makes_her_a_coordinator_and_she_needs_the_app(app, client, auth, people):
    sara = people["volunteer"]
    phone = signed_in(app, "sara")
    auth.login("admin")
    assert f"/team/{sara.id}/role" in client.get(TEAM).get_data(as_text=True)
    response = client.post(f"{TEAM}/{sara.id}/role", data={"role": "coordinator"})
    assert response.status_code == 303
    db.session.refresh(sara)
    assert sara.role == Role.COORDINATOR
    assert phone.get("/da/desk/").status_code == 302  # signed out by the new role
    again = phone.post(
        "/da/login", data={"username": "sara", "password": "correct horse battery staple"}
    )
    assert again.headers["Location"] == "/da/login/setup"  # a coordinator needs the app now
    assert actions()[-1] == "account.appoint"

    back = client.post(f"{TEAM}/{sara.id}/role", data={"role": "volunteer"})
    assert back.status_code == 303
    db.session.refresh(sara)
    assert sara.role == Role.VOLUNTEER


def test_appointing_refuses_odd_roles_and_other_groups(client, auth, people):
    auth.login("admin")
    sara, other = people["volunteer"], people["elsewhere"]
    assert client.post(f"{TEAM}/{sara.id}/role", data={"role": "administrator"}).status_code == 400
    assert client.post(f"{TEAM}/{sara.id}/role", data={}).status_code == 400
    assert client.post(f"{TEAM}/{other.id}/role", data={"role": "coordinator"}).status_code == 404
    assert (
        client.post(f"{TEAM}/{people['admin'].id}/role", data={"role": "volunteer"}).status_code
        == 403
    )
    db.session.expire_all()
    assert db.session.get(User, sara.id).role == Role.VOLUNTEER
    assert db.session.get(User, other.id).role == Role.VOLUNTEER
