"""Checking what a woman or a volunteer typed. Each check returns (data, errors): errors maps
a field to a translated message, data keeps what was typed so the form can show it again."""

import re

from flask_babel import lazy_gettext as _l

from webapp.helpdesk.models import ContactMode, HelpKind, Outcome
from webapp.i18n import BY_CODE

NOTE_MAX = 300
NAME_MAX = 40
HANDOVER_MAX = 500
# A CPR number: DDMMYY, maybe a dash or space, then four digits.
CPR = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-\s]?\d{4}(?!\d)")
PHONE = re.compile(r"^\+?[\d\s-]{8,20}$")
KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

MESSAGES = {
    "kind": _l("Choose what you need help with."),
    "name": _l("Write a first name or a nickname (at most 40 letters)."),
    "contact": _l("Choose if you come to the café or want us to call you."),
    "phone": _l("Write a phone number we can call, for example 12 34 56 78."),
    "note_cpr": _l("Do not write a CPR number here. Please remove it."),
    "note_long": _l("The note is too long. Please keep it short (at most 300 letters)."),
    "text": _l("Some of the text cannot be used. Please write it again."),
    "languages": _l("Choose at least one language you speak."),
    "kinds": _l("Choose what kind of help you gave."),
    "minutes": _l("Write the minutes as a number from 1 to 600."),
    "language": _l("Choose the language you used."),
    "outcome": _l("Choose how it ended."),
    "handover": _l("The note is too long (at most 500 letters)."),
}


def is_key(value) -> bool:
    """A one-time form key or an idempotency key, as the page or the phone makes them."""
    return isinstance(value, str) and KEY.fullmatch(value) is not None


def unusable(text: str) -> bool:
    """NUL and other control characters or lone surrogates (PostgreSQL refuses them)."""
    return any(
        (ord(char) < 32 and char not in "\n\r\t") or 0xD800 <= ord(char) <= 0xDFFF for char in text
    )


def field_text(values, name: str) -> str:
    """A submitted text field, trimmed; anything that is not a string counts as empty."""
    value = values.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _list(values, name: str) -> list[str]:
    if hasattr(values, "getlist"):
        return [value for value in values.getlist(name) if isinstance(value, str)]
    value = values.get(name, [])
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def check_request(values, language_choices: list[str]) -> tuple[dict, dict]:
    data = {
        "kind": field_text(values, "kind"),
        "languages": [code for code in _list(values, "languages") if code in language_choices],
        "first_name": field_text(values, "first_name"),
        "contact": field_text(values, "contact"),
        "phone": field_text(values, "phone"),
        "woman_only": values.get("woman_only") in ("1", "on", "true", True),
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
    elif CPR.search(data["note"]):
        errors["note"] = MESSAGES["note_cpr"]
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
        "kinds": [kind for kind in _list(values, "kinds") if kind in set(HelpKind)],
        "minutes": minutes_text,
        "language": field_text(values, "language"),
        "outcome": field_text(values, "outcome"),
        "handover_note": field_text(values, "handover_note") if with_handover else "",
    }
    errors = {}
    if not data["kinds"]:
        errors["kinds"] = MESSAGES["kinds"]
    if re.fullmatch(r"[0-9]{1,3}", minutes_text) and 1 <= int(minutes_text) <= 600:
        data["minutes"] = int(minutes_text)
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
    return data, errors
