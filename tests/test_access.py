"""Who may see what. Every URL rule of the app must be named in AUDIENCE: a new endpoint
fails this test until someone decides its audience."""

from datetime import date

import pytest
from flask import current_app

from tests.conftest import FIXED_NOW
from webapp.accounts import invitations
from webapp.accounts.models import Role
from webapp.extensions import db

# PUBLIC_API: JSON calls from the phone without an account; a call with no body is refused
# as malformed (400), never sent to a login page.
PUBLIC_API = "public api"
PUBLIC, VOLUNTEER, COORDINATOR, ADMINISTRATOR = (
    "public",
    "volunteer",
    "coordinator",
    "administrator",
)

AUDIENCE = {
    "static": PUBLIC,
    "pwa.healthz": PUBLIC,
    "pwa.manifest": PUBLIC,
    "pwa.asset": PUBLIC,
    "pwa.service_worker": PUBLIC,
    "pwa.precache": PUBLIC,
    "pwa.offline": PUBLIC,
    "schedule.root": PUBLIC,
    "schedule.choose_group": PUBLIC,
    "schedule.group_page": PUBLIC,
    "schedule.cafe_page": PUBLIC,
    "schedule.cafe_ics": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": VOLUNTEER,
    "accounts.desk": VOLUNTEER,
    "accounts.team": COORDINATOR,
    "helpdesk.ask": PUBLIC,
    "helpdesk.ticket": PUBLIC,  # private by its unguessable address
    "helpdesk.withdraw": PUBLIC,
    "helpdesk.desk_queue": VOLUNTEER,
    "helpdesk.desk_request": VOLUNTEER,
    "helpdesk.desk_move": VOLUNTEER,
    "helpdesk.desk_resolve": VOLUNTEER,
    "helpdesk.walk_in": VOLUNTEER,
    "helpdesk.walk_in_sync": VOLUNTEER,
    "helpdesk.attendance": VOLUNTEER,
    "notifications.subscribe": PUBLIC_API,
    "notifications.unsubscribe": PUBLIC_API,
    "notifications.subscribed_groups": PUBLIC_API,
    "notifications.send_test": PUBLIC_API,
    "notifications.announce": COORDINATOR,
    "notifications.announce_preview": COORDINATOR,
    "notifications.announcement": COORDINATOR,
    "notifications.reminder_settings": COORDINATOR,
    # planning: cafés and series
    "planning.cafes": COORDINATOR,
    "planning.new_cafe": COORDINATOR,
    "planning.edit_cafe": COORDINATOR,
    "planning.cancel_cafe": COORDINATOR,
    "planning.preview": COORDINATOR,
    "planning.new_series": COORDINATOR,
    "planning.edit_series": COORDINATOR,
    # planning: responsible mothers, year plan, poster
    "planning.my_cafes": VOLUNTEER,
    "planning.sign_up": VOLUNTEER,
    "planning.rota": COORDINATOR,
    "planning.assign": COORDINATOR,
    "planning.year_plan": COORDINATOR,
    "planning.attendance_goal": COORDINATOR,
    "planning.poster": COORDINATOR,
    # accounts: invitations, second factor, people
    "accounts.second_factor": PUBLIC,  # without a pending sign-in: to the sign-in page
    "accounts.setup_second_factor": PUBLIC,
    "accounts.welcome": PUBLIC,  # private by its signed, single-use address
    "accounts.invite": COORDINATOR,
    "accounts.invitation": COORDINATOR,
    "accounts.revoke_invitation": COORDINATOR,
    "accounts.deactivate": COORDINATOR,
    "accounts.reactivate": COORDINATOR,
    "accounts.appoint": ADMINISTRATOR,
    # admin: all groups, groups and venues, the audit log
    "admin.overview": ADMINISTRATOR,
    "admin.new_group": ADMINISTRATOR,
    "admin.edit_group": ADMINISTRATOR,
    "admin.new_venue": ADMINISTRATOR,
    "admin.edit_venue": ADMINISTRATOR,
    "admin.audit_log": ADMINISTRATOR,
    # reports
    "reports.group_report": COORDINATOR,
    "reports.group_csv": COORDINATOR,
    "reports.national_report": ADMINISTRATOR,
    "reports.national_csv": ADMINISTRATOR,
}
RANK = {PUBLIC_API: -1, PUBLIC: -1, VOLUNTEER: 0, COORDINATOR: 1, ADMINISTRATOR: 2}
ROLE_OF = {
    VOLUNTEER: Role.VOLUNTEER,
    COORDINATOR: Role.COORDINATOR,
    ADMINISTRATOR: Role.ADMINISTRATOR,
}


