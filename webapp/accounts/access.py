"""Who may open a signed-in page: the role check and the group check every view makes.

A group-scoped view is decorated with `role_required(role)` (sign in, else the login page;
the role, else 403) and loads its group with `group_for(slug, role)` (404 unless she belongs
to the group; administrators belong to every group). Every id a view takes is then looked up
inside that group, so another group's ids answer 404 too.
"""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from webapp.accounts.models import Role
from webapp.accounts.service import group_for_user
from webapp.schedule.models import Group


def role_required(role: Role):
    """Signed in (else to the login page) and at least `role` (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        wrapped.audience = role
        return wrapped

    return decorator


def group_for(slug: str, role: Role = Role.VOLUNTEER) -> Group:
    """The group of this slug for the signed-in person acting as `role`: 403 without the role,
    404 when the group does not exist or she does not belong to it."""
    if not current_user.is_authenticated or not current_user.has_role(role):
        abort(403)
    return group_for_user(current_user, slug) or abort(404)
