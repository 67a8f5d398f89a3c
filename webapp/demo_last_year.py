"""Demo figures for the previous calendar year, so the report has something to show.

For each demo group: about ten held cafés (2-4 knowledge, 2 social, the rest conversation)
and one cancelled, head counts near the group's goal, and help given at the cafés: walk-ins
and requests whose personal fields are already erased. Seeded by group and year, so the
figures are the same on every machine; added once (skipped when the year has cafés already).
"""

import random
import secrets
from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from webapp.accounts.models import User
from webapp.extensions import db
from webapp.helpdesk.models import (
    ContactMode,
    HelpKind,
    HelpLog,
    HelpRequest,
    Outcome,
    RequestStatus,
)
from webapp.schedule.models import Attendance, Cafe, CafeKind, CafeStatus, Group, Venue
from webapp.schedule.recurrence import local_to_utc

GOALS = {"frederiksberg": 15, "skanderborg": 10, "indre-norrebro": 20, "ballerup": 12, "ishoj": 14}
KIND_WEIGHTS = {
    HelpKind.EBOKS: 30,
    HelpKind.PHONE: 20,
    HelpKind.MITID: 15,
    HelpKind.ECONOMY: 10,
    HelpKind.SCHOOL: 10,
    HelpKind.JOB: 6,
    HelpKind.OTHER: 4,
}
OUTCOME_WEIGHTS = {Outcome.SOLVED: 70, Outcome.REFERRED: 15, Outcome.FOLLOW_UP: 15}
TOPICS = {
    CafeKind.KNOWLEDGE: "Fagperson på besøg",
    CafeKind.SOCIAL: "Fest for hele familien",
    CafeKind.CONVERSATION: "Kaffe og snak",
}


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _plan(rng: random.Random) -> list[tuple[int, str]]:
    """(month, kind) of the year's cafés: social in June and December, the rest spread."""
    knowledge = rng.randint(2, 4)
    months = [m for m in range(1, 13) if m not in (6, 7, 12)]
    rng.shuffle(months)
    plan = [(6, CafeKind.SOCIAL), (12, CafeKind.SOCIAL)]
    plan += [(month, CafeKind.KNOWLEDGE) for month in months[:knowledge]]
    plan += [(month, CafeKind.CONVERSATION) for month in months[knowledge : 10 - 2]]
    return sorted(plan)


def add_last_year(
    group: Group, venue: Venue, hours: tuple[time, time], today: date, zone: ZoneInfo
) -> None:
    year = today.year - 1
    if group.attendance_goal is None:
        group.attendance_goal = GOALS.get(group.slug, 12)
    since = local_to_utc(date(year, 1, 1), time(0), zone)
    until = local_to_utc(date(year + 1, 1, 1), time(0), zone)
    already = db.session.scalar(
        select(Cafe.id).where(
            Cafe.group_id == group.id, Cafe.starts_at >= since, Cafe.starts_at < until
        )
    )
    if already is not None:
        return
    rng = random.Random(f"{group.slug}-{year}")
    team = list(
        db.session.scalars(
            select(User).where(User.groups.any(Group.id == group.id)).order_by(User.username)
        )
    )
    starts, ends = hours
    for month, kind in _plan(rng):
        day = date(year, month, rng.randint(3, 26))
        cafe = Cafe(
            group_id=group.id,
            venue_id=venue.id,
            kind=kind,
            starts_at=local_to_utc(day, starts, zone),
            ends_at=local_to_utc(day, ends, zone),
            texts={"da": {"topic": TOPICS[kind]}},
            offers=["eboks", "phone"],
            responsible=rng.sample(team, k=min(len(team), rng.randint(2, 3))),
        )
        db.session.add(cafe)
        db.session.flush()
        goal = group.attendance_goal
        db.session.add(
            Attendance(
                cafe_id=cafe.id,
                group_id=group.id,
                new_women=rng.randint(1, max(2, goal // 3)),
                returning_women=rng.randint(goal // 2, goal + 4),
                children=rng.randint(0, 8) + (10 if kind == CafeKind.SOCIAL else 0),
                updated_at=cafe.ends_at,
            )
        )
        _help_at(cafe, group, team, rng, zone)
    cancelled_day = date(year, 7, rng.randint(3, 26))
    db.session.add(
        Cafe(
            group_id=group.id,
            venue_id=venue.id,
            kind=CafeKind.CONVERSATION,
            status=CafeStatus.CANCELLED,
            starts_at=local_to_utc(cancelled_day, starts, zone),
            ends_at=local_to_utc(cancelled_day, ends, zone),
            texts={"da": {"topic": TOPICS[CafeKind.CONVERSATION]}},
        )
    )
    db.session.flush()


def _help_at(cafe: Cafe, group: Group, team: list[User], rng: random.Random, zone) -> None:
    """Help given during the café: walk-ins, and requests sent from a phone (anonymous now)."""
    languages = [*group.languages, "da"]
    length = (cafe.ends_at - cafe.starts_at).total_seconds() / 60
    for number in range(rng.randint(3, 9)):
        given_at = cafe.starts_at + timedelta(minutes=rng.randint(10, int(length) - 5))
        volunteer = rng.choice(team)
        kinds = sorted({_pick(rng, KIND_WEIGHTS) for _ in range(rng.choice((1, 1, 1, 2)))})
        language = rng.choice(languages)
        request_id = None
        if rng.random() < 0.4:
            request_id = _answered_request(
                group, cafe, number, kinds[0], language, given_at, volunteer, zone
            )
        db.session.add(
            HelpLog(
                group_id=group.id,
                request_id=request_id,
                volunteer_id=volunteer.id,
                kinds=kinds,
                minutes=rng.choice((10, 15, 20, 25, 30, 45, 60)),
                language=language,
                outcome=_pick(rng, OUTCOME_WEIGHTS),
                given_at=given_at,
            )
        )
    if rng.random() < 0.3:
        _answered_request(
            group,
            cafe,
            99,
            HelpKind.OTHER,
            "da",
            cafe.starts_at,
            None,
            zone,
            status=RequestStatus.WITHDRAWN,
        )


def _answered_request(
    group, cafe, number, kind, language, given_at, volunteer, zone, status=RequestStatus.RESOLVED
) -> int:
    created_at = given_at - timedelta(minutes=20)
    request = HelpRequest(
        group_id=group.id,
        token=secrets.token_urlsafe(24),
        form_key=f"demo-{cafe.id}-{number}",
        ticket_day=created_at.replace(tzinfo=UTC).astimezone(zone).date(),
        ticket_number=1000 + cafe.id * 100 + number,  # never a real day's ticket
        kind=kind,
        languages=[language],
        contact=ContactMode.AT_CAFE,
        status=status,
        created_at=created_at,
        claimed_by_id=volunteer.id if volunteer else None,
        claimed_at=created_at if volunteer else None,
        closed_at=given_at,
        purged_at=given_at + timedelta(days=group.retention_days),
    )
    db.session.add(request)
    db.session.flush()
    return request.id
