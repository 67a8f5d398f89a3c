"""Defaults for every setting. Environment variables override them; secrets never live here."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class MissingSetting(RuntimeError):
    pass


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(environ=os.environ) -> dict:
    """Build the configuration from the environment.

    MODESTED_ENV is `production` (the default for gunicorn), `development` (make run, the
    demo) or `testing`. Outside development and testing a SECRET_KEY is required.
    """
    mode = environ.get("MODESTED_ENV", "production")
    development = mode in {"development", "testing"}
    secret = environ.get("SECRET_KEY")
    if not secret:
        if not development:
            raise MissingSetting(
                "SECRET_KEY is not set. Set the environment variable SECRET_KEY to a long "
                "random string (python -c 'import secrets; print(secrets.token_hex(32))'), "
                "or set MODESTED_ENV=development for local development."
            )
        secret = "development-only-secret-key-not-for-production"
    database_url = environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'instance' / 'modested.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    return {
        "MODESTED_ENV": mode,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SESSION_COOKIE_SECURE": _bool(environ.get("SESSION_COOKIE_SECURE"), not development),
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool(environ.get("RATELIMIT_ENABLED"), True),
        "REQUEST_RATE_LIMIT": environ.get("REQUEST_RATE_LIMIT", "5 per minute;20 per hour"),
        "QUICK_EXIT_URL": environ.get("QUICK_EXIT_URL", "https://www.dmi.dk/"),
        "TRUSTED_PROXIES": int(environ.get("TRUSTED_PROXIES", "0")),
        "UPCOMING_DAYS": int(environ.get("UPCOMING_DAYS", "120")),
        # Bytes a request body may have; larger ones get 413 before they are read. The
        # largest form (a café's texts in twelve languages) is under 45 KB.
        "MAX_CONTENT_LENGTH": int(environ.get("MAX_CONTENT_LENGTH", str(128 * 1024))),
        **_push_settings(environ, mode, development),
    }


def _push_settings(environ, mode: str, development: bool) -> dict:
    private_key = environ.get("VAPID_PRIVATE_KEY")
    if not private_key and not development:
        raise MissingSetting(
            "VAPID_PRIVATE_KEY is not set. Generate a key pair with "
            "`flask --app webapp push keygen` and set VAPID_PRIVATE_KEY and VAPID_SUBJECT."
        )
    default_queue = f"sqlite:///{ROOT / 'instance' / 'tasks.db'}"
    return {
        # In development and tests a key is made on start (kept in instance/ for the demo).
        "VAPID_PRIVATE_KEY": private_key,
        "VAPID_SUBJECT": environ.get("VAPID_SUBJECT", "mailto:kontakt@bydelsmor.dk"),
        "PUSH_SERVICES": _list(environ.get("PUSH_SERVICES")),
        # Exact origins of a local push sink (tests, the benchmark). Empty in production.
        "PUSH_EXTRA_ORIGINS": _list(environ.get("PUSH_EXTRA_ORIGINS")),
        "PUSH_TIMEOUT": float(environ.get("PUSH_TIMEOUT", "10")),
        "PUSH_CONCURRENCY": int(environ.get("PUSH_CONCURRENCY", "32")),
        "PUSH_RATE_LIMIT": environ.get("PUSH_RATE_LIMIT", "10 per minute;60 per hour"),
        "TASK_QUEUE_URL": environ.get("TASK_QUEUE_URL") or default_queue,
    }


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "modested_session",
    "PERMANENT_SESSION_LIFETIME": 12 * 3600,
    "REMEMBER_COOKIE_DURATION": 0,
    # Pages are left open on a café table for a whole afternoon.
    "WTF_CSRF_TIME_LIMIT": 12 * 3600,
    "BABEL_DEFAULT_LOCALE": "da",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Copenhagen",
    "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
    "RATELIMIT_HEADERS_ENABLED": False,
    "LOGIN_RATE_LIMIT": "10 per minute;50 per hour",
    "LOGIN_USER_RATE_LIMIT": "5 per 15 minutes",
    "TIMEZONE": "Europe/Copenhagen",
    # Sending to every phone of a group asks for the password again after this long.
    "FRESH_SIGN_IN_MINUTES": 15,
    # An invitation link works this many days, once.
    "INVITATION_DAYS": 7,
    # Unknown ticket addresses (status page and withdraw), per address: only a 404 counts,
    # so a woman polling her own page every 5 s never reaches it, but guessing stops.
    "TICKET_GUESS_RATE_LIMIT": "10 per minute;60 per hour",
    # Setting a password from an invitation link, per address.
    "WELCOME_RATE_LIMIT": "10 per minute;30 per hour",
    # Codes from the authenticator app, per person signing in (1,000,000 possible codes).
    "SECOND_FACTOR_RATE_LIMIT": "6 per 5 minutes;20 per hour",
    # After the right password, the code must follow within this many seconds.
    "SECOND_FACTOR_SECONDS": 300,
    # Compressed in the embedded default too: a phone on mobile data pays for every byte.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_MIN_SIZE": 400,
    # Streamed answers (files under /static) stay as they are: assets come from /assets.
    "COMPRESS_STREAMS": False,
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/manifest+json",
        "image/svg+xml",
        "text/calendar",
    ],
}
