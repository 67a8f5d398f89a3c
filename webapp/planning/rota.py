"""Responsible mothers: who signs up for which café, and which cafés lack people.

The rota is kept in the `cafe_volunteers` table and changed with plain inserts and deletes, so
a sign-up never bumps the café's version (a coordinator editing the café is not refused
because a volunteer tapped "I'll be there" meanwhile).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from webapp.accounts.models import User, memberships
from webapp.audit import record
from webapp.clock import stored
from webapp.extensions import db
from webapp.schedule.models import Cafe, Group, cafe_volunteers

NEEDED = 2  # DOMAIN.md: 2-3 Bydelsmødre are responsible each time
UPCOMING_DAYS = 56  # about eight weeks ahead


class RotaError(Exception):
    """A sign-up or assignment that cannot be made; `reason` picks the message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class RotaRow:
    cafe: Cafe
    people: list[User]
    mine: bool = False
    # Active members not yet on this café (the coordinator's "Assign" choices).
    others: list[User] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.people)

    @property
    def needs_people(self) -> bool:
        return not self.cafe.cancelled and self.count < NEEDED


def upcoming(group: Group, now: datetime, days: int = UPCOMING_DAYS) -> list[Cafe]:
    """Cafés not yet over that start within `days`, soonest first, with their people."""
    return list(
        db.session.scalars(
            select(Cafe)
            .where(
                Cafe.group_id == group.id,
                Cafe.ends_at > stored(now),
                Cafe.starts_at < stored(now + timedelta(days=days)),
            )
            .order_by(Cafe.starts_at, Cafe.id)
            .options(selectinload(Cafe.venue), selectinload(Cafe.responsible))
        )
    )


def responsible_counts(cafe_ids: list[int]) -> dict[int, int]:
    """How many mothers are responsible for each café (0 for a café with nobody)."""
    counts = dict.fromkeys(cafe_ids, 0)
    if cafe_ids:
        rows = db.session.execute(
            select(cafe_volunteers.c.cafe_id, func.count())
            .where(cafe_volunteers.c.cafe_id.in_(cafe_ids))
            .group_by(cafe_volunteers.c.cafe_id)
        )
        counts.update({cafe_id: count for cafe_id, count in rows})
    return counts


def active_members(group: Group) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(memberships, memberships.c.user_id == User.id)
            .where(memberships.c.group_id == group.id, User.active.is_(True))
            .order_by(User.display_name, User.id)
        )
    )


def is_active_member(group: Group, user: User) -> bool:
    membership = select(memberships).where(
        memberships.c.group_id == group.id, memberships.c.user_id == user.id
    )
    return user.active and db.session.execute(membership).first() is not None


def rows_for_volunteer(group: Group, user: User, now: datetime) -> list[RotaRow]:
    return [row_for_volunteer(cafe, user) for cafe in upcoming(group, now)]


def row_for_volunteer(cafe: Cafe, user: User) -> RotaRow:
    people = list(cafe.responsible)
    return RotaRow(cafe, people, mine=any(person.id == user.id for person in people))


def rows_for_coordinator(group: Group, now: datetime) -> list[RotaRow]:
    members = active_members(group)
    rows = []
    for cafe in upcoming(group, now):
        people = list(cafe.responsible)
        taken = {person.id for person in people}
        rows.append(RotaRow(cafe, people, others=[m for m in members if m.id not in taken]))
    return rows


def _check_open(cafe: Cafe, now: datetime) -> None:
    if cafe.cancelled:
        raise RotaError("cancelled")
    if cafe.ends_at <= stored(now):
        raise RotaError("past")


def _add(cafe: Cafe, user: User) -> bool:
    """Put her on the café; False if she already was (also when a double tap races us)."""
    on_it = select(cafe_volunteers).where(
        cafe_volunteers.c.cafe_id == cafe.id, cafe_volunteers.c.user_id == user.id
    )
    if db.session.execute(on_it).first() is not None:
        return False
    return insert_once(cafe.id, user.id)


def insert_once(cafe_id: int, user_id: int) -> bool:
    """Insert the rota row; False (and the transaction still usable) if it is already there."""
    try:
        with db.session.begin_nested():
            db.session.execute(insert(cafe_volunteers).values(cafe_id=cafe_id, user_id=user_id))
    except IntegrityError:
        return False
    return True


def _remove(cafe: Cafe, user: User) -> bool:
    result = db.session.execute(
        delete(cafe_volunteers).where(
            cafe_volunteers.c.cafe_id == cafe.id, cafe_volunteers.c.user_id == user.id
        )
    )
    return result.rowcount > 0


def _change(cafe: Cafe, user: User, add: bool, acting_user: User, now: datetime, action: str):
    changed = _add(cafe, user) if add else _remove(cafe, user)
    db.session.expire(cafe, ["responsible"])
    if changed:
        subject = f"cafe:{cafe.id}"
        record(user=acting_user, group_id=cafe.group_id, action=action, subject=subject, now=now)
    return changed


def sign_up(cafe: Cafe, user: User, going: bool, now: datetime) -> bool:
    """She says she will be there (or cannot come after all). True if anything changed."""
    _check_open(cafe, now)
    if going and not is_active_member(cafe.group, user):
        raise RotaError("not_member")
    action = "rota.sign_up" if going else "rota.withdraw"
    return _change(cafe, user, going, user, now, action)


def assign(cafe: Cafe, user: User, acting_user: User, now: datetime, add: bool = True) -> bool:
    """A coordinator puts a member on a café, or takes anyone off it."""
    if add:
        _check_open(cafe, now)
        if not is_active_member(cafe.group, user):
            raise RotaError("not_member")
    action = "rota.assign" if add else "rota.unassign"
    return _change(cafe, user, add, acting_user, now, action)
