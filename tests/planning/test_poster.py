"""The poster without HTTP: the next cafés, at most three languages, the QR code."""

import re
from datetime import date, time
from xml.etree import ElementTree

import segno
from werkzeug.datastructures import MultiDict

from tests.conftest import FIXED_NOW
from webapp.planning.poster import poster_for, qr_svg
from webapp.planning.team_forms import check_languages
from webapp.schedule.models import CafeStatus


def test_the_next_four_cafes_that_are_held(make_group, make_cafe, make_venue):
    group = make_group()
    venue = make_venue(group, name="Biblioteket")
    days = [date(2026, 11, day) for day in (19, 26)] + [date(2026, 12, d) for d in (3, 10, 17, 24)]
    cafes = [make_cafe(group, day=day, venue=venue, offers=["phone"]) for day in days]
    cafes[2].status = CafeStatus.CANCELLED
    cafes[3].offers = ["mitid", "eboks"]
    poster = poster_for(group, ["da"], FIXED_NOW)
    assert [cafe.id for cafe in poster.cafes] == [cafes[i].id for i in (1, 3, 4, 5)]
    assert poster.one_venue and poster.venues[0].name == "Biblioteket"
    assert poster.offers == ["eboks", "phone", "mitid"]  # the order of Offer
    assert poster.refreshments and poster.children_welcome


def test_two_venues_are_both_named(make_group, make_cafe, make_venue):
    group = make_group()
    make_cafe(group, day=date(2026, 11, 26), venue=make_venue(group, name="Skolen"))
    make_cafe(group, day=date(2026, 11, 30), start=time(10), end=time(12))
    poster = poster_for(group, ["da"], FIXED_NOW)
    assert [venue.name for venue in poster.venues] == ["Skolen", "Beboerhuset"]
    assert not poster.one_venue


def test_at_most_three_languages_default_the_page_language():
    chosen = MultiDict([("languages", code) for code in ("ar", "so", "ar", "xx", "da")])
    assert check_languages(chosen, "en") == ({"languages": ["ar", "so", "da"]}, {})
    data, errors = check_languages(
        MultiDict([("languages", c) for c in ("ar", "so", "da", "tr")]), "en"
    )
    assert data == {"languages": ["ar", "so", "da", "tr"]} and "languages" in errors
    assert check_languages(MultiDict(), "uk") == ({"languages": ["uk"]}, {})


def dark_modules_drawn(svg: str, border: int = 2) -> set[tuple[int, int]]:
    """Read back which modules segno's path draws ("M2 2.5h7m1 0h6..."): (row, column)."""
    path = ElementTree.fromstring(svg).find("{*}path")
    if path is None:
        path = ElementTree.fromstring(svg).find("path")
    tokens = re.findall(r"[Mmh]|-?[\d.]+", path.attrib["d"])
    x = y = 0.0
    dark = set()
    index = 0
    while index < len(tokens):
        command = tokens[index]
        if command in "Mm":
            dx, dy = float(tokens[index + 1]), float(tokens[index + 2])
            x, y = (dx, dy) if command == "M" else (x + dx, y + dy)
            index += 3
        else:
            length = int(float(tokens[index + 1]))
            dark.update((int(y) - border, int(x) + step - border) for step in range(length))
            x += length
            index += 2
    return dark


def dark_modules_of(url: str) -> set[tuple[int, int]]:
    matrix = segno.make(url, error="m").matrix
    return {(r, c) for r, row in enumerate(matrix) for c, value in enumerate(row) if value}


def test_the_qr_code_opens_the_group_page_in_the_first_language(make_group):
    group = make_group("skanderborg")
    poster = poster_for(group, ["ar", "so", "da", "tr"], FIXED_NOW)
    assert poster.languages == ["ar", "so", "da"]
    assert poster.page_url == "http://localhost/ar/skanderborg/"
    # No QR decoder is installed: the drawing must be exactly the matrix segno makes for
    # that URL (deterministic), and not the matrix of another URL.
    drawn = dark_modules_drawn(poster.qr)
    assert drawn == dark_modules_of("http://localhost/ar/skanderborg/")
    assert drawn != dark_modules_of("http://localhost/da/skanderborg/")
    assert poster.qr == qr_svg("http://localhost/ar/skanderborg/")


def test_the_qr_svg_is_allowed_by_the_content_security_policy():
    svg = ElementTree.fromstring(qr_svg("http://localhost/da/skanderborg/"))
    assert svg.tag.endswith("svg") and "viewBox" in svg.attrib
    assert "width" not in svg.attrib  # CSS sizes it
    assert all("style" not in element.attrib for element in svg.iter())
    assert not any(element.tag.endswith("style") for element in svg.iter())
