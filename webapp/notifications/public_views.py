"""The phone's side: subscribe, unsubscribe, ask which groups, send me a test; and the group
page's news (a template global, so the public pages below need not import this area).

JSON over POST, no cookie and no CSRF token (she has no session): the browser's Origin /
Sec-Fetch-Site must say the call came from our own page, and the calls are rate-limited.
"""

import json

from flask import abort, current_app, jsonify, request
from flask_babel import gettext as _

from webapp.clock import now
from webapp.extensions import csrf, limiter
from webapp.forms import unusable
from webapp.i18n import DEFAULT_LANGUAGE, in_language, is_enabled
from webapp.notifications import bp, notices, subscriptions
from webapp.notifications.endpoints import KNOWN_PUSH_SERVICES, BadSubscription
from webapp.notifications.models import NoticeKind
from webapp.schedule.service import group_by_slug
from webapp.security import from_this_site, private

MAX_BODY = 16_384  # a real subscription is well under 1 KB
MAX_DEPTH = 5  # a real one is three levels deep: {"subscription": {"keys": {...}}}


def _push_limit() -> str:
    return current_app.config["PUSH_RATE_LIMIT"]


def _json_body() -> tuple[dict, str]:
    """The request's JSON object and the language to answer in; 400/403 otherwise."""
    if not from_this_site():
        abort(403)
    if (request.content_length or 0) > MAX_BODY:
        abort(413)
    data = _plain_json(request.get_data())
    lang = data.get("lang") if isinstance(data, dict) else None
    lang = lang if isinstance(lang, str) and is_enabled(lang) else DEFAULT_LANGUAGE
    if not isinstance(data, dict):
        _refuse(lang)
    return data, lang


def _plain_json(body: bytes):
    """The parsed body, or None when it is not JSON, nests deeper than MAX_DEPTH or holds a
    string (or key) with a lone surrogate or a control character: those cannot be stored."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list) and depth > MAX_DEPTH:
            return None
        if isinstance(value, dict):
            stack.extend((key, depth + 1) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and unusable(value):
            return None
    return data


def _refuse(lang: str, status: int = 400):
    with in_language(lang):
        message = _("This phone could not turn on notifications. Please try again later.")
    response = private(jsonify(error=message))
    response.status_code = status
    abort(response)


def _group_named(slug):
    return group_by_slug(slug) if isinstance(slug, str) else None


def _destinations() -> dict:
    """Where the server may send pushes: the push services (and a test sink's origin)."""
    config = current_app.config
    return {
        "services": config["PUSH_SERVICES"] or KNOWN_PUSH_SERVICES,
        "extra_origins": config["PUSH_EXTRA_ORIGINS"],
    }


def _answer(payload: dict, status: int = 200):
    response = private(jsonify(payload))
    response.status_code = status
    return response


@bp.app_template_global()
def latest_news(group):
    """The coordinator's newest general message for templates/schedule/group.html."""
    return notices.latest_news(group, now())


@bp.post("/push/subscription")
@csrf.exempt
@limiter.limit(_push_limit)
def subscribe():
    data, lang = _json_body()
    group = _group_named(data.get("group"))
    if group is None:
        _refuse(lang, 404)
    details = data.get("details") is True
    try:
        subscription = subscriptions.subscribe(
            data.get("subscription"), group, lang, **_destinations(), show_details=details
        )
    except BadSubscription:
        _refuse(lang)
    return _answer({"groups": sorted(g.slug for g in subscription.groups)}, 201)


@bp.post("/push/subscription/remove")
@csrf.exempt
@limiter.limit(_push_limit)
def unsubscribe():
    data, _lang = _json_body()
    group = _group_named(data.get("group"))
    return _answer({"groups": subscriptions.unsubscribe(data.get("endpoint"), group)})


@bp.post("/push/subscription/groups")
@csrf.exempt
@limiter.limit("60 per minute")  # asked on every visit to a group page by a subscribed phone
def subscribed_groups():
    data, _lang = _json_body()
    return _answer(subscriptions.choices_of(data.get("endpoint")))


@bp.post("/push/test")
@csrf.exempt
@limiter.limit(_push_limit)
def send_test():
    data, lang = _json_body()
    subscription = subscriptions.find(data.get("endpoint"))
    if subscription is None or not subscription.groups:
        _refuse(lang, 404)
    slug = data.get("group")
    group = next((g for g in subscription.groups if g.slug == slug), subscription.groups[0])
    notice = notices.create_notice(group, NoticeKind.TEST, now(), only=subscription)
    notices.send_after_commit(notice)
    return _answer({"sent": True}, 202)
