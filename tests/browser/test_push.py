"""Push notifications in real Chromium: the service worker's push and click handlers, and the
group page's "Notify me about cafés" switch end to end (subscribe, test message, unsubscribe).

A push reaches the service worker through the DevTools Protocol
(`ServiceWorker.deliverPushMessage`), as the browser's push service would deliver it. Headless
Chromium cannot reach the real push service, so for the switch only `pushManager.subscribe` /
`getSubscription` are replaced (init script) by a subscription that points at the local push
sink and carries the real keys of a `PhoneKeys`: the app encrypts for those keys and the test
decrypts what the sink received, as the phone would.

A notification click must be a real one: Chromium gives `clients.focus()`/`navigate()` their
permission only inside a trusted `notificationclick`, and a script-made NotificationEvent is
refused (`waitUntil` throws, `focus()` rejects). On Linux, Chromium shows notifications through
the desktop's notification server on D-Bus (org.freedesktop.Notifications); the click tests
run a private D-Bus session bus with a small notification server that answers Chromium and
"clicks" a notification by emitting the `ActionInvoked(id, "default")` signal a desktop sends
when she taps it. That needs dbus-daemon and Debian's python3-dbus / python3-gi (on the
machine image); the tests fail, not skip, without them.
"""

import base64
import json
import os
import queue
import re
import shutil
import subprocess
import threading
import time

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXIT_URL,
    GROUP_SLUG,
    PHONE,
    LiveServer,
    eventually,
)
from tests.browser.test_public_pages import collect_errors
from tests.conftest import translated
from tests.notifications.sink import PhoneKeys
from webapp.extensions import db
from webapp.notifications.models import PushSubscription

TEST_MESSAGE = "Notifications work. This is how your café group will reach you."
GROUP_NAME = "Bydelsmødre Skanderborg"  # the group_with_cafes fixture's name
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
SYSTEM_PYTHON = "/usr/bin/python3"

NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return (await registration.getNotifications()).map((n) => ({
    title: n.title, body: n.body, lang: n.lang, dir: n.dir, tag: n.tag, icon: n.icon, data: n.data,
  }));
}"""


# -- the app on a live server, allowed to send to the local push sink -------------------------


@pytest.fixture
def push_app(app, app_factory, push_sink):
    """Like conftest's live_app (`app` first: it empties the tables), plus the sink's origin."""
    return app_factory(
        QUICK_EXIT_URL=EXIT_URL, SERVER_NAME=None, PUSH_EXTRA_ORIGINS=[push_sink.origin]
    )


@pytest.fixture
def push_server(push_app):
    server = LiveServer(push_app)
    server.start()
    yield server.url
    server.stop()


def wait_for_worker(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def subscriptions(app):
    """[(endpoint, language, [group slugs], p256dh, auth)] as stored by the served app."""
    with app.app_context():
        rows = db.session.scalars(select(PushSubscription).order_by(PushSubscription.id)).all()
        return [
            (row.endpoint, row.language, sorted(g.slug for g in row.groups), row.p256dh, row.auth)
            for row in rows
        ]


class Pusher:
    """Delivers push messages to the page's service worker over the DevTools Protocol."""

    def __init__(self, page, origin):
        self.origin = origin
        self.session = page.context.new_cdp_session(page)
        registrations = []
        self.session.on(
            "ServiceWorker.workerRegistrationUpdated",
            lambda event: registrations.extend(event["registrations"]),
        )
        self.session.send("ServiceWorker.enable")
        deadline = time.monotonic() + 10
        scope = origin + "/"
        while True:
            live = [r for r in registrations if r["scopeURL"] == scope and not r.get("isDeleted")]
            if live:
                self.registration_id = live[-1]["registrationId"]
                break
            assert time.monotonic() < deadline, f"no service worker registration: {registrations}"
            page.wait_for_timeout(50)

    def push(self, data):
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        self.session.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": self.origin, "registrationId": self.registration_id, "data": text},
        )


