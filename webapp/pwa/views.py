"""The service worker, the manifest (one per language), fingerprinted assets, the offline
page and the health check."""

import hashlib

from flask import abort, current_app, jsonify, make_response, request, url_for
from flask_babel import gettext as _
from sqlalchemy import text

from webapp.extensions import db
from webapp.htmx import render
from webapp.i18n import BY_CODE
from webapp.pwa import bp
from webapp.pwa.assets import IMMUTABLE, SHELL

THEME_COLOUR = "#7a2e5c"
BACKGROUND_COLOUR = "#fffaf5"


def assets():
    return current_app.extensions["assets"]


def asset_url(name: str) -> str:
    return url_for("pwa.asset", name=assets().url_name(name))


@bp.get("/assets/<path:name>")
def asset(name):
    found = assets().by_url_name.get(name) or abort(404)
    response = make_response(found.body)
    response.mimetype = found.mimetype
    response.headers["Cache-Control"] = IMMUTABLE
    return response


@bp.get("/sw.js")
def service_worker():
    response = make_response(assets().service_worker)
    response.mimetype = "text/javascript"
    response.headers["Service-Worker-Allowed"] = "/"
    return revalidated(response)


def revalidated(response):
    """Checked on every use, but answered with a small 304 when nothing changed."""
    response.headers["Cache-Control"] = "no-cache"
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:20])
    return response.make_conditional(request)


@bp.get("/pwa/precache.json")
def precache():
    """What the service worker stores on install (its own version's shell)."""
    response = jsonify(version=assets().version, assets=[asset_url(name) for name in SHELL])
    return revalidated(response)


@bp.get("/<lang:lang>/offline")
def offline(lang):
    return render("pwa/offline.html")


@bp.get("/<lang:lang>/manifest.webmanifest")
def manifest(lang):
    language = BY_CODE[lang]
    body = {
        "id": "/",
        "name": _("Mødested – café times"),
        "short_name": _("Mødested"),
        "description": _("When and where the next café is."),
        "start_url": url_for("schedule.choose_group", lang=lang),
        "scope": "/",
        "display": "standalone",
        "lang": lang,
        "dir": language.direction,
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": asset_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": asset_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": asset_url("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "screenshots": [
            {
                "src": asset_url(
                    f"screenshots/group-{'ar' if language.direction == 'rtl' else 'da'}.jpg"
                ),
                "sizes": "390x844",
                "type": "image/jpeg",
                "form_factor": "narrow",
                "label": _("The next café, first and big"),
            }
        ],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return revalidated(response)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
