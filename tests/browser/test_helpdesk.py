"""The help desk in real Chromium: a woman's ticket followed live while a volunteer calls her,
a ticket remembered on her phone, a double tap on "send", walk-in logs made offline and sent
once when the connection is back, and nothing private in Cache Storage."""

import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.conftest import GROUP_SLUG, PHONE, wait_until
from tests.browser.test_public_pages import collect_errors
from tests.browser.test_pwa import CACHED_URLS, wait_for_worker, wait_until_cached
from tests.conftest import PASSWORD, translated
from webapp.extensions import db
from webapp.helpdesk.models import HelpLog, HelpRequest

TICKET_KEY = "modested-ticket"
OUTBOX_IS_EMPTY = "() => modestedOutbox.all().then(items => items.length === 0)"
# Three walk-ins: (kinds, minutes, language, outcome).
WALK_INS = [
    (["eboks"], 10, "ar", "solved"),
    (["phone", "mitid"], 20, "so", "referred"),
    (["school"], 45, "da", "follow_up"),
]


def sign_in(page, base, lang, username):
    page.goto(f"{base}/{lang}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base}/{lang}/desk/")


def open_ticket_form(page, base, lang):
    """From the group page, tap "Get a ticket"."""
    page.goto(f"{base}/{lang}/{GROUP_SLUG}/")
    page.locator(f'a[href="/{lang}/{GROUP_SLUG}/ticket"]').click()
    page.wait_for_url(f"{base}/{lang}/{GROUP_SLUG}/ticket")
    page.wait_for_load_state("load")  # ask.js is deferred: its handlers are on by now


def fill_ticket_form(page, first_name="Amal"):
    page.check("input[name=kind][value=eboks]")
    page.check("input[name=contact][value=at_cafe]")
    page.fill("#first_name", first_name)


def count(live_app, model, *where):
    """Rows in the database the live server writes to, read in a fresh session."""
    with live_app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def highest_count_for(live_app, model, *where, seconds=1.5):
    """The most rows seen while watching for `seconds`: a late duplicate shows up too."""
    deadline = time.monotonic() + seconds
    highest = count(live_app, model, *where)
    while time.monotonic() < deadline:
        time.sleep(0.1)
        highest = max(highest, count(live_app, model, *where))
    return highest


def local_storage_ticket(page):
    return page.evaluate("(key) => window.localStorage.getItem(key)", TICKET_KEY)


