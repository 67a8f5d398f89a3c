"""Sending: real encryption decrypted as a phone would, headers, and what each answer of the
push service does (404/410 remove, 429/5xx retry, timeout, redirect not followed)."""

import time
from datetime import date

import pytest
from py_vapid import Vapid02

from tests.conftest import translated
from webapp.extensions import db
from webapp.i18n import BY_CODE, enabled_codes, format_weekday_date, in_language
from webapp.notifications.delivery import retry_delay
from webapp.notifications.models import Notice, NoticeKind, PushSubscription
from webapp.notifications.notices import MAX_ATTEMPTS, create_notice
from webapp.notifications.tasks import send_notice
from webapp.taskqueue import huey


@pytest.fixture(autouse=True)
def empty_schedule():
    huey.flush()
    yield
    huey.flush()


def send(notice):
    db.session.commit()
    return send_notice(notice.id).get()


def scheduled_retries():
    return [task for task in huey.scheduled() if task.name.endswith("send_notice")]


def test_each_phone_gets_the_notice_in_her_language_and_can_decrypt_it(
    app, sink, subscribe, make_group, make_cafe, now
):
    group = make_group("skanderborg", name="Bydelsmødre Skanderborg")
    cafe = make_cafe(group, day=date(2026, 11, 26))
    phones = {lang: subscribe(group, f"phone-{lang}", lang) for lang in ("da", "ar", "en")}

    send(create_notice(group, NoticeKind.CANCELLED, now, cafe=cafe))

    for lang, keys in phones.items():
        (received,) = sink.to(f"phone-{lang}")
        message = keys.decrypt(received.body)
        day = {"da": "torsdag den 26. november", "en": "Thursday 26 November"}.get(lang)
        expected = translated(lang, "The café on %(day)s is cancelled.")
        assert message["title"] == "Bydelsmødre Skanderborg"
        assert message["lang"] == lang
        assert message["dir"] == ("rtl" if lang == "ar" else "ltr")
        assert message["url"] == f"/{lang}/skanderborg/cafe/{cafe.id}"
        assert message["tag"] == f"cafe-{cafe.id}"
        assert message["body"].startswith(expected.split("%(day)s")[0])
        if day:
            assert message["body"] == expected.replace("%(day)s", day)
        assert "Kaffe og snak" not in message["body"]  # the topic never reaches the lock screen
    notice = db.session.scalar(db.select(Notice).where(Notice.kind == NoticeKind.CANCELLED))
    assert (notice.target_count, notice.delivered, notice.failed, notice.removed) == (3, 3, 0, 0)


def test_requests_carry_ttl_urgency_topic_and_a_valid_vapid_signature(
    app, sink, subscribe, make_group, make_cafe, now
):
    group = make_group()
    cafe = make_cafe(group, day=date(2026, 11, 26))
    subscribe(group, "phone")
    send(create_notice(group, NoticeKind.CANCELLED, now, cafe=cafe))
    (received,) = sink.to("phone")
    headers = {name.lower(): value for name, value in received.headers.items()}
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["urgency"] == "high"
    assert headers["topic"] == f"cafe-{cafe.id}"
    # TTL: until the café starts (Thursday 15:00 Copenhagen = 14:00 UTC, from Sunday 12:00).
    assert int(headers["ttl"]) == (4 * 24 + 2) * 3600
    assert headers["authorization"].startswith("vapid t=")
    assert Vapid02.verify(headers["authorization"])


def test_gone_subscriptions_are_deleted_only_on_404_and_410(app, sink, subscribe, make_group, now):
    group = make_group()
    for name in ("ok", "gone-404", "gone-410", "refused-400", "refused-403"):
        subscribe(group, name)
    sink.answer("gone-404", 404)
    sink.answer("gone-410", 410)
    sink.answer("refused-400", 400)
    sink.answer("refused-403", 403)
    result = send(create_notice(group, NoticeKind.GENERAL, now, texts={"da": "Hej"}))
    assert result == {"delivered": 1, "removed": 2, "failed": 2, "retry": 0}
    left = {s.endpoint.rsplit("/", 1)[-1] for s in db.session.scalars(db.select(PushSubscription))}
    # A 403 (say, a VAPID mistake) must not wipe subscriptions: only 404/410 do.
    assert left == {"ok", "refused-400", "refused-403"}


