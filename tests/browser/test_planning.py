"""Planning in real Chromium on a phone: a coordinator plans "every Thursday 15-17" as a
series and the group's public page shows the next Thursday's café."""

import pyotp
from sqlalchemy import select

from tests.browser.conftest import GROUP_SLUG, PHONE
from tests.conftest import PASSWORD
from webapp.accounts import second_factor
from webapp.accounts.models import Role, User
from webapp.clock import now
from webapp.extensions import db

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def sign_in(page, base, live_app, username, lang="da"):
    """Password, then the code from her authenticator app if the page asks for one."""
    page.goto(f"{base}/{lang}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("load")
    if "/login/code" in page.url or "/login/setup" in page.url:
        with live_app.app_context():
            secret = db.session.scalar(select(User.totp_secret).where(User.username == username))
            # The app's clock is pinned in tests: the code for the app's time.
            code = pyotp.TOTP(secret).generate_otp(second_factor.step_at(now()))
        page.fill("input[name=code]", code)
        page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/{lang}/desk/")


def fits(page) -> bool:
    return page.evaluate(NO_SIDEWAYS_SCROLL)


def test_a_coordinator_plans_a_weekly_series_on_her_phone_and_the_group_page_shows_it(
    live_server, live_app, make_group, make_venue, make_user, page
):
    group = make_group(slug=GROUP_SLUG, name="Bydelsmødre Skanderborg", languages=["ar"])
    make_venue(group, name="Kulturhuset", address="Adelgade 38, 8660 Skanderborg")
    make_user(Role.COORDINATOR, [group], username="sara", totp_secret=pyotp.random_base32())
    assert page.viewport_size == PHONE

    sign_in(page, live_server, live_app, "sara")
    page.locator(f'a[href="/da/desk/{GROUP_SLUG}/plan/"]').click()
    page.wait_for_url(f"{live_server}/da/desk/{GROUP_SLUG}/plan/")
    page.locator(f'a[href="/da/desk/{GROUP_SLUG}/plan/series/new"]').click()
    page.wait_for_load_state("load")
    assert fits(page)

    page.check("input[name=pattern][value=weekly]")
    page.select_option("#weekday", "3")  # Thursday
    page.fill("#start", "15:00")
    page.fill("#end", "17:00")
    page.check("input[name=kind][value=conversation]")
    page.check("input[name=offers][value=eboks]")
    page.fill("#topic_da", "Kaffe og hjælp med e-Boks")
    page.locator("form#series-form button[type=submit]").click()
    page.wait_for_url(f"{live_server}/da/desk/{GROUP_SLUG}/plan/?saved=1")
    plan = page.locator("main").inner_text()
    assert "torsdag" in plan and "15.00–17.00" in plan
    assert fits(page)
    page.set_viewport_size({"width": 320, "height": 700})
    assert fits(page)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server}/da/{GROUP_SLUG}/")
    card = page.locator("article.cafe-card").first
    text = card.inner_text()
    assert "torsdag den 26. november" in text
    assert "15.00" in text and "17.00" in text
    assert "Kaffe og hjælp med e-Boks" in text
