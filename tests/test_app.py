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


class CountingStream:
    """A request body of `size` bytes that counts how much of it the app read."""

    def __init__(self, size: int):
        self.size = size
        self.read_bytes = 0

    def read(self, n: int = -1) -> bytes:
        n = self.size - self.read_bytes if n is None or n < 0 else n
        chunk = min(n, self.size - self.read_bytes)
        self.read_bytes += chunk
        return b"a" * chunk

    def readline(self, n: int = -1) -> bytes:
        return self.read(n)


TWENTY_MB = 20 * 1024 * 1024


def post_stream(client, path, stream, length=None):
    """POST `stream` as a form body; `length` None sends it chunked (no Content-Length)."""
    environ = {"wsgi.input": stream, "CONTENT_LENGTH": str(length or "")}
    if length is None:
        environ |= {"wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"}
    return client.post(
        path,
        content_type="application/x-www-form-urlencoded",
        headers={"Sec-Fetch-Site": "same-origin"},
        environ_overrides=environ,
    )


@pytest.mark.parametrize(
    ("path", "lang"), [("/da/login", "da"), ("/ar/{slug}/ticket", "ar"), ("/push/test", "da")]
)
def test_an_oversized_body_is_a_translated_413_before_it_is_read(make_group, client, path, lang):
    group = make_group()
    stream = CountingStream(TWENTY_MB)
    response = post_stream(client, path.format(slug=group.slug), stream, TWENTY_MB)
    assert response.status_code == 413
    assert stream.read_bytes == 0
    html = response.get_data(as_text=True)
    assert translated(lang, "Too much at once") in html
    assert f'<html lang="{lang}"' in html
    assert response.headers["Cache-Control"] == "no-store"


def test_a_body_without_a_length_is_read_only_up_to_the_limit(app, make_group, client):
    group = make_group()
    stream = CountingStream(TWENTY_MB)
    response = post_stream(client, f"/da/{group.slug}/ticket", stream)
    assert response.status_code == 413
    assert stream.read_bytes <= app.config["MAX_CONTENT_LENGTH"] + 65_536


def test_the_largest_cafe_form_fits_with_room_to_spare(app):
    """A café with the longest topic and note in all twelve languages, each in its own
    script (Tigrinya's letters take three bytes, sent as %XX%XX%XX), fits the limit."""
    from urllib.parse import urlencode

    from webapp.i18n import LANGUAGES
    from webapp.planning.forms import NOTE_MAX, TOPIC_MAX

    letter = {"ar": "ع", "fa": "ع", "ps": "ځ", "ur": "ے", "ckb": "ێ", "uk": "Ж", "ti": "ሀ"}
    fields = {"day": "2026-11-26", "start": "15:00", "end": "17:00", "venue": "2147483647"}
    fields |= {"kind": "conversation", "version": "999999999", "offers": "eboks phone"}
    for language in LANGUAGES:
        char = letter.get(language.code, "ø")
        fields[f"topic_{language.code}"] = char * TOPIC_MAX
        fields[f"note_{language.code}"] = char * NOTE_MAX
    body = urlencode(fields).encode()
    assert len(body) * 2 < app.config["MAX_CONTENT_LENGTH"]
    everything_tigrinya = 12 * (TOPIC_MAX + NOTE_MAX) * 9
    assert everything_tigrinya < app.config["MAX_CONTENT_LENGTH"]


def test_the_size_limit_can_be_set_from_the_environment():
    assert from_environment({"MODESTED_ENV": "testing"})["MAX_CONTENT_LENGTH"] == 128 * 1024
    config = from_environment({"MODESTED_ENV": "testing", "MAX_CONTENT_LENGTH": "262144"})
    assert config["MAX_CONTENT_LENGTH"] == 262144
