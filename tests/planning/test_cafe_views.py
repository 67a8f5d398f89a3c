"""Planning pages over HTTP: access, 422 keeping what she typed, a double submit, two
coordinators saving the same café (409), other groups' ids (404), preview, series."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import AuthActions
from tests.planning.conftest import cafe_fields, series_fields
from webapp.accounts.models import Role
from webapp.extensions import db
from webapp.notifications.models import Notice, NoticeKind
from webapp.schedule.models import Cafe, CafeStatus, Series

PLAN = "/en/desk/skanderborg/plan"


def cafe_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Cafe))


def version_on(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


@pytest.fixture
def signed_in(plan_world, auth):
    auth.login("sara")
    return plan_world


def test_the_plan_lists_cafes_with_a_needs_people_marker_and_series_in_words(
    signed_in, client, make_cafe
):
    make_cafe(signed_in["group"], day=date(2026, 11, 26), venue=signed_in["venue"])
    make_cafe(signed_in["group"], day=date(2026, 11, 30), venue=signed_in["venue"], status="cancelled")  # fmt: skip
    client.post(f"{PLAN}/series/new", data=series_fields(signed_in["venue"], pattern="monthly", weekday="0", start="10:00", end="14:00"))  # fmt: skip
    html = client.get(f"{PLAN}/").get_data(as_text=True)
    assert 'First Monday of the month <bdi class="nowrap">10:00–14:00</bdi>' in html
    # 26 November and four first Mondays within 120 days; not the cancelled café
    assert html.count("Needs people: 0 of 2") == 5
    assert "Cancelled" in html
    assert html.index("Thursday 26 November") < html.index("Monday 30 November")


def test_a_new_cafe_is_saved_once_even_when_sent_twice(signed_in, client):
    form = cafe_fields(signed_in["venue"])
    first = client.post(f"{PLAN}/cafes/new", data=form)
    second = client.post(f"{PLAN}/cafes/new", data=form)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"].endswith("/plan/?saved=1")
    assert cafe_count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end": "15:00"}, "end"),
        ({"day": "2026-11-21"}, "day"),
        ({"venue": ""}, "venue"),
        ({"kind": "party"}, "kind"),
        ({"topic_ar": "ق" * 121}, "topic_ar"),
        ({"note_da": "Hej\x00"}, "note_da"),
        ({"start": "3 o'clock"}, "start"),
    ],
)
def test_a_wrong_field_answers_422_and_keeps_what_she_typed(signed_in, client, overrides, field):
    form = cafe_fields(signed_in["venue"], topic_so="Kaalay oo sheekayso", **overrides)
    response = client.post(f"{PLAN}/cafes/new", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html
    assert "Kaalay oo sheekayso" in html and "Kaffe og snak" in html
    assert cafe_count() == 0


def test_another_groups_place_is_refused(signed_in, client):
    form = cafe_fields(signed_in["venue"], venue=str(signed_in["other_venue"].id))
    assert client.post(f"{PLAN}/cafes/new", data=form).status_code == 422
    assert cafe_count() == 0


def test_moving_a_cafe_through_the_page_tells_the_women(signed_in, client, make_cafe):
    cafe = make_cafe(signed_in["group"], day=date(2026, 11, 26), venue=signed_in["venue"])
    page = client.get(f"{PLAN}/cafes/{cafe.id}").get_data(as_text=True)
    assert 'value="2026-11-26"' in page and 'value="15:00"' in page
    form = cafe_fields(signed_in["venue"], day="2026-11-27", version=version_on(page))
    assert client.post(f"{PLAN}/cafes/{cafe.id}", data=form).status_code == 303
    db.session.expire_all()
    assert cafe.status == CafeStatus.MOVED and cafe.moved_from.date() == date(2026, 11, 26)
    moved = db.session.scalar(select(Notice).where(Notice.kind == NoticeKind.MOVED))
    assert moved is not None and moved.cafe_id == cafe.id


def test_two_coordinators_saving_the_same_cafe_the_second_gets_409_and_keeps_her_text(
    signed_in, app, make_user, make_cafe
):
    make_user(Role.COORDINATOR, [signed_in["group"]], username="maryam")
    cafe = make_cafe(signed_in["group"], day=date(2026, 11, 26), venue=signed_in["venue"])
    first, second = app.test_client(), app.test_client()
    AuthActions(first).login("sara")
    AuthActions(second).login("maryam")
    version = version_on(first.get(f"{PLAN}/cafes/{cafe.id}").get_data(as_text=True))
    assert version == version_on(second.get(f"{PLAN}/cafes/{cafe.id}").get_data(as_text=True))

    saved = first.post(f"{PLAN}/cafes/{cafe.id}", data=cafe_fields(signed_in["venue"], topic_da="Saras emne", version=version))  # fmt: skip
    assert saved.status_code == 303
    refused = second.post(f"{PLAN}/cafes/{cafe.id}", data=cafe_fields(signed_in["venue"], topic_da="Maryams emne", version=version))  # fmt: skip
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Someone else changed this café" in html
    assert "Saras emne" in html  # what is saved now
    assert 'value="Maryams emne"' in html  # what she typed, kept in the form
    db.session.expire_all()
    assert db.session.get(Cafe, cafe.id).text("topic", "da") == "Saras emne"
    # Saving again, having seen both, keeps hers.
    again = second.post(f"{PLAN}/cafes/{cafe.id}", data=cafe_fields(signed_in["venue"], topic_da="Maryams emne", version=version_on(html)))  # fmt: skip
    assert again.status_code == 303
    db.session.expire_all()
    assert db.session.get(Cafe, cafe.id).text("topic", "da") == "Maryams emne"


def test_cancel_asks_first_then_cancels_and_can_be_undone(signed_in, client, make_cafe):
    cafe = make_cafe(signed_in["group"], day=date(2026, 11, 26), venue=signed_in["venue"])
    url = f"{PLAN}/cafes/{cafe.id}/cancel"
    ask = client.post(url, data={"version": str(cafe.version)})
    assert ask.status_code == 200 and 'name="confirm" value="1"' in ask.get_data(as_text=True)
    assert db.session.get(Cafe, cafe.id).status == CafeStatus.PLANNED
    done = client.post(url, data={"version": str(cafe.version), "confirm": "1"})
    assert done.status_code == 303
    db.session.expire_all()
    assert cafe.status == CafeStatus.CANCELLED
    stale = client.post(url, data={"version": "1", "confirm": "1", "undo": "1"})
    assert stale.status_code == 409
    undone = client.post(url, data={"version": str(cafe.version), "confirm": "1", "undo": "1"})
    assert undone.status_code == 303
    db.session.expire_all()
    assert cafe.status == CafeStatus.PLANNED


def test_the_preview_shows_the_public_card_in_each_language_with_text(signed_in, client):
    form = cafe_fields(signed_in["venue"], topic_ar="قهوة وحديث")
    response = client.post(
        f"{PLAN}/preview", data=form, headers={"HX-Request": "true", "HX-Target": "preview"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="preview"')
    assert '<figure class="card-preview" lang="da" dir="ltr">' in html
    assert '<figure class="card-preview" lang="ar" dir="rtl">' in html
    assert "torsdag den 26. november" in html and "قهوة وحديث" in html
    assert 'lang="so"' not in html  # no Somali text: no Somali card
    # Without JavaScript the button posts the whole form and gets the whole page.
    page = client.post(f"{PLAN}/preview", data=form).get_data(as_text=True)
    assert "<html" in page and "torsdag den 26. november" in page and 'value="قهوة وحديث"' in page


def test_a_weekly_series_shows_on_the_public_page(signed_in, client):
    response = client.post(f"{PLAN}/series/new", data=series_fields(signed_in["venue"]))
    assert response.status_code == 303
    assert "Every Thursday" in client.get(f"{PLAN}/").get_data(as_text=True)
    public = client.get("/da/skanderborg/").get_data(as_text=True)
    assert "torsdag den 26. november" in public


def test_the_plan_shows_the_first_ten_cafes_and_all_of_them_on_request(signed_in, client):
    client.post(f"{PLAN}/series/new", data=series_fields(signed_in["venue"]))
    first = client.get(f"{PLAN}/").get_data(as_text=True)
    every = client.get(f"{PLAN}/?all=1").get_data(as_text=True)
    assert first.count("Needs people: 0 of 2") == 10
    assert every.count("Needs people: 0 of 2") == 17  # the Thursdays in the 120 days ahead
    assert f"{PLAN}/?all=1" in first and "Show more cafés" in first
    assert "Show more cafés" not in every


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"pattern": "monthly", "nth": "5"}, "nth"),
        ({"last_day": "2026-11-25"}, "last_day"),
        ({"first_day": "2026-11-01"}, "first_day"),
        ({"weekday": "7"}, "weekday"),
    ],
)
def test_a_wrong_series_answers_422(signed_in, client, overrides, field):
    response = client.post(
        f"{PLAN}/series/new", data=series_fields(signed_in["venue"], **overrides)
    )
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Series)) == 0


def test_changing_and_ending_a_series_through_the_page(signed_in, client):
    client.post(f"{PLAN}/series/new", data=series_fields(signed_in["venue"]))
    series = db.session.scalar(select(Series))
    url = f"{PLAN}/series/{series.id}"
    page = client.get(url).get_data(as_text=True)
    form = cafe_fields(signed_in["venue"], day=None, start="16:00", end="18:00", from_day="2026-12-01", version=version_on(page))  # fmt: skip
    assert client.post(url, data=form).status_code == 303
    assert client.post(url, data=form).status_code == 409  # the same old version again
    db.session.expire_all()
    first, second = db.session.scalars(select(Cafe).order_by(Cafe.starts_at).limit(2))
    assert (first.starts_at.hour, second.starts_at.hour) == (14, 15)  # 15 and 16 local
    end = {"action": "end", "last_day": "2026-12-10", "version": str(series.version)}
    assert client.post(url, data=end).status_code == 303
    db.session.expire_all()
    statuses = [cafe.status for cafe in db.session.scalars(select(Cafe).order_by(Cafe.starts_at))]
    assert statuses[:3] == ["planned"] * 3 and set(statuses[3:]) == {"cancelled"}


def test_another_groups_cafe_and_series_are_404(signed_in, client, make_cafe):
    other = signed_in["other"]
    cafe = make_cafe(other, day=date(2026, 11, 26), venue=signed_in["other_venue"])
    series = Series(group_id=other.id, venue_id=signed_in["other_venue"].id, rule="FREQ=WEEKLY;BYDAY=TH", first_day=date(2026, 12, 1), starts=cafe.starts_at.time(), ends=cafe.ends_at.time(), kind="social")  # fmt: skip
    db.session.add(series)
    db.session.commit()
    version = {"version": "1", "confirm": "1"}
    assert client.get(f"{PLAN}/cafes/{cafe.id}").status_code == 404
    assert client.post(f"{PLAN}/cafes/{cafe.id}", data=cafe_fields(signed_in["venue"], version="1")).status_code == 404  # fmt: skip
    assert client.post(f"{PLAN}/cafes/{cafe.id}/cancel", data=version).status_code == 404
    assert client.post(f"{PLAN}/preview", data={"cafe": str(cafe.id)}).status_code == 404
    assert client.get(f"{PLAN}/series/{series.id}").status_code == 404
    assert client.post(f"{PLAN}/series/{series.id}", data={"action": "end"}).status_code == 404
    assert client.get("/en/desk/ballerup/plan/").status_code == 404
    db.session.expire_all()
    assert db.session.get(Cafe, cafe.id).status == CafeStatus.PLANNED


def test_a_volunteer_cannot_plan(plan_world, client, auth):
    auth.login("amina")
    assert client.get(f"{PLAN}/").status_code == 403
    assert client.post(f"{PLAN}/cafes/new", data=cafe_fields(plan_world["venue"])).status_code == 403  # fmt: skip
    assert cafe_count() == 0
