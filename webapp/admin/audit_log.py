"""The audit log as administrators read it: pages of entries, newest first, and what each
action code means in a few plain words."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.accounts.models import User
from webapp.audit import AuditEntry
from webapp.extensions import db
from webapp.schedule.models import Group

PAGE_SIZE = 50

# What each action code of the audit log means, in a few plain words. Codes not listed here
# (a new area's) show as the code itself.
ACTION_LABELS = {
    "request.view": _l("Opened a help request"),
    "request.claim": _l("Took a help request"),
    "request.start": _l("Started helping"),
    "request.release": _l("Gave a help request back"),
    "request.resolve": _l("Closed a help request"),
    "walk_in.log": _l("Wrote down help for a walk-in"),
    "push.announce": _l("Sent a message to phones"),
    "push.reminder_settings": _l("Changed the reminders"),
    "cafe.create": _l("Planned a café"),
    "cafe.update": _l("Changed a café"),
    "cafe.move": _l("Moved a café"),
    "cafe.cancel": _l("Cancelled a café"),
    "cafe.reinstate": _l("Held a cancelled café after all"),
    "series.create": _l("Planned a series of cafés"),
    "series.update": _l("Changed a series of cafés"),
    "series.end": _l("Ended a series of cafés"),
    "rota.sign_up": _l("Signed up for a café"),
    "rota.withdraw": _l("Withdrew from a café"),
    "rota.assign": _l("Put a Bydelsmor on a café"),
    "rota.unassign": _l("Took a Bydelsmor off a café"),
    "plan.goal": _l("Set the goal for attendance"),
    "invitation.create": _l("Invited a person"),
    "invitation.use": _l("Accepted an invitation"),
    "invitation.revoke": _l("Withdrew an invitation"),
    "account.deactivate": _l("Closed an account"),
    "account.reactivate": _l("Opened an account again"),
    "account.appoint": _l("Changed a person's role"),
    "account.second_factor_enrolled": _l("Set up sign-in codes"),
    "group.create": _l("Created a group"),
    "group.update": _l("Changed a group"),
    "venue.create": _l("Added a place"),
    "venue.update": _l("Changed a place"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    user_name: str | None  # None: the account is gone (or nobody signed in did it)
    group_name: str | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    has_newer: bool
    has_older: bool


def audit_page(filters: dict, page: int = 1) -> AuditPage:
    """Newest first, PAGE_SIZE a page; filters: group_id, action (each None for all)."""
    page = max(page, 1)
    query = (
        select(AuditEntry, User.display_name, Group.name)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .outerjoin(Group, Group.id == AuditEntry.group_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    if filters.get("group_id") is not None:
        query = query.where(AuditEntry.group_id == filters["group_id"])
    if filters.get("action"):
        query = query.where(AuditEntry.action == filters["action"])
    if filters.get("actions"):
        query = query.where(AuditEntry.action.in_(filters["actions"]))
    found = db.session.execute(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    rows = [AuditRow(entry, user_name, group_name) for entry, user_name, group_name in found]
    return AuditPage(
        rows=rows[:PAGE_SIZE], page=page, has_newer=page > 1, has_older=len(rows) > PAGE_SIZE
    )


def actions_in_log() -> list[str]:
    """Every action code the log holds, for the filter (codes of other areas included)."""
    return list(
        db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )
