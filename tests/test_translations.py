"""Every enabled language is 100 % translated: nothing empty, fuzzy, missing or with a lost
placeholder, and the right number of plural forms."""

import re
import subprocess
import sys

import pytest
from babel import Locale
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from webapp.config import ROOT
from webapp.i18n import BY_CODE, LANGUAGES, enabled_codes

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


@pytest.mark.parametrize(("code", "distinct"), [("ar", 5), ("uk", 3)])
def test_plural_forms_are_really_different_where_the_grammar_is(code, distinct):
    """Arabic (zero, one, two, few, many, other) and Ukrainian (one, few, many) say a number
    of things differently: a catalog that copies one form into every slot is wrong."""
    for message in catalog(code):
        if isinstance(message.id, tuple):
            assert len(set(message.string)) >= distinct, (code, message.id, message.string)


PHONES = ("%(num)d phone will get it", "%(num)d phones will get it")
SAME_FORM = {
    # Numbers that take the same form, and groups that must differ from each other.
    "uk": [(1, 21, 101), (2, 22, 104), (5, 11, 25)],
    "ar": [(0,), (1,), (2,), (3, 10, 103), (11, 99, 111), (100, 102)],
}


def shown_for(code: str, number: int) -> str:
    with force_locale(BY_CODE[code].babel_locale):
        return ngettext(*PHONES, number).replace(str(number), "N")


@pytest.mark.parametrize("code", SAME_FORM)
def test_the_plural_rule_picks_one_form_per_grammatical_number(app, code):
    groups = [{shown_for(code, number) for number in numbers} for numbers in SAME_FORM[code]]
    assert all(len(forms) == 1 for forms in groups), groups
    assert len({forms.pop() for forms in groups}) == len(groups)


def test_arabic_counted_nouns_follow_the_grammar(app):
    with force_locale("ar"):
        eleven = ngettext(*PHONES, 11)
        hundred = ngettext(*PHONES, 100)
    assert eleven.endswith("هاتفًا")  # 11-99: singular, accusative
    assert hundred.endswith("هاتف")  # 100: singular, genitive