def test_429_and_5xx_are_retried_later_honouring_retry_after(app, sink, subscribe, make_group, now):
    group = make_group()
    subscribe(group, "busy")
    subscribe(group, "broken")
    sink.answer("busy", 429, {"Retry-After": "120"})
    sink.answer("broken", 503)
    notice = create_notice(group, NoticeKind.GENERAL, now, texts={"da": "Hej"})
    result = send(notice)
    assert result["retry"] == 2
    (retry,) = scheduled_retries()
    notice_id, ids, attempt = retry.args
    assert notice_id == notice.id and len(ids) == 2 and attempt == 2
    # Retry-After 120 s asked for by one, the default 60 s for the other: the longer wins.
    assert 110 <= (retry.eta - huey._get_timestamp()).total_seconds() <= 121
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).waiting == 2

    sink.answer("busy", 201)  # the push service recovers; the other stays down
    result = send_notice.call_local(notice_id, ids, attempt)
    assert result == {"delivered": 1, "removed": 0, "failed": 0, "retry": 1}
    db.session.expire_all()
    stored = db.session.get(Notice, notice.id)
    assert (stored.delivered, stored.waiting) == (1, 1)


def test_retries_stop_after_the_last_attempt_and_count_as_failed(
    app, sink, subscribe, make_group, now
):
    group = make_group()
    subscribe(group, "broken")
    sink.answer("broken", 500)
    notice = create_notice(group, NoticeKind.GENERAL, now, texts={"da": "Hej"})
    db.session.commit()
    ids = [s.id for s in db.session.scalars(db.select(PushSubscription))]
    send_notice.call_local(notice.id)
    huey.flush()
    result = send_notice.call_local(notice.id, ids, MAX_ATTEMPTS)
    assert result == {"delivered": 0, "removed": 0, "failed": 1, "retry": 0}
    assert scheduled_retries() == []
    db.session.expire_all()
    stored = db.session.get(Notice, notice.id)
    assert (stored.failed, stored.waiting, stored.finished) == (1, 0, True)
    assert len(sink.to("broken")) == 2


def test_a_push_service_that_does_not_answer_times_out_and_is_retried(
    app, sink, subscribe, make_group, now
):
    group = make_group()
    subscribe(group, "slow")
    subscribe(group, "fast")
    sink.answer("slow", 201, delay=3)
    started = time.monotonic()
    result = send(create_notice(group, NoticeKind.GENERAL, now, texts={"da": "Hej"}))
    assert result == {"delivered": 1, "removed": 0, "failed": 0, "retry": 1}
    assert time.monotonic() - started < 2.9  # PUSH_TIMEOUT is 1 s in these tests


def test_a_redirect_is_not_followed(app, sink, subscribe, make_group, now):
    group = make_group()
    subscribe(group, "moved")
    sink.answer("moved", 307, {"Location": sink.endpoint("elsewhere")})
    result = send(create_notice(group, NoticeKind.GENERAL, now, texts={"da": "Hej"}))
    assert result == {"delivered": 0, "removed": 0, "failed": 1, "retry": 0}
    assert sink.to("elsewhere") == []


def test_an_endpoint_that_stopped_being_allowed_is_not_contacted(
    app, sink, subscribe, make_group, now
):
    group = make_group()
    subscribe(group, "phone")
    app.config["PUSH_EXTRA_ORIGINS"] = []  # checked again at send time
    app.extensions.pop("push_sender", None)
    result = send(create_notice(group, NoticeKind.GENERAL, now, texts={"da": "Hej"}))
    assert result["removed"] == 1
    assert sink.received == []


def test_a_notice_queued_twice_is_sent_once(app, sink, subscribe, make_group, now):
    group = make_group()
    subscribe(group, "phone")
    notice = create_notice(group, NoticeKind.GENERAL, now, texts={"da": "Hej"})
    send(notice)
    send(notice)
    assert len(sink.to("phone")) == 1


