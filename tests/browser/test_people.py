"""People in real Chromium on a phone: a coordinator signs in with the code from her app,
invites a Bydelsmor, and the Bydelsmor opens the link on her own phone and makes her
account. Set PEOPLE_SHOTS=<folder> to keep screenshots of the pages."""

import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, current_code
from webapp.accounts.models import Role

SHOTS = Path(os.environ["PEOPLE_SHOTS"]) if os.environ.get("PEOPLE_SHOTS") else None
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def check(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), name


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_invite_a_bydelsmor_and_she_makes_her_account(
    live_server, live_app, make_group, make_user, make_page, lang
):
    group = make_group("skanderborg", name="Bydelsmødre Skanderborg")
    make_user(Role.COORDINATOR, [group], username="maryam", display_name="Maryam")
    page = make_page()

    page.goto(f"{live_server}/{lang}/login")
    page.fill("#username", "maryam")
    page.fill("#password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{live_server}/{lang}/login/code")
    code_field = page.locator("input[name=code]")
    assert code_field.get_attribute("inputmode") == "numeric"
    assert code_field.get_attribute("autocomplete") == "one-time-code"
    check(page, f"{lang}-code")
    code_field.fill(current_code(live_app, "maryam"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server}/{lang}/desk/")

    page.goto(f"{live_server}/{lang}/desk/skanderborg/team")
    page.locator(f'a[href="/{lang}/desk/skanderborg/team/invite"]').click()
    check(page, f"{lang}-invite")
    page.fill("#display_name", "Hodan")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/team/invitations/*")
    link = page.locator("#invite-link").input_value()
    assert f"/{lang}/welcome/" in link
    assert page.locator(".qr img").evaluate("img => img.naturalWidth > 0")
    check(page, f"{lang}-invitation")

    phone = make_page()  # her own phone
    phone.goto(link)
    assert phone.locator("#display_name").input_value() == "Hodan"
    phone.fill("#username", "hodan")
    phone.fill("#password", "a long password")
    phone.fill("#password_again", "a long password")
    phone.locator("label.choice", has_text="Soomaali").click()
    check(phone, f"{lang}-welcome")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(f"{live_server}/{lang}/desk/")

    used = make_page()
    response = used.goto(link)
    assert response.status == 410