def test_every_endpoint_has_a_declared_audience(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - AUDIENCE.keys() == set(), "decide who may see these endpoints"
    assert AUDIENCE.keys() - endpoints == set(), "remove endpoints that no longer exist"


@pytest.fixture
def world(make_group, make_cafe, make_user):
    mine = make_group("skanderborg")
    other = make_group("ballerup")
    cafe = make_cafe(mine, day=date(2026, 11, 26))
    make_cafe(other, day=date(2026, 11, 30))
    users = {
        VOLUNTEER: make_user(Role.VOLUNTEER, [mine], username="volunteer"),
        COORDINATOR: make_user(Role.COORDINATOR, [mine], username="coordinator"),
        ADMINISTRATOR: make_user(Role.ADMINISTRATOR, [], username="administrator"),
        "other-coordinator": make_user(Role.COORDINATOR, [other], username="other"),
    }
    from tests.conftest import COPENHAGEN
    from webapp.helpdesk.queue import file_request

    help_request = file_request(
        mine,
        {
            "kind": "eboks",
            "languages": ["ar"],
            "first_name": "Amina",
            "contact": "at_cafe",
            "phone": "",
            "woman_only": False,
            "note": "",
            "form_key": "access-test-form-key",
        },
        FIXED_NOW,
        COPENHAGEN,
    )
    from webapp.notifications.notices import create_notice

    notice = create_notice(mine, "general", FIXED_NOW, texts={"da": "Hej"})
    # planning: cafés and series
    from webapp.schedule.models import Series

    series = Series(
        group_id=mine.id, venue_id=cafe.venue_id, rule="FREQ=WEEKLY;BYDAY=TH", kind="social",
        first_day=date(2026, 12, 1), starts=cafe.starts_at.time(), ends=cafe.ends_at.time(),
    )  # fmt: skip
    db.session.add(series)
    db.session.commit()
    # accounts: invitations, second factor, people
    invited = [  # the first is revoked by the walk through every URL, the second stays open
        invitations.create(
            mine,
            role=Role.VOLUNTEER,
            display_name="",
            created_by=users[COORDINATOR],
            nonce=f"access-test-invitation-{number}",
            now=FIXED_NOW,
            days=7,
        )  # fmt: skip
        for number in (1, 2)
    ]
    db.session.commit()
    return {
        "cafe": cafe, "users": users, "request": help_request, "notice": notice, "series": series,
        "invitations": invited,
    }  # fmt: skip


def url_for_rule(rule, world) -> str:
    cafe = world["cafe"]
    values = {
        "request_id": world["request"].id,
        "notice_id": world["notice"].id,
        "token": world["request"].token,
        "action": "claim",
        "lang": "da",
        "slug": "skanderborg",
        "cafe_id": cafe.id,
        "filename": "css/app.css",
        "name": current_app.extensions["assets"].url_name("css/app.css"),
        # planning: cafés and series
        "series_id": world["series"].id,
        # planning: responsible mothers, year plan, poster
        # accounts: invitations, second factor, people
        "invitation_id": world["invitations"][0].id,
        "invitation_token": invitations.token_for(world["invitations"][1], current_app.secret_key),
        "user_id": world["users"][VOLUNTEER].id,
        "group_id": cafe.group_id,
        "venue_id": cafe.venue_id,
        # reports
    }
    return rule.build({key: values[key] for key in rule.arguments})[1]


def rules_to_check(app):
    for rule in app.url_map.iter_rules():
        method = "GET" if "GET" in rule.methods else "POST"
        yield rule, method


@pytest.mark.parametrize("who", [None, VOLUNTEER, COORDINATOR, ADMINISTRATOR])
def test_each_endpoint_answers_by_audience(app, client, auth, world, who):
    if who:
        auth.login(who)
    for rule, method in rules_to_check(app):
        if rule.endpoint == "accounts.logout":
            continue  # would end the session under test; covered in test_login
        url = url_for_rule(rule, world)
        response = client.open(url, method=method)
        response.close()  # the static file's handle
        needed = AUDIENCE[rule.endpoint]
        if needed == PUBLIC_API:
            assert response.status_code == 400, (url, response.status_code)
        elif needed == PUBLIC:
            assert response.status_code in (200, 302, 303), (url, response.status_code)
        elif who is None:
            assert response.status_code == 302, url
            assert "/da/login?next=" in response.headers["Location"]
        elif RANK[who] >= RANK[needed]:
            # Reached the view: a POST without a form may still be refused as invalid.
            assert response.status_code not in (302, 403, 404, 405), (
                who,
                url,
                response.status_code,
            )
        else:
            assert response.status_code == 403, (who, url, response.status_code)


def test_a_coordinator_gets_404_for_another_groups_team(client, auth, world):
    auth.login("other")
    assert client.get("/da/desk/ballerup/team").status_code == 200
    assert client.get("/da/desk/skanderborg/team").status_code == 404


def test_desk_shows_only_the_users_groups(client, auth, world):
    auth.login("other")
    html = client.get("/da/desk/").get_data(as_text=True)
    assert "ballerup" in html and "skanderborg" not in html
    auth.logout()
    auth.login("administrator")
    html = client.get("/da/desk/").get_data(as_text=True)
    assert "ballerup" in html and "skanderborg" in html


def test_signed_in_pages_are_not_stored_and_carry_the_csrf_header(client, auth, world):
    auth.login("coordinator")
    response = client.get("/da/desk/skanderborg/team")
    assert response.headers["Cache-Control"] == "no-store"
    assert 'hx-headers=\'{"X-CSRFToken": ' in response.get_data(as_text=True)
