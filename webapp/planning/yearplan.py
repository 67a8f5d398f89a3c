"""The year plan: a group's cafés of one calendar year by kind against DOMAIN.md's suggested
mix, and the women who came against the group's goal.

A café belongs to the year of its local start (Europe/Copenhagen): a café at 23:30 on
31 December is in that year, one at 00:30 on 1 January in the next.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.audit import record
from webapp.clock import stored
from webapp.extensions import db
from webapp.schedule.models import Attendance, Cafe, CafeKind, CafeStatus, Group
from webapp.schedule.recurrence import local_to_utc

# (fewest, most) cafés of each kind in a year, from DOMAIN.md.
SUGGESTED_MIX = {
    CafeKind.KNOWLEDGE: (2, 4),
    CafeKind.SOCIAL: (2, 2),
    CafeKind.CONVERSATION: (4, 6),
}
GOAL_MAX = 500


@dataclass(frozen=True)
class KindCount:
    kind: str
    count: int
    fewest: int
    most: int

    @property
    def missing(self) -> int:
        return max(self.fewest - self.count, 0)

    @property
    def verdict(self) -> str:
        """ "missing", "on_track" or "over"."""
        if self.count < self.fewest:
            return "missing"
        return "over" if self.count > self.most else "on_track"


@dataclass(frozen=True)
class PlannedCafe:
    cafe_id: int
    starts_at: datetime  # naive UTC, as stored
    ends_at: datetime
    kind: str
    held: bool
    new_women: int | None = None  # None: nobody counted
    returning_women: int | None = None

    @property
    def women(self) -> int | None:
        if self.new_women is None:
            return None
        return self.new_women + (self.returning_women or 0)


@dataclass
class Month:
    first_day: date
    cafes: list[PlannedCafe] = field(default_factory=list)


@dataclass
class YearPlan:
    year: int
    kinds: list[KindCount]
    months: list[Month]
    goal: int | None
    counted: int  # held cafés with attendance
    average: float | None  # women per counted café

    @property
    def total(self) -> int:
        return sum(kind.count for kind in self.kinds)

    @property
    def scale(self) -> int:
        """The number the bars are drawn up to: the largest count or suggestion, at least 8."""
        return max([8] + [max(kind.count, kind.most) for kind in self.kinds])

    @property
    def average_meets_goal(self) -> bool | None:
        if self.goal is None or self.average is None:
            return None
        return self.average >= self.goal


def year_bounds(year: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The year's first and last instant as stored (naive UTC), the end excluded."""
    return local_to_utc(date(year, 1, 1), time(0), zone), local_to_utc(
        date(year + 1, 1, 1), time(0), zone
    )


def year_plan(group: Group, year: int, zone: ZoneInfo, now: datetime) -> YearPlan:
    start, end = year_bounds(year, zone)
    cafes = list(
        db.session.scalars(
            select(Cafe)
            .where(
                Cafe.group_id == group.id,
                Cafe.status != CafeStatus.CANCELLED,
                Cafe.starts_at >= start,
                Cafe.starts_at < end,
            )
            .order_by(Cafe.starts_at, Cafe.id)
            .options(selectinload(Cafe.venue))
        )
    )
    counts = _attendance(cafe.id for cafe in cafes)
    planned = []
    for cafe in cafes:
        held = cafe.starts_at <= stored(now)
        new, returning = counts.get(cafe.id, (None, None)) if held else (None, None)
        planned.append(
            PlannedCafe(cafe.id, cafe.starts_at, cafe.ends_at, cafe.kind, held, new, returning)
        )
    kinds = [
        KindCount(kind.value, sum(1 for c in planned if c.kind == kind), fewest, most)
        for kind, (fewest, most) in SUGGESTED_MIX.items()
    ]
    counted = [cafe.women for cafe in planned if cafe.women is not None]
    average = sum(counted) / len(counted) if counted else None
    months = _by_month(planned, zone)
    return YearPlan(year, kinds, months, group.attendance_goal, len(counted), average)


def _attendance(cafe_ids) -> dict[int, tuple[int, int]]:
    ids = list(cafe_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Attendance.cafe_id, Attendance.new_women, Attendance.returning_women).where(
            Attendance.cafe_id.in_(ids)
        )
    )
    return {cafe_id: (new, returning) for cafe_id, new, returning in rows}


def _by_month(cafes: list[PlannedCafe], zone: ZoneInfo) -> list[Month]:
    months: dict[date, Month] = {}
    for cafe in cafes:
        local = cafe.starts_at.replace(tzinfo=UTC).astimezone(zone)
        first_day = local.date().replace(day=1)
        months.setdefault(first_day, Month(first_day)).cafes.append(cafe)
    return list(months.values())


def set_goal(group: Group, goal: int | None, acting_user, now: datetime) -> None:
    group.attendance_goal = goal
    db.session.flush()
    subject = f"group:{group.id}"
    record(user=acting_user, group_id=group.id, action="plan.goal", subject=subject, now=now)
