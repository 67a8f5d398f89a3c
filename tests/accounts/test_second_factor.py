"""The second factor: coordinators and administrators type a code from an authenticator app."""

import re
from datetime import timedelta
from urllib.parse import unquote

import pyotp
import pytest
from sqlalchemy import select

from tests.conftest import FIXED_NOW, PASSWORD, TOTP_SECRET
from webapp.accounts import second_factor
from webapp.accounts.models import Role
from webapp.audit import AuditEntry
from webapp.extensions import db

STEP = second_factor.step_at(FIXED_NOW)


def code(step=STEP, secret=TOTP_SECRET) -> str:
    return pyotp.TOTP(secret).generate_otp(step)


def password_step(client, username="koordinator", lang="da", **query):
    return client.post(
        f"/{lang}/login",
        query_string=query,
        data={"username": username, "password": PASSWORD},
    )


@pytest.fixture
def group(make_group):
    return make_group("skanderborg")


@pytest.fixture
def coordinator(make_user, group):
    return make_user(Role.COORDINATOR, [group], username="koordinator")


# --- without HTTP ------------------------------------------------------------------------


def test_typed_codes_are_cleaned():
    assert second_factor.clean_code(" 123 456 ") == "123456"
    assert second_factor.clean_code("١٢٣٤٥٦") == "123456"  # Arabic-Indic digits
    assert second_factor.clean_code("12345") is None
    assert second_factor.clean_code("12345a") is None


def test_a_code_is_good_one_step_either_side_only():
    for offset in (-1, 0, 1):
        assert second_factor.matching_step(TOTP_SECRET, code(STEP + offset), FIXED_NOW) == (
            STEP + offset
        )
    for offset in (-2, 2):
        assert second_factor.matching_step(TOTP_SECRET, code(STEP + offset), FIXED_NOW) is None
    # The same clock as pyotp's own.
    assert code() == pyotp.TOTP(TOTP_SECRET).at(FIXED_NOW)


def test_a_code_is_accepted_once_and_never_an_older_one(coordinator, now):
    assert second_factor.accept_code(coordinator, code(), now)
    assert not second_factor.accept_code(coordinator, code(), now)  # replay
    assert not second_factor.accept_code(coordinator, code(STEP - 1), now)  # older
    assert second_factor.accept_code(coordinator, code(STEP + 1), now)
    assert coordinator.totp_last_step == STEP + 1


# --- signing in --------------------------------------------------------------------------


def test_a_bydelsmor_signs_in_without_a_code(client, make_user):
    make_user(username="amina")
    response = password_step(client, "amina")
    assert response.headers["Location"] == "/da/desk/"


def test_a_coordinator_types_the_code_after_the_password(client, coordinator):
    response = password_step(client, next="/da/desk/skanderborg/team")
    assert response.status_code == 303
    assert response.headers["Location"] == "/da/login/code"
    assert client.get("/da/desk/").status_code == 302  # not signed in yet

    page = client.get("/en/login/code")
    html = page.get_data(as_text=True)
    assert 'inputmode="numeric"' in html and 'autocomplete="one-time-code"' in html
    assert "Open your authenticator app" in html

    wrong = client.post("/en/login/code", data={"code": "000000"})
    assert wrong.status_code == 422
    assert "The code is not right" in wrong.get_data(as_text=True)
    assert client.get("/da/desk/").status_code == 302

    right = client.post("/da/login/code", data={"code": code()})
    assert right.status_code == 303
    assert right.headers["Location"] == "/da/desk/skanderborg/team"
    assert client.get("/da/desk/").status_code == 200
    with client.session_transaction() as session:
        assert session["signed_in_at"] == FIXED_NOW.timestamp()
        assert "pending_sign_in" not in session


def test_a_used_code_is_refused(app, client, coordinator):
    password_step(client)
    assert client.post("/da/login/code", data={"code": code()}).status_code == 303
    client.post("/da/logout")

    other = app.test_client()  # someone who saw the code over her shoulder
    password_step(other)
    refused = other.post("/da/login/code", data={"code": code()})
    assert refused.status_code == 422
    assert other.get("/da/desk/").status_code == 302


