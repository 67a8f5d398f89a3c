"""Each page loads only the scripts it uses, every one fingerprinted; the pages the service
worker keeps for offline use find each of their scripts in its pre-cache."""

import re

import pytest

from webapp.pwa.assets import SHELL

EVERY_PAGE = ["js/htmx-2.0.11.min.js", "js/app.js"]
HELP_DESK = {"js/ask.js", "js/remember-ticket.js", "js/walk-in.js", "js/outbox.js"}


def scripts(client, url, app):
    """The page's scripts, by asset name, in document order."""
    response = client.get(url)
    assert response.status_code == 200, url
    names = {asset.url_name: name for name, asset in app.extensions["assets"].by_name.items()}
    sources = re.findall(r'<script src="/assets/([^"]+)"', response.get_data(as_text=True))
    return [names[source] for source in sources]


@pytest.fixture
def public_pages(make_group, make_cafe):
    """{name: url} of the public pages the service worker keeps."""
    group = make_group("skanderborg")
    cafe = make_cafe(group)
    return {
        "start": "/da/?change=1",
        "group": "/da/skanderborg/",
        "cafe": f"/da/skanderborg/cafe/{cafe.id}",
        "offline": "/da/offline",
    }


def test_the_group_page_loads_its_own_scripts_and_no_help_desk_code(client, app, public_pages):
    found = scripts(client, public_pages["group"], app)
    assert sorted(found) == sorted(
        EVERY_PAGE + ["js/push.js", "js/read-aloud.js", "js/install.js", "js/my-ticket.js"]
    )
    assert not HELP_DESK & set(found)


@pytest.mark.parametrize(
    ("page", "own"),
    [
        ("start", ["js/install.js"]),
        ("cafe", ["js/read-aloud.js"]),
        ("offline", ["js/saved-pages.js"]),
    ],
)
def test_each_public_page_loads_what_it_uses(client, app, public_pages, page, own):
    assert sorted(scripts(client, public_pages[page], app)) == sorted(EVERY_PAGE + own)


def test_every_script_of_an_offline_page_is_precached(client, app, public_pages):
    precached = set(client.get("/pwa/precache.json").get_json()["assets"])
    for url in public_pages.values():
        for name in scripts(client, url, app):
            assert name in SHELL, (url, name)
            assert f"/assets/{app.extensions['assets'].url_name(name)}" in precached


def test_the_ticket_form_loads_the_help_desk_form_script(client, app, public_pages):
    assert scripts(client, "/da/skanderborg/ticket", app) == [
        "js/htmx-2.0.11.min.js",
        "js/ask.js",
        "js/app.js",
    ]


def test_the_report_and_the_poster_share_one_print_script(app):
    names = app.extensions["assets"].by_name
    assert "js/print.js" in names
    assert "js/reports.js" not in names and "js/team.js" not in names
    for template in ("reports/report.html", "planning/poster.html"):
        source = app.jinja_env.loader.get_source(app.jinja_env, template)[0]
        assert re.findall(r"asset_url\('(js/[^']+)'\)", source) == ["js/print.js"], template


def test_no_two_scripts_are_the_same_file(app):
    bodies = [a.body for n, a in app.extensions["assets"].by_name.items() if n.endswith(".js")]
    assert len(bodies) == len(set(bodies))
