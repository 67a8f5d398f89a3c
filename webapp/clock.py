"""The current time for views. Tests pin it with the NOW setting (an aware datetime)."""

from datetime import UTC, datetime

from flask import current_app


def stored(moment: datetime) -> datetime:
    """A moment as the database keeps it: naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def now() -> datetime:
    pinned = current_app.config.get("NOW")
    return pinned if pinned is not None else datetime.now(UTC)
