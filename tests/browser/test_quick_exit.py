"""The quick exit in real Chromium, as an outside security test found it wanting: Shift typed
for capitals must not count, the exit comes first in the tab order, and on a phone it stays
within reach at any scroll position while the keyboard hint is shown only with a keyboard."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import EXIT_URL, GROUP_SLUG
from tests.browser.test_languages import PUBLIC_PAGES, open_public_page
from tests.browser.test_public_pages import route_exit

LANGUAGES = ["da", "ar"]
PHONES = [{"width": 390, "height": 844}, {"width": 320, "height": 640}]
DESKTOP = {"width": 1280, "height": 800}
SENTENCE = "Hej, MitID virker ikke"


@pytest.fixture
def open_page(browser):
    """open_page(viewport, touch=True) -> a fresh page in its own context (a phone by default)."""
    contexts = []

    def make(viewport, touch=True):
        context = browser.new_context(viewport=viewport, is_mobile=touch, has_touch=touch)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        route_exit(page)
        return page

    yield make
    for context in contexts:
        context.close()


def type_like_a_person(page, text):
    """Real key events, a capital typed with Shift held down as on any keyboard."""
    for character in text:
        if character.isupper():
            page.keyboard.down("Shift")
            page.keyboard.press(f"Key{character}")
            page.keyboard.up("Shift")
        else:
            page.keyboard.press(character)


def open_help_form(page, base, lang):
    page.goto(f"{base}/{lang}/{GROUP_SLUG}/ticket")
    page.wait_for_load_state("load")  # app.js is deferred: its key handler is on by now


# 1. Shift for capitals, and Shift inside a field, never count towards Shift x3.


@pytest.mark.parametrize("lang", LANGUAGES)
def test_typing_capitals_in_the_note_does_not_leave(live_server, group_with_cafes, open_page, lang):
    page = open_page(PHONES[0])
    open_help_form(page, live_server, lang)
    form_url = page.url
    page.locator("#note").click()

    type_like_a_person(page, SENTENCE)
    page.wait_for_timeout(300)

    assert page.url == form_url, "typing a sentence with capitals left the page"
    expect(page.locator("#note")).to_have_value(SENTENCE)


def test_shift_alone_in_a_field_does_not_leave(live_server, group_with_cafes, open_page):
    page = open_page(PHONES[1])
    open_help_form(page, live_server, "da")
    form_url = page.url
    page.locator("#first_name").click()
    page.keyboard.type("Amal")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_timeout(300)

    assert page.url == form_url
    expect(page.locator("#first_name")).to_have_value("Amal")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_shift_alone_three_times_outside_a_field_still_leaves(
    live_server, group_with_cafes, open_page, lang
):
    page = open_page(PHONES[0])
    open_help_form(page, live_server, lang)
    page.locator("#note").click()
    type_like_a_person(page, SENTENCE)
    page.locator("h1").click()  # out of the field

    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    expect(page).to_have_title("Weather")


def test_shift_tab_does_not_count(live_server, group_with_cafes, open_page):
    page = open_page(PHONES[0])
    page.goto(f"{live_server}/da/{GROUP_SLUG}/")
    page.wait_for_load_state("load")
    group_url = page.url
    for _ in range(4):
        page.keyboard.press("Tab")
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    page.wait_for_timeout(300)
    assert page.url == group_url, "moving back with Shift+Tab left the page"


# 2. The exit control comes right after the skip link in the tab order.


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement; return e.id || e.className || e.tagName; }"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", ["/", "/ticket"])
def test_exit_is_first_after_the_skip_link(live_server, group_with_cafes, open_page, lang, path):
    page = open_page(PHONES[0])
    page.goto(f"{live_server}/{lang}/{GROUP_SLUG}{path}")
    page.wait_for_load_state("load")

    page.keyboard.press("Tab")
    assert focused(page) == "skip-link"
    page.keyboard.press("Tab")
    assert focused(page) == "quick-exit", "the second Tab must reach the quick exit"

    page.keyboard.press("Enter")
    page.wait_for_url(EXIT_URL)


# 3. Within reach at any scroll position on a phone; the keyboard hint only with a keyboard.


def assert_in_reach(page):
    # What the phone shows: wider than the configured viewport when content too wide for it
    # made the phone zoom out (the café rows do at 320 px with text at 200 %).
    viewport = page.evaluate("() => ({width: innerWidth, height: innerHeight})")
    exit_box = page.locator("#quick-exit").bounding_box()
    assert exit_box is not None, "the quick exit is not rendered"
    assert exit_box["y"] >= 0, f"the quick exit is above the viewport: {exit_box}"
    assert exit_box["y"] + exit_box["height"] <= viewport["height"], f"below: {exit_box}"
    assert exit_box["x"] >= 0, f"the quick exit starts left of the viewport: {exit_box}"
    assert exit_box["x"] + exit_box["width"] <= viewport["width"], f"right of it: {exit_box}"


def assert_footer_not_covered(page):
    """At the bottom of the page the last link is reachable: nothing lies over it."""
    covered = page.evaluate(
        """() => {
          const link = document.querySelector(".site-footer a:last-of-type");
          const box = link.getBoundingClientRect();
          const x = box.left + box.width / 2, y = box.top + box.height / 2;
          const top = document.elementFromPoint(x, y);
          if (top && (top === link || link.contains(top))) return "";
          return `${top ? top.outerHTML : "nothing"} at ${x},${y} (${location.pathname})`;
        }"""
    )
    assert covered == "", f"the footer's link is covered by {covered}"


def scroll_to_bottom(page):
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.scrollY") > 0, "the page is too short to scroll"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("viewport", PHONES, ids=["390", "320"])
def test_exit_in_reach_at_the_bottom_of_the_group_page(
    live_server, group_with_cafes, open_page, lang, viewport
):
    page = open_page(viewport)
    page.goto(f"{live_server}/{lang}/{GROUP_SLUG}/")
    page.wait_for_load_state("load")
    for fraction in (0.25, 0.5, 0.75):
        page.evaluate(
            "(f) => window.scrollTo(0, document.documentElement.scrollHeight * f)", fraction
        )
        page.wait_for_timeout(50)
        assert_in_reach(page)
    scroll_to_bottom(page)

    assert_in_reach(page)
    assert_footer_not_covered(page)
    page.locator("#quick-exit").click()  # Playwright checks that nothing else takes the tap
    page.wait_for_url(EXIT_URL)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_exit_in_reach_at_the_bottom_of_every_public_page(
    live_server, group_with_cafes, open_page, lang
):
    _group, cafes = group_with_cafes
    page = open_page(PHONES[1])
    problems = []
    for name, _status in PUBLIC_PAGES:
        open_public_page(page, live_server, lang, name, cafes[0].id)
        for _ in range(2):  # again, once a late script or font has made the page longer
            page.wait_for_timeout(100)
            page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        try:
            assert_in_reach(page)
            if "menu open" not in name:  # the open menu lies over the footer, as it should
                assert_footer_not_covered(page)
        except AssertionError as error:
            problems.append(f"{lang}: {name}: {str(error).splitlines()[0]}")
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_exit_in_reach_with_text_zoomed_200_percent(live_server, group_with_cafes, open_page, lang):
    page = open_page(PHONES[1])
    page.goto(f"{live_server}/{lang}/{GROUP_SLUG}/")
    page.wait_for_load_state("load")
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    for fraction in (0.5, 1.0):
        page.evaluate(
            "(f) => window.scrollTo(0, document.documentElement.scrollHeight * f)", fraction
        )
        page.wait_for_timeout(100)
        assert_in_reach(page)
    assert_footer_not_covered(page)
    page.locator("#quick-exit").click()
    page.wait_for_url(EXIT_URL)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_hint_hidden_on_a_touch_phone(live_server, group_with_cafes, open_page, lang):
    page = open_page(PHONES[0])
    page.goto(f"{live_server}/{lang}/{GROUP_SLUG}/")
    expect(page.locator(".quick-exit-hint")).to_be_hidden()


def test_keyboard_hint_shown_with_a_keyboard_and_mouse(live_server, group_with_cafes, open_page):
    page = open_page(DESKTOP, touch=False)
    page.goto(f"{live_server}/da/{GROUP_SLUG}/")
    expect(page.locator(".quick-exit-hint")).to_be_visible()
