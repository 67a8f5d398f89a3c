"""Checking the coordinator's announcement and reminder settings: (data, errors)."""

from datetime import time

from flask_babel import lazy_gettext as _l

from webapp.helpdesk.forms import MESSAGES as FORM_MESSAGES
from webapp.helpdesk.forms import field_text, is_key, unusable
from webapp.notifications.messages import MAX_TEXT_LENGTH
from webapp.notifications.models import NoticeKind

ANNOUNCE_KINDS = (
    NoticeKind.GENERAL,
    NoticeKind.REMINDER,
    NoticeKind.CANCELLED,
    NoticeKind.MOVED,
    NoticeKind.NEW_CAFE,
)
REMINDER_DAYS = (0, 1, 2, 3)

MESSAGES = {
    "kind": _l("Choose what the message is about."),
    "cafe": _l("Choose the café the message is about."),
    "text_needed": _l("Write the news in at least one language."),
    "text_long": _l("Keep it short: at most 200 letters, so it fits on a phone's screen."),
    "text": FORM_MESSAGES["text"],
    "password": _l("The password is not right. Please try again."),
    "days": _l("Choose the day of the reminder."),
    "time": _l("Write the time as hours and minutes, for example 17:00."),
    "key": _l("The page was too old. Please try again."),
}


def check_announcement(values, cafe_ids: set[int], languages: list[str]) -> tuple[dict, dict]:
    data = {
        "kind": field_text(values, "kind"),
        "cafe_id": None,
        "texts": {lang: field_text(values, f"text_{lang}") for lang in languages},
        "form_key": field_text(values, "form_key"),
    }
    errors = {}
    if data["kind"] not in ANNOUNCE_KINDS:
        errors["kind"] = MESSAGES["kind"]
    raw_cafe = field_text(values, "cafe")
    if raw_cafe.isascii() and raw_cafe.isdigit() and int(raw_cafe) in cafe_ids:
        data["cafe_id"] = int(raw_cafe)
    if data["kind"] == NoticeKind.GENERAL:
        data["cafe_id"] = None  # news is about the group, not one café
    elif data["kind"] in ANNOUNCE_KINDS and data["cafe_id"] is None:
        errors["cafe"] = MESSAGES["cafe"]
    for lang, text in data["texts"].items():
        if unusable(text):
            errors[f"text_{lang}"] = MESSAGES["text"]
        elif len(text) > MAX_TEXT_LENGTH:
            errors[f"text_{lang}"] = MESSAGES["text_long"]
    if data["kind"] == NoticeKind.GENERAL and not any(data["texts"].values()):
        errors["texts"] = MESSAGES["text_needed"]
    if not is_key(data["form_key"]):
        errors["form_key"] = MESSAGES["key"]
    return data, errors


def check_reminder_settings(values) -> tuple[dict, dict]:
    data = {"days": field_text(values, "days"), "time": field_text(values, "time")}
    errors = {}
    days = data["days"]
    if days.isascii() and days.isdigit() and int(days) in REMINDER_DAYS:
        data["days"] = int(days)
    else:
        errors["days"] = MESSAGES["days"]
    try:
        hours, minutes = data["time"].split(":")[:2]
        data["time"] = time(int(hours), int(minutes))
        if not (hours.isascii() and minutes.isascii()):
            raise ValueError
    except ValueError:
        errors["time"] = MESSAGES["time"]
    return data, errors
