"""The web app manifest (one per language) and the health check."""

from flask import jsonify, url_for
from flask_babel import gettext as _
from sqlalchemy import text

from webapp.extensions import db
from webapp.i18n import BY_CODE
from webapp.pwa import bp

THEME_COLOUR = "#7a2e5c"
BACKGROUND_COLOUR = "#fffaf5"


@bp.get("/<lang:lang>/manifest.webmanifest")
def manifest(lang):
    language = BY_CODE[lang]
    body = {
        "id": "/",
        "name": _("Mødested – café times"),
        "short_name": _("Mødested"),
        "start_url": url_for("schedule.choose_group", lang=lang),
        "scope": "/",
        "display": "standalone",
        "lang": lang,
        "dir": language.direction,
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {
                "src": url_for("static", filename="icons/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            }
        ],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
