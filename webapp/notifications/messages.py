"""What a notification says, in one language at a time.

Lock-screen wording is neutral: the title is the café group, the body says when and that
something changed, never what a café is about. The coordinator's own text is used only in
the language she wrote it in; a subscriber whose language she did not write gets a short
translated line instead, so no notification mixes two languages.
"""

import json
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _

from webapp.i18n import format_clock, format_weekday_date, in_language, to_local
from webapp.notifications.models import Notice, NoticeKind

MAX_TEXT_LENGTH = 200  # the coordinator's own text; a lock screen shows about two lines
MAX_TTL = 28 * 24 * 3600  # push services keep a message four weeks at most


def path_for(endpoint: str, **values) -> str:
    """A path on this site, also outside a request (in the task worker)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _when(cafe) -> dict:
    return {"day": format_weekday_date(cafe.starts_at), "time": format_clock(cafe.starts_at)}


def _reminder_body(cafe, now: datetime) -> str:
    days = (to_local(cafe.starts_at).date() - to_local(now).date()).days
    when = _when(cafe)
    if days == 0:
        return _("Café today at %(time)s.", time=when["time"])
    if days == 1:
        return _("Café tomorrow, %(day)s at %(time)s.", **when)
    return _("Café on %(day)s at %(time)s.", **when)


def body_for(notice: Notice, lang: str, now: datetime) -> str:
    cafe = notice.cafe
    kind = notice.kind
    if kind == NoticeKind.TEST:
        return _("Notifications work. This is how your café group will reach you.")
    own_text = (notice.texts or {}).get(lang)
    if own_text:
        return own_text
    if kind == NoticeKind.GENERAL or cafe is None:
        return _("News from your café group. Tap to read it.")
    when = _when(cafe)
    if kind == NoticeKind.REMINDER:
        return _reminder_body(cafe, now)
    if kind == NoticeKind.CANCELLED:
        return _("The café on %(day)s is cancelled.", day=when["day"])
    if kind == NoticeKind.REINSTATED:
        return _("The café on %(day)s takes place after all.", day=when["day"])
    if kind == NoticeKind.MOVED:
        if notice.previous_start and notice.previous_start != cafe.starts_at:
            return _(
                "The café on %(old_day)s has moved to %(day)s at %(time)s.",
                old_day=format_weekday_date(notice.previous_start),
                **when,
            )
        return _("The café on %(day)s has moved to a new place. Tap to see where.", **when)
    return _("New café: %(day)s at %(time)s.", **when)


def target_path(notice: Notice, lang: str) -> str:
    if notice.cafe is not None and notice.kind != NoticeKind.GENERAL:
        return path_for(
            "schedule.cafe_page", lang=lang, slug=notice.group.slug, cafe_id=notice.cafe_id
        )
    return path_for("schedule.group_page", lang=lang, slug=notice.group.slug)


def topic_for(notice: Notice) -> str:
    """Push services keep only the newest undelivered message per Topic, and the phone
    replaces a shown notification with the same tag: a café's reminder, cancellation and
    undoing share one, so she never sees two contradicting notices."""
    if notice.kind == NoticeKind.TEST:
        return f"test-{notice.only_subscription_id}"
    if notice.cafe_id is not None and notice.kind != NoticeKind.GENERAL:
        return f"cafe-{notice.cafe_id}"
    return f"news-{notice.group_id}"


def with_topic(body: str, notice: Notice, lang: str) -> str:
    """Her choice: the café's topic after the neutral line, only in her own language."""
    cafe = notice.cafe
    if cafe is None or notice.kind in (NoticeKind.GENERAL, NoticeKind.TEST, NoticeKind.CANCELLED):
        return body
    topic = ((cafe.texts or {}).get(lang) or {}).get("topic")
    return f"{body}\n{topic}" if topic else body


def payload(notice: Notice, lang: str, show_details: bool, now: datetime, icon: str) -> dict:
    with in_language(lang) as language:
        body = body_for(notice, lang, now)
        return {
            "title": notice.group.name,
            "body": with_topic(body, notice, lang) if show_details else body,
            "url": target_path(notice, lang),
            "tag": topic_for(notice),
            "lang": language.code,
            "dir": language.direction,
            "icon": icon,
        }


def encoded(payload_dict: dict) -> bytes:
    return json.dumps(payload_dict, ensure_ascii=False, separators=(",", ":")).encode()


def time_to_live(notice: Notice, now: datetime) -> int:
    """Seconds the push service keeps the message for a phone that is off: a notice about a
    café is worthless after it started; news keeps three days; a test ten minutes."""
    if notice.kind == NoticeKind.TEST:
        return 600
    if notice.cafe is not None and notice.kind != NoticeKind.GENERAL:
        start = notice.cafe.starts_at.replace(tzinfo=UTC)
        return min(max(int((start - now.astimezone(UTC)).total_seconds()), 0), MAX_TTL)
    return int(timedelta(days=3).total_seconds())


def urgency(notice: Notice) -> str:
    if notice.kind in (NoticeKind.CANCELLED, NoticeKind.MOVED, NoticeKind.TEST):
        return "high"
    return "normal"
