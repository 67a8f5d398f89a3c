"""The help-desk queue: filing a request, its place, opening, claiming, releasing, resolving,
withdrawing. Functions take `now` and the acting user; they flush, the request commits.
Every volunteer's view and change of a request is written to the audit log here."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from webapp.audit import record
from webapp.clock import stored
from webapp.extensions import db
from webapp.helpdesk.models import HelpLog, HelpRequest, RequestStatus
from webapp.schedule.models import Group

DEFAULT_MINUTES_PER_WOMAN = 15
ACTIVE = (RequestStatus.OPEN, RequestStatus.CALLED, RequestStatus.IN_PROGRESS)


def file_request(group: Group, data: dict, now: datetime, zone: ZoneInfo) -> HelpRequest:
    """Create the request (or return the one this form already created: a double tap)."""
    existing = db.session.scalar(
        select(HelpRequest).where(
            HelpRequest.group_id == group.id, HelpRequest.form_key == data["form_key"]
        )
    )
    if existing is not None:
        return existing
    day = now.astimezone(zone).date()
    for _attempt in range(5):
        number = 1 + (
            db.session.scalar(
                select(func.max(HelpRequest.ticket_number)).where(
                    HelpRequest.group_id == group.id, HelpRequest.ticket_day == day
                )
            )
            or 0
        )
        request = HelpRequest(
            group_id=group.id,
            token=secrets.token_urlsafe(24),
            form_key=data["form_key"],
            ticket_day=day,
            ticket_number=number,
            kind=data["kind"],
            languages=data["languages"],
            contact=data["contact"],
            woman_only=data["woman_only"],
            first_name=data["first_name"],
            phone=data["phone"] or None,
            note=data["note"] or None,
            created_at=stored(now),
        )
        try:
            with db.session.begin_nested():
                db.session.add(request)
            return request
        except IntegrityError:
            # Another request took this ticket number (or this form key) meanwhile.
            existing = db.session.scalar(
                select(HelpRequest).where(
                    HelpRequest.group_id == group.id, HelpRequest.form_key == data["form_key"]
                )
            )
            if existing is not None:
                return existing
    raise RuntimeError("could not give a ticket number")


def by_token(token: str) -> HelpRequest | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(HelpRequest).where(HelpRequest.token == token))


def in_group(group: Group, request_id: int) -> HelpRequest | None:
    return db.session.scalar(
        select(HelpRequest).where(HelpRequest.id == request_id, HelpRequest.group_id == group.id)
    )


def open_request(group: Group, request_id: int, user, now: datetime) -> HelpRequest | None:
    """The group's request for a volunteer to read, the view written to the audit log;
    None when the group has no such request."""
    request = in_group(group, request_id)
    if request is not None:
        _note(request, user, "view", now)
    return request


def _note(request: HelpRequest, user, what: str, now: datetime) -> None:
    """An audit entry for the request: who, what and when, never its content."""
    subject = f"request:{request.id}"
    record(user=user, group_id=request.group_id, action=f"request.{what}", subject=subject, now=now)


@dataclass
class Place:
    position: int  # 1 = next
    minutes: int  # estimated wait


def average_minutes(group_id: int) -> int:
    recent = db.session.scalars(
        select(HelpLog.minutes)
        .where(HelpLog.group_id == group_id)
        .order_by(HelpLog.given_at.desc())
        .limit(20)
    ).all()
    return round(sum(recent) / len(recent)) if recent else DEFAULT_MINUTES_PER_WOMAN


def place_of(request: HelpRequest) -> Place | None:
    """Her place among the open requests of her group, and a rough wait; None once called."""
    if request.status != RequestStatus.OPEN:
        return None
    ahead = db.session.scalar(
        select(func.count())
        .select_from(HelpRequest)
        .where(
            HelpRequest.group_id == request.group_id,
            HelpRequest.status == RequestStatus.OPEN,
            or_(
                HelpRequest.created_at < request.created_at,
                and_(HelpRequest.created_at == request.created_at, HelpRequest.id < request.id),
            ),
        )
    )
    return Place(position=ahead + 1, minutes=(ahead + 1) * average_minutes(request.group_id))


def queue_of(group: Group, *, kinds=(), languages=()) -> list[HelpRequest]:
    """The group's requests still being handled, oldest first; filtered if asked."""
    query = (
        select(HelpRequest)
        .where(HelpRequest.group_id == group.id, HelpRequest.status.in_(ACTIVE))
        .order_by(HelpRequest.created_at, HelpRequest.id)
    )
    if kinds:
        query = query.where(HelpRequest.kind.in_(list(kinds)))
    requests = list(db.session.scalars(query))
    if languages:
        wanted = set(languages)
        requests = [request for request in requests if wanted & set(request.languages or [])]
    return requests


