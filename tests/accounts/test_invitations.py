"""Invitation links: signed, single use, expiring; the welcome form; inviting."""

import re
import threading
from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from tests.conftest import FIXED_NOW, PASSWORD, translated
from webapp.accounts import invitations
from webapp.accounts.invitations import Problem
from webapp.accounts.models import Invitation, Role, User
from webapp.audit import AuditEntry
from webapp.extensions import db


@pytest.fixture
def group(make_group):
    return make_group("skanderborg", name="Bydelsmødre Skanderborg")


@pytest.fixture
def coordinator(make_user, group):
    return make_user(Role.COORDINATOR, [group], username="koordinator", display_name="Maryam")


@pytest.fixture
def invite(group, coordinator):
    def make(role=Role.VOLUNTEER, name="Hodan", nonce=None, days=7):
        invitation = invitations.create(
            group,
            role=role,
            display_name=name,
            created_by=coordinator,
            nonce=nonce or f"nonce-{len(name)}-{role}-{days}-abcdefgh",
            now=FIXED_NOW,
            days=days,
        )
        db.session.commit()
        return invitation

    return make


def token(app, invitation) -> str:
    return invitations.token_for(invitation, app.secret_key)


def welcome_form(**overrides) -> dict:
    form = {
        "username": "hodan",
        "display_name": "Hodan",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "languages": ["so", "da"],
    }
    form.update(overrides)
    return form


# --- the token ---------------------------------------------------------------------------


def test_a_fresh_link_opens_and_names_its_invitation(app, invite):
    invitation = invite()
    assert invitations.open_token(token(app, invitation), app.secret_key, FIXED_NOW) == (
        invitation,
        None,
    )
    # The same link every time it is shown.
    assert token(app, invitation) == token(app, invitation)


def test_an_expired_link_fails(app, invite):
    invitation = invite(days=7)
    value = token(app, invitation)
    just_before = FIXED_NOW + timedelta(days=7, seconds=-1)
    assert invitations.open_token(value, app.secret_key, just_before)[1] is None
    after = FIXED_NOW + timedelta(days=7, seconds=1)
    assert invitations.open_token(value, app.secret_key, after)[1] == Problem.EXPIRED


def test_the_rows_own_expiry_counts_too(app, invite):
    invitation = invite(days=7)
    invitation.expires_at = invitation.created_at + timedelta(days=1)  # shortened later
    db.session.commit()
    two_days = FIXED_NOW + timedelta(days=2)
    assert invitations.open_token(token(app, invitation), app.secret_key, two_days)[1] == (
        Problem.EXPIRED
    )


def _resigned(app, payload: dict, salt="invitation", key=None) -> str:
    serializer = URLSafeTimedSerializer(key or app.secret_key, salt=salt)
    return serializer.dumps(payload)


def test_a_tampered_link_fails(app, invite):
    invitation = invite()
    other = invite(name="Sara")
    good = token(app, invitation)
    payload, rest = good.split(".", 1)
    other_payload = token(app, other).split(".", 1)[0]
    tampered = [
        f"{other_payload}.{rest}",  # another invitation's payload, this signature
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),  # changed signature
        _resigned(app, {"i": invitation.id, "n": invitation.nonce}, salt="other"),
        _resigned(app, {"i": invitation.id, "n": invitation.nonce}, key="another key"),
        _resigned(app, {"i": invitation.id, "n": "a-guessed-nonce"}),  # signed, wrong nonce
        _resigned(app, {"i": str(invitation.id), "n": invitation.nonce}),
        _resigned(app, [invitation.id, invitation.nonce]),
        "",
        "not-a-token",
    ]
    for value in tampered:
        assert invitations.open_token(value, app.secret_key, FIXED_NOW) == (
            None,
            Problem.UNKNOWN,
        ), value


def test_a_link_works_once(app, invite, now):
    invitation = invite()
    user = invitations.accept(
        invitation, username="hodan", display_name="Hodan", password=PASSWORD,
        languages=["so"], now=now,
    )  # fmt: skip
    assert user is not None and user.role == Role.VOLUNTEER and user.groups == [invitation.group]
    db.session.commit()
    assert invitations.open_token(token(app, invitation), app.secret_key, now)[1] == Problem.USED
    again = invitations.accept(
        invitation, username="hodan2", display_name="Hodan", password=PASSWORD,
        languages=["so"], now=now,
    )  # fmt: skip
    assert again is None


