"""Every enabled language is 100 % translated: nothing empty, fuzzy, missing or with a lost
placeholder, and the right number of plural forms."""

import re
import subprocess
import sys

import pytest
from babel import Locale
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from webapp.config import ROOT
from webapp.i18n import LANGUAGES, enabled_codes

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def catalog(code):
    with (ROOT / "translations" / code / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=code)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Extract the source's strings now, so a string added without translating it fails."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "pyproject.toml",
            "-k",
            "_l",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as pot_file:
        return {message.id for message in read_po(pot_file) if message.id}


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("code", enabled_codes())
def test_catalog_is_complete(code, extracted):
    messages = {message.id: message for message in catalog(code) if message.id}
    missing = extracted - messages.keys()
    assert not missing, f"{code}: not in the catalog (run flask translate update): {missing}"
    problems = []
    for message_id in extracted:
        message = messages[message_id]
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = placeholders("".join(ids))
        if message.fuzzy:
            problems.append(("fuzzy", message_id))
        if not all(strings):
            problems.append(("empty", message_id))
        if isinstance(message.id, tuple):
            # A plural form may leave the number out ("one person") but never invent one.
            if any(placeholders(s) - wanted for s in strings):
                problems.append(("placeholder", message_id))
        elif placeholders(strings[0]) != wanted:
            problems.append(("placeholder", message_id))
    assert problems == []


@pytest.mark.parametrize("code", enabled_codes())
def test_plural_forms_match_the_language(code):
    babel_code = {language.code: language.babel_locale for language in LANGUAGES}[code]
    expected = get_plural(Locale.parse(babel_code)).num_plurals
    po = catalog(code)
    assert po.num_plurals == expected
    for message in po:
        if isinstance(message.id, tuple):
            assert len(message.string) == expected, message.id


def test_arabic_has_six_plural_forms():
    assert catalog("ar").num_plurals == 6


def test_every_enabled_language_has_a_catalog_and_a_direction():
    for language in LANGUAGES:
        assert language.direction in {"ltr", "rtl"}
        if language.enabled:
            assert (ROOT / "translations" / language.code / "LC_MESSAGES" / "messages.po").exists()
    assert {lang.code for lang in LANGUAGES if lang.direction == "rtl"} == {
        "ar",
        "fa",
        "ps",
        "ur",
        "ckb",
    }