def test_the_coordinators_text_goes_only_to_her_language(app, sink, subscribe, make_group, now):
    group = make_group()
    danish = subscribe(group, "da-phone", "da")
    arabic = subscribe(group, "ar-phone", "ar")
    send(create_notice(group, NoticeKind.GENERAL, now, texts={"da": "Husk madpakke"}))
    assert danish.decrypt(sink.to("da-phone")[0].body)["body"] == "Husk madpakke"
    arabic_body = arabic.decrypt(sink.to("ar-phone")[0].body)["body"]
    assert arabic_body == translated("ar", "News from your café group. Tap to read it.")


@pytest.mark.parametrize(
    ("header", "seconds"),
    [(None, 60), ("30", 30), ("0", 1), ("999999", 3600), ("soon", 60)],
)
def test_retry_after_is_read_and_bounded(header, seconds):
    assert retry_delay(header) == seconds


def test_retry_after_as_an_http_date():
    from datetime import UTC, datetime

    moment = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert retry_delay("Sun, 22 Nov 2026 12:05:00 GMT", now=moment) == 300


def test_the_topic_shows_only_for_phones_that_chose_it_and_only_in_her_language(
    app, sink, subscribe, make_group, make_cafe, now
):
    group = make_group()
    cafe = make_cafe(
        group,
        day=date(2026, 11, 26),
        texts={"da": {"topic": "Sundhedsplejersken kommer"}, "ar": {"topic": "زيارة الممرضة"}},
    )
    neutral = subscribe(group, "neutral", "da")
    detailed = subscribe(group, "detailed", "da", show_details=True)
    arabic = subscribe(group, "arabic", "ar", show_details=True)
    english = subscribe(group, "english", "en", show_details=True)
    send(create_notice(group, NoticeKind.REMINDER, now, cafe=cafe))
    body = {
        name: keys.decrypt(sink.to(name)[0].body)["body"]
        for name, keys in [
            ("neutral", neutral),
            ("detailed", detailed),
            ("arabic", arabic),
            ("english", english),
        ]
    }
    assert "Sundhedsplejersken" not in body["neutral"]
    assert body["detailed"] == body["neutral"] + "\nSundhedsplejersken kommer"
    assert body["arabic"].endswith("\nزيارة الممرضة")
    assert "\n" not in body["english"]  # no English topic: nothing in another language


@pytest.mark.parametrize("lang", enabled_codes())
def test_a_phone_gets_the_notice_in_each_of_the_twelve_languages(
    app, sink, subscribe, make_group, make_cafe, now, lang
):
    group = make_group(name="Bydelsmødre Ishøj")
    cafe = make_cafe(group, day=date(2026, 11, 26))
    keys = subscribe(group, "phone", lang)
    send(create_notice(group, NoticeKind.CANCELLED, now, cafe=cafe))
    message = keys.decrypt(sink.to("phone")[0].body)
    with in_language(lang):
        day = format_weekday_date(cafe.starts_at)
    expected = translated(lang, "The café on %(day)s is cancelled.", day=day)
    assert message["body"] == expected
    assert lang == "en" or expected != f"The café on {day} is cancelled."  # really translated
    assert (message["lang"], message["dir"]) == (lang, BY_CODE[lang].direction)
    assert message["title"] == "Bydelsmødre Ishøj"


def test_the_nightly_job_forgets_test_notices_after_a_day(app, make_group, now):
    from datetime import timedelta

    from webapp.notifications.tasks import forget_test_notices

    group = make_group()
    old = create_notice(group, NoticeKind.TEST, now - timedelta(days=2))
    fresh = create_notice(group, NoticeKind.TEST, now - timedelta(hours=2))
    news = create_notice(group, NoticeKind.GENERAL, now - timedelta(days=30), texts={"da": "x"})
    db.session.commit()
    ids = old.id, fresh.id, news.id
    forget_test_notices.call_local()
    db.session.expire_all()
    left = set(db.session.scalars(db.select(Notice.id)))
    assert ids[0] not in left and {ids[1], ids[2]} <= left
