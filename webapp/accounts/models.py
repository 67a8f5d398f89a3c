"""Accounts: volunteers, coordinators and administrators, each tied to groups."""

import enum
import secrets
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db


class Role(enum.StrEnum):
    VOLUNTEER = "volunteer"
    COORDINATOR = "coordinator"
    ADMINISTRATOR = "administrator"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


memberships = db.Table(
    "memberships",
    db.Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    db.Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('volunteer', 'coordinator', 'administrator')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))  # a first name is enough
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default=Role.VOLUNTEER)
    active: Mapped[bool] = mapped_column(default=True)
    # Flask-Login's alternative id: rotated on sign-out, password change and deactivation,
    # so a session cookie copied earlier stops working.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]
    # Second factor (RFC 6238 TOTP), required for coordinators and administrators.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last time step a code was accepted for: the same code cannot be used twice.
    totp_last_step: Mapped[int | None]

    groups: Mapped[list["Group"]] = relationship(  # noqa: F821
        secondary=memberships, order_by="Group.name"
    )

    # Flask-Login's user protocol.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return self.session_token

    def has_role(self, role: Role) -> bool:
        return Role(self.role).rank >= role.rank

    def rotate_session(self) -> None:
        self.session_token = new_session_token()


class Invitation(db.Model):
    """A link that lets one person set her password and join a group: single use, expiring.

    The link carries a signed token naming this row and its nonce; the row says whether it
    was used. Nothing about the invited person is stored but the name the inviter typed.
    """

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint("role IN ('volunteer', 'coordinator', 'administrator')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), default=Role.VOLUNTEER)
    display_name: Mapped[str] = mapped_column(String(80), default="")
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    group: Mapped["Group"] = relationship()  # noqa: F821
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
