"""Checking what a coordinator typed for a café or a series: (data, errors).

`data` keeps what she typed (times and days as text when they cannot be read) so the form
can show it again; the domain functions take the same dict once there are no errors.
"""

from datetime import date, time

from babel.dates import format_time, get_day_names
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.forms import (
    MAX_ID,
    checked,
    chosen,
    clock_time,
    field_text,
    iso_day,
    row_id,
    text_error,
    whole_number,
)
from webapp.forms import MESSAGES as FORM_MESSAGES
from webapp.i18n import select_locale
from webapp.schedule.models import CafeKind, Offer, ProfessionalRole
from webapp.schedule.recurrence import rule_parts

TOPIC_MAX = 120
NOTE_MAX = 500
NTH_CHOICES = (1, 2, 3, 4, -1)

MESSAGES = {
    "day": _l("Write the day as a date, for example 26-11-2026."),
    "day_past": _l("This day has passed. Choose today or a later day."),
    "same_time": _l("The café cannot end when it starts. Choose another end time."),
    "venue": _l("Choose the place."),
    "kind": _l("Choose the kind of café."),
    "professional": _l("Choose who visits, or nobody."),
    "topic_long": _l("Keep the topic short: at most 120 letters."),
    "pattern": _l("Choose how often the café is held."),
    "weekday": _l("Choose the weekday."),
    "nth": _l("Choose which week of the month."),
    "last_day": _l("The last day must be after the first day."),
}

# Translators: how often a series of cafés is held; %(weekday)s is a weekday's name.
NTH_WORDS = {
    1: _l("First %(weekday)s of the month"),
    2: _l("Second %(weekday)s of the month"),
    3: _l("Third %(weekday)s of the month"),
    4: _l("Fourth %(weekday)s of the month"),
    -1: _l("Last %(weekday)s of the month"),
}


def weekday_names() -> list[str]:
    names = get_day_names("wide", locale=select_locale())
    return [names[index] for index in range(7)]


def rule_in_words(rule: str) -> str:
    parts = rule_parts(rule)
    weekday = weekday_names()[parts["weekday"]]
    if parts["pattern"] == "monthly":
        return str(NTH_WORDS.get(parts["nth"], NTH_WORDS[1])) % {"weekday": weekday}
    if parts["interval"] == 2:
        # Translators: a series held every second week.
        return _("Every other %(weekday)s", weekday=weekday)
    return _("Every %(weekday)s", weekday=weekday)


def clock_words(moment: time) -> str:
    return format_time(moment, "short", locale=select_locale())


def _day(values, name: str, errors: dict, required=True):
    raw = field_text(values, name)
    if not raw and not required:
        return None
    day = iso_day(raw)
    if day is None:
        errors[name] = MESSAGES["day"]
        return raw
    return day


def _time(values, name: str, errors: dict):
    raw = field_text(values, name)
    moment = clock_time(raw)
    if moment is None:
        errors[name] = FORM_MESSAGES["time"]
        return raw
    return moment


def version_of(values):
    return whole_number(field_text(values, "version"), 0, MAX_ID)


def check_details(values, venue_ids: set[int], languages: list[str]) -> tuple[dict, dict]:
    """What a café and a series share: times, place, kind, offers and texts per language."""
    errors = {}
    data = {
        "start": _time(values, "start", errors),
        "end": _time(values, "end", errors),
        "venue_id": row_id(field_text(values, "venue")),
        "kind": field_text(values, "kind"),
        "professional_role": field_text(values, "professional_role") or None,
        "offers": [offer.value for offer in Offer if offer.value in chosen(values, "offers")],
        "refreshments": checked(values, "refreshments"),
        "children_welcome": checked(values, "children_welcome"),
        "texts": {},
        "version": version_of(values),
    }
    if "start" not in errors and "end" not in errors and data["start"] == data["end"]:
        errors["end"] = MESSAGES["same_time"]
    if data["venue_id"] not in venue_ids:
        errors["venue"] = MESSAGES["venue"]
    if data["kind"] not in set(CafeKind):
        errors["kind"] = MESSAGES["kind"]
    if data["professional_role"] and data["professional_role"] not in set(ProfessionalRole):
        errors["professional_role"] = MESSAGES["professional"]
    for lang in languages:
        topic, note = field_text(values, f"topic_{lang}"), field_text(values, f"note_{lang}")
        if topic or note:
            data["texts"][lang] = {"topic": topic, "note": note}
        for name, text, limit, message in (
            ("topic", topic, TOPIC_MAX, MESSAGES["topic_long"]),
            ("note", note, NOTE_MAX, FORM_MESSAGES["long_note"]),
        ):
            if error := text_error(text, limit, message):
                errors[f"{name}_{lang}"] = error
    return data, errors


