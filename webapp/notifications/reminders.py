"""Reminders: when each café's reminder goes out, claiming the due ones, the group's
setting. Functions take `now`; they flush, callers commit (a request, or a task)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from webapp.audit import record
from webapp.clock import stored
from webapp.extensions import db
from webapp.notifications.models import Notice, NoticeKind
from webapp.notifications.notices import create_notice
from webapp.schedule.models import Cafe, CafeStatus, Group
from webapp.schedule.recurrence import local_to_utc

REMINDER_LOOKAHEAD = timedelta(days=8)


def reminder_time(cafe: Cafe, group: Group, zone: ZoneInfo) -> datetime:
    """When the reminder goes out, as naive UTC: the group's local time, N days before the
    café's local date. Computed on the local calendar, so a daylight-saving change between
    the reminder and the café moves neither."""
    local_start = cafe.starts_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
    day: date = local_start.date() - timedelta(days=group.reminder_days_before)
    return local_to_utc(day, group.reminder_time, zone)


def due_reminders(now: datetime, zone: ZoneInfo) -> list[Notice]:
    """Claim every café whose reminder time has come (one conditional UPDATE each, so two
    workers never remind twice) and create its notice."""
    moment = stored(now)
    candidates = db.session.scalars(
        select(Cafe)
        .join(Group, Group.id == Cafe.group_id)
        .where(
            Cafe.reminded_at.is_(None),
            Cafe.status != CafeStatus.CANCELLED,
            Cafe.starts_at > moment,
            Cafe.starts_at <= moment + REMINDER_LOOKAHEAD,
        )
        .order_by(Cafe.starts_at)
    ).all()
    notices = []
    for cafe in candidates:
        if reminder_time(cafe, cafe.group, zone) > moment:
            continue
        claimed = db.session.execute(
            update(Cafe)
            .where(Cafe.id == cafe.id, Cafe.reminded_at.is_(None))
            .values(reminded_at=moment)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:
            notices.append(create_notice(cafe.group, NoticeKind.REMINDER, now, cafe=cafe))
    return notices


def set_reminder(group: Group, days_before: int, at, user, now: datetime) -> None:
    """The group's reminder: `days_before` the café's day, at `at` local time; audited."""
    group.reminder_days_before = days_before
    group.reminder_time = at
    db.session.flush()
    record(
        user=user,
        group_id=group.id,
        action="push.reminder_settings",
        subject=f"group:{group.id}",
        now=now,
    )