def shown(page, count=1):
    """The notifications the worker shows, once there are `count` of them."""
    notifications = eventually(
        lambda: len(found := page.evaluate(NOTIFICATIONS)) == count and found, page
    )
    assert notifications, f"expected {count} notification(s), have {page.evaluate(NOTIFICATIONS)}"
    return notifications


@pytest.fixture
def push_page(push_server, group_with_cafes, browser):
    """open(lang) -> (page, pusher): the group page, controlled by the worker, notifications
    allowed for the app's origin."""
    contexts = []

    def open_group_page(lang):
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        context.set_default_timeout(10_000)
        contexts.append(context)
        context.grant_permissions(["notifications"], origin=push_server)
        page = context.new_page()
        page.goto(f"{push_server}/{lang}/{GROUP_SLUG}/")
        wait_for_worker(page)
        return page, Pusher(page, push_server)

    yield open_group_page
    for context in contexts:
        context.close()


# -- 1. the worker's push handler ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "direction", "title", "body"),
    [
        ("da", "ltr", "Bydelsmødre Skanderborg", "Café i morgen, torsdag kl. 15.00."),
        ("ar", "rtl", "أمهات الحي سكاندربورغ", "المقهى غدًا، الخميس الساعة 15:00."),
    ],
)
def test_a_push_shows_her_notification_in_her_language(
    push_server, group_with_cafes, push_page, lang, direction, title, body
):
    page, pusher = push_page(lang)
    _group, cafes = group_with_cafes
    url = f"/{lang}/{GROUP_SLUG}/cafe/{cafes[0].id}"
    pusher.push(
        {
            "title": title,
            "body": body,
            "url": url,
            "tag": f"cafe-{cafes[0].id}",
            "lang": lang,
            "dir": direction,
            "icon": "/assets/icons/icon-192.png",
        }
    )
    [notification] = shown(page)
    assert notification == {
        "title": title,
        "body": body,
        "lang": lang,
        "dir": direction,
        "tag": f"cafe-{cafes[0].id}",
        "icon": f"{push_server}/assets/icons/icon-192.png",
        "data": {"url": url},
    }


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/x",
        "//evil.example/x",
        "javascript:alert(1)",
        "http://127.0.0.1:1/da/",  # same host, another port: another origin
    ],
)
def test_a_push_never_links_off_the_site(push_server, push_page, url):
    page, pusher = push_page("da")
    pusher.push({"title": "Mødested", "body": "x", "url": url, "icon": "https://evil.example/i"})
    [notification] = shown(page)
    assert notification["data"] == {"url": "/"}
    assert notification["icon"].startswith(f"{push_server}/")


def test_a_push_that_is_not_json_still_shows_a_notification(push_page):
    page, pusher = push_page("da")
    pusher.push("Café i morgen {not json")
    [notification] = shown(page)
    assert notification["title"] == "Mødested"
    assert notification["body"] == ""
    assert notification["dir"] == "auto"
    assert notification["data"] == {"url": "/"}
    assert notification["tag"] == ""


def test_a_newer_push_with_the_same_tag_replaces_the_older(push_page):
    page, pusher = push_page("ar")
    message = {"title": "Skanderborg", "url": "/ar/", "tag": "cafe-7", "lang": "ar", "dir": "rtl"}
    pusher.push({**message, "body": "المقهى غدًا."})
    shown(page)
    pusher.push({**message, "body": "تم إلغاء المقهى."})
    eventually(
        lambda: [n["body"] for n in page.evaluate(NOTIFICATIONS)][-1:] == ["تم إلغاء المقهى."],
        page,
    )
    page.wait_for_timeout(300)  # a second notification would have shown by now
    notifications = page.evaluate(NOTIFICATIONS)
    assert [(n["tag"], n["body"]) for n in notifications] == [("cafe-7", "تم إلغاء المقهى.")]
    # A push with another tag is a second notification.
    pusher.push({**message, "tag": "cafe-8", "body": "المقهى يوم الخميس."})
    assert sorted(n["tag"] for n in shown(page, 2)) == ["cafe-7", "cafe-8"]


# -- 2. a real click on a notification ----------------------------------------------------------

NOTIFICATION_SERVER = r'''
"""A desktop notification server on D-Bus, as Chromium on Linux talks to: it prints each
Notify/CloseNotification as a JSON line, and "click ID" on stdin taps that notification."""
import json, sys
import dbus, dbus.service, dbus.mainloop.glib
from gi.repository import GLib

dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
NAME = "org.freedesktop.Notifications"


def say(**event):
    print(json.dumps(event), flush=True)


class Server(dbus.service.Object):
    def __init__(self, bus):
        self.bus_name = dbus.service.BusName(NAME, bus, do_not_queue=True)
        super().__init__(bus, "/org/freedesktop/Notifications")
        self.last_id = 0

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body", "body-hyperlinks", "icon-static", "persistence"]

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("test-notifications", "Modested tests", "1.0", "1.2")

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app, replaces_id, icon, summary, body, actions, hints, timeout):
        if replaces_id:
            nid = int(replaces_id)
        else:
            self.last_id += 1
            nid = self.last_id
        say(event="notify", id=nid, summary=str(summary), body=str(body),
            actions=[str(a) for a in actions])
        return dbus.UInt32(nid)

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, nid):
        say(event="close", id=int(nid))
        self.NotificationClosed(nid, dbus.UInt32(3))

    @dbus.service.signal(NAME, signature="us")
    def ActionInvoked(self, nid, action_key):
        pass

    @dbus.service.signal(NAME, signature="uu")
    def NotificationClosed(self, nid, reason):
        pass


server = Server(dbus.SessionBus())


def command(source, condition):
    line = sys.stdin.readline()
    if not line:
        loop.quit()
        return False
    verb, nid = line.split()
    if verb == "click":
        server.ActionInvoked(dbus.UInt32(int(nid)), "default")
    return True


loop = GLib.MainLoop()
GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, command)
say(event="ready")
loop.run()
'''


class NotificationCenter:
    """The notification server's side of the test: what Chromium showed and closed; a tap."""

    def __init__(self, process):
        self.process = process
        self.lines = queue.Queue()
        self.events = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(json.loads(line))

    def wait_for(self, event, timeout=10.0, **fields):
        deadline = time.monotonic() + timeout
        while True:
            for item in self.events:
                if item["event"] == event and all(item.get(k) == v for k, v in fields.items()):
                    return item
            left = deadline - time.monotonic()
            assert left > 0, f"no {event} {fields} from Chromium; saw {self.events}"
            try:
                self.events.append(self.lines.get(timeout=left))
            except queue.Empty:
                pass

    def click(self, notification_id):
        self.process.stdin.write(f"click {notification_id}\n")
        self.process.stdin.flush()


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def notification_center(tmp_path):
    """A private D-Bus session bus with a notification server on it."""
    missing = [tool for tool in ("dbus-daemon", SYSTEM_PYTHON) if not shutil.which(tool)]
    if not missing:
        check = subprocess.run(
            [
                SYSTEM_PYTHON,
                "-c",
                "import dbus, dbus.mainloop.glib; from gi.repository import GLib",
            ],
            capture_output=True,
        )
        if check.returncode != 0:
            missing.append("python3-dbus / python3-gi")
    if missing:
        pytest.fail(
            f"{', '.join(missing)} missing: the notification click tests need dbus-daemon and "
            "Debian's python3-dbus and python3-gi (apt-get install dbus-daemon python3-dbus "
            "python3-gi).",
            pytrace=False,
        )
    address = f"unix:path={tmp_path / 'bus'}"
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address={address}"],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # "Failed to set fd limit" as root: harmless
    )
    server = center = None
    try:
        eventually(lambda: (tmp_path / "bus").exists(), timeout=10)
        server = subprocess.Popen(
            [SYSTEM_PYTHON, "-c", NOTIFICATION_SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
        )
        center = NotificationCenter(server)
        center.wait_for("ready")
        center.address = address
        yield center
    finally:
        if server is not None:
            server.stdin.close()
            _stop(server)
            if center is not None:
                center.reader.join(timeout=5)
            server.stdout.close()
        _stop(bus)


@pytest.fixture
def desktop(browser, notification_center, push_server, tmp_path):
    """Chromium with a real profile, its notifications going to the notification center.

    A persistent context, because Chromium routes a notification click back to the profile
    by its id: in Playwright's new_context() (an off-the-record profile of its own) the click
    reaches no service worker at all."""
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile",
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": notification_center.address},
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    context.grant_permissions(["notifications"], origin=push_server)
    yield context
    context.close()


def open_and_click(desktop, notification_center, push_server, start_path, message):
    """Open start_path, push `message`, tap the notification Chromium shows; the page."""
    page = desktop.pages[0] if desktop.pages else desktop.new_page()
    page.goto(push_server + start_path)
    wait_for_worker(page)
    Pusher(page, push_server).push(message)
    notice = notification_center.wait_for("notify", summary=message["title"])
    assert notice["body"].endswith(message["body"])
    assert "default" in notice["actions"]
    notification_center.click(notice["id"])
    return page, notice


def test_tapping_a_notification_opens_its_cafe_in_the_open_window(
    push_server, group_with_cafes, desktop, notification_center
):
    _group, cafes = group_with_cafes
    cafe_path = f"/da/{GROUP_SLUG}/cafe/{cafes[2].id}"
    navigations = []
    desktop.on("request", lambda r: r.is_navigation_request() and navigations.append(r.url))
    page, notice = open_and_click(
        desktop,
        notification_center,
        push_server,
        f"/da/{GROUP_SLUG}/",
        {"title": GROUP_NAME, "body": "Café aflyst.", "url": cafe_path, "tag": "cafe-3"},
    )
    page.wait_for_url(push_server + cafe_path)
    expect(page.locator("html")).to_have_attribute("lang", "da")
    # The same window, not a new one; the notification is gone once tapped.
    assert [p.url for p in desktop.pages] == [push_server + cafe_path]
    notification_center.wait_for("close", id=notice["id"])
    assert page.evaluate(NOTIFICATIONS) == []
    assert navigations[-1] == push_server + cafe_path


@pytest.mark.parametrize("url", ["https://evil.example/x", "//evil.example/x"])
def test_tapping_a_notification_with_an_off_site_url_stays_on_the_app(
    push_server, group_with_cafes, desktop, notification_center, url
):
    _group, cafes = group_with_cafes
    start = f"{push_server}/da/{GROUP_SLUG}/cafe/{cafes[0].id}"
    navigations = []
    desktop.on("request", lambda r: r.is_navigation_request() and navigations.append(r.url))
    page, _notice = open_and_click(
        desktop,
        notification_center,
        push_server,
        start.removeprefix(push_server),
        {"title": GROUP_NAME, "body": "Se her.", "url": url},
    )
    # The tap opens the app's start page "/" (which sends her on), never the other site.
    assert eventually(lambda: f"{push_server}/" in navigations, page), navigations
    page.wait_for_url(lambda now: now not in (start, f"{push_server}/"))
    assert navigations[navigations.index(start) + 1] == f"{push_server}/"
    assert all(u.startswith(push_server + "/") for u in navigations), navigations
    assert len(desktop.pages) == 1
    assert page.url.startswith(push_server + "/") and page.url != start


def test_tapping_a_notification_with_no_window_open_opens_one(
    push_server, group_with_cafes, desktop, notification_center
):
    _group, cafes = group_with_cafes
    cafe_path = f"/ar/{GROUP_SLUG}/cafe/{cafes[1].id}"
    page = desktop.pages[0] if desktop.pages else desktop.new_page()
    page.goto(f"{push_server}/ar/{GROUP_SLUG}/")
    wait_for_worker(page)
    keep = desktop.new_page()  # about:blank keeps the browser open; not a window of the app
    pusher = Pusher(keep, push_server)
    page.close()
    pusher.push({"title": GROUP_NAME, "body": "تم إلغاء المقهى.", "url": cafe_path})
    notice = notification_center.wait_for("notify", summary=GROUP_NAME)
    with desktop.expect_page() as opened:
        notification_center.click(notice["id"])
    new_page = opened.value
    new_page.wait_for_url(push_server + cafe_path)
    expect(new_page.locator("html")).to_have_attribute("dir", "rtl")
    assert keep.url == "about:blank"


# -- 3. the switch, end to end ------------------------------------------------------------------

# Chromium's own subscribe() would ask Google's push service, out of reach here. Only these two
# calls are replaced: the subscription points at the local sink and holds a PhoneKeys' real
# public key and secret. It lives in localStorage so that it survives a reload, and every call
# is written down there for the test to read.
FAKE_PUSH_MANAGER = """
(() => {
  const stub = %s;
  const SUBSCRIBED = "test-push-subscribed";
  const CALLS = "test-push-calls";
  function record(call) {
    const calls = JSON.parse(localStorage.getItem(CALLS) || "[]");
    calls.push(call);
    localStorage.setItem(CALLS, JSON.stringify(calls));
  }
  function base64url(bytes) {
    return btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  }
  function unb64url(text) {
    const raw = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(raw, (char) => char.charCodeAt(0)).buffer;
  }
  function subscription() {
    const key = localStorage.getItem(SUBSCRIBED);
    return {
      endpoint: stub.endpoint,
      expirationTime: null,
      // What the browser keeps: the server key the subscription was made for ("1": none).
      options: key && key !== "1" ? { applicationServerKey: unb64url(key) } : {},
      toJSON() {
        return { endpoint: stub.endpoint, expirationTime: null,
                 keys: { p256dh: stub.p256dh, auth: stub.auth } };
      },
      unsubscribe() {
        record({ call: "unsubscribe" });
        localStorage.removeItem(SUBSCRIBED);
        return Promise.resolve(true);
      },
    };
  }
  PushManager.prototype.subscribe = function (options) {
    record({ call: "subscribe", userVisibleOnly: options.userVisibleOnly,
             applicationServerKey: base64url(options.applicationServerKey) });
    localStorage.setItem(SUBSCRIBED, base64url(options.applicationServerKey));
    return Promise.resolve(subscription());
  };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(localStorage.getItem(SUBSCRIBED) ? subscription() : null);
  };
})();
"""


def stub_calls(page):
    return page.evaluate("JSON.parse(localStorage.getItem('test-push-calls') || '[]')")


@pytest.fixture
def phone(browser, push_sink):
    """phone(name, grant=True) -> (page, PhoneKeys): a context whose pushManager subscribes
    to the sink endpoint `name` with fresh real keys."""
    contexts = []

    def make(name, grant=True, origin=None):
        keys = PhoneKeys()
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        context.set_default_timeout(10_000)
        contexts.append(context)
        stub = {"endpoint": push_sink.endpoint(name), "p256dh": keys.p256dh, "auth": keys.auth}
        context.add_init_script(FAKE_PUSH_MANAGER % json.dumps(stub))
        if grant:
            context.grant_permissions(["notifications"], origin=origin)
        return context.new_page(), keys

    yield make
    for context in contexts:
        context.close()


def header(received, name):
    values = [v for k, v in received.headers.items() if k.lower() == name.lower()]
    assert len(values) == 1, f"{name}: {received.headers}"
    return values[0]


def check_vapid(authorization, public_key, audience):
    """`vapid t=JWT, k=KEY`: KEY is the page's key and JWT is signed by it for the sink."""
    match = re.fullmatch(r"vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), ?k=([\w-]+)", authorization)
    assert match, authorization
    head, claims, signature, key = match.groups()
    assert key == public_key

    def unb64(text):
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    assert json.loads(unb64(head))["alg"] == "ES256"
    payload = json.loads(unb64(claims))
    assert payload["aud"] == audience
    assert payload["sub"] == "mailto:test@bydelsmor.dk"
    raw = unb64(signature)
    verifier = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(key))
    verifier.verify(  # raises InvalidSignature
        encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:])),
        f"{head}.{claims}".encode(),
        ec.ECDSA(hashes.SHA256()),
    )


def test_the_switch_subscribes_sends_a_test_in_arabic_and_unsubscribes(
    push_server, push_app, push_sink, group_with_cafes, phone
):
    page, keys = phone("phone-1", origin=push_server)
    errors = collect_errors(page)
    page.goto(f"{push_server}/ar/{GROUP_SLUG}/")
    box = page.locator("#notify")
    switch = page.locator("#notify-switch")
    test_button = page.locator("#notify-test")
    expect(box).to_be_visible()
    expect(page.locator("#notify-switch-row")).to_be_visible()
    expect(switch).not_to_be_checked()
    expect(test_button).to_be_hidden()
    page_key = box.get_attribute("data-key")

    switch.tap()
    expect(page.locator("#notify-on")).to_be_visible()
    expect(page.locator("#notify-on")).to_contain_text(
        translated("ar", "On. You will get messages on this phone.")
    )
    expect(switch).to_be_checked()
    expect(test_button).to_be_visible()
    expect(test_button).to_have_text(translated("ar", "Send me a test"))
    expect(page.locator("#notify-details")).not_to_be_checked()  # the topic stays off by default
    assert stub_calls(page) == [
        {"call": "subscribe", "userVisibleOnly": True, "applicationServerKey": page_key}
    ]
    endpoint = push_sink.endpoint("phone-1")
    assert subscriptions(push_app) == [(endpoint, "ar", [GROUP_SLUG], keys.p256dh, keys.auth)]
    assert push_sink.received == []  # turning on sends nothing by itself

    test_button.tap()
    expect(page.locator("#notify-test-sent")).to_be_visible()
    expect(page.locator("#notify-on")).to_be_hidden()
    [received] = push_sink.to("phone-1")
    assert len(push_sink.received) == 1
    arabic = translated("ar", TEST_MESSAGE)
    assert arabic != TEST_MESSAGE  # the Arabic catalog has it
    message = keys.decrypt(received.body)
    with push_app.app_context():
        subscription_id = db.session.scalar(select(PushSubscription.id))
    assert message["title"] == GROUP_NAME
    assert message["body"] == arabic
    assert message["lang"] == "ar"
    assert message["dir"] == "rtl"
    assert message["url"].startswith(f"/ar/{GROUP_SLUG}/")
    assert message["tag"] == f"test-{subscription_id}"
    assert message["icon"].startswith("/assets/icons/icon-192")
    assert header(received, "TTL") == "600"
    assert header(received, "Urgency") == "high"
    assert header(received, "Content-Encoding") == "aes128gcm"
    check_vapid(header(received, "Authorization"), page_key, push_sink.origin)

    # Back later: the page asks the server which groups this phone follows.
    with page.expect_response("**/push/subscription/groups") as answer:
        page.reload()
    assert answer.value.json()["groups"] == [GROUP_SLUG]
    expect(switch).to_be_checked()
    expect(test_button).to_be_visible()

    switch.tap()
    expect(page.locator("#notify-off")).to_be_visible()
    expect(page.locator("#notify-off")).to_contain_text(
        translated("ar", "Off. You will not get messages.")
    )
    expect(switch).not_to_be_checked()
    expect(test_button).to_be_hidden()
    assert subscriptions(push_app) == []
    assert stub_calls(page)[-1] == {"call": "unsubscribe"}
    assert page.evaluate("localStorage.getItem('test-push-subscribed')") is None
    assert len(push_sink.received) == 1
    assert errors == []


# -- 4. permission denied -----------------------------------------------------------------------


def test_a_subscription_for_an_old_server_key_is_replaced(
    push_server, push_app, push_sink, group_with_cafes, phone
):
    """After the VAPID key changed, the browser's old subscription is useless: turning the
    switch on unsubscribes it and subscribes again with the page's key."""
    page, keys = phone("phone-old", origin=push_server)
    page.goto(f"{push_server}/da/{GROUP_SLUG}/")
    old_key = "BOLD" + "A" * 83  # 65 bytes in base64url, not the page's key
    page.evaluate("(key) => localStorage.setItem('test-push-subscribed', key)", old_key)
    page.reload()
    page_key = page.locator("#notify").get_attribute("data-key")
    assert page_key != old_key
    page.locator("#notify-switch").tap()
    expect(page.locator("#notify-on")).to_be_visible()
    assert stub_calls(page) == [
        {"call": "unsubscribe"},
        {"call": "subscribe", "userVisibleOnly": True, "applicationServerKey": page_key},
    ]
    endpoint = push_sink.endpoint("phone-old")
    assert subscriptions(push_app) == [(endpoint, "da", [GROUP_SLUG], keys.p256dh, keys.auth)]


def test_a_denied_permission_leaves_the_switch_off_and_says_why(
    push_server, push_app, push_sink, group_with_cafes, phone
):
    # Not granted: headless Chromium answers requestPermission() with "denied" at once.
    page, _keys = phone("phone-2", grant=False)
    page.goto(f"{push_server}/da/{GROUP_SLUG}/")
    assert page.evaluate("Notification.permission") == "default"
    expect(page.locator("#notify-blocked")).to_be_hidden()
    switch = page.locator("#notify-switch")
    switch.tap()
    blocked = page.locator("#notify-blocked")
    expect(blocked).to_be_visible()
    expect(blocked).to_have_text(
        translated(
            "da",
            "Notifications are blocked for this page. Allow them in the phone's settings for "
            "this browser, then try again.",
        )
    )
    expect(switch).not_to_be_checked()
    expect(switch).to_be_enabled()
    expect(page.locator("#notify-test")).to_be_hidden()
    expect(page.locator("#notify-on")).to_be_hidden()
    assert stub_calls(page) == []  # never asked the push service
    assert subscriptions(push_app) == []
    assert push_sink.received == []
    # Next visit: she is told at once.
    page.reload()
    expect(blocked).to_be_visible()
    expect(switch).not_to_be_checked()