def check_cafe(values, venue_ids, languages, today: date, new: bool) -> tuple[dict, dict]:
    data, errors = check_details(values, venue_ids, languages)
    data["day"] = _day(values, "day", errors)
    if isinstance(data["day"], date) and new and data["day"] < today:
        errors["day"] = MESSAGES["day_past"]
    if not new and data["version"] is None:
        errors["version"] = FORM_MESSAGES["key"]
    return data, errors


def check_series(values, venue_ids, languages, today: date) -> tuple[dict, dict]:
    data, errors = check_details(values, venue_ids, languages)
    data.update(
        pattern=field_text(values, "pattern"),
        weekday=whole_number(field_text(values, "weekday"), 0, 6),
        interval=2 if checked(values, "every_other") else 1,
        nth=whole_number(field_text(values, "nth"), -1, 4),
        first_day=_day(values, "first_day", errors),
        last_day=_day(values, "last_day", errors, required=False),
    )
    if data["pattern"] not in ("weekly", "monthly"):
        errors["pattern"] = MESSAGES["pattern"]
    if data["weekday"] not in range(7):
        errors["weekday"] = MESSAGES["weekday"]
    if data["pattern"] == "monthly" and data["nth"] not in NTH_CHOICES:
        errors["nth"] = MESSAGES["nth"]
    first, last = data["first_day"], data["last_day"]
    if isinstance(first, date) and first < today:
        errors["first_day"] = MESSAGES["day_past"]
    if isinstance(first, date) and isinstance(last, date) and last < first:
        errors["last_day"] = MESSAGES["last_day"]
    return data, errors


def check_series_change(values, venue_ids, languages, today: date) -> tuple[dict, dict]:
    """Changing a series from a day on: the details, the times and that day."""
    data, errors = check_details(values, venue_ids, languages)
    data["from_day"] = _day(values, "from_day", errors)
    if isinstance(data["from_day"], date) and data["from_day"] < today:
        errors["from_day"] = MESSAGES["day_past"]
    if data["version"] is None:
        errors["version"] = FORM_MESSAGES["key"]
    return data, errors


def check_series_end(values) -> tuple[dict, dict]:
    errors = {}
    data = {"last_day": _day(values, "last_day", errors), "version": version_of(values)}
    if data["version"] is None:
        errors["version"] = FORM_MESSAGES["key"]
    return data, errors


def check_series_page(values, venue_ids, languages, today: date) -> tuple[dict, dict]:
    """The series page's two forms: change it from a day on, or end it (action=end)."""
    action = "end" if field_text(values, "action") == "end" else "change"
    if action == "end":
        data, errors = check_series_end(values)
    else:
        data, errors = check_series_change(values, venue_ids, languages, today)
    return data | {"action": action}, errors


def check_preview(values, venue_ids, languages, today: date) -> tuple[dict, dict]:
    """A draft café to preview, and the café it changes (`cafe_id`, None for a new one)."""
    data, errors = check_cafe(values, venue_ids, languages, today, new=False)
    return data | {"cafe_id": row_id(field_text(values, "cafe"))}, errors


def check_cancel(values) -> tuple[dict, dict]:
    """Cancelling a café (or holding it after all, `undo`): the page asks first; `confirmed`
    once she said yes on a page that knew the café's version."""
    data = {"undo": field_text(values, "undo") == "1", "version": version_of(values)}
    errors = {} if data["version"] is not None else {"version": FORM_MESSAGES["key"]}
    data["confirmed"] = field_text(values, "confirm") == "1" and not errors
    return data, errors


def wants_all(values) -> bool:
    """The plan asked for every coming café (?all=1), not the first ones."""
    return field_text(values, "all") == "1"


def as_input(value) -> str:
    """A day or a time as an <input type=date|time> wants it; typed text as it was."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)
