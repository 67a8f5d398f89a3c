"""The service worker, offline pages, the install check and updates, in real Chromium."""

import shutil

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, GROUP_SLUG, PHONE, wait_until
from tests.browser.test_public_pages import collect_errors
from tests.conftest import translated
from webapp.pwa.assets import Assets

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls;
}"""


def wait_for_worker(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def wait_until_cached(page, path):
    wait_until(
        page,
        """async (path) => {
             for (const name of await caches.keys()) {
               const cache = await caches.open(name);
               if (await cache.match(path, {ignoreVary: true})) return true;
             }
             return false;
           }""",
        arg=path,
    )


def cached_paths(page, base):
    return [url.removeprefix(base) for url in page.evaluate(CACHED_URLS)]


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_worker_controls_the_page_without_console_errors(live_server, group_with_cafes, page, lang):
    errors = collect_errors(page)
    page.goto(f"{live_server}/{lang}/{GROUP_SLUG}/")
    wait_for_worker(page)
    _group, cafes = group_with_cafes
    for path in (
        f"/{lang}/",
        f"/{lang}/?change=1",
        f"/{lang}/{GROUP_SLUG}/cafe/{cafes[0].id}",
        f"/{lang}/offline",
        f"/{lang}/login",
    ):
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
    assert errors == []
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{live_server}/"


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_offline_reload_shows_the_saved_page_with_its_age(
    live_server, group_with_cafes, make_page, lang
):
    page = make_page()
    group_url = f"{live_server}/{lang}/{GROUP_SLUG}/"
    page.goto(group_url)
    wait_for_worker(page)
    wait_until_cached(page, group_url)
    expect(page.locator("#offline-notice")).to_be_hidden()

    page.context.set_offline(True)
    page.reload()
    expect(page.locator(".next-cafe .when")).to_be_visible()
    notice = page.locator("#offline-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(translated(lang, "You are offline."))
    updated_prefix = translated(lang, "Updated %(when)s", when="").strip()
    updated = notice.locator(".updated").inner_text()
    assert updated.startswith(updated_prefix) and len(updated) > len(updated_prefix) + 2


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_a_page_never_visited_offline_shows_the_offline_page(
    live_server, group_with_cafes, make_page, lang
):
    page = make_page()
    page.goto(f"{live_server}/{lang}/{GROUP_SLUG}/")
    wait_for_worker(page)
    wait_until_cached(page, f"{live_server}/{lang}/offline")

    page.context.set_offline(True)
    _group, cafes = group_with_cafes
    response = page.goto(f"{live_server}/{lang}/{GROUP_SLUG}/cafe/{cafes[5].id}")
    assert response is not None and response.ok
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_contain_text(translated(lang, "No internet"))
    # It lists what is saved on the phone: the group page she opened.
    expect(page.locator("#saved-pages a")).to_have_attribute("href", f"/{lang}/{GROUP_SLUG}/")


def test_private_pages_and_fragments_never_reach_the_cache(
    live_server, group_with_cafes, make_page, make_user
):
    make_user(username="amina", groups=[group_with_cafes[0]])
    page = make_page()
    page.goto(f"{live_server}/da/{GROUP_SLUG}/")
    wait_for_worker(page)
    page.locator("#upcoming a[hx-get]").click()  # an htmx fragment request
    expect(page.locator("#upcoming .cafe-row")).to_have_count(11)
    page.goto(f"{live_server}/da/login")
    page.fill("#username", "amina")
    page.fill("#password", "correct horse battery staple")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/da/desk/")
    # A public page opened only while signed in is sent no-store: not kept either.
    cafe_path = f"/da/{GROUP_SLUG}/cafe/{group_with_cafes[1][3].id}"
    page.goto(live_server + cafe_path)
    page.goto(f"{live_server}/da/desk/")
    page.wait_for_load_state("networkidle")

    paths = cached_paths(page, live_server)
    assert f"/da/{GROUP_SLUG}/" in paths  # saved while signed out
    private = [p for p in paths if "/login" in p or "/desk" in p or "more=" in p]
    assert private == []
    assert cafe_path not in paths


def test_manifest_passes_chromiums_installability_check(
    live_server, group_with_cafes, browser, tmp_path
):
    # Chromium never offers to install from an incognito context: use a real profile.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile",
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server}/da/{GROUP_SLUG}/")
        wait_for_worker(page)
        session = context.new_cdp_session(page)
        manifest = session.send("Page.getAppManifest")
        assert manifest["url"].endswith("/da/manifest.webmanifest")
        assert manifest.get("errors") == []
        assert session.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()


def test_a_new_deployment_replaces_the_old_caches(
    live_server, live_app, group_with_cafes, make_page, tmp_path
):
    page = make_page()
    group_url = f"{live_server}/ar/{GROUP_SLUG}/"
    page.goto(group_url)
    wait_for_worker(page)
    wait_until_cached(page, group_url)
    old_caches = page.evaluate("caches.keys()")
    old_css = page.locator("link[rel=stylesheet]").get_attribute("href")

    # Deploy: the stylesheet changes, so its fingerprint and the version change.
    served = live_app
    static = tmp_path / "static"
    shutil.copytree(served.static_folder, static)
    with (static / "css" / "app.css").open("a") as css:
        css.write("\n/* new deployment */\n")
    served.extensions["assets"] = Assets(static)

    page.reload()
    banner = page.locator("#update-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(translated("ar", "A new version is ready."))
    with page.expect_navigation():
        page.locator("#update-reload").click()
    wait_until(
        page,
        "(old) => caches.keys().then(names => !names.some(name => old.includes(name)))",
        arg=old_caches,
    )
    new_caches = page.evaluate("caches.keys()")
    assert set(new_caches).isdisjoint(old_caches)
    assert len(new_caches) == 2
    new_css = page.locator("link[rel=stylesheet]").get_attribute("href")
    assert new_css != old_css
    assert not any(old_css in url for url in page.evaluate(CACHED_URLS))
    # The saved page moved to the new version: still there offline.
    wait_until_cached(page, group_url)
    page.context.set_offline(True)
    page.reload()
    expect(page.locator(".next-cafe .when")).to_be_visible()
    expect(page.locator("#offline-notice")).to_be_visible()


def test_switching_language_keeps_an_offline_page_in_the_new_language(
    live_server, group_with_cafes, page
):
    page.goto(f"{live_server}/da/{GROUP_SLUG}/")
    wait_for_worker(page)
    page.locator(".language-menu summary").click()
    page.locator('.language-menu a[lang="ar"]').click()
    page.wait_for_url(f"**/ar/{GROUP_SLUG}/")
    wait_until_cached(page, f"{live_server}/ar/offline")


FAKE_INSTALL_PROMPT = """() => {
  window.promptCalls = 0;
  const event = new Event("beforeinstallprompt", { cancelable: true });
  event.prompt = () => { window.promptCalls += 1; };
  event.userChoice = Promise.resolve({ outcome: "accepted" });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}"""


def test_install_button_appears_only_when_the_browser_offers_it(
    live_server, group_with_cafes, page
):
    page.goto(f"{live_server}/da/{GROUP_SLUG}/")
    page.wait_for_load_state("load")
    expect(page.locator("#install")).to_be_hidden()
    assert page.evaluate(FAKE_INSTALL_PROMPT) is True  # the mini-infobar is held back
    button = page.locator("#install-button")
    expect(button).to_be_visible()
    expect(button).to_have_text(translated("da", "Add to home screen"))
    expect(page.locator("#install-ios")).to_be_hidden()
    button.click()
    page.wait_for_function("window.promptCalls === 1")
    expect(page.locator("#install")).to_be_hidden()


IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize("installed", [False, True])
def test_iphone_safari_gets_the_add_to_home_screen_steps(
    live_server, group_with_cafes, browser, installed
):
    context = browser.new_context(viewport=PHONE, is_mobile=True, user_agent=IPHONE_SAFARI)
    if installed:
        context.add_init_script("Object.defineProperty(navigator, 'standalone', {value: true})")
    try:
        page = context.new_page()
        page.goto(f"{live_server}/ar/{GROUP_SLUG}/")
        page.wait_for_load_state("load")
        steps = page.locator("#install-ios")
        if installed:
            expect(steps).to_be_hidden()
        else:
            expect(steps).to_be_visible()
            expect(steps.locator("li")).to_have_count(3)
            expect(steps).to_contain_text(translated("ar", "Choose “Add to Home Screen”."))
            expect(page.locator("#install-button")).to_be_hidden()
    finally:
        context.close()
