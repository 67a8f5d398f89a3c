"""Responsible mothers, the year plan and the poster over HTTP: access, htmx rows, 422s."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import translated
from webapp.accounts.models import Role
from webapp.audit import AuditEntry
from webapp.extensions import db
from webapp.schedule.models import CafeStatus, Group, cafe_volunteers

HTMX_ROW = {"HX-Request": "true"}


def rota_rows(cafe_id):
    query = select(func.count()).select_from(cafe_volunteers)
    return db.session.scalar(query.where(cafe_volunteers.c.cafe_id == cafe_id))


@pytest.fixture
def team(make_group, make_cafe, make_user):
    group = make_group("skanderborg", name="Bydelsmødre Skanderborg")
    other = make_group("ballerup")
    return {
        "group": group,
        "cafe": make_cafe(group, day=date(2026, 11, 26)),
        "other_cafe": make_cafe(other, day=date(2026, 11, 27)),
        "amina": make_user(Role.VOLUNTEER, [group], username="amina", display_name="Amina"),
        "hodan": make_user(Role.VOLUNTEER, [group], username="hodan", display_name="Hodan"),
        "outsider": make_user(Role.VOLUNTEER, [other], username="outsider", display_name="Ola"),
        "coordinator": make_user(Role.COORDINATOR, [group], username="sara", display_name="Sara"),
    }


def test_a_volunteer_signs_up_with_a_plain_form(client, auth, team):
    cafe = team["cafe"]
    auth.login("amina")
    page = client.get("/da/desk/skanderborg/cafes").get_data(as_text=True)
    assert f'id="cafe-{cafe.id}"' in page
    assert translated("da", "Needs people") in page
    url = f"/da/desk/skanderborg/cafes/{cafe.id}/sign-up"
    response = client.post(url, data={"going": "1"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/da/desk/skanderborg/cafes#cafe-{cafe.id}")
    assert rota_rows(cafe.id) == 1
    page = client.get("/da/desk/skanderborg/cafes").get_data(as_text=True)
    assert translated("da", "I can't come after all") in page and "Amina" in page
    assert client.post(url, data={"going": "1"}).status_code == 303  # a double submit
    assert rota_rows(cafe.id) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1
    client.post(url, data={"going": "0"})
    assert rota_rows(cafe.id) == 0


def test_the_htmx_answer_is_just_the_row(client, auth, team, make_cafe):
    cafe = team["cafe"]
    later = make_cafe(team["group"], day=date(2026, 12, 3))
    auth.login("amina")
    url = f"/da/desk/skanderborg/cafes/{cafe.id}/sign-up"
    response = client.post(
        url, data={"going": "1"}, headers=HTMX_ROW | {"HX-Target": f"cafe-{cafe.id}"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True).strip()
    assert html.startswith(f'<li id="cafe-{cafe.id}"') and html.endswith("</li>")
    assert html.count("<li") == 1 and f"cafe-{later.id}" not in html
    assert "<html" not in html and "Amina" in html
    assert "HX-Target" in response.headers["Vary"]
    assert translated("da", "I can't come after all") in html


def test_signing_up_for_a_cancelled_cafe_is_refused(client, auth, team, make_cafe):
    cancelled = make_cafe(team["group"], day=date(2026, 12, 3), status=CafeStatus.CANCELLED)
    auth.login("amina")
    url = f"/da/desk/skanderborg/cafes/{cancelled.id}/sign-up"
    response = client.post(url, data={"going": "1"})
    assert response.status_code == 422
    assert translated("da", "This café is cancelled.") in response.get_data(as_text=True)
    fragment = client.post(
        url, data={"going": "1"}, headers=HTMX_ROW | {"HX-Target": f"cafe-{cancelled.id}"}
    )
    assert fragment.status_code == 422 and "<html" not in fragment.get_data(as_text=True)
    assert rota_rows(cancelled.id) == 0


def test_a_past_cafe_and_a_missing_answer_are_refused(client, auth, team, make_cafe):
    past = make_cafe(team["group"], day=date(2026, 11, 19))
    auth.login("amina")
    response = client.post(f"/da/desk/skanderborg/cafes/{past.id}/sign-up", data={"going": "1"})
    assert response.status_code == 422
    assert translated("da", "This café is over.") in response.get_data(as_text=True)
    response = client.post(f"/da/desk/skanderborg/cafes/{team['cafe'].id}/sign-up", data={})
    assert response.status_code == 422


def test_the_coordinator_sees_who_is_missing_and_assigns(client, auth, team):
    cafe = team["cafe"]
    auth.login("sara")
    page = client.get("/da/desk/skanderborg/plan/team").get_data(as_text=True)
    assert translated("da", "Needs people") in page
    assert f'<option value="{team["hodan"].id}">Hodan</option>' in page
    assert "Ola" not in page  # not a member of this group
    url = f"/da/desk/skanderborg/plan/team/{cafe.id}"
    for _ in range(2):  # a double submit
        response = client.post(url, data={"user_id": team["hodan"].id, "action": "add"})
        assert response.status_code == 303
    assert rota_rows(cafe.id) == 1
    response = client.post(url, data={"user_id": team["hodan"].id, "action": "remove"})
    assert response.status_code == 303 and rota_rows(cafe.id) == 0
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))
    assert list(actions) == ["rota.assign", "rota.unassign"]


def test_assigning_someone_from_another_group_is_422_and_unknown_is_404(client, auth, team):
    cafe = team["cafe"]
    auth.login("sara")
    url = f"/da/desk/skanderborg/plan/team/{cafe.id}"
    response = client.post(url, data={"user_id": team["outsider"].id, "action": "add"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert translated("da", "Only active Bydelsmødre of this group can be responsible.") in html
    assert response.status_code == 422 and rota_rows(cafe.id) == 0
    response = client.post(url, data={"user_id": 999999, "action": "add"})
    assert response.status_code == 404
    response = client.post(url, data={"user_id": "x", "action": "add"})
    assert response.status_code == 422


def test_the_input_is_kept_on_a_422(client, auth, team):
    auth.login("sara")
    url = f"/da/desk/skanderborg/plan/team/{team['cafe'].id}"
    response = client.post(url, data={"user_id": team["hodan"].id, "action": "sideways"})
    assert response.status_code == 422
    kept = f'<option value="{team["hodan"].id}" selected>Hodan</option>'
    assert kept in response.get_data(as_text=True)
    response = client.post("/da/desk/skanderborg/plan/goal", data={"goal": "600", "year": "2026"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="600"' in html
    assert translated("da", "Write the goal as a number from 1 to 500, or leave it empty.") in html


def test_the_goal_is_saved_and_shown(client, auth, team):
    auth.login("sara")
    response = client.post("/da/desk/skanderborg/plan/goal", data={"goal": "15", "year": "2027"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/da/desk/skanderborg/plan/year?year=2027#goal")
    assert db.session.get(Group, team["group"].id).attendance_goal == 15
    html = client.get("/en/desk/skanderborg/plan/year?year=2026").get_data(as_text=True)
    assert "Goal: 15 women per café." in html
    assert client.post("/da/desk/skanderborg/plan/goal", data={"goal": ""}).status_code == 303
    assert db.session.get(Group, team["group"].id).attendance_goal is None


def test_the_year_plan_page(client, auth, team):
    auth.login("sara")
    html = client.get("/en/desk/skanderborg/plan/year").get_data(as_text=True)
    assert "Year plan <bdi>2026</bdi>" in html  # the current year in Copenhagen
    assert "year=2025" in html and "year=2027" in html
    assert "2 more needed" in html  # knowledge: none of 2-4
    assert "<svg" in html
    html = client.get("/en/desk/skanderborg/plan/year?year=nonsense").get_data(as_text=True)
    assert "Year plan <bdi>2026</bdi>" in html


def test_the_poster_page(client, auth, team):
    auth.login("sara")
    response = client.get("/da/desk/skanderborg/poster?languages=ar&languages=so&languages=da")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('class="poster-language"') == 3
    assert 'lang="ar" dir="rtl"' in html and 'lang="so" dir="ltr"' in html
    assert translated("ar", "Welcome to the Bydelsmødre café") in html
    assert translated("so", "Welcome to the Bydelsmødre café") in html
    assert "http://localhost/ar/skanderborg/" in html and 'class="qr"' in html
    assert " style=" not in html and "<style" not in html
    default = client.get("/en/desk/skanderborg/poster").get_data(as_text=True)
    assert default.count('class="poster-language"') == 1 and 'lang="en" dir="ltr"' in default


def test_more_than_three_poster_languages_is_422(client, auth, team):
    auth.login("sara")
    query = "languages=ar&languages=so&languages=da&languages=tr"
    response = client.get(f"/da/desk/skanderborg/poster?{query}")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert translated("da", "Choose at most three languages.") in html
    assert html.count(" checked") == 4  # what she ticked is kept
    assert 'class="poster"' not in html


COORDINATOR_URLS = [
    ("get", "/da/desk/skanderborg/plan/team", None),
    ("post", "/da/desk/skanderborg/plan/team/{cafe}", {"user_id": "1", "action": "add"}),
    ("get", "/da/desk/skanderborg/plan/year", None),
    ("post", "/da/desk/skanderborg/plan/goal", {"goal": "10"}),
    ("get", "/da/desk/skanderborg/poster", None),
]


@pytest.mark.parametrize(("method", "url", "form"), COORDINATOR_URLS)
def test_a_volunteer_cannot_reach_planning(client, auth, team, method, url, form):
    auth.login("amina")
    url = url.format(cafe=team["cafe"].id)
    assert getattr(client, method)(url, data=form).status_code == 403


def test_another_groups_cafe_ids_are_404_everywhere(client, auth, team, make_user):
    other_cafe = team["other_cafe"].id
    auth.login("sara")
    url = f"/da/desk/skanderborg/plan/team/{other_cafe}"
    data = {"user_id": team["hodan"].id, "action": "add"}
    assert client.post(url, data=data).status_code == 404
    assert client.post(f"/da/desk/ballerup/plan/team/{other_cafe}", data=data).status_code == 404
    for path in ("plan/team", "plan/year", "poster"):
        assert client.get(f"/da/desk/ballerup/{path}").status_code == 404
    assert client.post("/da/desk/ballerup/plan/goal", data={"goal": "3"}).status_code == 404
    auth.logout()
    auth.login("amina")
    url = f"/da/desk/skanderborg/cafes/{other_cafe}/sign-up"
    assert client.post(url, data={"going": "1"}).status_code == 404
    assert client.get("/da/desk/ballerup/cafes").status_code == 404
    assert (
        client.post(
            f"/da/desk/ballerup/cafes/{other_cafe}/sign-up", data={"going": "1"}
        ).status_code
        == 404
    )
    assert rota_rows(other_cafe) == 0


def test_desk_links(client, auth, team):
    auth.login("amina")
    html = client.get("/da/desk/").get_data(as_text=True)
    assert "/da/desk/skanderborg/cafes" in html and "/plan/team" not in html
    auth.logout()
    auth.login("sara")
    html = client.get("/da/desk/").get_data(as_text=True)
    for path in ("cafes", "plan/team", "plan/year", "poster"):
        assert f"/da/desk/skanderborg/{path}" in html
