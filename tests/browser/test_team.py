"""A volunteer taps "I'll be there" on her phone: the café's row changes in place (htmx)."""

import re

from flask_babel import force_locale, ngettext
from playwright.sync_api import expect

from tests.browser.conftest import GROUP_SLUG
from tests.browser.test_helpdesk import sign_in
from tests.browser.test_public_pages import collect_errors
from tests.conftest import PASSWORD, current_code, translated
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.schedule.models import Offer


def test_the_row_updates_in_place(live_server, live_app, group_with_cafes, make_user, page):
    group, cafes = group_with_cafes
    make_user(groups=[group], username="amina", display_name="Amina")
    sign_in(page, live_server, "da", "amina")
    errors = collect_errors(page)
    page.goto(f"{live_server}/da/desk/{GROUP_SLUG}/cafes")
    page.wait_for_load_state("load")
    page.evaluate("window.__samePage = true")  # gone if the whole page reloads
    row = page.locator(f"#cafe-{cafes[0].id}")
    with live_app.app_context(), force_locale("da_DK"):
        nobody = ngettext("%(num)d responsible", "%(num)d responsible", 0)
        one = ngettext("%(num)d responsible", "%(num)d responsible", 1)
        going = translated("da", "I'll be there")
        not_going = translated("da", "I can't come after all")
    expect(row.locator(".rota-count")).to_have_text(nobody)
    row.get_by_role("button", name=going).tap()
    expect(row.locator(".rota-count")).to_have_text(one)
    expect(row).to_contain_text("Amina")
    expect(row.get_by_role("button", name=not_going)).to_be_visible()
    assert page.evaluate("window.__samePage") is True
    assert page.url.endswith(f"/da/desk/{GROUP_SLUG}/cafes")
    # The other rows were left alone, and the page still fits a phone.
    expect(page.locator(f"#cafe-{cafes[1].id} .rota-count")).to_have_text(nobody)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    row.get_by_role("button", name=not_going).tap()
    expect(row.locator(".rota-count")).to_have_text(nobody)
    assert errors == []


def test_the_poster_prints_on_one_a4_page(
    live_server, live_app, group_with_cafes, make_user, make_page, make_venue
):
    """Three languages (one right-to-left), four cafés at two places, every offer."""
    group, cafes = group_with_cafes
    cafes[1].venue_id = make_venue(group, name="Biblioteket", address="Grønnegade 1").id
    cafes[0].offers = [offer.value for offer in Offer]
    db.session.commit()
    make_user(Role.COORDINATOR, [group], username="sara", display_name="Sara")
    page = make_page()
    errors = collect_errors(page)
    page.goto(f"{live_server}/da/login")
    page.fill("#username", "sara")
    page.fill("#password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/login/code")
    page.fill("input[name=code]", current_code(live_app, "sara"))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server}/da/desk/")
    page.goto(f"{live_server}/da/desk/{GROUP_SLUG}/poster?languages=ar&languages=ti&languages=da")
    expect(page.locator(".poster-language")).to_have_count(3)
    expect(page.locator('.poster-language[lang="ar"][dir="rtl"]')).to_have_count(1)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert re.search(rb"/Count 1\b", pdf), "the poster must fit on one A4 page"
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".poster-form", "#print-poster"):
        expect(page.locator(hidden)).to_be_hidden()
    assert errors == []
