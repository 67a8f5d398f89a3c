"""The coordinator's side: write an announcement, preview it per language, see how many phones
get it, send it (after a fresh sign-in), follow the delivery; set the reminder time."""

import secrets

from flask import abort, current_app, redirect, request, session, url_for
from flask_login import current_user

from webapp.accounts.access import group_for, role_required
from webapp.accounts.models import Role
from webapp.accounts.passwords import verify_password
from webapp.clock import now
from webapp.extensions import db, limiter
from webapp.htmx import render
from webapp.i18n import enabled_codes, enabled_languages
from webapp.notifications import bp, messages, notices, reminders, subscriptions
from webapp.notifications.forms import (
    ANNOUNCE_KINDS,
    MESSAGES,
    REMINDER_DAYS,
    check_announcement,
    check_reminder_settings,
)
from webapp.notifications.models import Notice, NoticeKind
from webapp.notifications.presenters import notice_choices
from webapp.notifications.tasks import icon_path
from webapp.schedule.service import upcoming_cafes

CAFE_CHOICES = 30


def signed_in_recently() -> bool:
    signed_in_at = session.get("signed_in_at")
    if not isinstance(signed_in_at, int | float):
        return False
    minutes = current_app.config["FRESH_SIGN_IN_MINUTES"]
    return now().timestamp() - signed_in_at < minutes * 60


def _previews(group, data: dict, cafes: dict) -> list[tuple]:
    cafe = cafes.get(data.get("cafe_id"))
    kind = data.get("kind")
    if kind not in ANNOUNCE_KINDS or (kind != NoticeKind.GENERAL and cafe is None):
        return []
    draft = Notice(
        group_id=group.id,
        kind=kind,
        cafe_id=cafe.id if cafe else None,
        texts={lang: text for lang, text in data["texts"].items() if text},
        previous_start=cafe.moved_from if cafe is not None else None,
    )
    draft.group, draft.cafe = group, cafe
    moment = now()
    return [
        (language, messages.payload(draft, language.code, False, moment, icon_path()))
        for language in enabled_languages()
    ]


def _cafes(group) -> dict:
    """The cafés a message may be about, by id (one query per request)."""
    return {cafe.id: cafe for cafe in upcoming_cafes(group, now(), limit=CAFE_CHOICES)}


def _announce_page(group, data, errors, status=200, cafes=None):
    cafes = _cafes(group) if cafes is None else cafes
    devices = subscriptions.devices_by_language(group)
    return render(
        "notifications/announce.html",
        status=status,
        group=group,
        data=data,
        errors=errors,
        cafes=list(cafes.values()),
        kinds=notice_choices(ANNOUNCE_KINDS),
        text_languages=enabled_languages(),
        devices=devices,
        device_total=sum(devices.values()),
        previews=_previews(group, data, cafes),
        fresh=signed_in_recently(),
        recent=notices.recent_notices(group),
        reminder_days=REMINDER_DAYS,
    )


def _blank_form() -> dict:
    return {
        "kind": NoticeKind.GENERAL,
        "cafe_id": None,
        "texts": {lang: "" for lang in enabled_codes()},
        "form_key": secrets.token_urlsafe(18),
    }


def _fresh_or_confirmed(password: str) -> bool:
    """Signed in recently, or her password typed again now (which counts as a fresh sign-in)."""
    if signed_in_recently():
        return True
    if not verify_password(current_user.password_hash, password):
        return False
    session["signed_in_at"] = now().timestamp()
    return True


@bp.route("/<lang:lang>/desk/<group:slug>/announce", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])  # the password
def announce(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    if request.method == "GET":
        return _announce_page(group, _blank_form(), {})
    cafes = _cafes(group)
    data, errors = check_announcement(request.form, set(cafes), enabled_codes())
    existing = notices.notice_by_key(data["form_key"]) if not errors else None
    if existing is not None and existing.group_id == group.id:
        return redirect(url_for(".announcement", slug=slug, notice_id=existing.id), 303)
    if not errors and not _fresh_or_confirmed(request.form.get("password", "")):
        errors["password"] = MESSAGES["password"]
    if errors:
        return _announce_page(group, data, errors, status=422, cafes=cafes)
    notice = notices.announce(group, data, cafes.get(data["cafe_id"]), current_user, now())
    return redirect(url_for(".announcement", slug=slug, notice_id=notice.id), 303)


@bp.post("/<lang:lang>/desk/<group:slug>/announce/preview")
@role_required(Role.COORDINATOR)
def announce_preview(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    cafes = _cafes(group)
    data, errors = check_announcement(request.form, set(cafes), enabled_codes())
    return _announce_page(group, data, errors, cafes=cafes)


@bp.get("/<lang:lang>/desk/<group:slug>/announce/<id:notice_id>")
@role_required(Role.COORDINATOR)
def announcement(lang, slug, notice_id):
    group = group_for(slug, Role.COORDINATOR)
    notice = db.session.get(Notice, notice_id)
    if notice is None or notice.group_id != group.id or notice.kind == NoticeKind.TEST:
        abort(404)
    return render("notifications/announcement.html", group=group, notice=notice)


@bp.post("/<lang:lang>/desk/<group:slug>/reminders")
@role_required(Role.COORDINATOR)
def reminder_settings(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    data, errors = check_reminder_settings(request.form)
    if errors:
        return _announce_page(group, _blank_form(), errors, 422)  # "days", "time": no clash
    reminders.set_reminder(group, data["days"], data["time"], current_user, now())
    return redirect(url_for(".announce", slug=slug, saved=1) + "#reminders", 303)
