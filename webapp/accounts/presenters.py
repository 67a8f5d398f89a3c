from flask_babel import lazy_gettext as _l

from webapp.accounts.models import Role

ROLE_LABELS = {
    Role.VOLUNTEER: _l("Bydelsmor"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMINISTRATOR: _l("Administrator"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS[Role(role)])


def role_choices(roles) -> list[tuple[str, str, str]]:
    """The roles as the form kit's choices: (value, icon, label)."""
    return [(Role(role).value, "", role_label(role)) for role in roles]