# -- 5. iPhone Safari in a tab ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_iphone_safari_in_a_tab_is_told_to_add_the_app_first(
    push_server, group_with_cafes, browser, lang
):
    context = browser.new_context(viewport=PHONE, is_mobile=True, user_agent=IPHONE_SAFARI)
    # Safari in a tab has no PushManager; only an app on the home screen has (iOS 16.4+).
    context.add_init_script("delete window.PushManager;")
    try:
        page = context.new_page()
        page.goto(f"{push_server}/{lang}/{GROUP_SLUG}/")
        assert page.evaluate("'PushManager' in window") is False
        ios = page.locator("#notify-ios")
        expect(page.locator("#notify")).to_be_visible()
        expect(ios).to_be_visible()
        expect(ios).to_contain_text(
            translated(
                lang,
                "On an iPhone, notifications work only when Mødested is on your home screen. "
                "Add it first (see the steps below), then open it from the home screen and turn "
                "on notifications there.",
            )
        )
        expect(page.locator("#notify-switch-row")).to_be_hidden()
        expect(page.locator("#notify-switch")).to_be_hidden()
        expect(page.locator("#notify-unsupported")).to_be_hidden()
        expect(page.locator("#install-ios")).to_be_visible()  # "the steps below"
    finally:
        context.close()


# -- 6. the browser renews (or drops) her subscription ------------------------------------------

