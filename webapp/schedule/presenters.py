"""Words and icons for the schedule's codes, in the page's language."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.i18n import format_clock, format_weekday_date
from webapp.schedule.models import Cafe, CafeKind, Group, Offer, ProfessionalRole

# Icons stand beside the words for women who read little; they are decoration (aria-hidden).
KIND_LABELS = {
    CafeKind.KNOWLEDGE: ("🎓", _l("Knowledge café")),
    CafeKind.SOCIAL: ("🎉", _l("Social event")),
    CafeKind.CONVERSATION: ("💬", _l("Conversation café")),
}
KIND_EXPLANATIONS = {
    CafeKind.KNOWLEDGE: _l("A professional comes and talks with us."),
    CafeKind.SOCIAL: _l("We celebrate together."),
    CafeKind.CONVERSATION: _l("We do something together and talk."),
}
OFFER_LABELS = {
    Offer.EBOKS: ("✉️", _l("Help with e-Boks letters")),
    Offer.PHONE: ("📞", _l("Help with phone calls")),
    Offer.MITID: ("🔑", _l("Help with MitID")),
    Offer.ECONOMY: ("💰", _l("Help with money and budget")),
    Offer.SCHOOL: ("🏫", _l("Help with school and daycare")),
    Offer.JOB: ("💼", _l("Help with job and education")),
}
PROFESSIONAL_LABELS = {
    ProfessionalRole.HEALTH_VISITOR: _l("a health visitor"),
    ProfessionalRole.SOCIAL_WORKER: _l("a social worker"),
    ProfessionalRole.MUNICIPAL_STAFF: _l("someone from the municipality"),
    ProfessionalRole.DOCTOR: _l("a doctor"),
    ProfessionalRole.PSYCHOLOGIST: _l("a psychologist"),
    ProfessionalRole.NURSE: _l("a nurse"),
    ProfessionalRole.LAWYER: _l("a lawyer"),
    ProfessionalRole.OTHER: _l("a professional"),
}


def kind_icon(kind: str) -> str:
    return KIND_LABELS[CafeKind(kind)][0]


def kind_label(kind: str) -> str:
    return str(KIND_LABELS[CafeKind(kind)][1])


def kind_explanation(kind: str) -> str:
    return str(KIND_EXPLANATIONS[CafeKind(kind)])


def offers_of(cafe: Cafe) -> list[tuple[str, str, str]]:
    """(code, icon, label) for each offer, in the fixed order of Offer."""
    chosen = set(cafe.offers or [])
    return [(offer.value, *OFFER_LABELS[offer]) for offer in Offer if offer.value in chosen]


def professional_label(role: str | None) -> str:
    return str(PROFESSIONAL_LABELS[ProfessionalRole(role)]) if role else ""


def cafe_title(cafe: Cafe, group: Group) -> str:
    return _("Café: %(group)s", group=group.name)


def cafe_summary(cafe: Cafe, lang: str) -> str:
    """Plain text for the calendar file: what, when, where, what help."""
    lines = [kind_label(cafe.kind)]
    topic = cafe.text("topic", lang)
    if topic:
        lines.append(topic)
    lines.append(
        _(
            "%(day)s, %(start)s–%(end)s",
            day=format_weekday_date(cafe.starts_at),
            start=format_clock(cafe.starts_at),
            end=format_clock(cafe.ends_at),
        )
    )
    if cafe.professional_role:
        lines.append(_("Visiting: %(who)s", who=professional_label(cafe.professional_role)))
    lines.extend(label for _code, _icon, label in offers_of(cafe))
    if cafe.cancelled:
        lines.insert(0, _("Cancelled"))
    return "\n".join(str(line) for line in lines)


def spoken_summary(cafe: Cafe) -> str:
    """What the read-aloud button says, in the page's language: day, time, place, offers.
    Whole sentences, so the speech engine pauses in the right places."""
    parts = [
        _(
            "%(day)s, from %(start)s to %(end)s.",
            day=format_weekday_date(cafe.starts_at),
            start=format_clock(cafe.starts_at),
            end=format_clock(cafe.ends_at),
        ),
        _("Place: %(place)s, %(address)s.", place=cafe.venue.name, address=cafe.venue.address),
        kind_label(cafe.kind) + ".",
    ]
    offers = [str(label) for _code, _icon, label in offers_of(cafe)]
    if offers:
        parts.append(_("Help you can get: %(offers)s.", offers=", ".join(offers)))
    if cafe.cancelled:
        parts.insert(0, _("Cancelled") + ".")
    return " ".join(parts)
