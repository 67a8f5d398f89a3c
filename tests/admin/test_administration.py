"""Administrators create and change groups and places: form rules without HTTP, then the pages."""

import pytest
from sqlalchemy import func, select

from tests.conftest import FIXED_NOW, translated
from webapp.accounts.models import Role
from webapp.admin import service as admin
from webapp.admin.forms import MESSAGES, check_group, check_venue
from webapp.audit import AuditEntry
from webapp.extensions import db
from webapp.i18n import enabled_codes
from webapp.schedule.models import Group, Venue

GROUP_FORM = {
    "slug": "vollsmose-nord",
    "name": "Bydelsmødre Vollsmose",
    "municipality": "Odense Kommune",
    "languages": ["ar", "so"],
    "contact_text": "Vi ses torsdag.",
    "retention_days": "45",
    "attendance_goal": "",
}
VENUE_FORM = {
    "name": "Kvarterhuset",
    "address": "Vollsmose Allé 16, 5240 Odense NØ",
    "latitude": "55,4085",
    "longitude": "10,4380",
    "directions": "Indgang fra parkeringspladsen.",
}


def group_data(**changes) -> dict:
    data, errors = check_group({**GROUP_FORM, **changes}, enabled_codes(), new=True)
    assert errors == {}
    return data


def entries() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


@pytest.mark.parametrize(
    "slug", ["Vollsmose", "voll smose", "-voll", "voll-", "voll--smose", "æblehaven", "", "a" * 61]
)
def test_a_slug_is_small_letters_digits_and_single_hyphens(app, slug):
    _, errors = check_group({**GROUP_FORM, "slug": slug}, enabled_codes(), new=True)
    assert errors == {"slug": MESSAGES["slug_format"]}


@pytest.mark.parametrize("slug", ["login", "admin", "desk", "new"])
def test_a_slug_the_app_uses_itself_is_refused(app, slug):
    _, errors = check_group({**GROUP_FORM, "slug": slug}, enabled_codes(), new=True)
    assert errors == {"slug": MESSAGES["slug_reserved"]}


@pytest.mark.parametrize(
    "days, ok",
    [
        ("0", False),
        ("1", True),
        ("365", True),
        ("366", False),
        ("-3", False),
        ("30 dage", False),
        ("", False),
        ("٣٠", False),
    ],
)
def test_retention_is_1_to_365_days(app, days, ok):
    data, errors = check_group({**GROUP_FORM, "retention_days": days}, enabled_codes(), new=True)
    assert ("retention_days" not in errors) is ok
    if ok:
        assert data["retention_days"] == int(days)


def test_the_attendance_goal_is_optional_and_1_to_500(app):
    assert group_data()["attendance_goal"] is None
    assert group_data(attendance_goal="25")["attendance_goal"] == 25
    for goal in ("0", "501", "mange"):
        _, errors = check_group({**GROUP_FORM, "attendance_goal": goal}, enabled_codes(), new=True)
        assert errors == {"attendance_goal": MESSAGES["attendance_goal"]}


def test_languages_keep_only_enabled_codes_in_the_table_order(app):
    assert group_data(languages=["so", "xx", "ar"])["languages"] == ["ar", "so"]


def test_a_slug_can_be_used_once(app, make_user):
    administrator = make_user(Role.ADMINISTRATOR)
    group = admin.create_group(group_data(), administrator, FIXED_NOW)
    with pytest.raises(admin.SlugTaken) as taken:
        admin.create_group(group_data(name="Another"), administrator, FIXED_NOW)
    assert taken.value.group is group
    assert admin.same_group(group, group_data()) and not admin.same_group(
        group, group_data(name="X")
    )
    assert db.session.scalar(select(func.count()).select_from(Group)) == 1


