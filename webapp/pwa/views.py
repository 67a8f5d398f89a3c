"""The service worker, the manifest (one per language), fingerprinted assets, the offline
page and the health check."""

import hashlib

from flask import abort, current_app, jsonify, make_response, request, url_for
from sqlalchemy import text

from webapp.extensions import db
from webapp.htmx import render
from webapp.i18n import BY_CODE
from webapp.pwa import bp
from webapp.pwa.assets import IMMUTABLE, SHELL
from webapp.pwa.manifest import web_manifest


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
    start_url = url_for("schedule.choose_group", lang=lang)
    response = jsonify(web_manifest(BY_CODE[lang], start_url, asset_url))
    response.mimetype = "application/manifest+json"
    return revalidated(response)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
