"""The public pages in da, en and ar."""

import re
from datetime import date, time

import pytest
from icalendar import Calendar

from tests.conftest import COPENHAGEN, translated
from webapp.schedule.models import CafeKind, CafeStatus, Group

LANGS = {"da": "ltr", "en": "ltr", "ar": "rtl"}
THURSDAY = {"da": "torsdag", "en": "Thursday", "ar": "الخميس"}
CLOCK = {"da": "15.00", "en": "15:00", "ar": "3:00"}


@pytest.fixture
def skanderborg(make_group, make_venue, make_cafe):
    group = make_group("skanderborg", name="Bydelsmødre Skanderborg")
    venue = make_venue(
        group,
        name="Kulturhuset",
        address="Adelgade 38, 8660 Skanderborg",
        latitude=56.04,
        longitude=9.93,
    )
    make_cafe(
        group,
        day=date(2026, 11, 26),
        venue=venue,
        offers=["eboks", "mitid"],
        kind=CafeKind.KNOWLEDGE,
        professional_role="health_visitor",
        texts={"da": {"topic": "Søvn og skærm"}, "ar": {"topic": "النوم والشاشات"}},
    )
    make_cafe(group, day=date(2026, 12, 3), venue=venue, status=CafeStatus.CANCELLED)
    make_cafe(group, day=date(2026, 12, 10), venue=venue)
    return group