def test_creating_and_changing_a_group_logs_field_names_only(app, make_user):
    administrator = make_user(Role.ADMINISTRATOR)
    group = admin.create_group(group_data(), administrator, FIXED_NOW)
    changed = admin.update_group(
        group, group_data(name="Nyt navn", retention_days="60"), administrator, FIXED_NOW
    )
    assert changed == ["name", "retention_days"]
    assert (
        admin.update_group(
            group, group_data(name="Nyt navn", retention_days="60"), administrator, FIXED_NOW
        )
        == []
    )
    assert [(e.action, e.subject, e.group_id, e.user_id) for e in entries()] == [
        ("group.create", f"group:{group.id}", group.id, administrator.id),
        ("group.update", f"group:{group.id} name,retention_days", group.id, administrator.id),
    ]
    assert (group.name, group.retention_days, group.slug) == ("Nyt navn", 60, "vollsmose-nord")


def test_a_change_subject_stays_within_the_column(app):
    subject = admin.change_subject("group", 2147483647, list(admin.GROUP_FIELDS))
    assert len(subject) <= 80 and subject.startswith("group:2147483647 name,municipality")


@pytest.mark.parametrize(
    "latitude, longitude, expected",
    [
        ("55,4085", "10,4380", (55.4085, 10.438)),
        ("55.4085", "-10.4", (55.4085, -10.4)),
        ("", "", (None, None)),
        ("90", "180", (90.0, 180.0)),
    ],
)
def test_a_position_may_be_typed_with_a_decimal_comma(app, latitude, longitude, expected):
    data, errors = check_venue({**VENUE_FORM, "latitude": latitude, "longitude": longitude})
    assert errors == {}
    assert (data["latitude"], data["longitude"]) == expected


@pytest.mark.parametrize(
    "latitude, longitude, field, message",
    [
        ("90,1", "10", "latitude", "latitude"),
        ("55", "181", "longitude", "longitude"),
        ("55,4,1", "10", "latitude", "latitude"),
        ("nord", "10", "latitude", "latitude"),
        ("55,4", "", "longitude", "position"),
        ("", "10,4", "latitude", "position"),
    ],
)
def test_a_position_out_of_range_or_half_given_is_refused(app, latitude, longitude, field, message):
    data, errors = check_venue({**VENUE_FORM, "latitude": latitude, "longitude": longitude})
    assert errors == {field: MESSAGES[message]}
    assert (data["latitude"], data["longitude"]) == (latitude, longitude)  # as typed


def test_places_are_created_and_changed_with_an_audit_entry(app, make_group, make_user):
    administrator = make_user(Role.ADMINISTRATOR)
    group = make_group()
    data, _ = check_venue(VENUE_FORM)
    venue = admin.create_venue(group, data, administrator, FIXED_NOW)
    data, _ = check_venue({**VENUE_FORM, "latitude": "55,5", "directions": ""})
    assert admin.update_venue(venue, data, administrator, FIXED_NOW) == ["latitude", "directions"]
    assert [(e.action, e.subject, e.group_id) for e in entries()] == [
        ("venue.create", f"venue:{venue.id}", group.id),
        ("venue.update", f"venue:{venue.id} latitude,directions", group.id),
    ]
    assert (venue.latitude, venue.longitude) == (55.5, 10.438)


# The pages.


@pytest.fixture
def administrator(client, auth, make_user):
    user = make_user(Role.ADMINISTRATOR, [], username="admin", display_name="Hanne")

    def sign_in(lang="da"):
        auth.login("admin", lang=lang)
        return user

    return sign_in


