"""Configuration and error pages."""

import pytest
from flask import abort

from tests.conftest import translated
from webapp import create_app
from webapp.config import MissingSetting, from_environment


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("MODESTED_ENV", "production")
    with pytest.raises(MissingSetting, match="SECRET_KEY"):
        create_app()


def test_production_settings_from_the_environment():
    config = from_environment(
        {
            "SECRET_KEY": "s3cret",
            "DATABASE_URL": "postgres://u:p@db/modested",
            "RATELIMIT_STORAGE_URI": "redis://cache:6379/0",
            "VAPID_PRIVATE_KEY": "k" * 43,
            "TASK_QUEUE_URL": "redis://cache:6379/1",
        }
    )
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/modested"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"
    assert config["TASK_QUEUE_URL"] == "redis://cache:6379/1"
    assert config["PUSH_EXTRA_ORIGINS"] == []  # production talks only to known push services


def test_production_refuses_to_start_without_a_vapid_key():
    with pytest.raises(MissingSetting, match="VAPID_PRIVATE_KEY"):
        from_environment({"SECRET_KEY": "s3cret"})


def test_development_has_a_key_and_plain_http_cookies():
    config = from_environment({"MODESTED_ENV": "development"})
    assert config["SECRET_KEY"] and config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    ("code", "lang", "title"),
    [
        (400, "da", "Something went wrong"),
        (403, "ar", "Not for you"),
        (429, "en", "Too many tries"),
        (500, "ar", "Something went wrong"),
    ],
)
def test_error_pages_are_translated_and_leak_nothing(app_factory, code, lang, title):
    app = app_factory(TESTING=False)

    def fail(lang):
        if code == 500:
            raise RuntimeError("secret detail from the database")
        abort(code)

    app.add_url_rule("/<lang:lang>/fail", view_func=fail)
    with app.app_context():
        response = app.test_client().get(f"/{lang}/fail")
        expected = translated(lang, title)
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert expected in html
    assert f'<html lang="{lang}"' in html
    assert "secret detail" not in html and "Traceback" not in html
    assert response.headers["Cache-Control"] == "no-store"


def test_migrations_match_the_models(app):
    """`flask db upgrade` built the test database: it must equal what the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from webapp.extensions import db

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
