"""The report's period from the query string: (data, errors), keeping what was typed."""

from datetime import date

from flask_babel import lazy_gettext as _l

from webapp.forms import field_text, iso_day

MAX_DAYS = 5 * 366  # "at most 5 years", leap days included

MESSAGES = {
    "start": _l("Write the first day as a date, for example 2025-01-01."),
    "end": _l("Write the last day as a date, for example 2025-12-31."),
    "order": _l("The last day cannot be before the first day."),
    "long": _l("Choose a period of at most 5 years."),
}


def last_year(today: date) -> tuple[date, date]:
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def this_year(today: date) -> tuple[date, date]:
    return date(today.year, 1, 1), today


def check_period(values, today: date) -> tuple[dict, dict]:
    """`start` and `end` as YYYY-MM-DD; both empty means last calendar year."""
    typed = {key: field_text(values, key)[:40] for key in ("start", "end")}
    if not typed["start"] and not typed["end"]:
        start, end = last_year(today)
        return {"start": start.isoformat(), "end": end.isoformat(), "from": start, "to": end}, {}
    data = {**typed, "from": iso_day(typed["start"]), "to": iso_day(typed["end"])}
    errors = {}
    if data["from"] is None:
        errors["start"] = MESSAGES["start"]
    if data["to"] is None:
        errors["end"] = MESSAGES["end"]
    if not errors and data["to"] < data["from"]:
        errors["end"] = MESSAGES["order"]
    elif not errors and (data["to"] - data["from"]).days >= MAX_DAYS:
        errors["end"] = MESSAGES["long"]
    return data, errors
