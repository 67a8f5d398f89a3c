"""Walk-in logs (help given to a woman without a ticket; no personal data at all) and the
café's attendance count. Walk-in logs carry an idempotency key: the phone may send one log
twice when the connection comes back."""

import hashlib
import json
from datetime import datetime

from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError

from webapp.audit import record
from webapp.clock import stored
from webapp.extensions import db
from webapp.helpdesk.models import HelpLog
from webapp.schedule.models import Attendance


class KeyReused(Exception):
    """The same idempotency key came with a different log."""


def body_hash(data: dict) -> str:
    canonical = json.dumps(
        {
            **{key: data[key] for key in ("minutes", "language", "outcome")},
            "kinds": sorted(data["kinds"]),
        },
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def log_walk_in(group, volunteer, data: dict, key: str, now: datetime) -> tuple[HelpLog, bool]:
    """Store the log once (and its audit entry). Returns (log, created); raises KeyReused for
    a changed body."""
    digest = body_hash(data)
    query = select(HelpLog).where(
        HelpLog.volunteer_id == volunteer.id, HelpLog.idempotency_key == key
    )
    existing = db.session.scalar(query)
    if existing is None:
        log = HelpLog(
            group_id=group.id,
            volunteer_id=volunteer.id,
            kinds=sorted(data["kinds"]),
            minutes=data["minutes"],
            language=data["language"],
            outcome=data["outcome"],
            given_at=stored(now),
            idempotency_key=key,
            body_hash=digest,
        )
        try:
            with db.session.begin_nested():
                db.session.add(log)
        except IntegrityError:  # the same log arrived twice at once
            existing = db.session.scalar(query)
        else:
            record(
                user=volunteer,
                group_id=group.id,
                action="walk_in.log",
                subject=f"log:{log.id}",
                now=now,
            )
            return log, True
    if existing.body_hash != digest or existing.group_id != group.id:
        raise KeyReused(key)
    return existing, False


def attendance_for(cafe) -> Attendance | None:
    return db.session.scalar(select(Attendance).where(Attendance.cafe_id == cafe.id))


def count_attendance(cafe, volunteer, field: str, step: int, now: datetime) -> Attendance:
    """Add `step` (+1 or -1) to one count of the café; never below zero."""
    if field not in ("new_women", "returning_women", "children") or step not in (1, -1):
        raise ValueError(field)
    attendance = attendance_for(cafe)
    if attendance is None:
        try:
            with db.session.begin_nested():
                attendance = Attendance(
                    cafe_id=cafe.id, group_id=cafe.group_id, updated_at=stored(now)
                )
                db.session.add(attendance)
        except IntegrityError:
            attendance = attendance_for(cafe)
    column = getattr(Attendance, field)
    # Atomic on the server: two volunteers tapping "+" at once count two.
    db.session.execute(
        update(Attendance)
        .where(Attendance.id == attendance.id)
        .values(
            {
                field: case((column + step < 0, 0), else_=column + step),
                "updated_at": stored(now),
                "updated_by_id": volunteer.id,
            }
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(attendance)
    return attendance