def test_her_status_page_shows_her_turn_without_a_reload(
    live_server, group_with_cafes, make_user, make_page
):
    make_user(
        groups=[group_with_cafes[0]], username="hodan", display_name="Hodan", languages=["ar"]
    )
    volunteer = make_page()  # context B, signed in before she asks: her first poll sees the call
    sign_in(volunteer, live_server, "ar", "hodan")

    woman = make_page()  # context A, a 390x844 phone
    assert woman.viewport_size == PHONE
    errors = collect_errors(woman)
    open_ticket_form(woman, live_server, "ar")
    fill_ticket_form(woman)
    woman.click("#ask-submit")

    expect(woman.locator(".ticket-number bdi")).to_have_text("K-1")
    status = woman.locator("#ticket-status")
    expect(status).to_contain_text(
        translated("ar", "You are number %(position)s in the queue.", position=1)
    )
    html = woman.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    # Not remembered: the private address is taken out of the history, the page stays.
    group_url = f"{live_server}/ar/{GROUP_SLUG}/"
    expect(woman).to_have_url(group_url)
    assert "/t/" not in woman.url
    expect(status).to_be_visible()
    woman.evaluate("window.stillTheSameDocument = true")

    volunteer.goto(f"{live_server}/ar/desk/{GROUP_SLUG}/queue")
    row = volunteer.locator("#queue a.cafe-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("K-1")
    row.click()
    volunteer.wait_for_url(re.compile(rf"/ar/desk/{GROUP_SLUG}/requests/\d+$"))
    volunteer.locator("form[action$='/claim'] button[type=submit]").click()
    expect(volunteer.locator("form[action$='/claim']")).to_have_count(0)

    expect(status).to_contain_text(translated("ar", "It is your turn!"), timeout=20_000)
    expect(status).to_contain_text("Hodan")
    expect(status).to_contain_text(translated("ar", "%(name)s will help you now.", name="Hodan"))
    assert woman.evaluate("window.stillTheSameDocument") is True, "her page was reloaded"
    assert woman.url == group_url
    assert errors == []


def fail_next_status_poll(live_app):
    """Make the server answer her status page's next htmx poll with 502 Bad Gateway, once (as
    a proxy does while the app restarts). Returns a list the failed poll's path is put in."""
    failed = []
    inner = live_app.wsgi_app

    def wrapped(environ, start_response):
        if not failed and "/t/" in environ["PATH_INFO"] and environ.get("HTTP_HX_REQUEST"):
            failed.append(environ["PATH_INFO"])
            start_response("502 Bad Gateway", [("Content-Type", "text/plain")])
            return [b"Bad Gateway"]
        return inner(environ, start_response)

    live_app.wsgi_app = wrapped
    return failed


@pytest.mark.parametrize("blip", ["connection lost", "bad gateway"])
def test_her_status_keeps_updating_after_one_failed_poll(
    live_server, live_app, group_with_cafes, make_user, make_page, blip
):
    make_user(groups=[group_with_cafes[0]], username="hodan", display_name="Hodan")
    volunteer = make_page()
    sign_in(volunteer, live_server, "da", "hodan")
    woman = make_page()
    woman.goto(f"{live_server}/da/{GROUP_SLUG}/")
    wait_for_worker(woman)  # as on her phone: she came by the group page
    open_ticket_form(woman, live_server, "da")
    fill_ticket_form(woman)
    woman.click("#ask-submit")
    status = woman.locator("#ticket-status")
    expect(status).to_contain_text(
        translated("da", "You are number %(position)s in the queue.", position=1)
    )

    # The first poll (after 5 s) fails; the connection is fine again right after.
    failed = fail_next_status_poll(live_app) if blip == "bad gateway" else []
    if blip == "connection lost":
        woman.context.set_offline(True)
    with woman.expect_request(lambda request: "seen=" in request.url, timeout=15_000):
        pass
    woman.wait_for_timeout(1_000)
    woman.context.set_offline(False)
    assert blip == "connection lost" or failed

    volunteer.goto(f"{live_server}/da/desk/{GROUP_SLUG}/queue")
    volunteer.locator("#queue a.cafe-row").click()
    volunteer.locator("form[action$='/claim'] button[type=submit]").click()
    expect(volunteer.locator("form[action$='/claim']")).to_have_count(0)

    # A working page asks again within its usual 5-20 s and shows her turn.
    expect(status).to_contain_text(translated("da", "It is your turn!"), timeout=30_000)


def test_a_remembered_ticket_is_on_the_group_page_until_she_forgets_it(
    live_server, group_with_cafes, page
):
    open_ticket_form(page, live_server, "da")
    fill_ticket_form(page)
    remember = page.locator("#remember")
    expect(remember).to_be_visible()  # the script shows it: it needs localStorage
    remember.check()
    page.click("#ask-submit")

    expect(page.locator(".ticket-number bdi")).to_have_text("K-1")
    ticket_path = page.evaluate("window.location.pathname")
    assert re.fullmatch(r"/da/t/[A-Za-z0-9_-]+", ticket_path)
    expect(page).to_have_url(f"{live_server}{ticket_path}")  # kept, without the #remember
    expect(page.locator("#remembered")).to_be_visible()
    assert local_storage_ticket(page) == ticket_path

    group_url = f"{live_server}/da/{GROUP_SLUG}/"
    page.goto(group_url)
    my_ticket = page.locator("#my-ticket")
    expect(my_ticket).to_be_visible()
    expect(my_ticket).to_have_attribute("href", ticket_path)
    my_ticket.click()
    page.wait_for_url(f"{live_server}{ticket_path}")
    expect(page.locator(".ticket-number bdi")).to_have_text("K-1")
    expect(page.locator("#remembered")).to_be_visible()

    page.click("#forget-ticket")
    expect(page.locator("#remembered")).to_be_hidden()
    assert local_storage_ticket(page) is None
    expect(page).to_have_url(group_url)  # the private address left the history too

    page.goto(group_url)
    page.wait_for_load_state("load")
    expect(page.locator("#my-ticket")).to_be_hidden()
    assert local_storage_ticket(page) is None


def slow_down_posts(live_app, seconds):
    """Answer every POST `seconds` late: a second tap lands while the first is under way."""
    inner = live_app.wsgi_app

    def slowed(environ, start_response):
        if environ["REQUEST_METHOD"] == "POST":
            time.sleep(seconds)
        return inner(environ, start_response)

    live_app.wsgi_app = slowed


def test_a_double_tap_on_send_files_one_request(live_server, live_app, group_with_cafes, page):
    slow_down_posts(live_app, 1.0)
    open_ticket_form(page, live_server, "da")
    fill_ticket_form(page)
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    send = page.locator("#ask-submit")
    send.scroll_into_view_if_needed()
    bounds = send.bounding_box()
    assert bounds is not None
    x, y = bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2

    with page.expect_request(lambda request: request.method == "POST"):
        page.touchscreen.tap(x, y)
    page.touchscreen.tap(x, y)  # the first is still on its way: the page has not changed

    expect(page.locator(".ticket-number bdi")).to_have_text("K-1", timeout=10_000)
    assert 1 <= len(posts) <= 2
    assert highest_count_for(live_app, HelpRequest) == 1


SEND_TWICE_AT_ONCE = """async () => {
  const form = document.getElementById("ask-form");
  const send = () => fetch(window.location.href, {method: "POST", body: new FormData(form)})
    .then(response => ({status: response.status, url: response.url}));
  return Promise.all([send(), send()]);
}"""


def test_two_submits_of_one_form_at_once_file_one_request(
    live_server, live_app, group_with_cafes, page
):
    # What a double tap sends when the script does not stop the second one: the same form
    # (same form key) twice, at the same moment.
    open_ticket_form(page, live_server, "da")
    fill_ticket_form(page)

    first, second = page.evaluate(SEND_TWICE_AT_ONCE)

    assert first["status"] == second["status"] == 200
    assert "/da/t/" in first["url"]
    assert first["url"] == second["url"], "both taps must lead to the same ticket"
    assert count(live_app, HelpRequest) == 1


def log_walk_in_offline(page, kinds, minutes, language, outcome):
    form = page.locator("#walk-in-form")
    for kind in kinds:
        form.locator(f"input[name=kinds][value={kind}]").check()
    form.locator(f"input[name=minutes][value='{minutes}']").check()
    form.locator(f"input[name=language][value={language}]").check()
    form.locator(f"input[name=outcome][value={outcome}]").check()
    form.locator("button[type=submit]").click()


def record_posts(live_app, path_end):
    """The statuses the live server answers POSTs to paths ending in `path_end` with, from the
    page and from the service worker alike (Playwright does not report the worker's fetches)."""
    statuses = []
    inner = live_app.wsgi_app

    def recorded(environ, start_response):
        if environ["REQUEST_METHOD"] != "POST" or not environ["PATH_INFO"].endswith(path_end):
            return inner(environ, start_response)

        def start(status, headers, exc_info=None):
            statuses.append(int(status.split()[0]))
            return start_response(status, headers, exc_info)

        return inner(environ, start)

    live_app.wsgi_app = recorded
    return statuses


def test_walk_ins_logged_offline_are_stored_once(
    live_server, live_app, group_with_cafes, make_user, make_page
):
    group = group_with_cafes[0]
    volunteer_id = make_user(groups=[group], username="hodan", display_name="Hodan").id
    statuses = record_posts(live_app, f"/desk/{GROUP_SLUG}/walk-ins")
    page = make_page()
    context = page.context
    errors = collect_errors(page)
    sign_in(page, live_server, "da", "hodan")
    page.goto(f"{live_server}/da/desk/{GROUP_SLUG}/walk-in")
    wait_for_worker(page)

    context.set_offline(True)
    page.wait_for_function("navigator.onLine === false")
    pending = page.locator("#pending")
    for number, walk_in in enumerate(WALK_INS, start=1):
        log_walk_in_offline(page, *walk_in)
        expect(page.locator("#pending-list li")).to_have_count(number)
        expect(page.locator("#walk-in-saved-offline")).to_be_visible()
    expect(pending).to_be_visible()
    expect(pending).to_contain_text(translated("da", "Not sent yet"))
    expect(page.locator("#walk-in-form input[name=kinds]:checked")).to_have_count(0)  # reset
    stored = page.evaluate("modestedOutbox.all()")
    assert len({item["key"] for item in stored}) == 3
    assert count(live_app, HelpLog) == 0
    assert statuses == []

    # Back online: the page's "online" handler and the worker's sync both send the outbox.
    context.set_offline(False)
    wait_until(page, OUTBOX_IS_EMPTY, timeout=15)
    expect(pending).to_be_hidden()
    walk_ins = HelpLog.request_id.is_(None)
    assert highest_count_for(live_app, HelpLog, walk_ins) == 3
    assert count(live_app, HelpLog) == 3
    assert statuses.count(201) == 3 and set(statuses) <= {200, 201}, statuses
    with live_app.app_context():
        logs = db.session.scalars(select(HelpLog)).all()
        assert {(tuple(log.kinds), log.minutes, log.language, log.outcome) for log in logs} == {
            (tuple(sorted(kinds)), *rest) for kinds, *rest in WALK_INS
        }
        assert {log.volunteer_id for log in logs} == {volunteer_id}
        assert {log.idempotency_key for log in logs} == {item["key"] for item in stored}

    # The sync runs again with the same three logs: from the page...
    statuses.clear()
    left = page.evaluate(
        """async (items) => {
             for (const item of items) await modestedOutbox.add(item);
             return modestedOutbox.flush();
           }""",
        stored,
    )
    assert left == 0
    assert statuses == [200, 200, 200]  # "already stored"
    # ...and again from the worker's sync and the next page load, at the same time.
    page.evaluate(
        """async (items) => {
             for (const item of items) await modestedOutbox.add(item);
             const registration = await navigator.serviceWorker.ready;
             await registration.sync.register("walk-ins");
           }""",
        stored,
    )
    page.reload()
    wait_until(page, OUTBOX_IS_EMPTY)
    expect(pending).to_be_hidden()
    assert highest_count_for(live_app, HelpLog) == 3
    assert count(live_app, HelpLog, walk_ins) == 3
    assert len(statuses) >= 6 and set(statuses) == {200}, statuses
    assert errors == []


def is_fragment(response, path_part):
    request = response.request
    return path_part in response.url and request.headers.get("hx-request") == "true"


def test_queue_and_ticket_fragments_never_reach_the_cache(
    live_server, group_with_cafes, make_user, make_page
):
    make_user(groups=[group_with_cafes[0]], username="hodan", display_name="Hodan")
    woman = make_page()
    woman.goto(f"{live_server}/ar/{GROUP_SLUG}/")
    wait_for_worker(woman)
    open_ticket_form(woman, live_server, "ar")
    fill_ticket_form(woman)
    with woman.expect_response(lambda response: is_fragment(response, "/ar/t/"), timeout=15_000):
        woman.click("#ask-submit")
    expect(woman.locator("#ticket-status")).to_be_visible()

    volunteer = make_page()
    sign_in(volunteer, live_server, "ar", "hodan")
    wait_for_worker(volunteer)
    queue_path = f"/ar/desk/{GROUP_SLUG}/queue"
    volunteer.goto(live_server + queue_path)
    expect(volunteer.locator("#queue a.cafe-row")).to_have_count(1)
    # The queue's own refresh every 10 s, then a filter change: two htmx fragments.
    with volunteer.expect_response(
        lambda response: is_fragment(response, queue_path), timeout=15_000
    ):
        pass
    with volunteer.expect_response(lambda response: is_fragment(response, "kind=eboks")):
        volunteer.check("#queue-filters input[name=kind][value=eboks]")
    expect(volunteer.locator("#queue a.cafe-row")).to_have_count(1)
    volunteer.wait_for_load_state("networkidle")

    # Her phone kept the public pages (so the worker does save pages)...
    wait_until_cached(woman, f"{live_server}/ar/{GROUP_SLUG}/")
    for page in (woman, volunteer):
        paths = [url.removeprefix(live_server) for url in page.evaluate(CACHED_URLS)]
        assert "/ar/offline" in paths
        # ...but no ticket, no form, no desk page and no fragment of either.
        private = [
            path
            for path in paths
            if "/t/" in path or "/desk" in path or "/ticket" in path or "kind=" in path
        ]
        assert private == [], private