def _move(request: HelpRequest, *, allowed_from, values: dict, also=(), audit=None) -> bool:
    """One conditional UPDATE: true if this call made the change (nobody else did first).
    `audit`: (user, what, now) for the entry a volunteer's change writes when it is made."""
    result = db.session.execute(
        update(HelpRequest)
        .where(
            HelpRequest.id == request.id,
            HelpRequest.group_id == request.group_id,
            HelpRequest.status.in_(list(allowed_from)),
            *also,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(request)
    moved = result.rowcount == 1
    if moved and audit is not None:
        _note(request, *audit)
    return moved


def claim(request: HelpRequest, volunteer, now: datetime) -> bool:
    """Exactly one of two volunteers claiming at once gets it; the other sees who has it."""
    return _move(
        request,
        allowed_from=[RequestStatus.OPEN],
        values={
            "status": RequestStatus.CALLED,
            "claimed_by_id": volunteer.id,
            "claimed_at": stored(now),
        },
        audit=(volunteer, "claim", now),
    )


def start(request: HelpRequest, volunteer, now: datetime) -> bool:
    return _move(
        request,
        allowed_from=[RequestStatus.CALLED],
        values={"status": RequestStatus.IN_PROGRESS},
        also=[HelpRequest.claimed_by_id == volunteer.id],
        audit=(volunteer, "start", now),
    )


def release(request: HelpRequest, volunteer, now: datetime) -> bool:
    return _move(
        request,
        allowed_from=[RequestStatus.CALLED, RequestStatus.IN_PROGRESS],
        values={"status": RequestStatus.OPEN, "claimed_by_id": None, "claimed_at": None},
        also=[HelpRequest.claimed_by_id == volunteer.id],
        audit=(volunteer, "release", now),
    )


def resolve(request: HelpRequest, volunteer, log: dict, now: datetime) -> bool:
    moved = _move(
        request,
        allowed_from=[RequestStatus.CALLED, RequestStatus.IN_PROGRESS],
        values={"status": RequestStatus.RESOLVED, "closed_at": stored(now)},
        also=[HelpRequest.claimed_by_id == volunteer.id],
        audit=(volunteer, "resolve", now),
    )
    if moved:
        db.session.add(
            HelpLog(
                group_id=request.group_id,
                request_id=request.id,
                volunteer_id=volunteer.id,
                kinds=log["kinds"],
                minutes=log["minutes"],
                language=log["language"],
                outcome=log["outcome"],
                handover_note=log["handover_note"] or None,
                given_at=stored(now),
            )
        )
        db.session.flush()
    return moved


def withdraw(request: HelpRequest, now: datetime) -> bool:
    """She takes her request back: it leaves the queue and her details are erased at once
    (what the figures count stays, as after the purge)."""
    return _move(
        request,
        allowed_from=[RequestStatus.OPEN, RequestStatus.CALLED],
        values={"status": RequestStatus.WITHDRAWN, "closed_at": stored(now), **_erased(now)},
    )


def _erased(now: datetime) -> dict:
    """The personal fields of a request, erased; the rest stays for the figures."""
    return {"first_name": None, "phone": None, "note": None, "purged_at": stored(now)}


def purge(now: datetime) -> int:
    """Erase the personal fields of requests closed longer ago than their group keeps them.
    Returns how many requests were erased; a second run erases nothing more."""
    erased = 0
    for group in db.session.scalars(select(Group)):
        cutoff = stored(now) - timedelta(days=group.retention_days)
        result = db.session.execute(
            update(HelpRequest)
            .where(
                HelpRequest.group_id == group.id,
                HelpRequest.closed_at.is_not(None),
                HelpRequest.closed_at < cutoff,
                HelpRequest.purged_at.is_(None),
            )
            .values(**_erased(now))
            .execution_options(synchronize_session=False)
        )
        erased += result.rowcount
        db.session.execute(
            update(HelpLog)
            .where(
                HelpLog.group_id == group.id,
                HelpLog.handover_note.is_not(None),
                HelpLog.given_at < cutoff,
            )
            .values(handover_note=None)
            .execution_options(synchronize_session=False)
        )
    return erased