def next_card(html: str) -> str:
    start = html.index('class="next-cafe"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("lang", LANGS)
def test_group_page_in_each_language(client, skanderborg, lang):
    response = client.get(f"/{lang}/skanderborg/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{LANGS[lang]}" ' in html
    card = next_card(html)
    assert THURSDAY[lang] in card
    assert CLOCK[lang] in card
    assert "Kulturhuset" in card and "Adelgade 38" in card
    assert "openstreetmap.org/?mlat=56.04&amp;mlon=9.93" in card
    assert translated(lang, "Knowledge café") in card
    assert translated(lang, "Help with e-Boks letters") in card
    assert translated(lang, "Help with MitID") in card
    assert translated(lang, "Help with phone calls") not in card
    assert translated(lang, "Visiting: %(who)s", who=translated(lang, "a health visitor")) in card
    assert translated(lang, "Children are welcome") in card
    assert 'id="quick-exit"' in html
    assert translated(lang, "Leave quickly") in html
    assert 'rel="manifest"' in html


def test_topic_in_her_language_with_danish_fallback(client, skanderborg):
    assert "النوم والشاشات" in next_card(client.get("/ar/skanderborg/").get_data(as_text=True))
    english = next_card(client.get("/en/skanderborg/").get_data(as_text=True))
    assert '<p class="topic" lang="da" dir="auto">Søvn og skærm</p>' in english


@pytest.mark.parametrize("lang", LANGS)
def test_cancelled_cafe_is_shown_as_cancelled(client, skanderborg, lang):
    html = client.get(f"/{lang}/skanderborg/").get_data(as_text=True)
    upcoming = html[html.index('id="upcoming"') :]
    assert upcoming.count("is-cancelled") == 1
    assert translated(lang, "Cancelled") in upcoming


def test_a_cancelled_next_cafe_leads_the_page(client, make_group, make_cafe):
    group = make_group("ishoj")
    make_cafe(group, day=date(2026, 11, 25), status=CafeStatus.CANCELLED)
    make_cafe(group, day=date(2026, 12, 9))
    html = client.get("/en/ishoj/").get_data(as_text=True)
    notice = html.index("notice-cancelled")
    assert notice < html.index('class="next-cafe"')
    assert "The café on Wednesday 25 November is cancelled." in html
    assert "Wednesday 9 December" in next_card(html)


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_group_is_a_translated_404(client, lang):
    response = client.get(f"/{lang}/no-such-group/")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert f'lang="{lang}" dir="{LANGS[lang]}"' in html
    assert translated(lang, "Page not found") in html
    assert 'id="quick-exit"' in html


def test_unknown_language_is_404(client, skanderborg):
    assert client.get("/xx/skanderborg/").status_code == 404
    assert client.get("/de/skanderborg/").status_code == 404  # not one of the twelve


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"),
    [
        (None, None, "/da/"),
        (None, "ar-EG,ar;q=0.9,en;q=0.5", "/ar/"),
        (None, "en-US", "/en/"),
        (None, "de,fr", "/da/"),
        (None, "so,fr", "/so/"),
        (None, "fa-AF,fa;q=0.9", "/fa/"),
        (None, "prs", "/fa/"),  # Dari's own code
        (None, "kmr,tr;q=0.5", "/ku/"),  # Kurmanji's own code
        (None, "uk-UA", "/uk/"),
        ("en", "ar", "/en/"),
        ("xx", "ar", "/ar/"),
    ],
)
def test_root_redirects_to_saved_then_browser_language(client, cookie, accept, expected):
    if cookie:
        client.set_cookie("lang", cookie)
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_visiting_a_language_saves_it(client, skanderborg):
    client.get("/ar/skanderborg/")
    assert client.get("/", headers={"Accept-Language": "da"}).headers["Location"] == "/ar/"


def test_chosen_group_is_remembered(client, skanderborg):
    assert client.get("/da/").status_code == 200
    client.get("/da/skanderborg/")
    response = client.get("/ar/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/ar/skanderborg/"
    change = client.get("/ar/?change=1")
    assert change.status_code == 200
    assert 'href="/ar/skanderborg/" aria-current="true"' in change.get_data(as_text=True)


def test_language_switcher_keeps_the_page(client, skanderborg):
    html = client.get("/da/skanderborg/").get_data(as_text=True)
    assert 'href="/ar/skanderborg/" lang="ar" dir="rtl"' in html
    assert 'href="/en/skanderborg/" lang="en" dir="ltr"' in html
    assert ">العربية<" in html


def test_cafe_page_and_its_calendar_file(client, skanderborg):
    html = client.get("/da/skanderborg/").get_data(as_text=True)
    cafe_path = re.search(r"/da/skanderborg/cafe/(\d+)", html).group(0)
    page = client.get(cafe_path)
    assert page.status_code == 200
    assert "Søvn og skærm" in page.get_data(as_text=True)

    ics = client.get(cafe_path + ".ics")
    assert ics.status_code == 200
    assert ics.mimetype == "text/calendar"
    assert "attachment" in ics.headers["Content-Disposition"]
    event = Calendar.from_ical(ics.data).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start.tzinfo.key == "Europe/Copenhagen"
    assert (start.date(), start.time()) == (date(2026, 11, 26), time(15))
    assert event.decoded("dtend").time() == time(17)
    assert "Adelgade 38" in str(event["location"])
    assert str(event["status"]) == "CONFIRMED"
    assert b"BEGIN:VTIMEZONE" in ics.data


def test_cafe_of_another_group_is_404(client, skanderborg, make_group, make_cafe):
    other = make_cafe(make_group("ballerup"), day=date(2026, 11, 30))
    assert client.get(f"/da/skanderborg/cafe/{other.id}").status_code == 404
    assert client.get(f"/da/skanderborg/cafe/{other.id}.ics").status_code == 404
    assert client.get(f"/da/ballerup/cafe/{other.id}").status_code == 200


def test_group_page_materialises_series(client, make_group, make_venue, app):
    from webapp.extensions import db
    from webapp.schedule.models import Series
    from webapp.schedule.recurrence import weekly_rule

    group = make_group("skanderborg")
    venue = make_venue(group)
    db.session.add(
        Series(
            group_id=group.id,
            venue_id=venue.id,
            rule=weekly_rule(3),
            first_day=date(2026, 11, 1),
            starts=time(15),
            ends=time(17),
            kind=CafeKind.CONVERSATION,
            offers=["eboks"],
            texts={},
        )
    )
    db.session.commit()
    html = client.get("/en/skanderborg/").get_data(as_text=True)
    assert "Thursday 26 November" in next_card(html)
    assert "Thursday 3 December" in html[html.index('id="upcoming"') :]


def test_show_more_is_an_htmx_fragment_and_a_plain_link(client, make_group, make_cafe):
    group = make_group("skanderborg")
    for day in range(1, 15):
        make_cafe(group, day=date(2026, 12, day))
    page = client.get("/da/skanderborg/").get_data(as_text=True)
    assert page.count('class="cafe-row') == 8
    assert 'hx-get="/da/skanderborg/?more=16"' in page

    fragment = client.get(
        "/da/skanderborg/?more=16", headers={"HX-Request": "true", "HX-Target": "upcoming"}
    )
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="upcoming"')
    assert "<html" not in body
    assert body.count('class="cafe-row') == 13
    assert {"HX-Request", "HX-Target", "HX-History-Restore-Request"} <= set(fragment.vary)

    for headers in (
        {"HX-Request": "true", "HX-Target": "upcoming", "HX-History-Restore-Request": "true"},
        {"HX-Request": "true", "HX-Target": "upcoming", "HX-Boosted": "true"},
    ):
        full = client.get("/da/skanderborg/?more=16", headers=headers).get_data(as_text=True)
        assert full.startswith("<!doctype html>")


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize("lang", LANGS)
def test_manifest_per_language(client, lang):
    body = client.get(f"/{lang}/manifest.webmanifest").get_json()
    assert body["lang"] == lang and body["dir"] == LANGS[lang]
    assert body["start_url"] == f"/{lang}/"
    assert body["display"] == "standalone"


def test_security_headers_on_public_pages(client, skanderborg):
    headers = client.get("/da/skanderborg/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers
    https = client.get("/da/skanderborg/", base_url="https://localhost")
    assert https.headers["Strict-Transport-Security"].startswith("max-age=")


def test_scripts_styles_and_pictures_carry_only_the_headers_they_use(app, client, skanderborg):
    assets = app.extensions["assets"]
    for name in ("js/app.js", "css/app.css", "icons/icon-192.png"):
        headers = client.get(
            f"/assets/{assets.url_name(name)}", base_url="https://localhost"
        ).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        assert "Content-Security-Policy" not in headers and "X-Frame-Options" not in headers
    # Documents and workers keep them all; so does SVG, a document when opened by itself.
    for path in ("/sw.js", f"/assets/{assets.url_name('icons/icon.svg')}", "/da/offline"):
        assert "frame-ancestors 'none'" in client.get(path).headers["Content-Security-Policy"]


def test_no_inline_script_or_style_in_pages(client, skanderborg):
    html = client.get("/ar/skanderborg/").get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert " style=" not in html and "<style" not in html
    assert re.findall(r"<[^>]+\son[a-z]+=", html) == []


@pytest.mark.parametrize("slug", ["login", "logout", "desk", "admin", "Skanderborg", "a b", ""])
def test_a_group_slug_cannot_shadow_the_apps_paths(app, slug):
    with pytest.raises(ValueError):
        Group(slug=slug, name="x", municipality="y")


def test_times_on_the_page_do_not_move_with_daylight_saving(client, make_group, make_cafe, app):
    group = make_group("skanderborg")
    make_cafe(group, day=date(2027, 3, 25))  # winter time
    make_cafe(group, day=date(2027, 4, 1))  # summer time
    html = client.get("/en/skanderborg/?more=16").get_data(as_text=True)
    assert html.count("15:00</time>–<time") == 2
    assert COPENHAGEN.key == "Europe/Copenhagen"


def test_the_cafe_text_in_another_language_keeps_her_interface(client, skanderborg):
    html = client.get("/ar/skanderborg/").get_data(as_text=True)
    cafe_id = re.search(r"/ar/skanderborg/cafe/(\d+)", html).group(1)
    page = client.get(f"/ar/skanderborg/cafe/{cafe_id}?content=da").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page
    card = page[page.index('class="content-in"') :]
    assert card.startswith('class="content-in" lang="da" dir="ltr"')
    assert translated("da", "Knowledge café") in card and "Søvn og skærm" in card
    assert "torsdag" in card
    back = translated("ar", "Back to %(language)s", language="العربية")
    assert back in page
    # Her own language again, and a language that is not one of the twelve, is her page.
    for content in ("ar", "de", "<script>"):
        plain = client.get(f"/ar/skanderborg/cafe/{cafe_id}?content={content}")
        assert 'class="content-in"' not in plain.get_data(as_text=True)


def test_read_aloud_says_day_time_place_and_help(app, skanderborg):
    from webapp.i18n import in_language
    from webapp.schedule.models import Cafe
    from webapp.schedule.presenters import spoken_summary

    cafe = db_first_cafe()
    with in_language("da"):
        said = spoken_summary(cafe)
    assert said.startswith("torsdag den 26. november, fra klokken 15.00 til 17.00.")
    assert "Kulturhuset, Adelgade 38, 8660 Skanderborg" in said
    assert "Hjælp med breve i e-Boks, Hjælp med MitID" in said
    assert "Søvn og skærm" not in said  # essentials only
    with in_language("ar"):
        assert "الخميس" in spoken_summary(cafe)
    assert isinstance(cafe, Cafe)


def db_first_cafe():
    from webapp.extensions import db
    from webapp.schedule.models import Cafe

    return db.session.scalar(db.select(Cafe).order_by(Cafe.starts_at))
