"""Accounts: creating users, signing in, and which groups a user may see; a team's
coordinator stops and restores access, an administrator appoints (each logged)."""

from datetime import datetime

from sqlalchemy import func, select

from webapp.accounts.models import Role, User
from webapp.accounts.passwords import hash_password, needs_rehash, verify_password
from webapp.audit import record
from webapp.extensions import db
from webapp.schedule.models import Group
from webapp.schedule.service import all_groups


def find_user(username: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )


def create_user(
    *,
    username: str,
    display_name: str,
    password: str,
    role: Role,
    groups: list[Group],
    now: datetime,
    languages: list[str] | None = None,
) -> User:
    user = User(
        username=username,
        display_name=display_name,
        password_hash=hash_password(password),
        role=role,
        groups=list(groups),
        languages=languages or [],
        created_at=now,
    )
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.rotate_session()


def authenticate(username: str, password: str, now: datetime) -> User | None:
    """The active user with this name and password, or None. Rehashes old parameters."""
    user = find_user(username)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    return user


def sign_out(user: User) -> None:
    """Rotate the session token: every copy of the old session cookie stops working."""
    user.rotate_session()


def _log(user: User, group: Group, action: str, person: User, now: datetime) -> None:
    record(user=user, group_id=group.id, action=action, subject=f"user:{person.id}", now=now)


def deactivate(person: User, group: Group, user: User, now: datetime) -> bool:
    """Stop her access (from `group`'s team page); False when it was stopped already."""
    if not person.active:
        return False
    person.active = False
    person.rotate_session()
    _log(user, group, "account.deactivate", person, now)
    return True


def reactivate(person: User, group: Group, user: User, now: datetime) -> bool:
    """Give her access again; False when she has it."""
    if person.active:
        return False
    person.active = True  # her old sessions ended when she was deactivated
    _log(user, group, "account.reactivate", person, now)
    return True


# Roles an administrator can give a member of a group.
APPOINTABLE = (Role.VOLUNTEER, Role.COORDINATOR)


def appoint(person: User, role: Role, group: Group, user: User, now: datetime) -> bool:
    """Make her a coordinator or a Bydelsmor again; False when she has that role already.
    She signs in again, so the second factor a coordinator needs applies at once."""
    if role not in APPOINTABLE or Role(person.role) not in APPOINTABLE:
        raise ValueError(f"cannot appoint {person.role} to {role}")
    if person.role == role:
        return False
    person.role = role
    person.rotate_session()
    _log(user, group, "account.appoint", person, now)
    return True


def may_deactivate(actor: User, target: User) -> bool:
    """Never herself, never someone above her (a coordinator cannot stop an administrator)."""
    return target.id != actor.id and Role(target.role).rank <= Role(actor.role).rank


def member(group: Group, user_id: int) -> User | None:
    """A member of this group by id; None (a 404) for anyone else."""
    return db.session.scalar(
        select(User).where(User.id == user_id, User.groups.any(Group.id == group.id))
    )


def username_taken(username: str) -> bool:
    return find_user(username) is not None


def user_for_session(token: str) -> User | None:
    if not token:
        return None
    user = db.session.scalar(select(User).where(User.session_token == token))
    return user if user is not None and user.active else None


def visible_groups(user: User) -> list[Group]:
    """Administrators see every group; everyone else only the groups they belong to."""
    if user.has_role(Role.ADMINISTRATOR):
        return all_groups()
    return list(user.groups)


def group_for_user(user: User, slug: str) -> Group | None:
    """The group with this slug if the user may see it; None (a 404) otherwise."""
    query = select(Group).where(Group.slug == slug)
    if not user.has_role(Role.ADMINISTRATOR):
        query = query.where(Group.id.in_([group.id for group in user.groups]))
    return db.session.scalar(query)


def members_of(group: Group) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.groups.any(Group.id == group.id))
            .order_by(User.role.desc(), User.display_name)
        )
    )
