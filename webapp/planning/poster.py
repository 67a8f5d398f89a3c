"""A printable poster for a group: the next cafés, where, what is on offer, and a QR code that
opens the group's page, with its words in up to three languages."""

from dataclasses import dataclass
from datetime import datetime

import segno
from flask import url_for

from webapp.schedule.models import Cafe, Group, Offer, Venue
from webapp.schedule.presenters import OFFER_LABELS
from webapp.schedule.service import upcoming_cafes

MAX_LANGUAGES = 3
NEXT_CAFES = 4


@dataclass
class Poster:
    group: Group
    languages: list[str]
    cafes: list[Cafe]
    venues: list[Venue]  # in the order the cafés use them
    offers: list[str]  # Offer values offered at any of the cafés, in Offer's order
    refreshments: bool
    children_welcome: bool
    page_url: str
    qr: str  # an inline <svg>

    @property
    def one_venue(self) -> bool:
        return len(self.venues) == 1

    def offer_labels(self) -> list[tuple[str, str, str]]:
        """(code, icon, words) in the language being rendered."""
        return [(code, *map(str, OFFER_LABELS[Offer(code)])) for code in self.offers]


def group_page_url(group: Group, lang: str) -> str:
    return url_for("schedule.group_page", lang=lang, slug=group.slug, _external=True)


def qr_svg(url: str) -> str:
    """The QR code as an inline <svg> (a viewBox and no size: CSS sizes it; no style)."""
    code = segno.make(url, error="m")
    return code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None)


def next_cafes(group: Group, now: datetime) -> list[Cafe]:
    cafes = upcoming_cafes(group, now, limit=NEXT_CAFES + 12)
    return [cafe for cafe in cafes if not cafe.cancelled][:NEXT_CAFES]


def poster_for(group: Group, languages: list[str], now: datetime) -> Poster:
    languages = list(languages)[:MAX_LANGUAGES]
    cafes = next_cafes(group, now)
    venues: list[Venue] = []
    for cafe in cafes:
        if all(venue.id != cafe.venue_id for venue in venues):
            venues.append(cafe.venue)
    offered = {offer for cafe in cafes for offer in (cafe.offers or [])}
    page_url = group_page_url(group, languages[0])
    return Poster(
        group=group,
        languages=languages,
        cafes=cafes,
        venues=venues,
        offers=[offer.value for offer in Offer if offer.value in offered],
        refreshments=any(cafe.refreshments for cafe in cafes),
        children_welcome=any(cafe.children_welcome for cafe in cafes),
        page_url=page_url,
        qr=qr_svg(page_url),
    )
