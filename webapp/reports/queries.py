"""The figures of a period, counted from the stored rows: anonymous counts only.

A period is whole local days [start, end] in the group's time zone (Europe/Copenhagen). A
café belongs to the day it starts, local time; help belongs to the moment it was logged.
Only non-personal columns are read: never a woman's name, phone or note.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from webapp.extensions import db
from webapp.helpdesk.models import HelpLog, HelpRequest, Outcome, RequestStatus
from webapp.schedule.models import (
    Attendance,
    Cafe,
    CafeKind,
    CafeStatus,
    Group,
    cafe_volunteers,
)
from webapp.schedule.recurrence import local_to_utc


@dataclass
class CafeRow:
    group_id: int
    group: str
    starts_at: datetime  # naive UTC
    day: date  # the local day it started
    kind: str
    counted: bool  # False when nobody counted who came
    new: int = 0
    returning: int = 0
    children: int = 0
    goal: int | None = None

    @property
    def women(self) -> int:
        return self.new + self.returning

    @property
    def met_goal(self) -> bool | None:
        if self.goal is None or not self.counted:
            return None
        return self.women >= self.goal


@dataclass
class GroupRow:
    name: str
    cafes: int
    counted: int
    women: int
    new: int
    returning: int
    volunteers: int
    goal: int | None


@dataclass
class Report:
    start: date
    end: date
    groups: list[str]
    cafes_by_kind: dict[str, int]
    cafes: list[CafeRow]
    help_by_kind: dict[str, int]
    minutes_by_kind: dict[str, int]
    help_by_month: dict[date, int]  # the first day of each month in the period
    minutes_by_month: dict[date, int]
    help_by_language: dict[str, int]
    outcomes: dict[str, int]
    walk_ins: int
    for_requests: int
    requests_received: int
    requests_withdrawn: int
    volunteers_active: int
    help_minutes: int
    cafe_minutes: int  # each held café's length, once for each responsible mother
    per_group: list[GroupRow] = field(default_factory=list)

    @property
    def sessions(self) -> int:
        return self.walk_ins + self.for_requests

    @property
    def cafes_held(self) -> int:
        return sum(self.cafes_by_kind.values())

    @property
    def counted_cafes(self) -> list[CafeRow]:
        return [cafe for cafe in self.cafes if cafe.counted]

    @property
    def women(self) -> int:
        return sum(cafe.women for cafe in self.cafes)

    @property
    def new(self) -> int:
        return sum(cafe.new for cafe in self.cafes)

    @property
    def returning(self) -> int:
        return sum(cafe.returning for cafe in self.cafes)

    @property
    def children(self) -> int:
        return sum(cafe.children for cafe in self.cafes)

    @property
    def average_women(self) -> float | None:
        counted = self.counted_cafes
        return round(self.women / len(counted), 1) if counted else None

    @property
    def cafes_meeting_goal(self) -> int:
        return sum(1 for cafe in self.cafes if cafe.met_goal)

    @property
    def cafes_with_goal(self) -> int:
        return sum(1 for cafe in self.cafes if cafe.met_goal is not None)

    @property
    def hours_given(self) -> float:
        return round((self.help_minutes + self.cafe_minutes) / 60, 1)


def utc_bounds(start: date, end: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[from, until) in naive UTC for the local days start..end. Local midnights are turned
    into UTC one by one, so a daylight-saving day is 23 or 25 hours long, as it really is."""
    return local_to_utc(start, time(0), zone), local_to_utc(end + timedelta(days=1), time(0), zone)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.replace(tzinfo=UTC).astimezone(zone).date()


def _held_cafes(group_ids, since, until):
    return list(
        db.session.execute(
            select(Cafe.id, Cafe.group_id, Cafe.kind, Cafe.starts_at, Cafe.ends_at)
            .where(Cafe.group_id.in_(group_ids), Cafe.status != CafeStatus.CANCELLED)
            .where(Cafe.starts_at >= since, Cafe.starts_at < until)
            .order_by(Cafe.starts_at, Cafe.id)
        )
    )


def _responsible(cafe_ids) -> dict[int, set[int]]:
    by_cafe: dict[int, set[int]] = {}
    if cafe_ids:
        rows = db.session.execute(
            select(cafe_volunteers.c.cafe_id, cafe_volunteers.c.user_id).where(
                cafe_volunteers.c.cafe_id.in_(cafe_ids)
            )
        )
        for cafe_id, user_id in rows:
            by_cafe.setdefault(cafe_id, set()).add(user_id)
    return by_cafe


def _attendance(cafe_ids) -> dict[int, tuple[int, int, int]]:
    if not cafe_ids:
        return {}
    rows = db.session.execute(
        select(
            Attendance.cafe_id,
            Attendance.new_women,
            Attendance.returning_women,
            Attendance.children,
        ).where(Attendance.cafe_id.in_(cafe_ids))
    )
    return {cafe_id: (new, returning, children) for cafe_id, new, returning, children in rows}


