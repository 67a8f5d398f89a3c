"""axe-core on the signed-in pages of planning, people, administration and the figures, in
Danish and Arabic, on the demo data (so the tables, charts and forms are filled)."""

import pyotp
import pytest
from sqlalchemy import select

from tests.browser.test_accessibility import violations
from tests.conftest import FIXED_NOW, PASSWORD
from webapp.accounts.service import find_user, set_password
from webapp.demo import load_demo
from webapp.extensions import db
from webapp.schedule.models import Cafe, Group

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PAGES = (
    "desk/",
    "desk/skanderborg/plan/",
    "desk/skanderborg/plan/cafes/new",
    "desk/skanderborg/plan/cafes/{cafe_id}",
    "desk/skanderborg/plan/series/new",
    "desk/skanderborg/plan/team",
    "desk/skanderborg/plan/year",
    "desk/skanderborg/poster?languages=da&languages=ar",
    "desk/skanderborg/report?start=2025-01-01&end=2025-12-31",
    "desk/skanderborg/cafes",
    "desk/skanderborg/team",
    "desk/skanderborg/team/invite",
    "admin/",
    "admin/groups/new",
    "admin/audit",
    "admin/report?start=2025-01-01&end=2025-12-31",
)


@pytest.fixture
def demo_admin(app):
    load_demo(app.config, now=FIXED_NOW)
    admin = find_user("admin")
    set_password(admin, PASSWORD)
    admin.totp_secret = SECRET
    group = db.session.scalar(select(Group).where(Group.slug == "skanderborg"))
    cafe_id = db.session.scalar(select(Cafe.id).where(Cafe.group_id == group.id).limit(1))
    db.session.commit()
    return cafe_id


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_signed_in_pages_have_no_axe_violations(live_server, demo_admin, make_page, lang):
    page = make_page()
    page.goto(f"{live_server}/{lang}/login")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.fill("input[name=code]", pyotp.TOTP(SECRET).at(FIXED_NOW))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server}/*/desk/")
    problems = []
    for path in PAGES:
        url = f"{live_server}/{lang}/{path.format(cafe_id=demo_admin)}"
        response = page.goto(url)
        assert response.status == 200, (url, response.status)
        problems.extend(f"{lang}: {path}: {line}" for line in violations(page))
    assert problems == [], "accessibility violations:\n" + "\n".join(problems)
