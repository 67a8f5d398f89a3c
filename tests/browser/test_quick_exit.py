"""The quick exit in real Chromium, as an outside security test found it wanting: Shift typed
for capitals must not count, the exit comes first in the tab order, and on a phone it stays
within reach at any scroll position while the keyboard hint is shown only with a keyboard."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import EXIT_URL, GROUP_SLUG
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
