"""Background jobs: send a notice, retry later, find due reminders and change notices."""

import logging

from flask import current_app
from huey import crontab
from sqlalchemy import event
from sqlalchemy.orm import Session

from webapp.clock import now
from webapp.extensions import db
from webapp.i18n import local_zone
from webapp.notifications import changes, notices, reminders
from webapp.notifications.delivery import Sender
from webapp.notifications.endpoints import KNOWN_PUSH_SERVICES
from webapp.notifications.models import Notice
from webapp.notifications.vapid import VapidSigner
from webapp.taskqueue import huey, with_app


def sender() -> Sender:
    app = current_app
    cached = app.extensions.get("push_sender")
    if cached is None:
        cached = Sender(
            signer=VapidSigner(app.config["VAPID_PRIVATE_KEY"], app.config["VAPID_SUBJECT"]),
            services=tuple(app.config["PUSH_SERVICES"] or KNOWN_PUSH_SERVICES),
            extra_origins=tuple(app.config["PUSH_EXTRA_ORIGINS"]),
            timeout=app.config["PUSH_TIMEOUT"],
            concurrency=app.config["PUSH_CONCURRENCY"],
        )
        app.extensions["push_sender"] = cached
    return cached


def icon_path() -> str:
    from webapp.notifications.messages import path_for

    name = current_app.extensions["assets"].url_name("icons/icon-192.png")
    return path_for("pwa.asset", name=name)


@huey.task()
@with_app
def send_notice(notice_id: int, subscription_ids=None, attempt: int = 1) -> dict:
    notice = db.session.get(Notice, notice_id)
    if notice is None:
        return {}
    outcome = notices.deliver(
        notice, sender(), now(), icon_path(), subscription_ids=subscription_ids, attempt=attempt
    )
    if outcome.retry:
        send_notice.schedule(
            args=(notice_id, outcome.retry, attempt + 1), delay=outcome.retry_after
        )
    return {
        "delivered": len(outcome.delivered),
        "removed": len(outcome.removed),
        "failed": len(outcome.failed),
        "retry": len(outcome.retry),
    }


def _send_each(due) -> int:
    db.session.commit()  # each send_notice task reads its notice from its own session
    for notice in due:
        send_notice(notice.id)
    return len(due)


@huey.task()
@with_app
def dispatch_changes() -> int:
    return _send_each(changes.due_changes(now()))


def listen() -> None:
    """Register the session hooks (create_app calls it): changed cafés are marked in each
    flush; after a commit, the notices queued in it are sent and, if it marked cafés,
    `dispatch_changes` is queued; a rollback forgets the queued notices."""
    changes.listen()
    for name, hook in (("after_commit", _send_queued), ("after_soft_rollback", _forget_queued)):
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


def _send_queued(session):
    if not session.in_nested_transaction():  # the whole transaction, not a savepoint
        for notice_id in notices.take_queued(session):
            send_notice(notice_id)
    if not changes.take_pending_flag(session):
        return
    try:
        dispatch_changes()
    except Exception:  # noqa: BLE001 - the queue being down must not fail the change itself
        logging.getLogger(__name__).exception("could not queue change notices; the minute job will")


def _forget_queued(session, previous_transaction):
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        notices.take_queued(session)


@huey.periodic_task(crontab(minute="*"))
@with_app
def every_minute() -> int:
    """Reminders whose time has come, and change notices a lost enqueue left behind."""
    return _send_each(reminders.due_reminders(now(), local_zone()) + changes.due_changes(now()))


@huey.periodic_task(crontab(minute="15", hour="3"))
@with_app
def forget_test_notices() -> int:
    """Every night: "send me a test" notices older than a day are deleted."""
    forgotten = notices.forget_tests(now())
    db.session.commit()
    return forgotten
