"""Signing in and out: argon2id, copied sessions, throttling, CSRF, safe redirects."""

import os

import pytest
import redis
from argon2 import PasswordHasher
from sqlalchemy import select

from tests.conftest import PASSWORD, translated
from webapp.accounts.models import Role, User
from webapp.accounts.service import authenticate, deactivate
from webapp.extensions import db


def test_passwords_are_hashed_with_argon2id(make_user):
    user = make_user(username="amina")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_authenticate(make_user, now):
    make_user(username="Amina")
    assert authenticate("amina", PASSWORD, now).username == "Amina"
    assert authenticate(" AMINA ", PASSWORD, now) is not None
    assert authenticate("amina", "wrong", now) is None
    assert authenticate("nobody", PASSWORD, now) is None


def test_old_hash_parameters_are_upgraded_on_login(make_user, now):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    user = make_user(username="hodan")
    user.password_hash = weak
    db.session.commit()
    assert authenticate("hodan", PASSWORD, now) is user
    assert user.password_hash != weak
    assert "m=65536" in user.password_hash


def test_deactivated_user_cannot_sign_in(make_group, make_user, now):
    group = make_group("skanderborg")
    user = make_user(username="sara", groups=[group])
    deactivate(user, group, make_user(Role.COORDINATOR, [group]), now)
    db.session.commit()
    assert authenticate("sara", PASSWORD, now) is None


def test_login_page_and_sign_in(client, auth, make_user):
    make_user(username="amina", display_name="Amina")
    page = client.get("/ar/login")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.get_data(as_text=True)
    response = auth.login("amina")
    assert response.status_code == 303
    assert response.headers["Location"] == "/da/desk/"
    desk = client.get("/da/desk/")
    assert desk.status_code == 200
    assert "Amina" in desk.get_data(as_text=True)
    assert desk.headers["Cache-Control"] == "no-store"


def test_wrong_password_keeps_the_user_name_and_says_so(client, auth, make_user):
    make_user(username="amina")
    response = auth.login("amina", "wrong", lang="en")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The user name or password is wrong." in html
    assert 'value="amina"' in html
    assert 'value="wrong"' not in html


def test_empty_form_gets_translated_field_errors(client):
    response = client.post("/ar/login", data={"username": "", "password": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert translated("ar", "Write your user name.") in html
    assert translated("ar", "Write your password.") in html


def test_next_parameter_only_leads_within_the_site(client, make_user):
    make_user(username="amina")
    for target, expected in [
        ("/da/desk/", "/da/desk/"),
        ("https://evil.example/", "/da/desk/"),
        ("//evil.example/", "/da/desk/"),
        ("/\\evil.example/", "/da/desk/"),
    ]:
        response = client.post(
            "/da/login",
            query_string={"next": target},
            data={"username": "amina", "password": PASSWORD},
        )
        assert response.headers["Location"] == expected, target
        client.post("/da/logout")


def test_a_session_copied_before_sign_out_no_longer_works(app, client, auth, make_user):
    make_user(username="amina")
    auth.login("amina")
    copied = client.get_cookie("modested_session").value
    assert auth.logout().status_code == 303

    thief = app.test_client()
    thief.set_cookie("modested_session", copied)
    response = thief.get("/da/desk/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/da/login")


def test_deactivation_ends_sessions_at_once(client, auth, make_group, make_user, now):
    group = make_group("skanderborg")
    user = make_user(username="amina", groups=[group])
    coordinator = make_user(Role.COORDINATOR, [group])
    auth.login("amina")
    assert client.get("/da/desk/").status_code == 200
    deactivate(db.session.get(User, user.id), group, coordinator, now)
    db.session.commit()
    assert client.get("/da/desk/").status_code == 302


def test_session_cookie_flags(app_factory, make_user):
    app = app_factory(SESSION_COOKIE_SECURE=True)
    with app.app_context():
        make_user(username="amina")
    client = app.test_client()
    response = client.post(
        "/da/login", data={"username": "amina", "password": PASSWORD}, base_url="https://localhost"
    )
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "remember_token" not in str(response.headers)


# Production counts in Redis (shared by every worker); CI's PostgreSQL run passes TEST_REDIS_URL.
LIMIT_STORAGES = ["memory://"] + [url for url in [os.environ.get("TEST_REDIS_URL")] if url]


@pytest.mark.parametrize("storage", LIMIT_STORAGES)
def test_login_is_throttled(app_factory, storage):
    if storage.startswith("redis"):
        redis.Redis.from_url(storage).flushdb()
    app = app_factory(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=storage,
        LOGIN_USER_RATE_LIMIT="3 per 15 minutes",
    )
    client = app.test_client()
    codes = [
        client.post("/da/login", data={"username": "amina", "password": f"guess{n}"}).status_code
        for n in range(4)
    ]
    assert codes == [422, 422, 422, 429]
    # Another user name from the same address is not yet blocked by the per-name limit.
    other = client.post("/da/login", data={"username": "hodan", "password": "x"})
    assert other.status_code == 422
    blocked = client.post("/en/login", data={"username": "amina", "password": "x"})
    assert "Too many tries" in blocked.get_data(as_text=True)


def test_login_needs_a_csrf_token(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from webapp.accounts.service import create_user

        create_user(
            username="amina",
            display_name="Amina",
            password=PASSWORD,
            role=Role.VOLUNTEER,
            groups=[],
            now=app.config["NOW"],
        )
        db.session.commit()
    client = app.test_client()
    response = client.post("/da/login", data={"username": "amina", "password": PASSWORD})
    assert response.status_code in (400, 422)
    with app.app_context():
        last_login = db.session.scalar(select(User.last_login_at).where(User.username == "amina"))
    assert last_login is None

    html = client.get("/da/login").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    ok = client.post(
        "/da/login", data={"username": "amina", "password": PASSWORD, "csrf_token": token}
    )
    assert ok.status_code == 303


@pytest.mark.parametrize("path", ["/da/logout"])
def test_post_only_paths_answer_405(client, path):
    assert client.get(path).status_code == 405