def form(**changes) -> dict:
    return {**GROUP_FORM, **changes}


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_an_invalid_group_answers_422_keeping_what_was_typed(client, administrator, lang):
    administrator(lang)
    response = client.post(
        f"/{lang}/admin/groups/new",
        data=form(slug="Login Side", retention_days="400", name="Mødre i Gellerup"),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"' in html
    assert 'value="Login Side"' in html and 'value="400"' in html
    assert 'value="Mødre i Gellerup"' in html and "Vi ses torsdag." in html
    assert 'value="ar" checked' in html and 'value="so" checked' in html
    for message in ("slug_format", "retention_days"):
        assert translated(lang, MESSAGES[message]._args[0]) in html
    assert 'aria-invalid="true"' in html
    assert db.session.scalar(select(func.count()).select_from(Group)) == 0


def test_a_group_sent_twice_is_made_once(client, administrator):
    administrator()
    first = client.post("/da/admin/groups/new", data=form())
    second = client.post("/da/admin/groups/new", data=form())
    (group,) = db.session.scalars(select(Group)).all()
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"] == f"/da/admin/groups/{group.id}"
    assert [e.action for e in entries()] == ["group.create"]
    other = client.post("/da/admin/groups/new", data=form(name="En anden gruppe"))
    assert other.status_code == 422
    assert translated("da", MESSAGES["slug_taken"]._args[0]) in other.get_data(as_text=True)


def test_editing_a_group_never_changes_its_slug(client, administrator, make_group):
    administrator()
    group = make_group("gellerup")
    response = client.post(
        f"/da/admin/groups/{group.id}", data=form(slug="new-slug", attendance_goal="30")
    )
    assert response.status_code == 303
    db.session.refresh(group)
    assert (group.slug, group.name, group.attendance_goal) == ("gellerup", GROUP_FORM["name"], 30)
    (entry,) = entries()
    assert entry.action == "group.update" and "name" in entry.subject.split(" ")[1].split(",")
    page = client.get(f"/da/admin/groups/{group.id}").get_data(as_text=True)
    assert "<code>/da/gellerup/</code>" in page and 'name="slug"' not in page
    assert entry.subject in page  # the change, by field names, on the group's page


def test_a_place_is_made_from_a_position_typed_with_commas(client, administrator, make_group):
    administrator()
    group = make_group()
    response = client.post(f"/da/admin/groups/{group.id}/venues/new", data=VENUE_FORM)
    assert response.status_code == 303
    (venue,) = db.session.scalars(select(Venue)).all()
    assert (venue.group_id, venue.latitude, venue.longitude) == (group.id, 55.4085, 10.438)
    page = client.get(f"/da/admin/groups/{group.id}").get_data(as_text=True)
    assert f"/da/admin/venues/{venue.id}" in page
    bad = client.post(f"/da/admin/venues/{venue.id}", data={**VENUE_FORM, "longitude": "200"})
    assert bad.status_code == 422 and 'value="200"' in bad.get_data(as_text=True)
    assert client.get(f"/da/admin/venues/{venue.id}").status_code == 200


def test_a_place_sent_twice_is_made_once(client, administrator, make_group):
    administrator()
    group = make_group()
    url = f"/da/admin/groups/{group.id}/venues/new"
    first = client.post(url, data=VENUE_FORM)
    second = client.post(url, data={**VENUE_FORM, "name": VENUE_FORM["name"].upper()})
    assert first.status_code == second.status_code == 303
    assert len(db.session.scalars(select(Venue)).all()) == 1


def test_unknown_ids_answer_404(client, administrator):
    administrator()
    for url in (
        "/da/admin/groups/999",
        "/da/admin/groups/999/venues/new",
        "/da/admin/venues/999",
        "/da/admin/groups/99999999999",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, data=form()).status_code == 404, url


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.COORDINATOR])
def test_coordinators_and_volunteers_get_403_on_every_admin_page(
    client, auth, make_group, make_venue, make_user, role
):
    group = make_group()
    venue = make_venue(group)
    make_user(role, [group], username="someone")
    auth.login("someone")
    for url in (
        "/da/admin/groups/new",
        f"/da/admin/groups/{group.id}",
        f"/da/admin/groups/{group.id}/venues/new",
        f"/da/admin/venues/{venue.id}",
        "/da/admin/audit",
        "/da/admin/",
    ):
        assert client.get(url).status_code == 403, url
        if "audit" not in url and url != "/da/admin/":
            assert client.post(url, data={**form(), **VENUE_FORM}).status_code == 403, url
    assert db.session.scalar(select(func.count()).select_from(Group)) == 1
    assert entries() == []


def test_the_administrators_page_links_the_new_pages(client, administrator, make_group):
    administrator()
    group = make_group()
    html = client.get("/da/admin/").get_data(as_text=True)
    assert "/da/admin/groups/new" in html and "/da/admin/audit" in html
    assert f"/da/admin/groups/{group.id}" in html
