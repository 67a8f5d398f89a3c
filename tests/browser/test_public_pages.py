"""The public pages in a real phone-sized Chromium: layout, RTL, quick exit, htmx, no-JS."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CANCELLED_DAY, EXIT_URL, GROUP_SLUG, PHONE
from tests.conftest import translated

LANGUAGES = [("da", "ltr"), ("ar", "rtl")]
MORE_LINK = "#upcoming a[hx-get]"


def route_exit(page):
    """Answer the quick-exit site locally: the tests never leave the machine."""
    page.route(
        "https://exit.example/**",
        lambda route: route.fulfill(body="<title>Weather</title>neutral", content_type="text/html"),
    )


def collect_errors(page):
    """Console errors (CSP violations show up here) and uncaught page errors, as they come."""
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    return errors


def box(page, selector):
    result = page.locator(selector).first.bounding_box()
    assert result is not None, f"{selector} is not rendered"
    return result


def centre_x(page, selector):
    bounds = box(page, selector)
    return bounds["x"] + bounds["width"] / 2


@pytest.mark.parametrize(("lang", "direction"), LANGUAGES)
def test_next_cafe_is_in_the_first_viewport(live_server, group_with_cafes, page, lang, direction):
    page.goto(f"{live_server}/{lang}/{GROUP_SLUG}/")

    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction)
    assert page.evaluate("window.scrollY") == 0

    card = page.locator(".next-cafe .cafe-card")
    for part in (".when", ".time"):
        element = card.locator(part)
        expect(element).to_be_visible()
        bounds = element.bounding_box()
        assert bounds is not None
        assert 0 <= bounds["y"], f"{part} starts above the viewport: {bounds}"
        assert bounds["y"] + bounds["height"] <= PHONE["height"], (
            f"{part} ends below the first {PHONE['height']}px: {bounds}"
        )


@pytest.mark.parametrize(("lang", "direction"), LANGUAGES)
def test_layout_follows_reading_direction(live_server, group_with_cafes, page, lang, direction):
    page.goto(f"{live_server}/{lang}/{GROUP_SLUG}/")

    card = page.locator(".next-cafe .cafe-card")
    assert card.evaluate("element => getComputedStyle(element).direction") == direction

    # At 390px the quick exit wraps onto a second header row, so compare horizontal centres:
    # mirrored, the brand's centre is right of the others' in Arabic and left of them in Danish.
    brand = centre_x(page, ".site-header .brand")
    for other in ("#quick-exit", ".language-menu"):
        if direction == "rtl":
            assert brand > centre_x(page, other), f"in {lang} .brand should be right of {other}"
        else:
            assert brand < centre_x(page, other), f"in {lang} .brand should be left of {other}"

    # The brand sits on the inline-start edge of the header: the right edge in Arabic.
    header = box(page, ".site-header")
    brand_box = box(page, ".site-header .brand")
    gap_left = brand_box["x"] - header["x"]
    gap_right = header["x"] + header["width"] - (brand_box["x"] + brand_box["width"])
    if direction == "rtl":
        assert gap_right < gap_left
    else:
        assert gap_left < gap_right


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_public_pages_have_no_console_or_page_errors(live_server, group_with_cafes, page, lang):
    _group, cafes = group_with_cafes
    errors = collect_errors(page)
    paths = [
        f"/{lang}/",
        f"/{lang}/{GROUP_SLUG}/",
        f"/{lang}/{GROUP_SLUG}/cafe/{cafes[0].id}",
        f"/{lang}/?change=1",
    ]
    for path in paths:
        response = page.goto(f"{live_server}{path}")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        page.wait_for_load_state("load")
        # A click on the language menu runs the page's handlers (and any inline-style CSP trap).
        page.locator(".language-menu summary").click()
        expect(page.locator(".language-menu ul")).to_be_visible()
    assert errors == []


def test_quick_exit_click_replaces_the_history_entry(live_server, group_with_cafes, page):
    route_exit(page)
    # Page A is the choose-group page. "?change=1": plain /da/ would redirect to the group
    # remembered in the cookie once the group page has been seen.
    choose_group_url = f"{live_server}/da/?change=1"
    page.goto(choose_group_url)
    page.locator(f'a.group-link[href$="/{GROUP_SLUG}/"]').click()
    expect(page).to_have_url(f"{live_server}/da/{GROUP_SLUG}/")
    # app.js is deferred: before DOMContentLoaded the link is still a plain link.
    page.wait_for_load_state("domcontentloaded")

    page.locator("#quick-exit").click()
    page.wait_for_url(EXIT_URL)
    expect(page).to_have_title("Weather")

    page.go_back()
    assert page.url == choose_group_url, "back must skip the group page the exit replaced"
    page.go_forward()
    assert page.url == EXIT_URL


def test_quick_exit_by_pressing_shift_three_times(live_server, group_with_cafes, page):
    route_exit(page)
    page.goto(f"{live_server}/ar/{GROUP_SLUG}/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    expect(page).to_have_title("Weather")


def test_two_shift_presses_do_not_leave(live_server, group_with_cafes, page):
    route_exit(page)
    group_url = f"{live_server}/da/{GROUP_SLUG}/"
    page.goto(group_url)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == group_url
    expect(page.locator(".next-cafe .cafe-card")).to_be_visible()


def test_show_more_swaps_in_more_cafes_with_htmx(live_server, group_with_cafes, page):
    _group, cafes = group_with_cafes
    errors = collect_errors(page)
    group_url = f"{live_server}/da/{GROUP_SLUG}/"
    page.goto(group_url)
    rows = page.locator("#upcoming .cafe-row")
    expect(rows).to_have_count(8)
    # Wait for htmx to be loaded and processed (the scripts are deferred).
    page.wait_for_function("() => window.htmx !== undefined")

    with page.expect_response(re.compile(r"\?more=16$")) as response_info:
        page.locator(MORE_LINK).click()
    assert response_info.value.request.headers.get("hx-request") == "true"

    expect(rows).to_have_count(len(cafes) - 1)
    expect(page.locator("#upcoming")).to_have_count(1)
    expect(page.locator(MORE_LINK)).to_have_count(0)
    assert page.url == group_url
    # The rest of the page is still there: only #upcoming was swapped.
    expect(page.locator(".next-cafe .cafe-card .when")).to_be_visible()
    assert errors == []


def test_show_more_works_without_javascript(live_server, group_with_cafes, make_page):
    _group, cafes = group_with_cafes
    page = make_page(java_script_enabled=False)
    page.goto(f"{live_server}/da/{GROUP_SLUG}/")
    rows = page.locator("#upcoming .cafe-row")
    expect(rows).to_have_count(8)

    page.locator(MORE_LINK).click()
    expect(page).to_have_url(f"{live_server}/da/{GROUP_SLUG}/?more=16")
    expect(rows).to_have_count(len(cafes) - 1)
    expect(page.locator(".next-cafe .cafe-card .when")).to_be_visible()


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_next_cafe_shows_without_javascript(live_server, group_with_cafes, make_page, lang):
    _group, cafes = group_with_cafes
    page = make_page(java_script_enabled=False)
    page.goto(f"{live_server}/{lang}/{GROUP_SLUG}/")

    when = page.locator(".next-cafe .cafe-card .when")
    expect(when).to_be_visible()
    expect(when.locator("time")).to_have_attribute("datetime", f"{cafes[0].starts_at.isoformat()}Z")
    expect(page.locator(".next-cafe .cafe-card .time")).to_be_visible()
    # The quick exit is a plain link to the exit site when no script runs.
    expect(page.locator("#quick-exit")).to_have_attribute("href", EXIT_URL)


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_cancelled_cafe_is_shown_as_cancelled(live_server, group_with_cafes, page, lang):
    _group, cafes = group_with_cafes
    cancelled = next(cafe for cafe in cafes if cafe.status == "cancelled")
    assert cancelled.starts_at.date() == CANCELLED_DAY
    cancelled_label = translated(lang, "Cancelled")
    page.goto(f"{live_server}/{lang}/{GROUP_SLUG}/")

    row = page.locator(f'#upcoming a.cafe-row[href$="/cafe/{cancelled.id}"]')
    expect(row).to_be_visible()
    expect(row).to_have_class(re.compile(r"\bis-cancelled\b"))
    badge = row.locator(".badge-cancelled")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text(cancelled_label)
    # Only that one is marked.
    expect(page.locator("#upcoming .cafe-row.is-cancelled")).to_have_count(1)
    expect(page.locator(".next-cafe .cafe-card.is-cancelled")).to_have_count(0)
