"""An .ics file for one café, made with the icalendar library."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from webapp.schedule.models import Cafe


def cafe_calendar(
    cafe: Cafe, *, title: str, description: str, url: str, zone: ZoneInfo, now: datetime
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Modested//Cafe calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"cafe-{cafe.id}@modested")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", cafe.starts_at.replace(tzinfo=UTC).astimezone(zone))
    event.add("dtend", cafe.ends_at.replace(tzinfo=UTC).astimezone(zone))
    event.add("summary", title)
    event.add("location", f"{cafe.venue.name}, {cafe.venue.address}")
    if cafe.venue.latitude is not None and cafe.venue.longitude is not None:
        event.add("geo", (cafe.venue.latitude, cafe.venue.longitude))
    event.add("description", description)
    event.add("url", url)
    event.add("sequence", cafe.version)
    event.add("status", "CANCELLED" if cafe.cancelled else "CONFIRMED")
    calendar.add_component(event)
    # Only the time zone rules around this café, not every change since 1970.
    day = cafe.starts_at.date()
    calendar.add_missing_timezones(
        first_date=day - timedelta(days=1), last_date=day + timedelta(days=2)
    )
    return calendar.to_ical()
