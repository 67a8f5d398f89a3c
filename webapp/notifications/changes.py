"""Notices that follow from a café changing: cancelled, moved, on again, newly planned.

Whatever changes a café (a coordinator's screen, a script, the shell), a flush hook marks it
`notice_due` and, after the commit, a task compares what subscribers were last told
(`announced_state`) with how the café is now. A change that is undone before the task runs
sends nothing; one undone after sends the correction under the same tag, which replaces the
first notification on her phone.

The hooks are registered by `listen()` (create_app, through `tasks.listen()`, which adds the
after-commit hook that queues the task); importing this module registers nothing.
"""

from datetime import datetime

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from webapp.clock import stored
from webapp.extensions import db
from webapp.notifications.models import Notice, NoticeKind
from webapp.notifications.notices import create_notice
from webapp.schedule.models import Cafe, CafeStatus

WATCHED = ("status", "starts_at", "ends_at", "venue_id")
PENDING_KEY = "cafe_notices_due"


def state_of(cafe: Cafe) -> str:
    return f"{cafe.status}|{cafe.starts_at:%Y-%m-%dT%H:%M}|{cafe.ends_at:%Y-%m-%dT%H:%M}|{cafe.venue_id}"


def _start_of(state: str) -> datetime:
    return datetime.strptime(state.split("|")[1], "%Y-%m-%dT%H:%M")


def classify(previous: str | None, current: str) -> str | None:
    """Which notice (if any) turns what she was told into what is true now."""
    cancelled_now = current.startswith(f"{CafeStatus.CANCELLED}|")
    if previous is None:
        return None if cancelled_now else NoticeKind.NEW_CAFE
    if previous == current:
        return None
    cancelled_before = previous.startswith(f"{CafeStatus.CANCELLED}|")
    if cancelled_now:
        return None if cancelled_before else NoticeKind.CANCELLED
    if cancelled_before:
        return NoticeKind.REINSTATED
    if previous.split("|")[1:] == current.split("|")[1:]:
        return None  # only the status word changed (planned <-> moved)
    return NoticeKind.MOVED


def listen() -> None:
    """Register the session hooks that mark changed cafés (once, however many apps)."""
    for name, hook in (
        ("before_flush", _mark_changed_cafes),
        ("after_soft_rollback", _forget_pending),
    ):
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


def _mark_changed_cafes(session, _flush_context, _instances):
    for cafe in session.new:
        if not isinstance(cafe, Cafe):
            continue
        if cafe.series_id is not None and cafe.announced_state is None:
            # An occurrence of a series she already knows about: nothing new to announce.
            cafe.announced_state = state_of(cafe)
        elif cafe.announced_state is None:
            cafe.notice_due = True
            session.info[PENDING_KEY] = True
    for cafe in session.dirty:
        if not isinstance(cafe, Cafe):
            continue
        state = inspect(cafe)
        if any(state.attrs[name].history.has_changes() for name in WATCHED):
            cafe.notice_due = True
            session.info[PENDING_KEY] = True


def take_pending_flag(session) -> bool:
    return bool(session.info.pop(PENDING_KEY, False))


def due_changes(now: datetime) -> list[Notice]:
    """Claim each café marked `notice_due` (one conditional UPDATE, so two workers never send
    the same notice) and create the notice its change calls for.

    A series changed or ended at once marks all its future cafés: only the soonest of them is
    announced (the group page shows the rest), so a phone gets one notification, not twenty.
    """
    notices = []
    announced_series = set()
    due = select(Cafe).where(Cafe.notice_due.is_(True)).order_by(Cafe.starts_at, Cafe.id)
    for cafe in db.session.scalars(due).all():
        current = state_of(cafe)
        claimed = db.session.execute(
            update(Cafe)
            .where(Cafe.id == cafe.id, Cafe.notice_due.is_(True))
            .values(notice_due=False, announced_state=current)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1 or cafe.starts_at <= stored(now):
            continue
        kind = classify(cafe.announced_state, current)
        if kind is None or cafe.series_id in announced_series:
            continue
        if cafe.series_id is not None:
            announced_series.add(cafe.series_id)
        previous_start = _start_of(cafe.announced_state) if kind == NoticeKind.MOVED else None
        notices.append(
            create_notice(cafe.group, kind, now, cafe=cafe, previous_start=previous_start)
        )
    return notices


def _forget_pending(session, _previous_transaction):
    take_pending_flag(session)
