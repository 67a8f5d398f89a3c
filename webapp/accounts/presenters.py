from flask_babel import lazy_gettext as _l

from webapp.accounts.models import Role

ROLE_LABELS = {
    Role.VOLUNTEER: _l("Bydelsmor"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMINISTRATOR: _l("Administrator"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS[Role(role)])