def test_a_revoked_link_fails(app, invite, coordinator, now):
    invitation = invite()
    assert invitations.revoke(invitation, coordinator, now)
    db.session.commit()
    assert invitations.open_token(token(app, invitation), app.secret_key, now)[1] == (
        Problem.REVOKED
    )
    assert (
        invitations.accept(
            invitation,
            username="x-user",
            display_name="X",
            password=PASSWORD,
            languages=[],
            now=now,
        )  # fmt: skip
        is None
    )
    assert not invitations.revoke(invitation, coordinator, now)


# --- the welcome page --------------------------------------------------------------------


def test_welcome_creates_her_account_and_signs_her_in(app, client, invite, group):
    invitation = invite()
    url = f"/da/welcome/{token(app, invitation)}"
    page = client.get(url)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "same-origin"
    html = page.get_data(as_text=True)
    assert 'value="Hodan"' in html  # the name the coordinator typed
    assert 'lang="ti"' in html and "ትግርኛ" in html  # languages in their own script

    response = client.post(url, data=welcome_form(username="Hodan.A"))
    assert response.status_code == 303
    assert response.headers["Location"] == "/da/desk/"
    assert response.headers["Cache-Control"] == "no-store"
    user = db.session.scalar(select(User).where(User.username == "Hodan.A"))
    assert user.role == Role.VOLUNTEER and user.groups == [group]
    assert user.languages == ["da", "so"]
    assert PASSWORD not in user.password_hash and user.password_hash.startswith("$argon2id$")
    db.session.refresh(invitation)
    assert invitation.used_at is not None and invitation.user_id == user.id
    assert client.get("/da/desk/").status_code == 200
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert "invitation.use" in actions

    again = client.post(url.replace("/da/", "/en/"), data=welcome_form(username="someone-else"))
    assert again.status_code == 410
    assert "This link was already used." in again.get_data(as_text=True)


def test_a_coordinators_invitation_leads_to_setting_up_the_app(app, client, invite):
    invitation = invite(role=Role.COORDINATOR)
    response = client.post(f"/da/welcome/{token(app, invitation)}", data=welcome_form())
    assert response.status_code == 303
    assert response.headers["Location"] == "/da/login/setup"
    assert client.get("/da/desk/").status_code == 302  # not signed in before the app is set up
    assert client.get("/da/login/setup").status_code == 200


