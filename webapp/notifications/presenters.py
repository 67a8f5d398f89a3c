"""Words and icons for notices on the coordinator's screens."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from webapp.notifications.models import NoticeKind

NOTICE_LABELS = {
    NoticeKind.GENERAL: ("📣", _l("News from the group")),
    NoticeKind.REMINDER: ("⏰", _l("Reminder of a café")),
    NoticeKind.CANCELLED: ("❌", _l("A café is cancelled")),
    NoticeKind.MOVED: ("↪️", _l("A café has moved")),
    NoticeKind.NEW_CAFE: ("🆕", _l("A new café")),
    NoticeKind.REINSTATED: ("✅", _l("A café takes place after all")),
    NoticeKind.TEST: ("🔔", _l("Test")),
}


def notice_icon(kind: str) -> str:
    return NOTICE_LABELS[kind][0]


def notice_label(kind: str) -> str:
    return str(NOTICE_LABELS[kind][1])


def notice_choices(kinds) -> list[tuple]:
    """(kind, icon, label) rows for the form kit's choices."""
    return [(kind, notice_icon(kind), notice_label(kind)) for kind in kinds]


def reminder_days_label(days: int) -> str:
    if days == 0:
        return str(_l("The same day"))
    return ngettext("%(num)d day before", "%(num)d days before", days)


def vapid_public_key() -> str:
    """The key the page passes to pushManager.subscribe(): the sender's own signer's."""
    from webapp.notifications.tasks import sender

    return sender().signer.public_key
