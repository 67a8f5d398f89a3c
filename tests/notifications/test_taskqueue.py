"""The real queue: a notice enqueued by the app is picked up by a huey consumer (the one
`flask worker` runs) from SQLite storage (the embedded default) and from Redis (production),
and sent."""

import os
import signal
import time

import pytest

from webapp import taskqueue
from webapp.extensions import db
from webapp.notifications.models import Notice, NoticeKind
from webapp.notifications.notices import create_notice
from webapp.notifications.tasks import send_notice

STORAGES = ["sqlite"] + (["redis"] if os.environ.get("TEST_REDIS_URL") else [])


@pytest.fixture
def real_queue(app, tmp_path, request):
    """Point huey at real storage for this test, run a consumer, restore immediate mode."""
    kind = request.param
    url = f"sqlite:///{tmp_path / 'tasks.db'}" if kind == "sqlite" else os.environ["TEST_REDIS_URL"]
    app.config["TASK_QUEUE_URL"] = url
    taskqueue.init_app(app)
    taskqueue.huey.flush()
    handlers = {
        sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    consumer = taskqueue.huey.create_consumer(
        workers=2, worker_type="thread", periodic=False, check_worker_health=False
    )
    yield consumer
    consumer.stop(graceful=True)
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    taskqueue.huey.flush()
    app.config["TASK_QUEUE_URL"] = "immediate"
    taskqueue.init_app(app)


@pytest.mark.parametrize("real_queue", STORAGES, indirect=True)
def test_a_consumer_sends_what_the_app_enqueued(app, real_queue, sink, subscribe, make_group, now):
    group = make_group()
    keys = subscribe(group, "phone", "da")
    notice = create_notice(group, NoticeKind.GENERAL, now, texts={"da": "Hej fra køen"})
    db.session.commit()
    send_notice(notice.id)
    assert sink.to("phone") == []  # enqueued, not run in the caller
    assert len(taskqueue.huey) == 1
    real_queue.start()
    deadline = time.monotonic() + 10
    while not sink.to("phone") and time.monotonic() < deadline:
        time.sleep(0.05)
    (received,) = sink.to("phone")
    assert keys.decrypt(received.body)["body"] == "Hej fra køen"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        db.session.expire_all()
        if db.session.get(Notice, notice.id).delivered == 1:
            break
        time.sleep(0.05)
    assert db.session.get(Notice, notice.id).delivered == 1


def test_the_app_registers_every_areas_periodic_jobs(app):
    """What `flask worker` runs at 03:15 (UTC): each area's jobs, registered by create_app."""
    from datetime import datetime

    due = taskqueue.huey.read_periodic(datetime(2026, 11, 23, 3, 15))
    assert {f"{type(task).__module__}.{task.name}" for task in due} == {
        "webapp.notifications.tasks.every_minute",
        "webapp.notifications.tasks.forget_test_notices",
        "webapp.helpdesk.tasks.nightly_purge",
    }
    at_noon = taskqueue.huey.read_periodic(datetime(2026, 11, 23, 12, 0))
    assert [task.name for task in at_noon] == ["every_minute"]