def test_welcome_form_errors_keep_what_she_typed_but_not_the_password(app, client, invite):
    url = f"/en/welcome/{token(app, invite())}"
    response = client.post(
        url,
        data=welcome_form(
            username="a b",
            display_name="Hodan Ali",
            password="short1",
            password_again="x",
            languages=[],
        ),  # fmt: skip
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="a b"' in html and 'value="Hodan Ali"' in html
    assert "short1" not in html
    assert "Choose a user name of 3 to 40 letters or digits, without spaces." in html
    assert "The password must have at least 10 characters." in html
    assert "Choose at least one language you speak." in html
    mismatch = client.post(url, data=welcome_form(password_again=PASSWORD + "!"))
    assert mismatch.status_code == 422
    assert "The two passwords are not the same." in mismatch.get_data(as_text=True)
    assert (
        db.session.scalar(select(func.count()).select_from(User).where(User.username == "hodan"))
        == 0
    )


def test_a_taken_user_name_is_refused_whatever_its_case(app, client, invite, make_user):
    make_user(username="Hodan")
    url = f"/ar/welcome/{token(app, invite())}"
    response = client.post(url, data=welcome_form(username="HODAN"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert translated("ar", "This user name is taken. Please choose another one.") in html
    assert 'value="HODAN"' in html


@pytest.mark.parametrize(
    ("problem", "status", "message"),
    [
        ("tampered", 404, "The link is not right."),
        ("expired", 410, "Ask your coordinator for a new link."),
        ("used", 410, "This link was already used."),
        ("revoked", 410, "This link was cancelled."),
    ],
)
def test_a_link_that_does_not_work_says_why(
    app, client, invite, coordinator, problem, status, message, now
):
    invitation = invite()
    value = token(app, invitation)
    if problem == "tampered":
        value = value[:-3] + "xyz"
    elif problem == "expired":
        app.config["NOW"] = FIXED_NOW + timedelta(days=8)
    elif problem == "used":
        client.post(f"/da/welcome/{value}", data=welcome_form())
        client.post("/da/logout")
    else:
        invitations.revoke(invitation, coordinator, now)
        db.session.commit()
    for method in ("get", "post"):
        response = getattr(client, method)(
            f"/en/welcome/{value}", data=welcome_form(username="x-y-z")
        )
        assert response.status_code == status, method
        assert message in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"
    assert (
        db.session.scalar(select(func.count()).select_from(User).where(User.username == "x-y-z"))
        == 0
    )


def test_two_tabs_at_once_make_one_account(app, app_factory, invite, group):
    """Two browsers (each its own app and database connection) send the form at once."""
    invitation = invite()
    url = f"/da/welcome/{token(app, invitation)}"
    clients = [app_factory().test_client() for _ in range(2)]
    barrier = threading.Barrier(2)
    statuses = [None, None]

    def send(index):
        barrier.wait()
        response = clients[index].post(url, data=welcome_form(username=f"tab{index}"))
        statuses[index] = response.status_code

    threads = [threading.Thread(target=send, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [303, 410]
    db.session.expire_all()
    made = db.session.scalars(select(User).where(User.username.in_(["tab0", "tab1"]))).all()
    assert len(made) == 1
    assert db.session.get(Invitation, invitation.id).user_id == made[0].id


def test_welcome_is_a_reserved_word(make_group):
    with pytest.raises(ValueError):
        make_group("welcome")


# --- inviting ----------------------------------------------------------------------------


def form_key(html: str) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', html).group(1)


def test_a_coordinator_invites_bydelsmoedre_only(client, auth, coordinator, group):
    auth.login("koordinator")
    html = client.get("/da/desk/skanderborg/team/invite").get_data(as_text=True)
    assert 'name="role" value="volunteer"' in html and 'value="coordinator"' not in html
    key = form_key(html)
    refused = client.post(
        "/da/desk/skanderborg/team/invite",
        data={"form_key": key, "role": "coordinator", "display_name": "Sara"},
    )
    assert refused.status_code == 422
    assert 'value="Sara"' in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_an_administrator_may_invite_a_coordinator(client, auth, make_user, group):
    make_user(Role.ADMINISTRATOR, [], username="admin")
    auth.login("admin")
    html = client.get("/da/desk/skanderborg/team/invite").get_data(as_text=True)
    assert 'value="coordinator"' in html
    response = client.post(
        "/da/desk/skanderborg/team/invite",
        data={"form_key": form_key(html), "role": "coordinator", "display_name": ""},
    )
    assert response.status_code == 303
    invitation = db.session.scalar(select(Invitation))
    assert invitation.role == Role.COORDINATOR and invitation.group_id == group.id


def test_a_double_tap_makes_one_invitation_and_shows_its_link(app, client, auth, coordinator):
    auth.login("koordinator")
    key = form_key(client.get("/da/desk/skanderborg/team/invite").get_data(as_text=True))
    data = {"form_key": key, "role": "volunteer", "display_name": "Hodan"}
    first = client.post("/da/desk/skanderborg/team/invite", data=data)
    second = client.post("/da/desk/skanderborg/team/invite", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 1
    invitation = db.session.scalar(select(Invitation))
    assert invitation.expires_at == invitation.created_at + timedelta(days=7)
    invited = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "invitation.create"))
    assert len(invited.all()) == 1

    page = client.get(first.headers["Location"])
    html = page.get_data(as_text=True)
    link = f"http://localhost/da/welcome/{token(app, invitation)}"
    assert f'value="{link}"' in html and "readonly" in html
    assert 'src="data:image/svg+xml' in html
    assert "style=" not in html and "<style" not in html

    team = client.get("/da/desk/skanderborg/team").get_data(as_text=True)
    assert "Hodan" in team and "Maryam" in team  # who was invited, and by whom


def test_revoking_from_the_team_page(app, client, auth, coordinator, invite):
    invitation = invite()
    auth.login("koordinator")
    response = client.post(f"/da/desk/skanderborg/team/invitations/{invitation.id}/revoke")
    assert response.status_code == 303
    assert client.get(f"/da/welcome/{token(app, invitation)}").status_code == 410
    assert "Hodan" not in client.get("/da/desk/skanderborg/team").get_data(as_text=True)


def test_another_groups_invitation_is_not_found(client, auth, make_group, make_user, invite):
    invitation = invite()
    ballerup = make_group("ballerup")
    make_user(Role.COORDINATOR, [ballerup], username="other")
    auth.login("other")
    base = "/da/desk/ballerup/team/invitations"
    assert client.get(f"{base}/{invitation.id}").status_code == 404
    assert client.post(f"{base}/{invitation.id}/revoke").status_code == 404
    assert client.get(f"/da/desk/skanderborg/team/invitations/{invitation.id}").status_code == 404
    db.session.refresh(invitation)
    assert invitation.used_at is None
    # Another group's form key cannot fetch this group's invitation either.
    response = client.post(
        "/da/desk/ballerup/team/invite",
        data={"form_key": invitation.nonce, "role": "volunteer", "display_name": ""},
    )
    assert response.status_code == 422
