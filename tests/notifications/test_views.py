"""The phone's JSON calls and the coordinator's announcement screen."""

import re
from datetime import date, timedelta

import pytest

from tests.conftest import FIXED_NOW, translated
from tests.notifications.sink import PhoneKeys
from tests.notifications.test_endpoints import BAD_ENDPOINTS
from webapp.accounts.models import Role
from webapp.audit import AuditEntry
from webapp.extensions import db
from webapp.notifications.models import Notice, NoticeKind, PushSubscription

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def subscriptions():
    return list(db.session.scalars(db.select(PushSubscription)))


@pytest.fixture
def group(make_group):
    return make_group("skanderborg", name="Bydelsmødre Skanderborg")


def post_json(client, path, body, headers=SAME_ORIGIN, **kwargs):
    return client.post(path, json=body, headers=headers, **kwargs)


def test_subscribing_stores_only_endpoint_keys_groups_and_language(client, sink, group, make_group):
    keys = PhoneKeys()
    body = {
        "subscription": keys.subscription(sink.endpoint("a")),
        "group": "skanderborg",
        "lang": "ar",
    }
    response = post_json(client, "/push/subscription", body)
    assert response.status_code == 201
    assert response.json == {"groups": ["skanderborg"]}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    (stored,) = subscriptions()
    assert (stored.language, stored.p256dh, stored.auth) == ("ar", keys.p256dh, keys.auth)
    columns = set(PushSubscription.__table__.columns.keys())
    assert columns == {
        "id",
        "endpoint",
        "endpoint_hash",
        "p256dh",
        "auth",
        "language",
        "show_details",
    }
    assert stored.show_details is False  # neutral unless she chooses otherwise

    make_group("ballerup")
    body = {**body, "group": "ballerup", "lang": "da"}
    assert post_json(client, "/push/subscription", body).json == {
        "groups": ["ballerup", "skanderborg"]
    }
    (stored,) = subscriptions()  # the same phone: one row, her latest language
    assert stored.language == "da"

    groups = post_json(client, "/push/subscription/groups", {"endpoint": sink.endpoint("a")})
    assert groups.json == {
        "groups": ["ballerup", "skanderborg"],
        "details": False,
        "language": "da",
    }
    removed = post_json(
        client, "/push/subscription/remove", {"endpoint": sink.endpoint("a"), "group": "ballerup"}
    )
    assert removed.json == {"groups": ["skanderborg"]}
    removed = post_json(
        client,
        "/push/subscription/remove",
        {"endpoint": sink.endpoint("a"), "group": "skanderborg"},
    )
    assert removed.json == {"groups": []}
    assert subscriptions() == []


@pytest.mark.parametrize("endpoint", BAD_ENDPOINTS)
def test_bad_endpoints_are_refused_with_400(client, group, endpoint):
    keys = PhoneKeys()
    body = {"subscription": keys.subscription(endpoint), "group": "skanderborg", "lang": "ar"}
    response = post_json(client, "/push/subscription", body)
    assert response.status_code == 400
    message = translated(
        "ar", "This phone could not turn on notifications. Please try again later."
    )
    assert response.json == {"error": message}
    assert subscriptions() == []


@pytest.mark.parametrize(
    "data",
    [
        b"{not json",
        b"[]",
        b'"text"',
        b'{"subscription": null, "group": "skanderborg"}',
        b'{"subscription": {"endpoint": "https://fcm.googleapis.com/x"}, "group": "skanderborg"}',
        b'{"subscription": {"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": "AAAA", "auth": "AAAA"}}, "group": "skanderborg"}',
        b'{"subscription": {"endpoint": ["x"], "keys": 1}, "group": "skanderborg"}',
        b"\xff\xfe",
    ],
)
def test_malformed_bodies_get_400_not_500(client, group, data):
    response = client.post(
        "/push/subscription", data=data, content_type="application/json", headers=SAME_ORIGIN
    )
    assert response.status_code == 400
    assert "error" in response.json


def test_an_unknown_group_is_404(client, sink, group):
    keys = PhoneKeys()
    body = {"subscription": keys.subscription(sink.endpoint("a")), "group": "nowhere"}
    assert post_json(client, "/push/subscription", body).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}],
)
def test_calls_from_other_sites_are_refused(client, sink, group, headers):
    keys = PhoneKeys()
    body = {"subscription": keys.subscription(sink.endpoint("a")), "group": "skanderborg"}
    assert post_json(client, "/push/subscription", body, headers=headers).status_code == 403
    assert subscriptions() == []


def test_send_me_a_test_reaches_only_that_phone_in_her_language(client, sink, subscribe, group):
    mine = subscribe(group, "mine", "ar")
    subscribe(group, "other", "ar")
    response = post_json(client, "/push/test", {"endpoint": sink.endpoint("mine"), "lang": "ar"})
    assert response.status_code == 202
    assert sink.to("other") == []
    (received,) = sink.to("mine")
    message = mine.decrypt(received.body)
    assert message["body"] == translated(
        "ar", "Notifications work. This is how your café group will reach you."
    )
    assert message["url"] == "/ar/skanderborg/"
    unknown = post_json(client, "/push/test", {"endpoint": sink.endpoint("nobody")})
    assert unknown.status_code == 404