def _help_logs(group_ids, since, until):
    return list(
        db.session.execute(
            select(
                HelpLog.group_id,
                HelpLog.volunteer_id,
                HelpLog.request_id,
                HelpLog.kinds,
                HelpLog.minutes,
                HelpLog.language,
                HelpLog.outcome,
                HelpLog.given_at,
            ).where(
                HelpLog.group_id.in_(group_ids),
                HelpLog.given_at >= since,
                HelpLog.given_at < until,
            )
        )
    )


def _requests(group_ids, since, until) -> tuple[int, int]:
    statuses = db.session.scalars(
        select(HelpRequest.status).where(
            HelpRequest.group_id.in_(group_ids),
            HelpRequest.created_at >= since,
            HelpRequest.created_at < until,
        )
    ).all()
    return len(statuses), sum(1 for status in statuses if status == RequestStatus.WITHDRAWN)


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def report_for(groups: list[Group], start: date, end: date, zone: ZoneInfo) -> Report:
    since, until = utc_bounds(start, end, zone)
    group_ids = [group.id for group in groups]
    by_id = {group.id: group for group in groups}
    cafes = _held_cafes(group_ids, since, until)
    responsible = _responsible([cafe.id for cafe in cafes])
    counts = _attendance([cafe.id for cafe in cafes])
    logs = _help_logs(group_ids, since, until)
    received, withdrawn = _requests(group_ids, since, until)

    rows, cafe_minutes = [], 0
    active_by_group: dict[int, set[int]] = {group_id: set() for group_id in group_ids}
    for cafe in cafes:
        group = by_id[cafe.group_id]
        new, returning, children = counts.get(cafe.id, (0, 0, 0))
        rows.append(
            CafeRow(
                group_id=group.id,
                group=group.name,
                starts_at=cafe.starts_at,
                day=local_day(cafe.starts_at, zone),
                kind=cafe.kind,
                counted=cafe.id in counts,
                new=new,
                returning=returning,
                children=children,
                goal=group.attendance_goal,
            )
        )
        mothers = responsible.get(cafe.id, set())
        active_by_group[cafe.group_id] |= mothers
        length = int((cafe.ends_at - cafe.starts_at).total_seconds() // 60)
        cafe_minutes += length * len(mothers)

    by_kind: Counter = Counter()
    minutes_by_kind: Counter = Counter()
    by_month: Counter = Counter({month: 0 for month in _months(start, end)})
    minutes_by_month: Counter = Counter({month: 0 for month in _months(start, end)})
    for log in logs:
        for kind in dict.fromkeys(log.kinds or []):  # each kind once per log
            by_kind[kind] += 1
            minutes_by_kind[kind] += log.minutes
        month = local_day(log.given_at, zone).replace(day=1)
        by_month[month] += 1
        minutes_by_month[month] += log.minutes
        if log.volunteer_id is not None:
            active_by_group[log.group_id].add(log.volunteer_id)

    cafe_kinds = Counter(cafe.kind for cafe in cafes)
    return Report(
        start=start,
        end=end,
        groups=[group.name for group in groups],
        cafes_by_kind={kind.value: cafe_kinds[kind.value] for kind in CafeKind},
        cafes=rows,
        help_by_kind=dict(by_kind.most_common()),
        minutes_by_kind=dict(minutes_by_kind),
        help_by_month=dict(sorted(by_month.items())),
        minutes_by_month=dict(sorted(minutes_by_month.items())),
        help_by_language=dict(Counter(log.language for log in logs).most_common()),
        outcomes={
            outcome.value: sum(1 for log in logs if log.outcome == outcome) for outcome in Outcome
        },
        walk_ins=sum(1 for log in logs if log.request_id is None),
        for_requests=sum(1 for log in logs if log.request_id is not None),
        requests_received=received,
        requests_withdrawn=withdrawn,
        volunteers_active=len(set().union(*active_by_group.values())),
        help_minutes=sum(log.minutes for log in logs),
        cafe_minutes=cafe_minutes,
        per_group=_per_group(groups, rows, active_by_group),
    )


def _per_group(groups, rows: list[CafeRow], active_by_group) -> list[GroupRow]:
    rows_by_group: dict[int, list[CafeRow]] = {}
    for row in rows:
        rows_by_group.setdefault(row.group_id, []).append(row)
    result = []
    for group in groups:
        mine = rows_by_group.get(group.id, [])
        result.append(
            GroupRow(
                name=group.name,
                cafes=len(mine),
                counted=sum(1 for row in mine if row.counted),
                women=sum(row.women for row in mine),
                new=sum(row.new for row in mine),
                returning=sum(row.returning for row in mine),
                volunteers=len(active_by_group[group.id]),
                goal=group.attendance_goal,
            )
        )
    return result
