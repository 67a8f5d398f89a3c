"""Checking the coordinator's announcement and reminder settings: (data, errors)."""

from flask_babel import lazy_gettext as _l

from webapp.forms import MESSAGES as FORM_MESSAGES
from webapp.forms import clock_time, field_text, is_key, row_id, unusable, whole_number
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
    "time": FORM_MESSAGES["time"],
    "key": FORM_MESSAGES["key"],
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
    cafe_id = row_id(field_text(values, "cafe"))
    if cafe_id in cafe_ids:
        data["cafe_id"] = cafe_id
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
    days = whole_number(data["days"], min(REMINDER_DAYS), max(REMINDER_DAYS))
    if days is None:
        errors["days"] = MESSAGES["days"]
    else:
        data["days"] = days
    reminder_time = clock_time(data["time"])
    if reminder_time is None:
        errors["time"] = MESSAGES["time"]
    else:
        data["time"] = reminder_time
    return data, errors
