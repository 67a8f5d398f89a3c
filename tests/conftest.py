"""Fixtures: an app on SQLite (default) or PostgreSQL (TEST_DATABASE_URL), factories, a fixed now.

The schema is built once per run by the migrations (so they are tested too); each test starts
from empty tables.
"""

import os
import tempfile
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import current_app, g, has_app_context
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from flask_migrate import upgrade
from sqlalchemy import text

from webapp import create_app
from webapp.accounts.models import Role
from webapp.accounts.service import create_user
from webapp.config import ROOT
from webapp.extensions import db
from webapp.i18n import BY_CODE
from webapp.notifications.vapid import generate_private_key
from webapp.schedule.models import Cafe, CafeKind, Group, Venue
from webapp.schedule.recurrence import local_to_utc

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# A Sunday afternoon; the next Thursday is 2026-11-26.
FIXED_NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
TEST_VAPID_KEY = generate_private_key()
PASSWORD = "correct horse battery staple"
# Coordinators' and administrators' authenticator-app secret (make_user's default for them).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def translated(lang: str, message: str, **values) -> str:
    """What the app shows for `message` in `lang` (needs an app context)."""
    with force_locale(BY_CODE[lang].babel_locale):
        return gettext(message, **values)


def _database_url(tmp_dir: str) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{os.path.join(tmp_dir, 'test.db')}"


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """Build the .mo files from the committed .po files, as `flask translate compile` does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog)


@pytest.fixture(scope="session")
def database_url():
    with tempfile.TemporaryDirectory() as tmp_dir:
        url = _database_url(tmp_dir)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as connection:
                    connection.execute(text("DROP SCHEMA public CASCADE"))
                    connection.execute(text("CREATE SCHEMA public"))
            upgrade()
            db.engine.dispose()
        yield url


def test_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "NOW": FIXED_NOW,
        "SERVER_NAME": "localhost",
        "TASK_QUEUE_URL": "immediate",  # huey runs each task at once, in the caller
        "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
        "VAPID_SUBJECT": "mailto:test@bydelsmor.dk",
    }
    config.update(overrides)
    return config


def _empty_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


class FreshGlobalsClient(FlaskClient):
    """A request in a test reuses the test's app context, so `g` (where Flask-Login caches the
    user) would leak from one request into the next. Each real request starts with an empty g."""

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in list(vars(g)):
                delattr(g, name)
        return super().open(*args, **kwargs)


@pytest.fixture
def app_factory(database_url):
    """make_app(**config) -> an app whose tables are emptied after the test."""
    apps = []

    def make_app(**overrides):
        app = create_app(test_config(database_url, **overrides))
        app.test_client_class = FreshGlobalsClient
        apps.append(app)
        return app

    yield make_app
    for index, app in enumerate(apps):
        with app.app_context():
            db.session.remove()
            if index == 0:
                _empty_tables()
            db.engine.dispose()


@pytest.fixture
def app(app_factory):
    app = app_factory()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def now():
    return FIXED_NOW


@pytest.fixture
def make_group(app):
    counter = iter(range(1, 10_000))

    def make(slug=None, **fields):
        number = next(counter)
        group = Group(
            slug=slug or f"group-{number}",
            name=fields.pop("name", f"Bydelsmødre Test {number}"),
            municipality=fields.pop("municipality", "Testby Kommune"),
            languages=fields.pop("languages", ["ar", "so"]),
            contact_text=fields.pop("contact_text", ""),
            **fields,
        )
        db.session.add(group)
        db.session.commit()
        return group

    return make


@pytest.fixture
def make_venue(app):
    def make(group, **fields):
        venue = Venue(
            group_id=group.id,
            name=fields.pop("name", "Beboerhuset"),
            address=fields.pop("address", "Testvej 1, 2000 Frederiksberg"),
            **fields,
        )
        db.session.add(venue)
        db.session.commit()
        return venue

    return make


@pytest.fixture
def make_cafe(app, make_venue):
    """make_cafe(group, day, start=time(15), end=time(17), ...): times are Copenhagen time."""

    def make(group, day=None, start=time(15), end=time(17), venue=None, **fields):
        day = day or (FIXED_NOW + timedelta(days=4)).date()
        venue = venue or make_venue(group)
        cafe = Cafe(
            group_id=group.id,
            venue_id=venue.id,
            starts_at=local_to_utc(day, start, COPENHAGEN),
            ends_at=local_to_utc(day, end, COPENHAGEN),
            kind=fields.pop("kind", CafeKind.CONVERSATION),
            offers=fields.pop("offers", ["eboks", "phone"]),
            texts=fields.pop("texts", {"da": {"topic": "Kaffe og snak"}}),
            **fields,
        )
        db.session.add(cafe)
        db.session.commit()
        return cafe

    return make


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def make(role=Role.VOLUNTEER, groups=(), username=None, password=PASSWORD, **fields):
        """Coordinators and administrators get TOTP_SECRET unless totp_secret=None."""
        number = next(counter)
        if Role(role).rank >= Role.COORDINATOR.rank:
            fields.setdefault("totp_secret", TOTP_SECRET)
        user = create_user(
            username=username or f"user{number}",
            display_name=fields.pop("display_name", f"Person {number}"),
            password=password,
            role=role,
            groups=list(groups),
            now=FIXED_NOW,
        )
        for key, value in fields.items():
            setattr(user, key, value)
        db.session.commit()
        return user

    return make


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, username, password=PASSWORD, lang="da"):
        """Sign in; for a coordinator or administrator also type the code from her app.

        With the password only (no enrolled secret), the answer is the redirect to the setup
        page: tests of enrolment go on from there themselves.
        """
        response = self.client.post(
            f"/{lang}/login", data={"username": username, "password": password}
        )
        if response.status_code == 303 and response.headers["Location"].endswith("/login/code"):
            code = current_code(self.client.application, username)
            response = self.client.post(response.headers["Location"], data={"code": code})
        return response

    def logout(self, lang="da"):
        return self.client.post(f"/{lang}/logout")


def current_code(app, username: str) -> str:
    """The code her app shows at the app's `now()` (pinned in tests).

    A code is accepted once per 30-second step, and the tests' clock does not move: a
    second sign-in in the same test is made to look like one at least 30 s later by moving
    her last used step back one, which is what waiting would do. Nothing else is changed.
    """
    import pyotp

    from webapp.accounts import second_factor
    from webapp.accounts.service import find_user
    from webapp.clock import now

    def compute() -> str:
        user = find_user(username)
        step = second_factor.step_at(now())
        if user.totp_last_step is not None and user.totp_last_step >= step:
            user.totp_last_step = step - 1
            db.session.commit()
        return pyotp.TOTP(user.totp_secret).generate_otp(step)

    if has_app_context() and current_app._get_current_object() is app:
        return compute()
    with app.app_context():
        return compute()


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def push_sink():
    """A local push service; its origin is allowed by the app under test (PUSH_EXTRA_ORIGINS)."""
    from tests.notifications.sink import PushSink

    with PushSink() as sink:
        yield sink