def test_the_group_page_carries_the_switch_and_the_public_key(client, app, group):
    from webapp.notifications.vapid import VapidSigner

    html = client.get("/da/skanderborg/").get_data(as_text=True)
    key = VapidSigner(app.config["VAPID_PRIVATE_KEY"], "").public_key
    assert f'data-key="{key}"' in html
    assert 'id="notify-switch"' in html and 'role="switch"' in html


# --- The coordinator's screen ------------------------------------------------------------


@pytest.fixture
def coordinator(make_user, group):
    return make_user(Role.COORDINATOR, [group], username="koordinator")


def form_key(html: str) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', html).group(1)


def test_the_screen_counts_phones_per_language(client, auth, coordinator, subscribe, group):
    subscribe(group, "a", "ar")
    subscribe(group, "b", "ar")
    subscribe(group, "c", "da")
    auth.login("koordinator")
    html = client.get("/da/desk/skanderborg/announce").get_data(as_text=True)
    assert "3 telefoner får den" in html or "3 phones" in html
    assert re.search(r"العربية</span>: <bdi>2</bdi>", html)
    assert re.search(r"Dansk</span>: <bdi>1</bdi>", html)


def test_preview_shows_each_language(client, auth, coordinator, group, make_cafe):
    cafe = make_cafe(group, day=date(2026, 11, 26))
    auth.login("koordinator")
    response = client.post(
        "/da/desk/skanderborg/announce/preview",
        data={"kind": "cancelled", "cafe": str(cafe.id), "form_key": "k" * 20, "text_da": ""},
        headers={"HX-Request": "true", "HX-Target": "preview"},
    )
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="preview"')
    assert 'lang="ar" dir="rtl"' in html and 'lang="da" dir="ltr"' in html
    arabic = translated("ar", "The café on %(day)s is cancelled.").split("%(day)s")[0].strip()
    assert arabic in html
    assert "Kaffe og snak" not in html  # the topic stays off the lock screen


def test_sending_right_after_sign_in_needs_no_password_and_is_audited(
    client, auth, coordinator, subscribe, sink, group
):
    keys = subscribe(group, "phone", "da")
    auth.login("koordinator")
    key = form_key(client.get("/da/desk/skanderborg/announce").get_data(as_text=True))
    data = {"kind": "general", "text_da": "Husk: vi holder juleafslutning", "form_key": key}
    response = client.post("/da/desk/skanderborg/announce", data=data)
    assert response.status_code == 303
    again = client.post("/da/desk/skanderborg/announce", data=data)  # a double tap
    assert again.status_code == 303 and again.headers["Location"] == response.headers["Location"]
    (notice,) = db.session.scalars(db.select(Notice).where(Notice.kind == NoticeKind.GENERAL))
    assert keys.decrypt(sink.to("phone")[0].body)["body"] == "Husk: vi holder juleafslutning"
    assert len(sink.to("phone")) == 1
    (entry,) = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "push.announce"))
    assert (entry.user_id, entry.subject) == (coordinator.id, f"notice:{notice.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r"<dd><bdi>1</bdi></dd>", page)  # delivered


def test_sending_later_asks_for_the_password_again(
    app, client, auth, coordinator, subscribe, sink, group
):
    subscribe(group, "phone", "da")
    auth.login("koordinator")
    app.config["NOW"] = FIXED_NOW + timedelta(minutes=20)
    html = client.get("/da/desk/skanderborg/announce").get_data(as_text=True)
    assert 'name="password"' in html
    data = {"kind": "general", "text_da": "Hej", "form_key": form_key(html), "password": "wrong"}
    response = client.post("/da/desk/skanderborg/announce", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert translated("da", "The password is not right. Please try again.") in page
    assert ">Hej</textarea>" in page  # what she typed is kept
    assert sink.received == []
    from tests.conftest import PASSWORD

    data["password"] = PASSWORD
    assert client.post("/da/desk/skanderborg/announce", data=data).status_code == 303
    assert len(sink.to("phone")) == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "general"}, "Write the news in at least one language."),
        ({"kind": "cancelled"}, "Choose the café the message is about."),
        ({"kind": "shout"}, "Choose what the message is about."),
        (
            {"kind": "general", "text_ar": "x" * 201},
            "Keep it short: at most 200 letters, so it fits on a phone's screen.",
        ),
        (
            {"kind": "general", "text_da": "a\x00b"},
            "Some of the text cannot be used. Please write it again.",
        ),
    ],
)
def test_bad_announcements_get_a_translated_error(client, auth, coordinator, group, data, field):
    auth.login("koordinator", lang="ar")
    response = client.post("/ar/desk/skanderborg/announce", data={**data, "form_key": "f" * 20})
    assert response.status_code == 422
    assert translated("ar", field) in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Notice).where(Notice.form_key == "f" * 20)) is None