# Run in the service worker: stand in for the push service (subscribe() answers with the new
# subscription and writes the call down), then fire "pushsubscriptionchange" as the browser
# does when it renews a subscription. A script-made event cannot keep the worker alive
# (waitUntil throws), but the handler has started its work by then and the page keeps the
# worker running.
PUSH_SUBSCRIPTION_CHANGE = """([fresh, oldEndpoint, oldKey, renewedByBrowser]) => {
  function base64url(bytes) {
    return btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  }
  const raw = atob(oldKey.replace(/-/g, "+").replace(/_/g, "/"));
  const newSubscription = {
    endpoint: fresh.endpoint,
    expirationTime: null,
    options: {},
    toJSON() {
      return { endpoint: fresh.endpoint, expirationTime: null,
               keys: { p256dh: fresh.p256dh, auth: fresh.auth } };
    },
  };
  self.testSubscribeCalls = [];
  self.registration.pushManager.subscribe = (options) => {
    self.testSubscribeCalls.push({ userVisibleOnly: options.userVisibleOnly,
                                   applicationServerKey: base64url(options.applicationServerKey) });
    return Promise.resolve(newSubscription);
  };
  const event = new ExtendableEvent("pushsubscriptionchange");
  Object.defineProperty(event, "oldSubscription", { value: {
    endpoint: oldEndpoint,
    options: { applicationServerKey: Uint8Array.from(raw, (c) => c.charCodeAt(0)).buffer },
  } });
  Object.defineProperty(event, "newSubscription", {
    value: renewedByBrowser ? newSubscription : null,
  });
  self.dispatchEvent(event);
  return true;
}"""


def stored_choices(app):
    """{endpoint: (language, [group slugs], show_details)} as stored by the served app."""
    with app.app_context():
        rows = db.session.scalars(select(PushSubscription)).all()
        return {
            row.endpoint: (row.language, sorted(g.slug for g in row.groups), row.show_details)
            for row in rows
        }


FORGET_WHAT_THE_PHONE_KEPT = """() => new Promise((resolve, reject) => {
  const request = indexedDB.deleteDatabase("modested-push");
  request.onsuccess = () => resolve(true);
  request.onerror = () => reject(request.error);
})"""


@pytest.mark.parametrize(
    ("renewed_by_browser", "kept_on_phone"), [(False, True), (True, True), (True, False)]
)
def test_a_renewed_subscription_keeps_her_groups_and_language(
    push_server,
    push_app,
    push_sink,
    group_with_cafes,
    make_group,
    phone,
    renewed_by_browser,
    kept_on_phone,
):
    """kept_on_phone=False: a subscription made before the phone kept her language (or with
    its storage cleared): the server's record gives it back."""
    make_group(slug="aarhus-vest", name="Bydelsmødre Aarhus Vest")
    page, _keys = phone("phone-old", origin=push_server)
    page.goto(f"{push_server}/ar/{GROUP_SLUG}/")
    wait_for_worker(page)
    page_key = page.locator("#notify").get_attribute("data-key")
    page.locator("#notify-switch").tap()
    expect(page.locator("#notify-on")).to_be_visible()
    page.locator("#notify-details").check()  # and she wants to see what a café is about
    old = push_sink.endpoint("phone-old")
    assert eventually(lambda: stored_choices(push_app)[old][2] is True, page)
    page.goto(f"{push_server}/ar/aarhus-vest/")
    page.locator("#notify-switch").tap()
    expect(page.locator("#notify-on")).to_be_visible()
    assert stored_choices(push_app) == {old: ("ar", ["aarhus-vest", GROUP_SLUG], True)}

    [worker] = [w for w in page.context.service_workers if "/sw.js" in w.url]
    if not kept_on_phone:
        worker.evaluate(FORGET_WHAT_THE_PHONE_KEPT)
    fresh = PhoneKeys()
    new = push_sink.endpoint("phone-new")
    worker.evaluate(
        PUSH_SUBSCRIPTION_CHANGE,
        [
            {"endpoint": new, "p256dh": fresh.p256dh, "auth": fresh.auth},
            old,
            page_key,
            renewed_by_browser,
        ],
    )

    expected = {new: ("ar", ["aarhus-vest", GROUP_SLUG], True)}
    assert eventually(lambda: stored_choices(push_app) == expected, page), stored_choices(push_app)
    assert [row[3:] for row in subscriptions(push_app)] == [(fresh.p256dh, fresh.auth)]
    calls = worker.evaluate("self.testSubscribeCalls")
    if renewed_by_browser:
        assert calls == []  # the browser's new subscription is the one to use
    else:
        assert calls == [{"userVisibleOnly": True, "applicationServerKey": page_key}]
