"""The audit log for administrators: filters and pages on a fixed set, and what a row shows."""

from datetime import timedelta

import pytest
from sqlalchemy import delete

from tests.conftest import COPENHAGEN, FIXED_NOW, translated
from webapp.accounts.models import Role, User
from webapp.admin.audit_log import ACTION_LABELS, PAGE_SIZE, audit_page
from webapp.admin.forms import audit_filters
from webapp.audit import record
from webapp.extensions import db
from webapp.helpdesk.queue import file_request


@pytest.fixture
def log(make_group, make_user):
    """120 entries a minute apart: every third in the second group, every fourth a claim."""
    first, second = make_group("first", name="Første gruppe"), make_group("second")
    volunteer = make_user(Role.VOLUNTEER, [first, second], display_name="Fatima")
    for number in range(120):
        record(
            user=volunteer,
            group_id=(second if number % 3 == 0 else first).id,
            action="request.claim" if number % 4 == 0 else "request.view",
            subject=f"request:{number}",
            now=FIXED_NOW - timedelta(minutes=120 - number),
        )
    db.session.commit()
    return {"first": first, "second": second, "volunteer": volunteer}


def numbers(page) -> list[int]:
    return [int(row.entry.subject.split(":")[1]) for row in page.rows]


def test_pages_are_newest_first_fifty_at_a_time(log):
    first, second, third = (audit_page({}, page) for page in (1, 2, 3))
    assert numbers(first) == list(range(119, 69, -1))
    assert numbers(second) == list(range(69, 19, -1))
    assert numbers(third) == list(range(19, -1, -1))
    assert [(p.has_newer, p.has_older) for p in (first, second, third)] == [
        (False, True),
        (True, True),
        (True, False),
    ]
    assert audit_page({}, 4).rows == [] and PAGE_SIZE == 50


def test_filters_by_group_and_by_action(log):
    second = audit_page({"group_id": log["second"].id})
    assert numbers(second) == [n for n in range(119, -1, -1) if n % 3 == 0]  # 40: one page
    assert not second.has_older and {row.group_name for row in second.rows} == {
        "Bydelsmødre Test 2"
    }
    claims = audit_page({"action": "request.claim", "group_id": log["first"].id})
    assert numbers(claims) == [n for n in range(119, -1, -1) if n % 4 == 0 and n % 3]
    assert {row.user_name for row in claims.rows} == {"Fatima"}


def test_an_entry_of_a_deleted_account_has_no_name(log):
    db.session.execute(delete(User).where(User.id == log["volunteer"].id))
    db.session.commit()
    db.session.expire_all()
    assert {row.user_name for row in audit_page({}).rows} == {None}


def test_odd_query_strings_mean_all_and_page_one(app):
    assert audit_filters({"group": "7", "action": "cafe.create", "page": "3"}, {7}) == (
        {"group_id": 7, "action": "cafe.create"},
        3,
    )
    for args in ({"group": "8", "page": "0"}, {"group": "x", "page": "-1", "action": ""}, {}):
        assert audit_filters(args, {7}) == ({"group_id": None, "action": None}, 1)


def test_the_page_shows_labels_times_and_names_and_pages_with_the_filter(
    client, auth, log, make_user
):
    make_user(Role.ADMINISTRATOR, [], username="admin")
    auth.login("admin")
    group = log["first"].id
    html = client.get(f"/da/admin/audit?group={group}&action=request.claim").get_data(as_text=True)
    entries = html.split('class="audit-list"')[1].split("</ol>")[0]
    assert entries.count("<li>") == 20  # 30 claims less the 10 in the second group
    assert translated("da", str(ACTION_LABELS["request.claim"]._args[0])) in html
    assert "Fatima" in html and "<code>request:116</code>" in html
    # 60 minutes before noon UTC on 22 November is 12.04 in Copenhagen (winter time: UTC+1).
    assert "22. nov. 2026 12.04" in html  # request:116 was at 11:04 UTC
    assert f'<option value="{group}" selected>' in html

    html = client.get("/da/admin/audit?action=request.view").get_data(as_text=True)
    assert 'rel="next" href="/da/admin/audit?page=2&amp;action=request.view"' in html
    html = client.get("/da/admin/audit?page=2&action=request.view").get_data(as_text=True)
    assert 'rel="prev" href="/da/admin/audit?action=request.view"' in html
    assert 'rel="next"' not in html  # 90 views: two pages
    first = client.get("/da/admin/audit").get_data(as_text=True)
    assert 'href="/da/admin/audit?page=2"' in first and 'rel="prev"' not in first


def test_an_unknown_action_code_shows_as_itself(client, auth, log, make_user):
    record(user=None, group_id=None, action="future.thing", subject="thing:1", now=FIXED_NOW)
    db.session.commit()
    make_user(Role.ADMINISTRATOR, [], username="admin")
    auth.login("admin", lang="ar")
    html = client.get("/ar/admin/audit?action=future.thing").get_data(as_text=True)
    assert (
        "<strong>future.thing</strong>" in html and '<option value="future.thing" selected>' in html
    )
    assert translated("ar", "deleted user") in html


def test_the_page_never_shows_what_a_woman_wrote(client, auth, make_group, make_user):
    group = make_group("private")
    help_request = file_request(
        group,
        {
            "kind": "eboks",
            "languages": ["ar"],
            "first_name": "Zainab",
            "contact": "call_back",
            "phone": "+45 71 23 45 67",
            "woman_only": True,
            "note": "Brev fra kommunen om boligstøtte",
            "form_key": "audit-test-form-key-1",
        },
        FIXED_NOW,
        COPENHAGEN,
    )
    volunteer = make_user(Role.VOLUNTEER, [group], username="vol")
    db.session.commit()
    auth.login("vol")
    assert client.get(f"/da/desk/private/requests/{help_request.id}").status_code == 200
    auth.logout()
    make_user(Role.ADMINISTRATOR, [], username="admin")
    auth.login("admin")
    html = client.get("/da/admin/audit").get_data(as_text=True)
    assert f"<code>request:{help_request.id}</code>" in html and volunteer.display_name in html
    for private in ("Zainab", "71 23 45 67", "boligstøtte", help_request.token):
        assert private not in html


def test_every_action_the_app_records_has_a_translated_label():
    """A code like "rota.withdraw" written anywhere in the app must have a label, or the log
    shows administrators the bare code."""
    import ast
    import re
    from pathlib import Path

    import webapp

    prefixes = {code.split(".")[0] + "." for code in ACTION_LABELS}
    found = set()
    for path in Path(webapp.__file__).parent.rglob("*.py"):
        if path.parts[-2:] == ("admin", "audit_log.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith(tuple(prefixes))
                and re.fullmatch(r"[a-z_]+\.[a-z_]+", node.value)
                and node.value != "series.id"  # a foreign key's target, not an action
            ):
                found.add(node.value)
    assert "rota.withdraw" in found
    assert found - ACTION_LABELS.keys() == set()
