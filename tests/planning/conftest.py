"""Fixtures for planning cafés and series: a group with a place and a coordinator, and the
form a coordinator sends."""

import pytest

from webapp.accounts.models import Role


@pytest.fixture
def plan_world(make_group, make_venue, make_user):
    group = make_group("skanderborg", languages=["ar", "so"])
    venue = make_venue(group, name="Kulturhuset", address="Adelgade 38, 8660 Skanderborg")
    other = make_group("ballerup")
    return {
        "group": group,
        "venue": venue,
        "other": other,
        "other_venue": make_venue(other, name="Medborgerhuset"),
        "coordinator": make_user(Role.COORDINATOR, [group], username="sara"),
        "other_coordinator": make_user(Role.COORDINATOR, [other], username="other"),
        "volunteer": make_user(Role.VOLUNTEER, [group], username="amina"),
    }


def cafe_fields(venue, /, **overrides) -> dict:
    """What the café form sends: Thursday 26 November 2026, 15-17, a conversation café."""
    fields = {
        "day": "2026-11-26",
        "start": "15:00",
        "end": "17:00",
        "venue": str(venue.id),
        "kind": "conversation",
        "professional_role": "",
        "offers": ["eboks", "phone"],
        "refreshments": "1",
        "children_welcome": "1",
        "topic_da": "Kaffe og snak",
        "note_da": "",
    }
    fields.update(overrides)
    return {key: value for key, value in fields.items() if value is not None}


def series_fields(venue, /, **overrides) -> dict:
    """Every Thursday 15-17 from 26 November 2026."""
    fields = cafe_fields(venue, day=None, pattern="weekly", weekday="3", nth="1")
    fields.update(first_day="2026-11-26", last_day="")
    fields.update(overrides)
    return {key: value for key, value in fields.items() if value is not None}
