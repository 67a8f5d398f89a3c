"""Words, icons and small decisions for the help-desk pages."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from webapp.helpdesk import queue
from webapp.helpdesk.models import ContactMode, HelpKind, HelpRequest, Outcome, RequestStatus
from webapp.i18n import enabled_codes

KIND_LABELS = {
    HelpKind.EBOKS: ("✉️", _l("A letter in e-Boks")),
    HelpKind.PHONE: ("📞", _l("A phone call to the municipality, a doctor or a school")),
    HelpKind.MITID: ("🔑", _l("MitID or another public website")),
    HelpKind.ECONOMY: ("💰", _l("Money and budget")),
    HelpKind.SCHOOL: ("🏫", _l("School or daycare")),
    HelpKind.JOB: ("💼", _l("Job or education")),
    HelpKind.OTHER: ("💬", _l("Something else")),
}
SHORT_KIND_LABELS = {
    HelpKind.EBOKS: _l("e-Boks"),
    HelpKind.PHONE: _l("Phone call"),
    HelpKind.MITID: _l("MitID / websites"),
    HelpKind.ECONOMY: _l("Money"),
    HelpKind.SCHOOL: _l("School"),
    HelpKind.JOB: _l("Job"),
    HelpKind.OTHER: _l("Other"),
}
OUTCOME_LABELS = {
    Outcome.SOLVED: ("✅", _l("Solved")),
    Outcome.REFERRED: ("➡️", _l("Referred to the municipality or another service")),
    Outcome.FOLLOW_UP: ("🔁", _l("Follow up at the next café")),
}
CONTACT_LABELS = {
    ContactMode.AT_CAFE: ("☕", _l("I come to the café")),
    ContactMode.CALL_BACK: ("📞", _l("Please call me")),
}
LOG_MINUTES = (5, 10, 15, 20, 30, 45, 60)
FIRST_POLL_SECONDS = 5
SLOWEST_POLL_SECONDS = 60


def kind_choices(short: bool = False):
    """(value, icon, label) per kind; `short` labels for the volunteers' lists and logs."""
    if short:
        return [(kind.value, KIND_LABELS[kind][0], short_kind(kind)) for kind in HelpKind]
    return [(kind.value, *KIND_LABELS[kind]) for kind in HelpKind]


def kind_icon_of(kind: str) -> str:
    return KIND_LABELS[HelpKind(kind)][0]


def short_kind(kind: str) -> str:
    return str(SHORT_KIND_LABELS[HelpKind(kind)])


def outcome_choices():
    return [(outcome.value, *OUTCOME_LABELS[outcome]) for outcome in Outcome]


def minute_choices():
    """The minutes a help log offers, each isolated from the text's direction."""
    return [(minutes, "", Markup("<bdi>{}</bdi>").format(minutes)) for minutes in LOG_MINUTES]


def contact_choices():
    return [(mode.value, *CONTACT_LABELS[mode]) for mode in ContactMode]


def language_choices(group) -> list[str]:
    """The group's languages first, then the app's, Danish always."""
    ordered = [*group.languages, *enabled_codes()]
    return list(dict.fromkeys(ordered))


@dataclass
class TicketState:
    status: str
    place: queue.Place | None
    volunteer: str | None
    key: str  # changes whenever what the page shows changes
    delay: int  # seconds until the page asks again
    poll: bool


def next_delay(changed: bool, last_delay: int | None) -> int:
    """Ask again soon after a change; ever more slowly while nothing changes."""
    if changed or not last_delay or last_delay < FIRST_POLL_SECONDS:
        return FIRST_POLL_SECONDS
    return min(last_delay * 2, SLOWEST_POLL_SECONDS)


def ticket_state(request: HelpRequest, seen: str, last_delay: int | None) -> TicketState:
    place = queue.place_of(request)
    volunteer = request.claimed_by.display_name if request.claimed_by else None
    key = f"{request.status}-{place.position if place else 0}-{volunteer or ''}"
    closed = RequestStatus(request.status).closed
    return TicketState(
        status=request.status,
        place=place,
        volunteer=volunteer,
        key=key,
        delay=next_delay(seen != key, last_delay),
        poll=not closed,
    )
