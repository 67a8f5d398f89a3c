"""The queue without HTTP: filing, place, claim, release, resolve, withdraw, purge, the audit
entries the verbs write; and two volunteers claiming at once with real threads (SQLite and
PostgreSQL)."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import COPENHAGEN
from webapp.accounts.models import Role
from webapp.audit import AuditEntry
from webapp.extensions import db
from webapp.helpdesk import queue, walkins
from webapp.helpdesk.models import HelpLog, HelpRequest, RequestStatus

LOG = {
    "kinds": ["eboks"],
    "minutes": 20,
    "language": "ar",
    "outcome": "solved",
    "handover_note": "Brev om boligstøtte, kom igen",
}


@pytest.fixture
def group(make_group):
    return make_group("skanderborg")


@pytest.fixture
def file(group, now):
    counter = iter(range(1000))

    def make(minutes_later=0, **fields):
        data = {
            "kind": "eboks",
            "languages": ["ar"],
            "first_name": "Amina",
            "contact": "call_back",
            "phone": "12345678",
            "woman_only": True,
            "note": "brev",
            "form_key": f"form-key-{next(counter):06d}-abcdef",
        }
        data.update(fields)
        request = queue.file_request(
            group, data, now + timedelta(minutes=minutes_later), COPENHAGEN
        )
        db.session.commit()
        return request

    return make


def test_tickets_count_up_per_group_and_day(file, make_group, now):
    first, second = file(), file(1)
    assert (first.ticket, second.ticket) == ("K-1", "K-2")
    assert len(first.token) >= 32 and first.token != second.token
    other = queue.file_request(make_group(), {**_data("other-group-key-0001")}, now, COPENHAGEN)
    assert other.ticket == "K-1"
    tomorrow = file(24 * 60)
    assert tomorrow.ticket == "K-1"


def _data(key):
    return {
        "kind": "phone",
        "languages": ["so"],
        "first_name": "Hodan",
        "contact": "at_cafe",
        "phone": "",
        "woman_only": False,
        "note": "",
        "form_key": key,
    }


def test_the_same_form_twice_is_one_request(file):
    first = file(form_key="the-same-form-key-123")
    again = file(form_key="the-same-form-key-123")
    assert again.id == first.id
    assert db.session.scalar(select(func.count()).select_from(HelpRequest)) == 1


def test_place_and_estimate(file, group, make_user, now):
    first, second, third = file(), file(1), file(2)
    assert queue.place_of(third) == queue.Place(position=3, minutes=45)
    volunteer = make_user(Role.VOLUNTEER, [group])
    assert queue.claim(first, volunteer, now)
    assert queue.place_of(first) is None
    assert queue.place_of(third).position == 2
    queue.resolve(first, volunteer, {**LOG, "minutes": 30}, now)
    assert queue.place_of(third) == queue.Place(position=2, minutes=60)  # 2 x the 30 measured
    assert queue.withdraw(second, now)
    assert queue.place_of(third).position == 1


def test_claim_start_release_resolve(file, group, make_user, now):
    request = file()
    hodan, sara = make_user(Role.VOLUNTEER, [group]), make_user(Role.VOLUNTEER, [group])
    assert queue.claim(request, hodan, now)
    assert (request.status, request.claimed_by_id) == (RequestStatus.CALLED, hodan.id)
    assert not queue.claim(request, sara, now)
    assert not queue.start(request, sara, now)
    assert not queue.release(request, sara, now)
    assert queue.start(request, hodan, now) and request.status == RequestStatus.IN_PROGRESS
    assert queue.release(request, hodan, now)
    assert (request.status, request.claimed_by_id) == (RequestStatus.OPEN, None)
    assert queue.claim(request, sara, now)
    assert not queue.resolve(request, hodan, LOG, now)
    assert queue.resolve(request, sara, LOG, now + timedelta(minutes=25))
    assert request.status == RequestStatus.RESOLVED and request.is_closed
    log = db.session.scalar(select(HelpLog))
    assert (log.request_id, log.volunteer_id, log.minutes, log.outcome) == (
        request.id,
        sara.id,
        20,
        "solved",
    )
    assert not queue.resolve(request, sara, LOG, now)  # once only
    assert queue.queue_of(group) == []


def test_the_verbs_write_the_audit_log_and_only_for_a_change(file, group, make_user, now):
    request = file()
    hodan, sara = make_user(Role.VOLUNTEER, [group]), make_user(Role.VOLUNTEER, [group])
    assert queue.open_request(group, request.id, hodan, now) is request
    assert queue.open_request(group, request.id + 1, hodan, now) is None
    assert queue.claim(request, hodan, now) and queue.start(request, hodan, now)
    assert queue.release(request, hodan, now) and queue.claim(request, hodan, now)
    assert not queue.claim(request, sara, now) and not queue.release(request, sara, now)
    assert queue.resolve(request, hodan, LOG, now)
    log, created = walkins.log_walk_in(group, sara, LOG, "walk-in-key-0000001", now)
    assert created and not walkins.log_walk_in(group, sara, LOG, "walk-in-key-0000001", now)[1]
    db.session.flush()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    subject = f"request:{request.id}"
    assert [(entry.user_id, entry.group_id, entry.action, entry.subject) for entry in entries] == [
        *[
            (hodan.id, group.id, f"request.{action}", subject)
            for action in ("view", "claim", "start", "release", "claim", "resolve")
        ],
        (sara.id, group.id, "walk_in.log", f"log:{log.id}"),
    ]


def test_withdraw_only_while_waiting_or_called(file, group, make_user, now):
    request = file()
    assert queue.withdraw(request, now)
    assert request.status == RequestStatus.WITHDRAWN
    assert not queue.withdraw(request, now)
    assert not queue.claim(request, make_user(Role.VOLUNTEER, [group]), now)


def test_queue_filters(file, group):
    eboks = file(kind="eboks", languages=["ar", "da"])
    phone = file(1, kind="phone", languages=["so"])
    assert queue.queue_of(group) == [eboks, phone]
    assert queue.queue_of(group, kinds=["phone"]) == [phone]
    assert queue.queue_of(group, languages=["da", "tr"]) == [eboks]


def test_purge_erases_personal_details_after_the_retention(file, group, make_user, now):
    group.retention_days = 30
    volunteer = make_user(Role.VOLUNTEER, [group])
    old, recent, waiting = file(), file(1), file(2)
    queue.claim(old, volunteer, now)
    queue.resolve(old, volunteer, LOG, now)
    queue.claim(recent, volunteer, now + timedelta(days=20))
    queue.resolve(recent, volunteer, LOG, now + timedelta(days=20))
    db.session.commit()

    later = now + timedelta(days=31)
    assert queue.purge(later) == 1
    db.session.commit()
    for request in (old, recent, waiting):
        db.session.refresh(request)
    assert (old.first_name, old.phone, old.note) == (None, None, None)
    assert old.purged_at is not None
    assert (old.kind, old.languages, old.status) == ("eboks", ["ar"], "resolved")
    assert recent.first_name == "Amina" and waiting.first_name == "Amina"
    old_log = db.session.scalar(select(HelpLog).where(HelpLog.request_id == old.id))
    assert old_log.handover_note is None
    assert old_log.minutes == 20  # the count stays
    assert queue.purge(later) == 0  # a second run changes nothing


def test_withdrawing_erases_her_details_at_once_and_the_purge_counts_it_no_more(file, group, now):
    request, waiting = file(), file(1)
    assert queue.withdraw(request, now)
    db.session.commit()
    db.session.refresh(request)
    assert (request.first_name, request.phone, request.note) == (None, None, None)
    assert request.purged_at is not None
    assert (request.kind, request.languages, request.status) == ("eboks", ["ar"], "withdrawn")
    assert waiting.first_name == "Amina"
    assert queue.purge(now + timedelta(days=400)) == 0


def test_purge_command(runner, file, group, make_user, now, app):
    volunteer = make_user(Role.VOLUNTEER, [group])
    request = file()
    queue.claim(request, volunteer, now - timedelta(days=40))
    queue.resolve(request, volunteer, LOG, now - timedelta(days=40))
    db.session.commit()
    result = runner.invoke(args=["purge"])
    assert "1 closed requests" in result.output
    db.session.refresh(request)
    assert request.first_name is None


def test_two_volunteers_claiming_at_once_exactly_one_gets_it(
    app_factory, file, group, make_user, now
):
    """Real threads, each with its own app context and connection."""
    volunteers = [make_user(Role.VOLUNTEER, [group]) for _ in range(2)]
    requests = [file(minute) for minute in range(20)]
    ids = [request.id for request in requests]
    volunteer_ids = [volunteer.id for volunteer in volunteers]
    served = app_factory()
    results = {volunteer_id: [] for volunteer_id in volunteer_ids}
    barrier = threading.Barrier(2)

    def work(volunteer_id):
        from webapp.accounts.models import User

        with served.app_context():
            volunteer = db.session.get(User, volunteer_id)
            for request_id in ids:
                request = db.session.get(HelpRequest, request_id)
                barrier.wait()
                won = queue.claim(request, volunteer, now)
                db.session.commit()
                results[volunteer_id].append(won)
            db.session.remove()

    threads = [
        threading.Thread(target=work, args=(volunteer_id,)) for volunteer_id in volunteer_ids
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    wins = [sum(pair) for pair in zip(*results.values(), strict=True)]
    assert wins == [1] * len(ids)
    db.session.expire_all()
    for request_id, first, _second in zip(ids, *results.values(), strict=True):
        holder = db.session.get(HelpRequest, request_id).claimed_by_id
        assert holder == (volunteer_ids[0] if first else volunteer_ids[1])