def test_another_groups_coordinator_cannot_send(client, auth, make_user, make_group, group):
    other = make_group("ballerup")
    make_user(Role.COORDINATOR, [other], username="other")
    auth.login("other")
    assert client.get("/da/desk/skanderborg/announce").status_code == 404
    response = client.post(
        "/da/desk/skanderborg/announce",
        data={"kind": "general", "text_da": "x", "form_key": "g" * 20},
    )
    assert response.status_code == 404


def test_a_volunteer_cannot_send(client, auth, make_user, group):
    make_user(Role.VOLUNTEER, [group], username="frivillig")
    auth.login("frivillig")
    assert client.get("/da/desk/skanderborg/announce").status_code == 403


def test_reminder_settings_are_saved_and_checked(client, auth, coordinator, group):
    auth.login("koordinator")
    response = client.post("/da/desk/skanderborg/reminders", data={"days": "0", "time": "09:30"})
    assert response.status_code == 303
    db.session.refresh(group)
    assert (group.reminder_days_before, group.reminder_time.strftime("%H:%M")) == (0, "09:30")
    bad = client.post("/da/desk/skanderborg/reminders", data={"days": "9", "time": "25:99"})
    assert bad.status_code == 422
    db.session.refresh(group)
    assert group.reminder_days_before == 0


def test_news_shows_on_the_group_page_in_her_language(client, group):
    from webapp.notifications.notices import create_notice

    create_notice(
        group, NoticeKind.GENERAL, FIXED_NOW, texts={"da": "Husk madpakke", "ar": "تذكري"}
    )
    db.session.commit()
    assert "تذكري" in client.get("/ar/skanderborg/").get_data(as_text=True)
    english = client.get("/en/skanderborg/").get_data(as_text=True)
    assert '<p lang="da" dir="auto">Husk madpakke</p>' in english


def test_the_phone_calls_are_rate_limited(app_factory):
    from webapp.schedule.models import Group

    app = app_factory(RATELIMIT_ENABLED=True, PUSH_RATE_LIMIT="2 per minute")
    with app.app_context():
        db.session.add(Group(slug="skanderborg", name="S", municipality="S", languages=[]))
        db.session.commit()
        client = app.test_client()
        body = {
            "subscription": {"endpoint": "https://fcm.googleapis.com/x"},
            "group": "skanderborg",
        }
        codes = [post_json(client, "/push/subscription", body).status_code for _ in range(3)]
        assert codes == [400, 400, 429]


PHONE_CALLS = ("/push/subscription", "/push/subscription/remove", "/push/subscription/groups", "/push/test")  # fmt: skip
DEEP = b"[" * 1000 + b"]" * 1000
ODD_BODIES = [
    b'{"endpoint": "\\ud800", "group": "skanderborg", "lang": "da"}',
    b'{"endpoint": "https://fcm.googleapis.com/x\\udfff", "group": "\\ud800"}',
    b'{"subscription": {"endpoint": "\\ud800", "keys": {"p256dh": "\\udc00", "auth": "x"}}, "group": "skanderborg"}',  # noqa: E501
    b'{"group": "skanderborg", "lang": "\\ud800", "details": true, "\\ud800": 1}',
    b'{"endpoint": "x\\u0000y", "group": "skanderborg"}',
    b'{"endpoint": ' + DEEP + b', "group": "skanderborg"}',
    b'{"subscription": ' + b'{"a": ' * 1000 + b"1" + b"}" * 1000 + b', "group": "skanderborg"}',
    DEEP,
    b'{"a": ' + b"[" * 7_000 + b"]" * 7_000 + b"}",
]


@pytest.mark.parametrize("path", PHONE_CALLS)
@pytest.mark.parametrize("data", ODD_BODIES, ids=range(len(ODD_BODIES)))
def test_lone_surrogates_and_deep_nesting_are_a_400_not_a_500(client, sink, group, path, data):
    response = client.post(path, data=data, content_type="application/json", headers=SAME_ORIGIN)
    assert response.status_code == 400
    message = translated(
        "da", "This phone could not turn on notifications. Please try again later."
    )
    assert response.json == {"error": message}
    assert response.headers["Cache-Control"] == "no-store"
    assert subscriptions() == []


def test_a_subscribed_phone_with_a_surrogate_in_the_group_still_gets_400(
    client, sink, subscribe, group
):
    subscribe(group, "mine")
    for path in PHONE_CALLS:
        body = {"endpoint": sink.endpoint("mine"), "group": "skan\ud800derborg", "lang": "ar"}
        response = client.post(path, json=body, headers=SAME_ORIGIN)
        assert response.status_code == 400, path
