"""Checking what a woman or a volunteer typed. Each check returns (data, errors): errors maps
a field to a translated message, data keeps what was typed so the form can show it again."""

import re
import secrets
import unicodedata

from flask_babel import lazy_gettext as _l

from webapp.forms import MESSAGES as FORM_MESSAGES
from webapp.forms import checked, chosen, field_text, is_key, unusable, whole_number
from webapp.helpdesk.models import ContactMode, HelpKind, Outcome
from webapp.i18n import BY_CODE

NOTE_MAX = 300
NAME_MAX = 40
HANDOVER_MAX = 500
# A CPR number: day, month, year in two digits, then four digits; between them up to three
# spaces, dots, slashes or dashes (after `plain_digits`: every dash is "-", every digit 0-9).
_GAP = r"[ ./-]{0,3}"
CPR = re.compile(
    rf"(?<![0-9])(0[1-9]|[12][0-9]|3[01]){_GAP}(0[1-9]|1[0-2]){_GAP}[0-9]{{2}}{_GAP}[0-9]{{4}}(?![0-9])"
)
PHONE = re.compile(r"^\+?[\d\s-]{8,20}$")

MESSAGES = {
    "kind": _l("Choose what you need help with."),
    "name": _l("Write a first name or a nickname (at most 40 letters)."),
    "contact": _l("Choose if you come to the café or want us to call you."),
    "phone": _l("Write a phone number we can call, for example 12 34 56 78."),
    "note_cpr": _l("Do not write a CPR number here. Please remove it."),
    "note_long": _l("The note is too long. Please keep it short (at most 300 letters)."),
    "text": FORM_MESSAGES["text"],
    "languages": FORM_MESSAGES["languages"],
    "kinds": _l("Choose what kind of help you gave."),
    "minutes": _l("Write the minutes as a number from 1 to 600."),
    "language": _l("Choose the language you used."),
    "outcome": _l("Choose how it ended."),
    "handover": FORM_MESSAGES["long_note"],
    "walk_in_key": _l("Something went wrong. Please try again."),
}


def plain_digits(text: str) -> str:
    """Digits of any script as 0-9 (full-width, Arabic-Indic, Persian ...), every dash and the
    minus sign as "-", every space as " ": so a CPR number is found however it was typed."""
    out = []
    for char in text:
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            out.append(str(digit))
        elif unicodedata.category(char) == "Pd" or char == "\u2212":
            out.append("-")
        else:
            out.append(" " if char.isspace() else char)
    return "".join(out)


def has_cpr(text: str) -> bool:
    return CPR.search(plain_digits(text)) is not None


def blank_request(lang: str) -> dict:
    """A new request form: her page's language ticked, and a one-time key against a double
    tap on "send"."""
    return {"form_key": secrets.token_urlsafe(18), "languages": [lang]}


def check_request(values, language_choices: list[str]) -> tuple[dict, dict]:
    data = {
        "kind": field_text(values, "kind"),
        "languages": [code for code in chosen(values, "languages") if code in language_choices],
        "first_name": field_text(values, "first_name"),
        "contact": field_text(values, "contact"),
        "phone": field_text(values, "phone"),
        "woman_only": checked(values, "woman_only"),
        "note": field_text(values, "note"),
        "form_key": field_text(values, "form_key"),
    }
    errors = {}
    if data["kind"] not in set(HelpKind):
        errors["kind"] = MESSAGES["kind"]
    if not data["languages"]:
        errors["languages"] = MESSAGES["languages"]
    if not data["first_name"] or len(data["first_name"]) > NAME_MAX:
        errors["first_name"] = MESSAGES["name"]
    if data["contact"] not in set(ContactMode):
        errors["contact"] = MESSAGES["contact"]
    if data["contact"] == ContactMode.CALL_BACK:
        digits = re.sub(r"\D", "", data["phone"])
        if not PHONE.match(data["phone"]) or not 8 <= len(digits) <= 15:
            errors["phone"] = MESSAGES["phone"]
    else:
        data["phone"] = ""
        data["woman_only"] = False
    if len(data["note"]) > NOTE_MAX:
        errors["note"] = MESSAGES["note_long"]
    for field in ("first_name", "note"):
        if field not in errors and has_cpr(data[field]):
            errors[field] = MESSAGES["note_cpr"]
    for field in ("first_name", "phone", "note"):
        if unusable(data[field]):
            errors[field] = MESSAGES["text"]
    if not is_key(data["form_key"]):
        errors["form_key"] = MESSAGES["text"]
    return data, errors


def check_log(values, *, with_handover: bool) -> tuple[dict, dict]:
    """A help log: kinds, minutes, language, outcome (and a handover note for requests)."""
    minutes_text = str(values.get("minutes", "")).strip()
    data = {
        "kinds": [kind for kind in chosen(values, "kinds") if kind in set(HelpKind)],
        "minutes": minutes_text,
        "language": field_text(values, "language"),
        "outcome": field_text(values, "outcome"),
        "handover_note": field_text(values, "handover_note") if with_handover else "",
    }
    errors = {}
    if not data["kinds"]:
        errors["kinds"] = MESSAGES["kinds"]
    minutes = whole_number(minutes_text, 1, 600)
    if minutes is not None:
        data["minutes"] = minutes
    else:
        errors["minutes"] = MESSAGES["minutes"]
    if data["language"] not in BY_CODE and not re.fullmatch(r"[a-z]{2,3}", data["language"]):
        errors["language"] = MESSAGES["language"]
    if data["outcome"] not in set(Outcome):
        errors["outcome"] = MESSAGES["outcome"]
    if len(data["handover_note"]) > HANDOVER_MAX:
        errors["handover_note"] = MESSAGES["handover"]
    elif unusable(data["handover_note"]):
        errors["handover_note"] = MESSAGES["text"]
    elif has_cpr(data["handover_note"]):
        errors["handover_note"] = MESSAGES["note_cpr"]
    return data, errors


def check_walk_in(values) -> tuple[dict, dict]:
    """A walk-in log from the form, with the form's one-time key (a double tap sends one log
    twice: the key finds the first)."""
    data, errors = check_log(values, with_handover=False)
    data["key"] = values.get("key", "")
    if not is_key(data["key"]):
        errors["key"] = MESSAGES["walk_in_key"]
    return data, errors


def check_queue_filter(values) -> dict:
    """The queue's filters (a GET form): the kinds ticked, and "languages I speak"."""
    return {
        "kinds": [kind for kind in chosen(values, "kind") if kind in set(HelpKind)],
        "mine": checked(values, "mine"),
    }
