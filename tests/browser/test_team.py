"""A volunteer taps "I'll be there" on her phone: the café's row changes in place (htmx)."""

from playwright.sync_api import expect

from tests.browser.conftest import GROUP_SLUG
from tests.browser.test_helpdesk import sign_in
from tests.browser.test_public_pages import collect_errors
from tests.conftest import translated


def test_the_row_updates_in_place(live_server, live_app, group_with_cafes, make_user, page):
    group, cafes = group_with_cafes
    make_user(groups=[group], username="amina", display_name="Amina")
    sign_in(page, live_server, "da", "amina")
    errors = collect_errors(page)
    page.goto(f"{live_server}/da/desk/{GROUP_SLUG}/cafes")
    page.wait_for_load_state("load")
    page.evaluate("window.__samePage = true")  # gone if the whole page reloads
    row = page.locator(f"#cafe-{cafes[0].id}")
    with live_app.app_context():
        nobody = translated("da", "%(num)d Bydelsmor", num=0)
        one = translated("da", "%(num)d Bydelsmor", num=1)
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
