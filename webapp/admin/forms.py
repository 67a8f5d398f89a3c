"""Checking the administrators' forms: (data, errors). On errors, data is what was typed; without
errors, data holds the values to save (numbers as numbers, an empty goal as None)."""

import re

from flask_babel import lazy_gettext as _l

from webapp.forms import MESSAGES as FORM_MESSAGES
from webapp.forms import chosen, field_text, row_id, text_error, unusable, whole_number
from webapp.schedule.models import RESERVED_SLUGS

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 60
NAME_MAX = 120
VENUE_NAME_MAX = 160
ADDRESS_MAX = 240
LONG_TEXT_MAX = 2000
RETENTION_DAYS = (1, 365)
ATTENDANCE_GOAL = (1, 500)
# Digits, maybe a sign, maybe decimals after a point or (as Danish users type it) a comma.
DECIMAL = re.compile(r"[+-]?[0-9]{1,3}(?:[.,][0-9]{1,12})?")

MESSAGES = {
    "slug_format": _l(
        "Use only small letters a-z, digits and hyphens (at most 60), for example vollsmose-nord."
    ),
    "slug_reserved": _l("The app uses this address itself. Please choose another."),
    "slug_taken": _l("Another group already has this address. Please choose another."),
    "name": _l("Write the group's name (at most 120 letters)."),
    "municipality": _l("Write the municipality (at most 120 letters)."),
    "contact_text": _l("The text is too long (at most 2000 letters)."),
    "retention_days": _l("Write a number of days from 1 to 365."),
    "attendance_goal": _l("Write a number from 1 to 500, or leave it empty."),
    "venue_name": _l("Write the name of the place (at most 160 letters)."),
    "address": _l("Write the address (at most 240 letters)."),
    "latitude": _l("Write the latitude as a number from -90 to 90, for example 55,6805."),
    "longitude": _l("Write the longitude as a number from -180 to 180, for example 12,5450."),
    "position": _l("Write both latitude and longitude, or leave both empty."),
    "directions": _l("The text is too long (at most 2000 letters)."),
    "text": FORM_MESSAGES["text"],
}


def decimal(text: str, limit: float) -> float | None:
    """'55,6805' or '55.6805' -> 55.6805 when within ±limit; None when not a usable number."""
    if not DECIMAL.fullmatch(text):
        return None
    number = float(text.replace(",", "."))
    return number if -limit <= number <= limit else None


def _text_error(errors: dict, data: dict, field: str, limit: int, message_key: str, needed=True):
    message = text_error(data[field], limit, MESSAGES[message_key], needed=needed)
    if message is not None:
        errors[field] = message


def check_group(values, language_choices: list[str], *, new: bool) -> tuple[dict, dict]:
    """The group form. `new`: the slug is asked for (it can never change afterwards)."""
    ticked = set(chosen(values, "languages"))
    data = {
        "name": field_text(values, "name"),
        "municipality": field_text(values, "municipality"),
        "languages": [code for code in language_choices if code in ticked],
        "contact_text": field_text(values, "contact_text"),
        "retention_days": field_text(values, "retention_days"),
        "attendance_goal": field_text(values, "attendance_goal"),
    }
    errors = {}
    if new:
        data["slug"] = field_text(values, "slug")
        if len(data["slug"]) > SLUG_MAX or not SLUG.fullmatch(data["slug"]):
            errors["slug"] = MESSAGES["slug_format"]
        elif data["slug"] in RESERVED_SLUGS:
            errors["slug"] = MESSAGES["slug_reserved"]
    _text_error(errors, data, "name", NAME_MAX, "name")
    _text_error(errors, data, "municipality", NAME_MAX, "municipality")
    _text_error(errors, data, "contact_text", LONG_TEXT_MAX, "contact_text", needed=False)
    retention = whole_number(data["retention_days"], *RETENTION_DAYS)
    if retention is None:
        errors["retention_days"] = MESSAGES["retention_days"]
    goal = whole_number(data["attendance_goal"], *ATTENDANCE_GOAL)
    if data["attendance_goal"] and goal is None:
        errors["attendance_goal"] = MESSAGES["attendance_goal"]
    if errors:
        return data, errors
    return {**data, "retention_days": retention, "attendance_goal": goal}, {}


def check_venue(values) -> tuple[dict, dict]:
    data = {
        "name": field_text(values, "name"),
        "address": field_text(values, "address"),
        "latitude": field_text(values, "latitude"),
        "longitude": field_text(values, "longitude"),
        "directions": field_text(values, "directions"),
    }
    errors = {}
    _text_error(errors, data, "name", VENUE_NAME_MAX, "venue_name")
    _text_error(errors, data, "address", ADDRESS_MAX, "address")
    _text_error(errors, data, "directions", LONG_TEXT_MAX, "directions", needed=False)
    latitude = decimal(data["latitude"], 90) if data["latitude"] else None
    longitude = decimal(data["longitude"], 180) if data["longitude"] else None
    if data["latitude"] and latitude is None:
        errors["latitude"] = MESSAGES["latitude"]
    if data["longitude"] and longitude is None:
        errors["longitude"] = MESSAGES["longitude"]
    if not errors.keys() & {"latitude", "longitude"} and (latitude is None) != (longitude is None):
        errors["latitude" if latitude is None else "longitude"] = MESSAGES["position"]
    if errors:
        return data, errors
    return {**data, "latitude": latitude, "longitude": longitude}, {}


def group_form(group) -> dict:
    """What the edit form shows before anything is typed."""
    return {
        "slug": group.slug,
        "name": group.name,
        "municipality": group.municipality,
        "languages": list(group.languages or []),
        "contact_text": group.contact_text or "",
        "retention_days": str(group.retention_days),
        "attendance_goal": "" if group.attendance_goal is None else str(group.attendance_goal),
    }


def blank_group_form() -> dict:
    return {
        "slug": "",
        "name": "",
        "municipality": "",
        "languages": [],
        "contact_text": "",
        "retention_days": "30",
        "attendance_goal": "",
    }


def venue_form(venue=None) -> dict:
    def number(value):
        return "" if value is None else str(value)

    return {
        "name": venue.name if venue else "",
        "address": venue.address if venue else "",
        "latitude": number(venue.latitude) if venue else "",
        "longitude": number(venue.longitude) if venue else "",
        "directions": (venue.directions or "") if venue else "",
    }


def audit_filters(args, group_ids: set[int]) -> tuple[dict, int]:
    """The log's filters and page from the query string; anything odd means 'all' / page 1."""
    group = field_text(args, "group")
    action = field_text(args, "action")
    page = field_text(args, "page")
    group_id = row_id(group)
    filters = {
        "group_id": group_id if group_id in group_ids else None,
        "action": action if 0 < len(action) <= 40 and not unusable(action) else None,
    }
    return filters, whole_number(page, 1, 999_999) or 1
