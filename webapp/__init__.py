"""Mødested: create_app() wires config -> extensions -> blueprints -> errors -> CLI."""

import os

from flask import Flask, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import config as settings
from webapp import taskqueue
from webapp.converters import IdConverter
from webapp.extensions import (
    babel,
    compress,
    csrf,
    db,
    htmx_headers,
    limiter,
    login_manager,
    migrate,
)
from webapp.i18n import LANG_COOKIE, LanguageConverter, is_enabled, select_locale
from webapp.pwa.assets import Assets
from webapp.schedule.models import GroupSlugConverter
from webapp.security import add_security_headers, remember_choice


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(settings.ROOT / "templates"),
        static_folder=str(settings.ROOT / "static"),
        instance_path=str(settings.ROOT / "instance"),
    )
    app.config.update(settings.DEFAULTS)
    if test_config is None:
        app.config.update(settings.from_environment())
    else:
        app.config.update(settings.from_environment({"MODESTED_ENV": "testing"}))
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    app.url_map.converters["lang"] = LanguageConverter
    app.url_map.converters["group"] = GroupSlugConverter
    app.url_map.converters["id"] = IdConverter
    app.url_map.strict_slashes = True
    from webapp import errors

    app.before_request(errors.refuse_oversized_body)  # first, before the CSRF check reads it
    _init_extensions(app)
    _init_language(app)
    _register_blueprints(app)
    _register_tasks()
    errors.register(app)

    from webapp import cli

    cli.register(app)
    # Registered last, so it runs first: the other hooks see signed-in pages as no-store.
    app.after_request(mark_signed_in_pages_private)
    return app


def mark_signed_in_pages_private(response):
    if current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    compress.init_app(app)
    app.extensions["assets"] = Assets(settings.ROOT / "static")
    migrate.init_app(app, db, render_as_batch=True, directory=str(settings.ROOT / "migrations"))
    babel.init_app(
        app, locale_selector=select_locale, timezone_selector=lambda: "Europe/Copenhagen"
    )
    csrf.init_app(app)
    limiter.init_app(app)
    htmx_headers.init_app(app)
    _ensure_vapid_key(app)
    taskqueue.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    from webapp.accounts.service import user_for_session

    login_manager.user_loader(user_for_session)

    @app.after_request
    def finish_transaction(response):
        # The request owns the transaction: domain functions only flush.
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    app.after_request(add_security_headers)


def _ensure_vapid_key(app: Flask) -> None:
    """Development and tests make their own VAPID key (production must set one: config.py).
    The demo keeps it in instance/, so phones stay subscribed across restarts."""
    if app.config["VAPID_PRIVATE_KEY"]:
        return
    from webapp.notifications.vapid import generate_private_key

    key_file = settings.ROOT / "instance" / "vapid-private-key.txt"
    if not key_file.exists():
        key_file.write_text(generate_private_key() + "\n")
    app.config["VAPID_PRIVATE_KEY"] = key_file.read_text().strip()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()


def _init_language(app: Flask) -> None:
    app.jinja_env.policies["ext.i18n.trimmed"] = True

    @app.url_value_preprocessor
    def take_language(_endpoint, values):
        if values and is_enabled(values.get("lang")):
            g.lang = values["lang"]

    @app.url_defaults
    def add_language(endpoint, values):
        if "lang" in values or not getattr(g, "lang", None):
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.lang

    @app.after_request
    def remember_language(response):
        lang = (request.view_args or {}).get("lang")
        if request.endpoint == "pwa.offline" or response.mimetype != "text/html":
            return response  # pre-caching, manifests, calendar files: not her choice
        if "no-store" in response.headers.get("Cache-Control", ""):
            return response  # private pages leave nothing behind, not even a cookie
        if lang and is_enabled(lang):
            remember_choice(response, LANG_COOKIE, lang)
        return response

    from webapp import templating

    templating.register(app)


def _register_tasks() -> None:
    """Each area's background tasks and periodic jobs, for the queue and the worker (`flask
    worker`); and the session hooks that turn a changed café into a notice after the commit."""
    from webapp.helpdesk import tasks as helpdesk_tasks  # noqa: F401 - the nightly purge
    from webapp.notifications import tasks as notification_tasks

    notification_tasks.listen()


def _register_blueprints(app: Flask) -> None:
    from webapp.accounts import bp as accounts_bp
    from webapp.admin import bp as admin_bp
    from webapp.helpdesk import bp as helpdesk_bp
    from webapp.notifications import bp as notifications_bp
    from webapp.planning import bp as planning_bp
    from webapp.pwa import bp as pwa_bp
    from webapp.reports import bp as reports_bp
    from webapp.schedule import bp as schedule_bp

    app.register_blueprint(pwa_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(helpdesk_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(planning_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(schedule_bp)
