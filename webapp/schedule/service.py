"""What the public pages show: groups, the next café and the upcoming ones."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.clock import stored
from webapp.extensions import db
from webapp.schedule.models import Cafe, CafeStatus, Group


def all_groups() -> list[Group]:
    return list(db.session.scalars(select(Group).order_by(Group.name)))


def group_by_slug(slug: str) -> Group | None:
    return db.session.scalar(select(Group).where(Group.slug == slug))


def upcoming_cafes(group: Group, now: datetime, limit: int) -> list[Cafe]:
    """Cafés not yet over, soonest first; cancelled ones included so they can be shown."""
    return list(
        db.session.scalars(
            select(Cafe)
            .where(Cafe.group_id == group.id, Cafe.ends_at > stored(now))
            .order_by(Cafe.starts_at, Cafe.id)
            .options(selectinload(Cafe.venue))
            .limit(limit)
        )
    )


@dataclass
class Schedule:
    next_cafe: Cafe | None
    # Cancelled cafés that would have come before the next one: the page leads with them.
    cancelled_before: list[Cafe] = field(default_factory=list)
    later: list[Cafe] = field(default_factory=list)
    has_more: bool = False


def schedule_for(group: Group, now: datetime, count: int) -> Schedule:
    """The next café that is held, the cancellations before it, and `count` more after it."""
    cafes = upcoming_cafes(group, now, limit=count + 12)
    schedule = Schedule(next_cafe=None)
    for index, cafe in enumerate(cafes):
        if cafe.status != CafeStatus.CANCELLED:
            schedule.next_cafe = cafe
            schedule.cancelled_before = cafes[:index]
            rest = cafes[index + 1 :]
            schedule.later = rest[:count]
            schedule.has_more = len(rest) > count
            break
    else:
        schedule.cancelled_before = cafes
    return schedule


def cafe_in_group(group: Group, cafe_id: int) -> Cafe | None:
    return db.session.scalar(select(Cafe).where(Cafe.id == cafe_id, Cafe.group_id == group.id))


def cafe_of_the_day(group: Group, now: datetime, zone: ZoneInfo) -> Cafe | None:
    """The café to count attendance for: today's (held) café, else the most recent one."""
    local_now = now.astimezone(zone)
    end_of_day = (local_now.replace(hour=23, minute=59, second=59)).astimezone(UTC)
    return db.session.scalar(
        select(Cafe)
        .where(
            Cafe.group_id == group.id,
            Cafe.status != CafeStatus.CANCELLED,
            Cafe.starts_at <= stored(end_of_day),
        )
        .order_by(Cafe.starts_at.desc())
        .limit(1)
    )
