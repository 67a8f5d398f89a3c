"""Role checks for views. Group scoping lives in accounts.service (group_for_user)."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from webapp.accounts.models import Role


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
