"""Push subscriptions: a phone's endpoint and keys, its groups, its language. Functions
flush; callers commit (a request, or a task)."""

import hashlib

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.notifications.endpoints import BadSubscription, check_endpoint, check_keys
from webapp.notifications.models import PushSubscription, subscription_groups
from webapp.schedule.models import Group


def endpoint_hash(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()


def find(endpoint: str) -> PushSubscription | None:
    if not isinstance(endpoint, str):
        return None
    return db.session.scalar(
        select(PushSubscription).where(PushSubscription.endpoint_hash == endpoint_hash(endpoint))
    )


def subscribe(
    subscription: dict,
    group: Group,
    lang: str,
    services,
    extra_origins=(),
    show_details: bool = False,
):
    """Store (or update) the browser's subscription for `group` in `lang`.

    Raises BadSubscription for anything the server would not send to. A second group on the
    same phone is added to the same subscription; her language is the one she chose last.
    """
    if not isinstance(subscription, dict):
        raise BadSubscription("subscription missing")
    endpoint = check_endpoint(subscription.get("endpoint"), services, extra_origins)
    p256dh, auth = check_keys(subscription.get("keys"))
    for _attempt in range(3):
        existing = find(endpoint)
        if existing is None:
            existing = PushSubscription(
                endpoint=endpoint, endpoint_hash=endpoint_hash(endpoint), groups=[]
            )
        existing.p256dh, existing.auth, existing.language = p256dh, auth, lang
        existing.show_details = show_details
        if group not in existing.groups:
            existing.groups.append(group)
        try:
            with db.session.begin_nested():
                db.session.add(existing)
            return existing
        except IntegrityError:
            continue  # the same phone subscribed twice at once: update the other row
    raise RuntimeError("could not store the subscription")


def unsubscribe(endpoint: str, group: Group | None) -> list[str]:
    """Take `group` off the subscription (every group if None); a subscription with no group
    left is deleted. Returns the slugs still subscribed."""
    existing = find(endpoint)
    if existing is None:
        return []
    if group is not None and group in existing.groups:
        existing.groups.remove(group)
    if group is None or not existing.groups:
        db.session.delete(existing)
        db.session.flush()
        return []
    db.session.flush()
    return sorted(g.slug for g in existing.groups)


def choices_of(endpoint: str) -> dict:
    """What this phone chose: its groups, whether it wants a café's topic shown, and the
    language of its notifications (the service worker renews a subscription with them)."""
    existing = find(endpoint)
    if existing is None:
        return {"groups": [], "details": False, "language": None}
    return {
        "groups": sorted(g.slug for g in existing.groups),
        "details": existing.show_details,
        "language": existing.language,
    }


def devices_by_language(group: Group) -> dict[str, int]:
    rows = db.session.execute(
        select(PushSubscription.language, func.count())
        .join(subscription_groups, subscription_groups.c.subscription_id == PushSubscription.id)
        .where(subscription_groups.c.group_id == group.id)
        .group_by(PushSubscription.language)
        .order_by(PushSubscription.language)
    )
    return dict(rows.all())
