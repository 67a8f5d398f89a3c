"""The form kit every area's forms are written on: readers and the messages they share.

An area's `forms.py` has one `check_<what>(values, ...) -> (data, errors)` per form: `data`
keeps what was typed (as text where it cannot be read) so the page can show it again, and
`errors` maps a field's name to a translated sentence. The readers below never raise: they
return the value, or None when the text cannot be read, and the check decides the message.
`values` is request.form, request.args or a plain dict (the tests and the JSON endpoints).
"""

import re
from datetime import date, time

from flask_babel import lazy_gettext as _l

KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
TRUE = ("1", "on", "true")
# Longer than any count the app keeps, shorter than PostgreSQL's integer overflows.
MAX_DIGITS = 9
# The largest id a row can have (PostgreSQL's integer); a larger number is no row.
MAX_ID = 2**31 - 1

MESSAGES = {
    "text": _l("Some of the text cannot be used. Please write it again."),
    "key": _l("The page was too old. Please try again."),
    "languages": _l("Choose at least one language you speak."),
    "time": _l("Write the time as hours and minutes, for example 17:00."),
    "long_note": _l("The note is too long (at most 500 letters)."),
}


def field_text(values, name: str) -> str:
    """A submitted text field, trimmed; anything that is not a string counts as empty."""
    value = values.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def chosen(values, name: str) -> list[str]:
    """Every value of a field sent more than once (checkboxes), strings only, in order."""
    if hasattr(values, "getlist"):
        return [value for value in values.getlist(name) if isinstance(value, str)]
    value = values.get(name, [])
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def checked(values, name: str) -> bool:
    """A ticked checkbox (or `true` from JSON)."""
    value = values.get(name)
    return value is True or (isinstance(value, str) and value in TRUE)


def whole_number(text: str, lowest: int, highest: int) -> int | None:
    """ASCII digits (a minus sign where `lowest` is negative) within the bounds, else None."""
    digits = text[1:] if text.startswith("-") and lowest < 0 else text
    if not (digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS):
        return None
    number = -int(digits) if digits is not text else int(digits)
    return number if lowest <= number <= highest else None


def row_id(text: str) -> int | None:
    """A row's id as a form sends it (a select's value), else None."""
    return whole_number(text, 1, MAX_ID)


def clock_time(text: str) -> time | None:
    """'17:00' (seconds, as some phones send them, are ignored) -> time(17, 0); else None."""
    parts = text.split(":")
    if not 2 <= len(parts) <= 3:
        return None
    hours = whole_number(parts[0], 0, 23)
    minutes = whole_number(parts[1], 0, 59)
    if hours is None or minutes is None:
        return None
    return time(hours, minutes)


def iso_day(text: str) -> date | None:
    """'2026-11-26' -> that date; anything else (other calendars' digits too) -> None."""
    if len(text) != 10 or not text.isascii():
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def is_key(value) -> bool:
    """A one-time form key or an idempotency key, as the page or the phone makes them."""
    return isinstance(value, str) and KEY.fullmatch(value) is not None


def unusable(text: str) -> bool:
    """NUL and other control characters or lone surrogates (PostgreSQL refuses them)."""
    return any(
        (ord(char) < 32 and char not in "\n\r\t") or 0xD800 <= ord(char) <= 0xDFFF for char in text
    )


def text_error(text: str, limit: int, message, needed: bool = False):
    """The message for a text that cannot be stored, is too long or (when needed) empty."""
    if unusable(text):
        return MESSAGES["text"]
    if len(text) > limit or (needed and not text):
        return message
    return None
