"""Which endpoints the server sends to, and which keys it accepts."""

import pytest

from tests.notifications.sink import PhoneKeys
from webapp.notifications.endpoints import BadSubscription, check_endpoint, check_keys

FCM = "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b"


@pytest.mark.parametrize(
    "endpoint",
    [
        FCM,
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAAA",
        "https://web.push.apple.com/QGc3f2Y",
        "https://wns2-db5p.notify.windows.com/w/?token=BQYAAA",
        "https://fcm.googleapis.com:443/fcm/send/x",
    ],
)
def test_known_push_services_are_accepted(endpoint):
    assert check_endpoint(endpoint) == endpoint


# The list: each must be refused, here and by the subscribe call (test_views).
BAD_ENDPOINTS = [
    "http://fcm.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com:8443/fcm/send/x",
    "https://fcm.googleapis.com.evil.example/",
    "https://fcm.googleapis.com@evil.example/",
    "https://evil.example\\@fcm.googleapis.com/",
    "https://127.0.0.1/",
    "https://[::1]/",
    "https://fcm.googleapis.com/" + "a" * 10_000,
]


@pytest.mark.parametrize(
    "endpoint",
    [
        *BAD_ENDPOINTS,
        "https://push.apple.com/",  # the bare domain is not a push host
        "https://notify.windows.com.evil.example/",
        "https://fcm.googleapis.com/x\r\nHost: evil.example",
        "https://fcm.googleapis.com/x y",
        "https://fcm.googleapis.com/é",
        "https://xn--fcm-googleapis-com/",
        "ftp://fcm.googleapis.com/x",
        "//fcm.googleapis.com/x",
        "fcm.googleapis.com/x",
        "",
        None,
        42,
        ["https://fcm.googleapis.com/"],
    ],
)
def test_anything_else_is_refused(endpoint):
    with pytest.raises(BadSubscription):
        check_endpoint(endpoint)


def test_an_extra_origin_is_allowed_only_exactly():
    origin = "http://127.0.0.1:8123"
    assert check_endpoint(origin + "/push/a", extra_origins=[origin])
    with pytest.raises(BadSubscription):
        check_endpoint("http://127.0.0.1:8124/push/a", extra_origins=[origin])
    with pytest.raises(BadSubscription):
        check_endpoint("https://127.0.0.1:8123/push/a", extra_origins=[origin])


def test_the_service_list_is_configurable():
    assert check_endpoint("https://push.example.org/a", services=["push.example.org"])
    with pytest.raises(BadSubscription):
        check_endpoint(FCM, services=["push.example.org"])


def test_real_keys_pass_and_malformed_keys_are_refused():
    keys = PhoneKeys()
    assert check_keys({"p256dh": keys.p256dh, "auth": keys.auth}) == (keys.p256dh, keys.auth)
    not_on_curve = "B" + keys.p256dh[1:-4] + "AAAA"
    for bad in (
        None,
        "keys",
        {},
        {"p256dh": keys.p256dh},
        {"p256dh": keys.p256dh, "auth": "c2hvcnQ"},  # 5 bytes
        {"p256dh": "not base64 !!", "auth": keys.auth},
        {"p256dh": keys.p256dh[:40], "auth": keys.auth},
        {"p256dh": not_on_curve, "auth": keys.auth},
        {"p256dh": 7, "auth": keys.auth},
        {"p256dh": keys.p256dh, "auth": "A" * 500},
    ):
        with pytest.raises(BadSubscription):
            check_keys(bad)
