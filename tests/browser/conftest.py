"""Real-browser fixtures: the app on a live server, Debian's Chromium driven by Playwright.

Chromium is never downloaded: the tests use /usr/bin/chromium and fail (not skip) without it,
because CI installs it.
"""

import os
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from webapp.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
EXIT_URL = "https://exit.example/"
PHONE = {"width": 390, "height": 844}
GROUP_SLUG = "skanderborg"
# Thursdays after FIXED_NOW (Sunday 2026-11-22); the third one is cancelled.
FIRST_THURSDAY = date(2026, 11, 26)
CAFE_COUNT = 12
CANCELLED_DAY = FIRST_THURSDAY + timedelta(weeks=2)

HERE = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real browser (Chromium) via Playwright")


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
        # Requests still running (a service worker's fetch of the offline page as the test
        # ends) hold a database connection: let them return it before the pool is disposed,
        # or PostgreSQL's connection is garbage-collected open later (a ResourceWarning).
        deadline = time.monotonic() + 5
        for thread in threading.enumerate():
            if "process_request_thread" in thread.name:
                thread.join(timeout=max(0.0, deadline - time.monotonic()))
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def live_app(app, app_factory):
    """The app the live server serves. `app` comes first so that it is the app app_factory
    empties the tables with and disposes of; the served app's own engine is disposed of by
    the server."""
    return app_factory(QUICK_EXIT_URL=EXIT_URL, SERVER_NAME=None)


@pytest.fixture
def live_server(live_app):
    """The base URL (no trailing slash) of the app served on 127.0.0.1 in a thread."""
    server = LiveServer(live_app)
    server.start()
    yield server.url
    server.stop()


@pytest.fixture
def group_with_cafes(make_group, make_venue, make_cafe):
    """A group with a venue and twelve Thursday cafés after FIXED_NOW, one cancelled."""
    group = make_group(
        slug=GROUP_SLUG, name="Bydelsmødre Skanderborg", municipality="Skanderborg Kommune"
    )
    venue = make_venue(group, name="Kulturhuset", address="Adelgade 38, 8660 Skanderborg")
    cafes = []
    for week in range(CAFE_COUNT):
        day = FIRST_THURSDAY + timedelta(weeks=week)
        status = "cancelled" if day == CANCELLED_DAY else "planned"
        cafes.append(make_cafe(group, day=day, venue=venue, status=status))
    return group, cafes


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(apt-get install chromium); Playwright's own download is not used.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def make_page(browser):
    """make_page(java_script_enabled=True) -> a fresh phone-sized page in its own context."""
    contexts = []

    def make(java_script_enabled=True):
        context = browser.new_context(
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            java_script_enabled=java_script_enabled,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    return make_page()


def eventually(check, page=None, timeout=10.0):
    """Poll check() until it returns a truthy value, and return that (falsy after timeout).

    Playwright's wait_for_function does not wait for an async predicate (the Promise it
    returns is truthy at once), hence this. With `page`, the pause is Playwright's own, so
    that its event handlers (page.on / context.on) run meanwhile."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        if page is not None:
            page.wait_for_timeout(50)
        else:
            time.sleep(0.05)


def wait_until(page, script, arg=None, timeout=10.0):
    """Wait until an (async) page script answers truthy; fail with the script otherwise."""
    value = eventually(lambda: page.evaluate(script, arg), page=page, timeout=timeout)
    assert value, f"still falsy after {timeout} s: {script}"
    return value
