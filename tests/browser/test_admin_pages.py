"""The administrators' group form (with errors) and the audit log on a phone, in Danish and
Arabic: no sideways scrolling, errors next to their fields. Screenshots go to
tests/browser/screenshots/ when SCREENSHOTS is set."""

import os
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest

from tests.conftest import FIXED_NOW, PASSWORD
from webapp.accounts.models import Role
from webapp.audit import record
from webapp.extensions import db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SHOTS = Path(os.environ.get("SCREENSHOTS", "")) if os.environ.get("SCREENSHOTS") else None

LAYOUT = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  small: [...document.querySelectorAll('main a, main button, main input, main select')]
    .filter(e => e.offsetParent && !['hidden', 'checkbox', 'radio'].includes(e.type) && e.getBoundingClientRect().height < 44)
    .map(e => e.outerHTML.slice(0, 80)),
})"""


@pytest.fixture
def signed_in_admin(live_server, page, make_user, make_group):
    group = make_group("gellerup", name="Bydelsmødre Gellerup")
    user = make_user(Role.ADMINISTRATOR, [], username="admin", display_name="Hanne")
    user.totp_secret = SECRET
    volunteer = make_user(Role.VOLUNTEER, [group], display_name="Fatima")
    for number in range(60):
        record(
            user=volunteer if number % 2 else user,
            group_id=group.id,
            action=("request.view", "walk_in.log", "group.update")[number % 3],
            subject=f"request:{number}" if number % 3 == 0 else f"log:{number}",
            now=FIXED_NOW - timedelta(minutes=number * 7),
        )
    db.session.commit()

    def sign_in(lang):
        page.goto(f"{live_server}/{lang}/login")
        page.fill("#username", "admin")
        page.fill("#password", PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()
        if "/login/code" in page.url:
            page.fill("input[name=code]", pyotp.TOTP(SECRET).at(FIXED_NOW))
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
        assert "/login" not in page.url, page.url

    return sign_in


def check_layout(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        page.screenshot(path=str(SHOTS / f"{name}-top.png"))
    layout = page.evaluate(LAYOUT)
    assert layout["scrollWidth"] <= layout["innerWidth"], (name, layout)
    assert layout["small"] == [], (name, layout["small"])


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_group_form_with_errors_and_the_audit_log_fit_a_phone(
    live_server, page, signed_in_admin, lang
):
    signed_in_admin(lang)
    page.goto(f"{live_server}/{lang}/admin/groups/new")
    page.fill("#slug", "Gellerup Øst")
    page.fill("#name", "Bydelsmødre Gellerup Øst")
    page.fill("#retention_days", "400")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#slug").get_attribute("aria-invalid") == "true"
    assert page.locator("#slug").input_value() == "Gellerup Øst"
    assert page.locator("#retention_days-error").is_visible()
    check_layout(page, f"admin-group-errors-{lang}")

    page.goto(f"{live_server}/{lang}/admin/audit")
    assert page.locator(".audit-list li").count() == 50
    check_layout(page, f"audit-log-{lang}")
    page.locator("a[rel=next]").click()
    page.wait_for_load_state()
    assert page.locator(".audit-list li").count() == 10
