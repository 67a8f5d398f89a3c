"""Notices: creating one, announcing it, sending it to its subscribers, the group's recent
ones and news. Functions take `now`; they flush, callers commit (a request, or a task), except
`deliver`. A notice to send is queued with `send_after_commit`: the after-commit hook
(tasks.listen) hands it to the task queue once it is committed, so the task can read it."""

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from webapp.audit import record
from webapp.clock import stored
from webapp.extensions import db
from webapp.notifications import messages
from webapp.notifications.delivery import Message, Outcome, Sender
from webapp.notifications.models import Notice, NoticeKind, PushSubscription, subscription_groups
from webapp.schedule.models import Cafe, Group

MAX_ATTEMPTS = 4  # the first send and three retries
QUEUED_KEY = "notices_to_send"


def create_notice(
    group: Group,
    kind: str,
    now: datetime,
    *,
    cafe: Cafe | None = None,
    texts: dict | None = None,
    user=None,
    form_key: str | None = None,
    previous_start: datetime | None = None,
    only: PushSubscription | None = None,
) -> Notice:
    """A notice to send (or the one this form already created: a double tap)."""
    if form_key:
        existing = db.session.scalar(select(Notice).where(Notice.form_key == form_key))
        if existing is not None:
            return existing
    notice = Notice(
        group_id=group.id,
        group=group,
        kind=kind,
        cafe=cafe,
        cafe_id=cafe.id if cafe else None,
        texts={lang: text for lang, text in (texts or {}).items() if text},
        created_by=user.id if user is not None else None,
        created_at=stored(now),
        form_key=form_key,
        previous_start=previous_start,
        only_subscription_id=only.id if only is not None else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(notice)
    except IntegrityError:
        existing = db.session.scalar(select(Notice).where(Notice.form_key == form_key))
        if existing is None:
            raise
        return existing
    return notice


def announce(group: Group, data: dict, cafe: Cafe | None, user, now: datetime) -> Notice:
    """The coordinator's message (`data` checked by forms.check_announcement) for `cafe` or
    the whole group: the notice, its audit entry, and its delivery queued for the commit.
    The same form sent twice (a double tap) gives the first notice, which is sent once."""
    notice = create_notice(
        group,
        data["kind"],
        now,
        cafe=cafe,
        texts=data["texts"],
        user=user,
        form_key=data["form_key"],
        previous_start=cafe.moved_from if cafe is not None else None,
    )
    record(
        user=user, group_id=group.id, action="push.announce", subject=f"notice:{notice.id}", now=now
    )
    send_after_commit(notice)
    return notice


def send_after_commit(notice: Notice) -> None:
    """Send the notice once the caller's transaction is committed (dropped on a rollback)."""
    db.session.info.setdefault(QUEUED_KEY, []).append(notice.id)


def take_queued(session) -> list[int]:
    """The ids of the notices queued in this session's transaction (and forget them)."""
    return session.info.pop(QUEUED_KEY, [])


def recipients(notice: Notice, subscription_ids=None) -> list[PushSubscription]:
    query = select(PushSubscription).order_by(PushSubscription.id)
    if notice.only_subscription_id is not None:
        query = query.where(PushSubscription.id == notice.only_subscription_id)
    else:
        query = query.join(
            subscription_groups, subscription_groups.c.subscription_id == PushSubscription.id
        ).where(subscription_groups.c.group_id == notice.group_id)
    if subscription_ids is not None:
        query = query.where(PushSubscription.id.in_(list(subscription_ids)))
    return list(db.session.scalars(query))


def deliver(
    notice: Notice, sender: Sender, now: datetime, icon: str, subscription_ids=None, attempt=1
) -> Outcome:
    """Send the notice to its subscribers (or to `subscription_ids` on a retry) and record
    the result. Subscriptions the push service says are gone are deleted. Retries left after
    the last attempt count as failed. Unlike other domain functions it commits (before
    sending and after), so the coordinator's page can follow the delivery."""
    targets = recipients(notice, subscription_ids)
    payloads = {}
    for choice in {(target.language, target.show_details) for target in targets}:
        payloads[choice] = messages.encoded(messages.payload(notice, *choice, now, icon))
    batch = [
        Message(
            target.id,
            target.endpoint,
            target.p256dh,
            target.auth,
            payloads[target.language, target.show_details],
        )
        for target in targets
    ]
    first = subscription_ids is None
    if first:
        # Claimed once: a notice queued twice (two taps at the same moment) is sent once.
        claimed = db.session.execute(
            update(Notice)
            .where(Notice.id == notice.id, Notice.started_at.is_(None))
            .values(target_count=len(batch), started_at=stored(now))
            .execution_options(synchronize_session=False)
        )
        db.session.commit()  # the coordinator's page shows the count while it sends
        if claimed.rowcount != 1:
            return Outcome()
    outcome = sender.send_all(
        batch,
        ttl=messages.time_to_live(notice, now),
        urgency=messages.urgency(notice),
        topic=messages.topic_for(notice),
    )
    gave_up = outcome.retry if attempt >= MAX_ATTEMPTS else []
    if gave_up:
        outcome.failed, outcome.retry = outcome.failed + gave_up, []
    if outcome.removed:
        db.session.execute(
            delete(PushSubscription)
            .where(PushSubscription.id.in_(outcome.removed))
            .execution_options(synchronize_session=False)
        )
    # Subscriptions deleted meanwhile (she turned it off) just drop out of a retry.
    was_waiting = 0 if first else len(subscription_ids)
    db.session.execute(
        update(Notice)
        .where(Notice.id == notice.id)
        .values(
            delivered=Notice.delivered + len(outcome.delivered),
            failed=Notice.failed + len(outcome.failed),
            removed=Notice.removed + len(outcome.removed),
            waiting=Notice.waiting + len(outcome.retry) - was_waiting,
            finished_at=stored(now),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return outcome


def notice_by_key(form_key: str) -> Notice | None:
    return db.session.scalar(select(Notice).where(Notice.form_key == form_key))


def recent_notices(group: Group, limit: int = 10) -> list[Notice]:
    return list(
        db.session.scalars(
            select(Notice)
            .where(Notice.group_id == group.id, Notice.kind != NoticeKind.TEST)
            .order_by(Notice.created_at.desc(), Notice.id.desc())
            .limit(limit)
        )
    )


def latest_news(group: Group, now: datetime, days: int = 14) -> Notice | None:
    """The coordinator's newest general message, shown on the group page for two weeks."""
    return db.session.scalar(
        select(Notice)
        .where(
            Notice.group_id == group.id,
            Notice.kind == NoticeKind.GENERAL,
            Notice.created_at >= stored(now) - timedelta(days=days),
        )
        .order_by(Notice.created_at.desc(), Notice.id.desc())
        .limit(1)
    )


def forget_tests(now: datetime) -> int:
    """ "Send me a test" notices are of no use after a day: delete them (the nightly job)."""
    result = db.session.execute(
        delete(Notice)
        .where(Notice.kind == NoticeKind.TEST, Notice.created_at < stored(now) - timedelta(days=1))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
