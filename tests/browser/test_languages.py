"""All twelve languages in a real 320 px phone: every public page says which language and
direction it is in, fits the screen, and shows no English or Danish interface text where
another language was asked for. Also: the read-aloud button, and the café card shown in
another language than the page."""

import re
from functools import cache

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import GROUP_SLUG
from tests.conftest import translated
from webapp.config import ROOT
from webapp.i18n import BY_CODE, enabled_codes

SMALL_PHONE = {"width": 320, "height": 640}
TRANSLATIONS = ROOT / "translations"
# Shorter strings ("Café", "Minutes") are too likely to occur inside other words or names.
MIN_LENGTH = 10
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")

# (name, expected HTTP status) of each public page, in the order they are visited.
PUBLIC_PAGES = [
    ("choose-group page", 200),
    ("choose-group page, language menu open", 200),
    ("group page", 200),
    ("café page", 200),
    ("café page, card in another language", 200),
    ("help-request form", 200),
    ("help-request form sent empty", 422),
    ("ticket status page", 200),
    ("offline page", 200),
    ("sign-in page", 200),
    ("404 page", 404),
]


# ---------------------------------------------------------------------------------------------
# Visiting the pages


@pytest.fixture
def small_page(browser):
    """A 320x640 phone (the smallest still sold). Service workers are blocked so that every
    page comes from the server as it is now, never from a copy the worker saved."""
    context = browser.new_context(
        viewport=SMALL_PHONE, is_mobile=True, has_touch=True, service_workers="block"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def other_content_language(lang: str) -> str:
    """The café card is shown in Danish (a volunteer shows her the Danish text); on a Danish
    page, in Arabic."""
    return "ar" if lang == "da" else "da"


def open_public_page(page, base: str, lang: str, name: str, cafe_id: int) -> tuple[int, str]:
    """Go to the page `name` (one of PUBLIC_PAGES) in `lang` the way a visitor would; return
    the HTTP status and the URL of the document shown (the ticket page takes its private
    address out of the address bar, so page.url is not it)."""
    group = f"{base}/{lang}/{GROUP_SLUG}"
    plain = {
        "choose-group page": f"{base}/{lang}/?change=1",
        "group page": f"{group}/",
        "café page": f"{group}/cafe/{cafe_id}",
        "café page, card in another language": (
            f"{group}/cafe/{cafe_id}?content={other_content_language(lang)}"
        ),
        "help-request form": f"{group}/ticket",
        "offline page": f"{base}/{lang}/offline",
        "sign-in page": f"{base}/{lang}/login",
        "404 page": f"{base}/{lang}/no-such-group/",
    }
    if name == "choose-group page, language menu open":
        response = page.goto(plain["choose-group page"])
        page.wait_for_load_state("load")
        page.locator(".language-menu summary").tap()
        expect(page.locator(".language-menu ul")).to_be_visible()
        return response.status, response.url
    if name in plain:
        response = page.goto(plain[name])
        page.wait_for_load_state("load")
        return response.status, response.url

    # The form pages: filled in (or not) and sent by tapping the button, so the browser sends
    # Sec-Fetch-Site: same-origin as for her.
    page.goto(f"{group}/ticket")
    page.wait_for_load_state("load")
    if name == "help-request form sent empty":
        for box in page.locator("#ask-form input:checked").all():
            box.uncheck()  # the page's own language is ticked in advance
    elif name == "ticket status page":
        page.check("input[name=kind][value=eboks]")
        page.check("input[name=contact][value=at_cafe]")
        page.fill("#first_name", "Amal")
    else:
        raise ValueError(name)
    with page.expect_navigation() as navigation:
        page.locator("#ask-submit").tap()
    page.wait_for_load_state("load")
    if name == "ticket status page":
        expect(page.locator(".ticket-number")).to_be_visible()
    else:
        expect(page.locator("#ask-form .error").first).to_be_visible()
    return navigation.value.status, navigation.value.url


# ---------------------------------------------------------------------------------------------
# What the tests look at on a page

# What sticks out of a `width` px wide screen. Elements drawn wholly beyond the inline-start
# edge (the skip link until it has focus) cannot be scrolled to and are the usual way of hiding
# things: not overflow. Whatever is inside a box that clips or scrolls (overflow other than
# visible) is judged by that box. "causes" are the likely culprits, named first: text that runs
# out of its own element (a long word, white-space: nowrap) and elements wider than their
# parent; once the page is wider than the screen everything else may stick out because of them.
OVERFLOW_SCRIPT = """
(width) => {
  const rtl = getComputedStyle(document.documentElement).direction === "rtl";
  const describe = (element) => {
    let text = element.tagName.toLowerCase();
    if (element.id) text += "#" + element.id;
    for (const name of element.classList) text += "." + name;
    const parent = element.parentElement;
    const where = parent && parent !== document.body ? describe(parent) + " > " : "";
    return where + text;
  };
  const clippedByAncestor = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const hiddenOffStart = (box) => (rtl ? box.left >= width : box.right <= 0);
  const outside = (box) => box.right > width + 0.5 || box.left < -0.5;
  const beyond = (inner, outer) => inner.right > outer.right + 1 || inner.left < outer.left - 1;
  const sticking = new Set();
  const causes = new Set();
  for (const element of document.body.querySelectorAll("*")) {
    if (!element.checkVisibility({ checkVisibilityCSS: true })) continue;
    const box = element.getBoundingClientRect();
    if ((box.width === 0 && box.height === 0) || hiddenOffStart(box)) continue;
    if (clippedByAncestor(element)) continue;
    if (outside(box)) sticking.add(element);
    const parent = element.parentElement;
    const inFlow = !["absolute", "fixed"].includes(getComputedStyle(element).position);
    if (inFlow && parent !== document.body && beyond(box, parent.getBoundingClientRect())) {
      causes.add(element);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.data.trim() || element.closest("script, style, template")) continue;
    if (!element.checkVisibility({ checkVisibilityCSS: true })) continue;
    if (getComputedStyle(element).overflowX !== "visible" || clippedByAncestor(element)) continue;
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width === 0 || hiddenOffStart(box)) continue;
    if (outside(box)) sticking.add(element);
    if (beyond(box, element.getBoundingClientRect())) causes.add(element);
  }
  // Name the innermost: their ancestors stick out only because they do.
  const innermost = (elements) => [...elements].filter(
    (element) => ![...elements].some((other) => other !== element && element.contains(other))
  );
  const report = (element) => {
    const box = element.getBoundingClientRect();
    const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
    return `${describe(element)} (box x=${Math.round(box.left)}..${Math.round(box.right)})`
      + (text ? ` "${text}"` : "");
  };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    causes: innermost(causes).slice(0, 5).map(report),
    sticking: innermost(sticking).slice(0, 5).map(report),
  };
}
"""

# The interface text a visitor sees, without what is marked as being in another language
# (coordinator-written Danish topics and directions carry lang="da" on purpose; the language
# names in the menus carry their own lang). The title and aria-labels are interface text too.
VISIBLE_TEXT_SCRIPT = """
(pageLang) => {
  const inPageLanguage = (element) => {
    const owner = element.closest("[lang]");
    return !owner || owner.getAttribute("lang").toLowerCase() === pageLang;
  };
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || !node.data.trim() || element.closest("script, style, template")) continue;
    if (!inPageLanguage(element)) continue;
    if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    parts.push(node.data);
  }
  for (const element of document.body.querySelectorAll("[aria-label]")) {
    if (inPageLanguage(element)) parts.push(element.getAttribute("aria-label"));
  }
  parts.push(document.title);
  return parts.join(" \\n ").replace(/[ \\t\\r\\f\\u00a0]+/g, " ");
}
"""


@cache
def catalog(code: str) -> dict:
    """msgid -> msgstr (a tuple for plural entries; None where empty or fuzzy, which the app
    shows as the English msgid), as the translators have it on disk now."""
    path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po_file:
        messages = read_po(po_file)
    result = {}
    for message in messages:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        usable = all(strings) and not message.fuzzy
        result[message.id] = message.string if usable else None
    return result


def all_msgids() -> list:
    with (TRANSLATIONS / "messages.pot").open("rb") as pot_file:
        ids = [message.id for message in read_po(pot_file) if message.id]
    return list(dict.fromkeys([*ids, *catalog("da")]))


def as_tuple(value) -> tuple:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def pattern_for(text: str) -> re.Pattern | None:
    """A regex that finds `text` as rendered (placeholders filled in with anything), or None
    when the string is too short to be a safe sign of untranslated text."""
    text = " ".join(text.split())
    literal = PLACEHOLDER.sub("", text).replace("%%", "%")
    if len(text) < MIN_LENGTH or len(literal.strip()) < MIN_LENGTH:
        return None
    pieces = PLACEHOLDER.split(text)
    return re.compile(".+?".join(re.escape(piece.replace("%%", "%")) for piece in pieces))


@cache
def foreign_strings(lang: str) -> tuple:
    """(what, text, pattern) for every English msgid and every Danish msgstr that must not show
    on a page in `lang`: those whose `lang` translation differs from them."""
    mine = catalog(lang)
    danish = catalog("da")
    found = []
    for msgid in all_msgids():
        translation = as_tuple(mine.get(msgid))
        if lang != "en":
            for english in as_tuple(msgid):
                if english not in translation:
                    found.append(("English", english))
        if lang != "da":
            for text in as_tuple(danish.get(msgid)):
                if text not in as_tuple(msgid) and text not in translation:
                    found.append(("Danish", text))
    result = []
    for what, text in dict.fromkeys(found):
        pattern = pattern_for(text)
        if pattern:
            result.append((what, text, pattern))
    return tuple(result)


def untranslated_in(text: str, lang: str) -> list[str]:
    return [
        f'{what} "{string}"'
        for what, string, pattern in foreign_strings(lang)
        if pattern.search(text)
    ]


# ---------------------------------------------------------------------------------------------
# 1a. Every public page in every language


@pytest.mark.parametrize("lang", enabled_codes())
def test_every_public_page_has_the_language_direction_and_fits_320px(
    live_server, group_with_cafes, small_page, lang
):
    _group, cafes = group_with_cafes
    language = BY_CODE[lang]
    problems = []
    for name, status in PUBLIC_PAGES:
        try:
            shown, url = open_public_page(small_page, live_server, lang, name, cafes[0].id)
        except PlaywrightError as error:
            # A layout broken badly enough stops a tap: say so, and look at the other pages.
            problems.append(f"{lang}: {name}: could not be used: {str(error).splitlines()[0]}")
            continue
        where = f"{lang}: {name} ({url})"
        assert shown == status, f"{where}: HTTP {shown}, expected {status}"
        html = small_page.locator("html")
        for attribute, wanted in (("lang", lang), ("dir", language.direction)):
            actual = html.get_attribute(attribute)
            if actual != wanted:
                problems.append(f'{where}: <html {attribute}="{actual}">, expected "{wanted}"')
        layout = small_page.evaluate(OVERFLOW_SCRIPT, SMALL_PHONE["width"])
        before = len(problems)
        if layout["innerWidth"] != SMALL_PHONE["width"]:
            # A phone zooms a page out (innerWidth grows) when it is wider than the screen.
            problems.append(f"{where}: the page was zoomed out to {layout['innerWidth']} px")
        if layout["scrollWidth"] > min(layout["innerWidth"], SMALL_PHONE["width"]):
            problems.append(
                f"{where}: scrolls sideways (scrollWidth {layout['scrollWidth']} px "
                f"> {SMALL_PHONE['width']} px)"
            )
        if layout["sticking"] or len(problems) > before:
            problems.extend(f"{where}: runs out of its box: {item}" for item in layout["causes"])
            problems.extend(
                f"{where}: sticks out of the screen: {item}" for item in layout["sticking"]
            )
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", enabled_codes())
def test_every_public_page_shows_no_untranslated_interface_text(
    live_server, group_with_cafes, small_page, lang
):
    _group, cafes = group_with_cafes
    assert foreign_strings(lang), "no strings to look for: are the catalogs readable?"
    problems = []
    for name, _expected_status in PUBLIC_PAGES:
        _status, url = open_public_page(small_page, live_server, lang, name, cafes[0].id)
        text = small_page.evaluate(VISIBLE_TEXT_SCRIPT, lang)
        problems.extend(
            f"{lang}: {name} ({url}) shows {found}" for found in untranslated_in(text, lang)
        )
    assert problems == [], f"untranslated interface text in {lang}:\n" + "\n".join(problems)


def test_the_untranslated_text_check_sees_english_and_danish():
    """The matcher itself: an English msgid with its placeholders filled in, a Danish msgstr."""
    found = untranslated_in("Vil du ... Municipality: Skanderborg Kommune ... Læs højt", "ar")
    assert 'English "Municipality: %(name)s"' in found
    assert untranslated_in("Show the café text in:", "da") == ['English "Show the café text in:"']
    danish = catalog("da")["Change language"]
    assert f'Danish "{danish}"' in untranslated_in(f"x {danish} y", "ar")
    assert untranslated_in(f"x {danish} y", "da") == []


# ---------------------------------------------------------------------------------------------
# 1b. Read aloud

# Headless Chromium has no speech voices here. This stand-in replaces only the browser's speech
# API, before any page script runs: speechSynthesis.getVoices() answers one Arabic voice,
# speechSynthesis.speak() records what it was asked to say instead of speaking, and an
# utterance's `voice` accepts that stand-in voice (the real setter takes only the browser's own
# SpeechSynthesisVoice objects). The page's own script, markup and the voice filter in read-aloud.js
# run unchanged.
ARABIC_VOICE_ONLY = """
(() => {
  const voice = {
    lang: "ar-SA", name: "Test Arabic", voiceURI: "test-ar-SA", localService: true, default: true,
  };
  const chosenVoice = new WeakMap();
  Object.defineProperty(SpeechSynthesisUtterance.prototype, "voice", {
    configurable: true,
    get() { return chosenVoice.has(this) ? chosenVoice.get(this) : null; },
    set(value) { chosenVoice.set(this, value); },
  });
  window.spokenForTest = [];
  window.speechSynthesis.getVoices = () => [voice];
  window.speechSynthesis.speak = (utterance) => {
    window.spokenForTest.push({
      text: utterance.text,
      lang: utterance.lang,
      voice: utterance.voice ? utterance.voice.lang : null,
    });
  };
})();
"""

READ_ALOUD = ".next-cafe .cafe-card .read-aloud"


def test_read_aloud_stays_hidden_without_voices(live_server, group_with_cafes, make_page):
    page = make_page()
    page.goto(f"{live_server}/ar/{GROUP_SLUG}/")
    page.wait_for_load_state("load")
    assert page.evaluate("speechSynthesis.getVoices().length") == 0, "this Chromium has voices"
    button = page.locator(READ_ALOUD)
    expect(button).to_have_count(1)
    page.wait_for_timeout(300)  # a late voiceschanged event would show it
    expect(button).to_be_hidden()
    expect(page.locator(".read-aloud:visible")).to_have_count(0)


def test_read_aloud_speaks_the_card_with_an_arabic_voice(live_server, group_with_cafes, make_page):
    _group, cafes = group_with_cafes
    page = make_page()
    page.add_init_script(ARABIC_VOICE_ONLY)
    page.goto(f"{live_server}/ar/{GROUP_SLUG}/")
    page.wait_for_load_state("load")

    card = page.locator(".next-cafe .cafe-card")
    button = card.locator(".read-aloud")
    expect(button).to_be_visible()
    said = button.get_attribute("data-say")
    day = card.locator(".when time").inner_text().strip()
    start = card.locator(".time time").first.inner_text().strip()
    venue = cafes[0].venue.name

    button.tap()
    spoken = page.evaluate("window.spokenForTest")
    assert spoken == [{"text": said, "lang": "ar", "voice": "ar-SA"}]
    for part, value in (("day", day), ("start time", start), ("venue", venue)):
        assert value and value in said, f"the spoken text lacks the {part} {value!r}: {said!r}"


def test_read_aloud_stays_hidden_without_a_voice_for_the_language(
    live_server, group_with_cafes, make_page
):
    page = make_page()
    page.add_init_script(ARABIC_VOICE_ONLY)
    page.goto(f"{live_server}/so/{GROUP_SLUG}/")
    page.wait_for_load_state("load")
    assert page.evaluate("speechSynthesis.getVoices().map(voice => voice.lang)") == ["ar-SA"]
    button = page.locator(READ_ALOUD)
    expect(button).to_have_count(1)
    expect(button).to_have_attribute("data-lang", "so")
    page.wait_for_timeout(300)
    expect(button).to_be_hidden()


# ---------------------------------------------------------------------------------------------
# 1c. The café card in another language than the page


def test_cafe_card_in_danish_on_an_arabic_page(live_server, group_with_cafes, page):
    group, cafes = group_with_cafes
    cafe_url = f"{live_server}/ar/{GROUP_SLUG}/cafe/{cafes[0].id}"
    arabic_heading = f"{translated('ar', 'Café')} · {group.name}"
    danish_kind = translated("da", "Conversation café")
    arabic_kind = translated("ar", "Conversation café")
    assert danish_kind != arabic_kind
    page.goto(cafe_url)
    page.wait_for_load_state("load")
    html = page.locator("html")
    heading = page.locator("main h1")
    expect(heading).to_have_text(arabic_heading)
    expect(page.locator(".cafe-card .kind strong")).to_have_text(arabic_kind)

    page.locator('.content-language a[hreflang="da"]').tap()
    page.wait_for_url(f"{cafe_url}?content=da")
    wrapper = page.locator(".content-in")
    expect(wrapper).to_have_attribute("lang", "da")
    expect(wrapper).to_have_attribute("dir", "ltr")
    expect(wrapper.locator(".cafe-card .kind strong")).to_have_text(danish_kind)
    assert wrapper.locator(".cafe-card").evaluate("e => getComputedStyle(e).direction") == "ltr"
    # The page around the card stays hers.
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(heading).to_have_text(arabic_heading)

    back = page.locator(".content-language a.button")
    expect(back).to_contain_text(translated("ar", "Back to %(language)s", language="العربية"))
    back.tap()
    page.wait_for_url(cafe_url)
    expect(page.locator(".content-in")).to_have_count(0)
    expect(page.locator(".cafe-card .kind strong")).to_have_text(arabic_kind)
    expect(html).to_have_attribute("lang", "ar")
    expect(heading).to_have_text(arabic_heading)
