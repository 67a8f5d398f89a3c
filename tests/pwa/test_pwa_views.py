"""The manifest, fingerprinted assets, the service worker script, the offline page, compression."""

import gzip
import re

import brotli
import pytest

from tests.conftest import translated
from webapp.pwa.assets import SHELL

LANGS = {"da": "ltr", "en": "ltr", "ar": "rtl"}


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    response.close()
    return response


@pytest.mark.parametrize("lang", LANGS)
def test_manifest_per_language(client, lang):
    body = client.get(f"/{lang}/manifest.webmanifest").get_json()
    assert body["lang"] == lang and body["dir"] == LANGS[lang]
    assert body["id"] == "/" and body["scope"] == "/"
    assert body["start_url"] == f"/{lang}/"
    assert body["display"] == "standalone"
    assert body["theme_color"] and body["background_color"]
    # Neutral: the lock screen and the home screen say nothing about help or authorities.
    assert not re.search(r"help|hjælp|e-boks|mitid", body["name"] + body["short_name"], re.I)
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in body["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for image in body["icons"] + body["screenshots"]:
        response = get(client, image["src"])
        assert response.status_code == 200, image["src"]
        assert response.mimetype == image["type"]
    assert body["screenshots"][0]["form_factor"] == "narrow"


def test_manifest_is_plain_data_in_the_language_asked(app):
    from flask_babel import force_locale

    from webapp.i18n import BY_CODE
    from webapp.pwa.manifest import web_manifest

    with app.app_context(), force_locale(BY_CODE["ar"].babel_locale):
        body = web_manifest(BY_CODE["ar"], "/ar/", lambda name: f"/assets/{name}")
        name = translated("ar", "Mødested – café times")
    assert (body["lang"], body["dir"], body["start_url"]) == ("ar", "rtl", "/ar/")
    assert body["name"] == name
    assert body["icons"][0]["src"] == "/assets/icons/icon-192.png"
    assert body["screenshots"][0]["src"] == "/assets/screenshots/group-ar.jpg"


def test_every_page_links_its_manifest_and_fingerprinted_assets(client, make_group):
    make_group("skanderborg")
    html = client.get("/ar/skanderborg/").get_data(as_text=True)
    assert '<link rel="manifest" href="/ar/manifest.webmanifest">' in html
    assets = re.findall(r'(?:href|src)="(/assets/[^"]+)"', html)
    # icon, touch icon, css, htmx, app.js, and the group page's push, read-aloud, install and
    # my-ticket scripts
    assert len(assets) == 9
    for url in assets:
        assert re.search(r"\.[0-9a-f]{10}\.\w+$", url), url
        response = get(client, url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_asset_names_follow_their_content(app, tmp_path):
    from webapp.pwa.assets import Assets

    for folder in ("css", "js", "icons", "screenshots"):
        (tmp_path / folder).mkdir()
    (tmp_path / "sw.js").write_text("// worker")
    (tmp_path / "css" / "app.css").write_text("body { color: red }")
    before = Assets(tmp_path)
    (tmp_path / "css" / "app.css").write_text("body { color: blue }")
    after = Assets(tmp_path)
    assert before.url_name("css/app.css") != after.url_name("css/app.css")
    assert before.version != after.version
    (tmp_path / "sw.js").write_text("// worker, changed")
    assert Assets(tmp_path).version != after.version


def test_unknown_or_stale_fingerprint_is_404(client):
    assert get(client, "/assets/css/app.0000000000.css").status_code == 404
    assert get(client, "/assets/../webapp/config.py").status_code == 404


def test_service_worker_script_at_the_root(client, app):
    response = client.get("/sw.js?v=" + app.extensions["assets"].version)
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert 'addEventListener("fetch"' in response.get_data(as_text=True)
    response.close()


def test_pages_name_the_worker_with_the_current_version(client, app):
    html = client.get("/da/").get_data(as_text=True)
    version = app.extensions["assets"].version
    outbox = app.extensions["assets"].url_name("js/outbox.js")
    assert f'data-service-worker="/sw.js?v={version}&amp;outbox=/assets/{outbox}"' in html


def test_precache_lists_the_shell(client, app):
    body = client.get("/pwa/precache.json").get_json()
    assets = app.extensions["assets"]
    assert body["version"] == assets.version
    assert body["assets"] == [f"/assets/{assets.url_name(name)}" for name in SHELL]


@pytest.mark.parametrize("lang", LANGS)
def test_offline_page_in_each_language(client, lang):
    from tests.conftest import translated

    response = client.get(f"/{lang}/offline")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{LANGS[lang]}"' in html
    assert 'data-page="offline"' in html
    assert translated(lang, "No internet") in html
    # Pre-caching another language's offline page must not change her language.
    assert "Set-Cookie" not in response.headers


def test_html_css_and_scripts_are_compressed(client, make_group):
    make_group("skanderborg")
    page = client.get("/da/skanderborg/", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br"
    assert b"<!doctype html>" in brotli.decompress(page.data)
    assert "Accept-Encoding" in page.headers["Vary"]
    css_url = re.search(r'href="(/assets/css/[^"]+)"', brotli.decompress(page.data).decode()).group(
        1
    )
    css = client.get(css_url, headers={"Accept-Encoding": "gzip"})
    assert css.headers["Content-Encoding"] == "gzip"
    assert b"--brand" in gzip.decompress(css.data)
    plain = client.get("/da/skanderborg/")
    assert "Content-Encoding" not in plain.headers


def test_signed_in_pages_say_no_store_so_the_worker_skips_them(client, auth, make_user):
    make_user(username="amina")
    auth.login("amina")
    assert client.get("/da/desk/").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/sw.js?v=1", "/da/manifest.webmanifest", "/pwa/precache.json"])
def test_worker_manifest_and_precache_answer_304_when_unchanged(client, url):
    first = client.get(url, headers={"Accept-Encoding": "br"})
    etag = first.headers["ETag"]
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert "Set-Cookie" not in first.headers