def test_the_code_must_follow_within_five_minutes(app, client, coordinator):
    password_step(client)
    app.config["NOW"] = FIXED_NOW + timedelta(minutes=5, seconds=1)
    response = client.post(
        "/en/login/code", data={"code": code(second_factor.step_at(app.config["NOW"]))}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/login"
    assert "That took too long. Please sign in again." in client.get("/en/login").get_data(
        as_text=True
    )
    assert client.get("/da/desk/").status_code == 302


def test_without_a_pending_sign_in_the_code_pages_lead_to_sign_in(client):
    for path in ("/da/login/code", "/da/login/setup"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["Location"] == "/da/login"
        assert client.post(path, data={"code": code()}).headers["Location"] == "/da/login"


def test_a_pending_sign_in_ends_when_her_session_token_changes(client, coordinator):
    password_step(client)
    coordinator.rotate_session()  # e.g. deactivated or given a new role meanwhile
    db.session.commit()
    response = client.post("/da/login/code", data={"code": code()})
    assert response.headers["Location"] == "/da/login"
    assert client.get("/da/desk/").status_code == 302


def test_codes_are_rate_limited_per_person(app_factory, make_user):
    app = app_factory(RATELIMIT_ENABLED=True, SECOND_FACTOR_RATE_LIMIT="3 per 5 minutes")
    with app.app_context():
        make_user(Role.COORDINATOR, [], username="koordinator")
    client = app.test_client()
    password_step(client)
    codes = [client.post("/da/login/code", data={"code": "111111"}).status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]
    password_step(client)  # a new pending sign-in is still the same person
    assert client.post("/da/login/code", data={"code": code()}).status_code == 429


# --- setting up the app ------------------------------------------------------------------


def shown_secret(html: str) -> str:
    return re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")


def test_a_coordinator_without_an_app_sets_it_up(client, make_user, group):
    user = make_user(Role.COORDINATOR, [group], username="koordinator", totp_secret=None)
    response = password_step(client)
    assert response.headers["Location"] == "/da/login/setup"
    assert client.get("/da/login/code").headers["Location"] == "/da/login/setup"

    html = client.get("/en/login/setup").get_data(as_text=True)
    secret = shown_secret(html)
    qr = re.search(r'<img src="(data:image/svg\+xml[^"]+)"', html).group(1)
    assert unquote(qr).startswith("data:image/svg+xml;charset=utf-8,<svg")
    uri = second_factor.provisioning_uri(secret, "koordinator")
    assert uri.startswith("otpauth://totp/M%C3%B8dested:koordinator?secret=" + secret)
    assert "issuer=M%C3%B8dested" in uri

    wrong = client.post("/en/login/setup", data={"code": "123456"})
    assert wrong.status_code == 422
    assert shown_secret(wrong.get_data(as_text=True)) == secret  # the same key, asked again
    db.session.refresh(user)
    assert user.totp_secret is None

    right = client.post("/en/login/setup", data={"code": code(secret=secret)})
    assert right.status_code == 303 and right.headers["Location"] == "/en/desk/"
    db.session.refresh(user)
    assert user.totp_secret == secret and user.totp_last_step == STEP
    assert client.get("/da/desk/").status_code == 200
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.user_id == user.id))
    assert "account.second_factor_enrolled" in list(actions)
    with client.session_transaction() as session:
        assert "proposed_totp_secret" not in session


def test_enrolling_keeps_the_first_secret_if_two_tabs_confirm(make_user, group, now):
    user = make_user(Role.COORDINATOR, [group], totp_secret=None)
    first, second = second_factor.new_secret(), second_factor.new_secret()
    assert second_factor.enrol(user, first, code(secret=first), now)
    assert not second_factor.enrol(user, second, code(STEP + 1, secret=second), now)
    assert user.totp_secret == first


def test_the_conftest_helper_signs_in_twice_in_a_frozen_minute(client, auth, coordinator):
    assert auth.login("koordinator").headers["Location"] == "/da/desk/"
    auth.logout()
    assert auth.login("koordinator").headers["Location"] == "/da/desk/"
