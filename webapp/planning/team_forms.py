"""Checking the rota, goal, year and poster inputs: (data, errors) with translated messages."""

from flask_babel import lazy_gettext as _l

from webapp.forms import chosen, field_text, row_id, whole_number
from webapp.i18n import is_enabled
from webapp.planning.poster import MAX_LANGUAGES
from webapp.planning.yearplan import GOAL_MAX

MESSAGES = {
    "going": _l("Tap “I'll be there” or “I can't come after all”."),
    "user": _l("Choose a Bydelsmor from the list."),
    "action": _l("Choose to add or to remove."),
    "goal": _l("Write the goal as a number from 1 to 500, or leave it empty."),
    "languages": _l("Choose at most three languages."),
    # The rota's refusals (rota.RotaError.reason).
    "cancelled": _l("This café is cancelled."),
    "past": _l("This café is over."),
    "not_member": _l("Only active Bydelsmødre of this group can be responsible."),
}
YEARS = range(2000, 2101)


def check_going(values) -> tuple[dict, dict]:
    raw = field_text(values, "going")
    data = {"going": raw == "1"}
    errors = {} if raw in ("0", "1") else {"going": MESSAGES["going"]}
    return data, errors


def check_assignment(values) -> tuple[dict, dict]:
    data = {
        "user_id": row_id(field_text(values, "user_id")),
        "action": field_text(values, "action"),
    }
    errors = {}
    if data["user_id"] is None:
        errors["user_id"] = MESSAGES["user"]
    if data["action"] not in ("add", "remove"):
        errors["action"] = MESSAGES["action"]
    return data, errors


def check_goal(values) -> tuple[dict, dict]:
    raw = field_text(values, "goal")
    data = {"goal": whole_number(raw, 1, GOAL_MAX), "typed": raw}
    if raw and data["goal"] is None:
        return data, {"goal": MESSAGES["goal"]}
    return data, {}


def check_year(values, default: int) -> int:
    """The year asked for (?year=2025, or the goal form's hidden year), else `default`."""
    year = whole_number(field_text(values, "year"), YEARS.start, YEARS.stop - 1)
    return default if year is None else year


def check_languages(values, default: str) -> tuple[dict, dict]:
    """Up to three enabled languages in the order ticked; the page's language if none."""
    codes = []
    for code in chosen(values, "languages"):
        if is_enabled(code) and code not in codes:
            codes.append(code)
    errors = {"languages": MESSAGES["languages"]} if len(codes) > MAX_LANGUAGES else {}
    return {"languages": codes or [default]}, errors
