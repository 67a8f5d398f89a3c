"""The second factor: a 6-digit code from an authenticator app (RFC 6238 TOTP).

Coordinators and administrators need it to sign in. A code is accepted once: the time step
it belongs to is stored with one conditional UPDATE, so the same code (or an older one)
cannot be used again, not even by two requests at the same moment.
"""

import hmac
import unicodedata
from datetime import datetime

import pyotp
from sqlalchemy import or_, update

from webapp.accounts.models import Role, User
from webapp.audit import record
from webapp.extensions import db

ISSUER = "Mødested"
DIGITS = 6
INTERVAL = 30
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# One step before and after the current one: phone clocks drift, people type slowly.
VALID_WINDOW = 1


def needs_second_factor(user: User) -> bool:
    return user.has_role(Role.COORDINATOR)


def new_secret() -> str:
    return pyotp.random_base32()  # 32 base32 letters: 160 bits


def is_secret(value) -> bool:
    return isinstance(value, str) and len(value) == 32 and set(value) <= set(BASE32)


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """'ABCD EFGH ...': easier to type into the app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def clean_code(typed: str) -> str | None:
    """Six digits, or None. Spaces are dropped; Arabic-Indic and other digits count too."""
    digits = []
    for char in typed or "":
        if char.isspace() or char == "-":
            continue
        value = unicodedata.decimal(char, None)
        if value is None:
            return None
        digits.append(str(value))
    code = "".join(digits)
    return code if len(code) == DIGITS else None


def step_at(moment: datetime) -> int:
    """The 30-second time step of an aware moment (the app's clock: webapp.clock.now)."""
    return int(moment.timestamp()) // INTERVAL


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).generate_otp(step)


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (near `now`) whose code this is, or None."""
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL)
    current = step_at(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(user: User, step: int, *, values: dict, also=()) -> bool:
    """Store `step` as used, only if no code of this step or a later one was used before."""
    result = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
            *also,
        )
        .values(totp_last_step=step, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(user)
    return result.rowcount == 1


def accept_code(user: User, typed: str, now: datetime) -> bool:
    """True once for a right code: a reused code (or one older than the last) is refused."""
    code = clean_code(typed)
    if user.totp_secret is None or code is None:
        return False
    step = matching_step(user.totp_secret, code, now)
    if step is None:
        return False
    return _claim_step(user, step, values={}, also=[User.totp_secret == user.totp_secret])


def enrol(user: User, secret: str, typed: str, now: datetime) -> bool:
    """Keep `secret` as her second factor if `typed` is its current code.

    Only while she has none: two tabs confirming two different secrets keep the first.
    """
    code = clean_code(typed)
    if code is None:
        return False
    step = matching_step(secret, code, now)
    if step is None:
        return False
    if not _claim_step(
        user, step, values={"totp_secret": secret}, also=[User.totp_secret.is_(None)]
    ):
        return False
    subject = f"user:{user.id}"
    record(
        user=user, group_id=None, action="account.second_factor_enrolled", subject=subject, now=now
    )
    return True
