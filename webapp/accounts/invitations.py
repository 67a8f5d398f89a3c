"""Invitations: a signed link, used once and only for a few days, to join a group.

The link carries `{"i": id, "n": nonce}` signed with the app's secret key (salt
"invitation") and the moment the invitation was made. It works while the signature is good,
the nonce matches the row, the row's lifetime has not passed, and the row is still open.
Using and revoking both close the row with one conditional UPDATE (`used_at IS NULL`), so
two tabs or a double tap cannot make two accounts. A revoked row is closed without a user.
Making, using and revoking an invitation each write an audit entry (the row, never the name).
"""

import enum
import hmac
from datetime import UTC, datetime, timedelta

from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from webapp.accounts.models import Invitation, Role, User
from webapp.accounts.service import create_user
from webapp.audit import record
from webapp.clock import stored
from webapp.extensions import db
from webapp.schedule.models import Group

SALT = "invitation"


class Problem(enum.StrEnum):
    UNKNOWN = "unknown"  # tampered, made with another key, or no such invitation
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


class UsernameTaken(Exception):
    pass


def roles_to_invite(actor: User) -> tuple[Role, ...]:
    """Coordinators invite Bydelsmødre; administrators also coordinators."""
    if actor.has_role(Role.ADMINISTRATOR):
        return (Role.VOLUNTEER, Role.COORDINATOR)
    if actor.has_role(Role.COORDINATOR):
        return (Role.VOLUNTEER,)
    return ()


class _SignerAt(TimestampSigner):
    """itsdangerous's timestamp signer on the app's clock instead of time.time()."""

    def __init__(self, *args, moment: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.moment = moment

    def get_timestamp(self) -> int:
        return int(self.moment.timestamp())


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _serializer(secret_key: str, moment: datetime) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        secret_key, salt=SALT, signer=_SignerAt, signer_kwargs={"moment": _aware(moment)}
    )


def create(
    group: Group,
    *,
    role: Role,
    display_name: str,
    created_by: User,
    nonce: str,
    now: datetime,
    days: int,
) -> Invitation | None:
    """A new open invitation; the same one again for the same nonce (a double tap); None
    when the nonce is another group's invitation's.

    The nonce is the form's one-time key: random, made by the server for each form. Only a
    new invitation is logged, in the name of `created_by`.
    """
    existing = by_nonce(nonce)
    if existing is not None:
        return existing if existing.group_id == group.id else None
    invitation = Invitation(
        group_id=group.id,
        role=role,
        display_name=display_name,
        nonce=nonce,
        created_by_id=created_by.id,
        created_at=stored(now),
        expires_at=stored(now + timedelta(days=days)),
    )
    try:
        with db.session.begin_nested():
            db.session.add(invitation)
    except IntegrityError:  # the other tap won
        existing = by_nonce(nonce)
        return existing if existing.group_id == group.id else None
    _log(created_by, invitation, "invitation.create", now)
    return invitation


def _log(user: User, invitation: Invitation, action: str, now: datetime) -> None:
    subject = f"invitation:{invitation.id}"
    record(user=user, group_id=invitation.group_id, action=action, subject=subject, now=now)


def by_nonce(nonce: str) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.nonce == nonce))


def in_group(group: Group, invitation_id: int) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).where(Invitation.id == invitation_id, Invitation.group_id == group.id)
    )


def open_invitations(group: Group, now: datetime) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.group_id == group.id,
                Invitation.used_at.is_(None),
                Invitation.expires_at > stored(now),
            )
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


def token_for(invitation: Invitation, secret_key: str) -> str:
    """The same token every time: signed with the moment the invitation was made."""
    serializer = _serializer(secret_key, invitation.created_at)
    return serializer.dumps({"i": invitation.id, "n": invitation.nonce})


def problem_of(invitation: Invitation, now: datetime) -> Problem | None:
    if invitation.used_at is not None:
        return Problem.USED if invitation.user_id is not None else Problem.REVOKED
    if stored(now) >= invitation.expires_at:
        return Problem.EXPIRED
    return None


def open_token(token: str, secret_key: str, now: datetime):
    """(invitation, problem): problem is None when the link may be used now."""
    serializer = _serializer(secret_key, now)
    try:
        payload = serializer.loads(token)  # the signature; the age is checked below
    except BadData:
        return None, Problem.UNKNOWN
    if not isinstance(payload, dict):
        return None, Problem.UNKNOWN
    invitation_id, nonce = payload.get("i"), payload.get("n")
    if type(invitation_id) is not int or not isinstance(nonce, str):
        return None, Problem.UNKNOWN
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not hmac.compare_digest(invitation.nonce, nonce):
        return None, Problem.UNKNOWN
    lifetime = invitation.expires_at - invitation.created_at
    try:
        serializer.loads(token, max_age=int(lifetime.total_seconds()))
    except SignatureExpired:
        return invitation, problem_of(invitation, now) or Problem.EXPIRED
    except BadData:
        return None, Problem.UNKNOWN
    return invitation, problem_of(invitation, now)


def _close(invitation: Invitation, now: datetime) -> bool:
    """Mark the invitation used (or revoked) if nobody did first and it has not expired."""
    result = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.expires_at > stored(now),
        )
        .values(used_at=stored(now))
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(invitation)
    return result.rowcount == 1


def accept(
    invitation: Invitation,
    *,
    username: str,
    display_name: str,
    password: str,
    languages: list[str],
    now: datetime,
) -> User | None:
    """Her account, in the invitation's group with its role; None if the link was used or
    revoked meanwhile. Raises UsernameTaken if someone took the name a moment ago.

    The new account is the one acting: the log names her and the link she used."""
    if not _close(invitation, now):
        return None
    try:
        with db.session.begin_nested():
            user = create_user(
                username=username,
                display_name=display_name,
                password=password,
                role=Role(invitation.role),
                groups=[invitation.group],
                now=stored(now),
                languages=languages,
            )
    except IntegrityError as error:
        raise UsernameTaken from error
    invitation.user_id = user.id
    db.session.flush()
    _log(user, invitation, "invitation.use", now)
    return user


def revoke(invitation: Invitation, user: User, now: datetime) -> bool:
    """Close an open invitation; False when it was used, revoked or too old already."""
    if not _close(invitation, now):
        return False
    _log(user, invitation, "invitation.revoke", now)
    return True
