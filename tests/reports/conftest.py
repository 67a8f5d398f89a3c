"""Factories for the report tests: help logs, requests and head counts at given local times.

`year_2025` builds one fixed data set (numbers worked out by hand in its docstring)."""

import secrets
from datetime import UTC, date, datetime, time

import pytest

from tests.conftest import COPENHAGEN, FIXED_NOW
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.helpdesk.models import HelpLog, HelpRequest
from webapp.schedule.models import Attendance, CafeKind, CafeStatus


def utc(local: datetime) -> datetime:
    """Naive UTC for a naive Copenhagen wall-clock time."""
    return local.replace(tzinfo=COPENHAGEN).astimezone(UTC).replace(tzinfo=None)


@pytest.fixture
def log_help(app):
    def make(
        group,
        at_local,
        kinds=("eboks",),
        minutes=20,
        language="ar",
        outcome="solved",
        volunteer=None,
        request=None,
    ):
        log = HelpLog(
            group_id=group.id,
            volunteer_id=volunteer.id if volunteer else None,
            request_id=request.id if request else None,
            kinds=list(kinds),
            minutes=minutes,
            language=language,
            outcome=outcome,
            given_at=utc(at_local),
        )
        db.session.add(log)
        db.session.commit()
        return log

    return make


@pytest.fixture
def make_request(app):
    def make(group, at_local, status="resolved"):
        help_request = HelpRequest(
            group_id=group.id,
            token=secrets.token_urlsafe(24),
            form_key=secrets.token_urlsafe(12),
            ticket_day=at_local.date(),
            ticket_number=db.session.query(HelpRequest).count() + 1,
            kind="eboks",
            languages=["so"],
            status=status,
            created_at=utc(at_local),
            # Personal fields already erased by the retention job.
            first_name=None,
            phone=None,
            note=None,
            purged_at=utc(at_local),
        )
        db.session.add(help_request)
        db.session.commit()
        return help_request

    return make


@pytest.fixture
def count_women(app):
    def make(cafe, new, returning, children=0):
        db.session.add(
            Attendance(
                cafe_id=cafe.id,
                group_id=cafe.group_id,
                new_women=new,
                returning_women=returning,
                children=children,
                updated_at=FIXED_NOW.replace(tzinfo=None),
            )
        )
        db.session.commit()

    return make


@pytest.fixture
def year_2025(make_group, make_venue, make_cafe, make_user, log_help, make_request, count_women):
    """The group's 2025, local times:

    cafés  15 Jan knowledge 15-17 (6 new + 4 returning, v1 v2), 12 Mar conversation 15-17
           (3 + 9, v1), 20 Jun social 17-20 (8 + 12, v2 v3), 10 Sep cancelled (v4),
           5 Nov conversation (not counted), 31 Dec 23:30-01:30 conversation (2 + 3, v1);
           31 Dec 2024 23:30-01:30 belongs to 2024. Goal 12 women: reached twice in 4.
    help   6 × e-Boks 20 min, Arabic, solved, walk-ins by v1 in January;
           3 × e-Boks + phone 30 min, Somali, referred, for requests by v2 in March;
           1 × MitID 15 min, Tigrinya, follow up, walk-in by v5 at 23:59 on 31 Dec;
           one at 00:00:30 on 1 Jan 2026, one at 23:59 on 31 Dec 2024, one in another group.
    requests: the 3 helped (March) and 1 withdrawn (May).
    """
    group = make_group("solby", name="Bydelsmødre Solby", attendance_goal=12)
    other = make_group("maaneby", name="Bydelsmødre Måneby")
    venue = make_venue(group)
    v1, v2, v3, v4, v5 = (
        make_user(Role.VOLUNTEER, [group], display_name=f"V{n}") for n in range(1, 6)
    )
    stranger = make_user(Role.VOLUNTEER, [other])

    def cafe(day, start, end, kind, mothers=(), **fields):
        made = make_cafe(group, day=day, start=start, end=end, venue=venue, kind=kind, **fields)
        made.responsible = list(mothers)
        db.session.commit()
        return made

    january = cafe(date(2025, 1, 15), time(15), time(17), CafeKind.KNOWLEDGE, [v1, v2])
    march = cafe(date(2025, 3, 12), time(15), time(17), CafeKind.CONVERSATION, [v1])
    june = cafe(date(2025, 6, 20), time(17), time(20), CafeKind.SOCIAL, [v2, v3])
    cafe(
        date(2025, 9, 10),
        time(15),
        time(17),
        CafeKind.CONVERSATION,
        [v4],
        status=CafeStatus.CANCELLED,
    )
    cafe(date(2025, 11, 5), time(15), time(17), CafeKind.CONVERSATION)
    new_year = make_cafe(
        group, day=date(2025, 12, 31), start=time(23, 30), end=time(23, 59), venue=venue
    )
    new_year.ends_at = utc(datetime(2026, 1, 1, 1, 30))
    new_year.responsible = [v1]
    old_year = make_cafe(
        group, day=date(2024, 12, 31), start=time(23, 30), end=time(23, 59), venue=venue
    )
    old_year.ends_at = utc(datetime(2025, 1, 1, 1, 30))
    db.session.commit()
    count_women(january, 6, 4, children=3)
    count_women(march, 3, 9)
    count_women(june, 8, 12, children=10)
    count_women(new_year, 2, 3)
    count_women(old_year, 40, 40)

    for minute in range(6):
        log_help(group, datetime(2025, 1, 15, 16, minute), volunteer=v1)
    for day in (3, 4, 5):
        request = make_request(group, datetime(2025, 3, day, 9))
        log_help(
            group,
            datetime(2025, 3, day, 16),
            kinds=("eboks", "phone"),
            minutes=30,
            language="so",
            outcome="referred",
            volunteer=v2,
            request=request,
        )
    make_request(group, datetime(2025, 5, 1, 9), status="withdrawn")
    log_help(
        group,
        datetime(2025, 12, 31, 23, 59),
        kinds=("mitid",),
        minutes=15,
        language="ti",
        outcome="follow_up",
        volunteer=v5,
    )
    log_help(group, datetime(2026, 1, 1, 0, 0, 30), volunteer=v5)
    log_help(group, datetime(2024, 12, 31, 23, 59), volunteer=v5)
    log_help(other, datetime(2025, 6, 1, 12), volunteer=stranger)
    return group
