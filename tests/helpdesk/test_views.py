"""The help desk through HTTP: the woman's form and status page, the volunteers' queue and
request pages, walk-in logs and attendance. Flask test client only, no browser."""

import html as html_lib
import os
import re
import secrets
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from tests.conftest import FIXED_NOW, PASSWORD, translated
from webapp.accounts.models import Role, User
from webapp.audit import AuditEntry
from webapp.extensions import db
from webapp.helpdesk import forms
from webapp.helpdesk.models import HelpLog, HelpRequest, RequestStatus
from webapp.schedule.models import Attendance, Group

SLUG = "norrebro"
ON_POSTGRESQL = bool(os.environ.get("TEST_DATABASE_URL"))
LANGS = ("da", "en", "ar")
FORBIDDEN_WORDS = ("help", "hjælp", "e-boks", "mitid")
HX_STATUS = {"HX-Request": "true", "HX-Target": "ticket-status"}
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
MSG = {
    "kind": "Choose what you need help with.",
    "name": "Write a first name or a nickname (at most 40 letters).",
    "contact": "Choose if you come to the café or want us to call you.",
    "phone": "Write a phone number we can call, for example 12 34 56 78.",
    "note_cpr": "Do not write a CPR number here. Please remove it.",
    "note_long": "The note is too long. Please keep it short (at most 300 letters).",
    "text": "Some of the text cannot be used. Please write it again.",
    "languages": "Choose at least one language you speak.",
    "kinds": "Choose what kind of help you gave.",
    "minutes": "Write the minutes as a number from 1 to 600.",
    "language": "Choose the language you used.",
    "outcome": "Choose how it ended.",
}


# --- helpers -----------------------------------------------------------------------------


def new_key() -> str:
    return secrets.token_urlsafe(18)


def request_form(lang="da", **overrides) -> dict:
    data = {
        "kind": "eboks",
        "languages": [lang],
        "first_name": "Amina",
        "contact": "at_cafe",
        "phone": "",
        "note": "",
        "form_key": new_key(),
    }
    data.update(overrides)
    return data


def file_request(client, lang="da", slug=SLUG, headers=None, **overrides):
    return client.post(
        f"/{lang}/{slug}/ticket", data=request_form(lang, **overrides), headers=headers or {}
    )


def token_of(response) -> str:
    assert response.status_code == 303, response.status_code
    match = re.fullmatch(r"/(\w+)/t/([A-Za-z0-9_-]+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(2)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def the_request(token) -> HelpRequest:
    db.session.expire_all()
    return db.session.scalar(select(HelpRequest).where(HelpRequest.token == token))


def title_of(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match
    return match.group(1)


def has_forbidden_word(value: str) -> bool:
    return any(word in value.lower() for word in FORBIDDEN_WORDS)


def login(client, username, lang="da"):
    response = client.post(f"/{lang}/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 303
    return client


def hx_get_of(html: str) -> str | None:
    match = re.search(r'hx-get="([^"]+)"', html)
    return html_lib.unescape(match.group(1)) if match else None


def log_body(key=None, **overrides) -> dict:
    body = {
        "key": key or new_key(),
        "kinds": ["eboks"],
        "minutes": 20,
        "language": "ar",
        "outcome": "solved",
    }
    body.update(overrides)
    return body


def text(response) -> str:
    return response.get_data(as_text=True)


def shown(lang, message, **values) -> str:
    """The message as it appears in the HTML (escaped)."""
    return str(escape(translated(lang, message, **values)))


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture
def group(make_group):
    return make_group(SLUG, name="Bydelsmødre Nørrebro", languages=["ar", "so"])


@pytest.fixture
def volunteer(group, make_user):
    return make_user(Role.VOLUNTEER, [group], username="sara", display_name="Sara")


@pytest.fixture
def desk(app, volunteer):
    """A second browser: the volunteer's phone, signed in."""
    return login(app.test_client(), "sara")


@pytest.fixture
def filed(client, group):
    """A request filed by the woman; returns its token."""
    return token_of(
        file_request(
            client,
            first_name="Fatima",
            contact="call_back",
            phone="+45 12 34 56 78",
            note="Brev om boligstøtte",
        )
    )


# --- 1. filing -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_filing_gives_a_ticket_and_a_neutral_status_page(client, group, lang):
    form = client.get(f"/{lang}/{SLUG}/ticket")
    assert form.status_code == 200
    assert form.headers["Cache-Control"] == "no-store"
    assert 'name="form_key"' in text(form)
    assert not has_forbidden_word(title_of(text(form)))
    assert not has_forbidden_word(f"/{lang}/{SLUG}/ticket")

    first = file_request(client, lang)
    token = token_of(first)
    assert first.headers["Location"] == f"/{lang}/t/{token}"
    assert not has_forbidden_word(first.headers["Location"].replace(token, ""))
    status = client.get(first.headers["Location"])
    assert status.status_code == 200
    assert status.headers["Cache-Control"] == "no-store"
    assert "<bdi>K-1</bdi>" in text(status)
    assert not has_forbidden_word(title_of(text(status)))
    assert f'<html lang="{lang}"' in text(status)

    second = client.get(file_request(client, lang).headers["Location"])
    assert "<bdi>K-2</bdi>" in text(second)
    assert count(HelpRequest) == 2


def test_invalid_form_is_not_stored_in_caches(client, group):
    response = file_request(client, kind="")
    assert response.status_code == 422
    assert response.headers["Cache-Control"] == "no-store"


# --- 2. double submit ----------------------------------------------------------------------


def test_double_submit_creates_one_request(client, group):
    data = request_form()
    first = client.post(f"/da/{SLUG}/ticket", data=data)
    second = client.post(f"/da/{SLUG}/ticket", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(HelpRequest) == 1


# --- 3. invalid input ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "passport"}, "kind", "kind"),
        ({"languages": []}, "languages", "languages"),
        ({"languages": ["xx"]}, "languages", "languages"),
        ({"first_name": ""}, "first_name", "name"),
        ({"first_name": "A" * 41}, "first_name", "name"),
        ({"contact": "email"}, "contact", "contact"),
        ({"note": "Mit CPR er 010203-1234"}, "note", "note_cpr"),
        ({"note": "0102031234"}, "note", "note_cpr"),
        ({"note": "x" * 10_000}, "note", "note_long"),
        ({"first_name": "Ami\x00na"}, "first_name", "text"),
        ({"note": "bell\x07"}, "note", "text"),
    ],
)
def test_invalid_input_is_a_translated_422(client, group, lang, overrides, field, message):
    typed = {"first_name": "Fatima", "note": "Brev fra kommunen"}
    response = file_request(client, lang, **{**typed, **overrides})
    assert response.status_code == 422
    assert response.headers["Cache-Control"] == "no-store"
    html = text(response)
    assert shown(lang, MSG[message]) in html
    assert f'id="{field}-error"' in html
    if "first_name" not in overrides:
        assert 'value="Fatima"' in html
    if "note" not in overrides:
        assert ">Brev fra kommunen</textarea>" in html
    assert count(HelpRequest) == 0


def test_a_date_that_is_not_a_cpr_number_is_fine(client, group):
    response = file_request(client, note="Mødet er 12.03.2026 kl. 10")
    assert response.status_code == 303


CPR_SHAPES = [
    "01.01.90-1234",
    "01-01-90-1234",
    "0101 90 1234",
    "01 01 90 1234",
    "01/01/90-1234",
    "010190\u20131234",  # en dash
    "010190\u20141234",  # em dash
    "010190\u22121234",  # minus sign
    "010190\u20111234",  # non-breaking hyphen
    "010190\u00a01234",  # non-breaking space
    "\uff10\uff11\uff10\uff11\uff19\uff10-\uff11\uff12\uff13\uff14",  # full-width
    "\u0660\u0661\u0660\u0661\u0669\u0660-\u0661\u0662\u0663\u0664",  # Arabic-Indic
    "\u06f0\u06f1\u06f0\u06f1\u06f9\u06f0-\u06f1\u06f2\u06f3\u06f4",  # Persian digits
    "310199 1234",
]


@pytest.mark.parametrize("cpr", CPR_SHAPES)
@pytest.mark.parametrize("field", ["first_name", "note"])
def test_every_cpr_shape_is_refused_in_every_free_text_field(client, group, cpr, field):
    typed = {"first_name": "Fatima", "note": "Brev fra kommunen"}
    value = cpr if field == "first_name" else f"Mit nummer er {cpr}, tak"
    response = file_request(client, "ar", **{**typed, field: value})
    assert response.status_code == 422, cpr
    html = text(response)
    assert shown("ar", MSG["note_cpr"]) in html
    assert f'id="{field}-error"' in html
    assert count(HelpRequest) == 0


@pytest.mark.parametrize(
    "cpr", ["01.01.90-1234", "\u0660\u0661\u0660\u0661\u0669\u0660\u0661\u0662\u0663\u0664"]
)
def test_a_cpr_number_in_the_handover_note_is_refused(app, desk, filed, cpr):
    request_id = the_request(filed).id
    base = f"/da/desk/{SLUG}/requests/{request_id}"
    desk.post(f"{base}/claim")
    form = {"kinds": "eboks", "minutes": "15", "language": "ar", "outcome": "solved"}
    response = desk.post(f"{base}/resolve", data={**form, "handover_note": f"CPR {cpr}"})
    assert response.status_code == 422
    assert shown("da", MSG["note_cpr"]) in text(response)
    assert count(HelpLog) == 0
    fine = desk.post(f"{base}/resolve", data={**form, "handover_note": "Ring igen 12 34 56 78"})
    assert fine.status_code == 303


@pytest.mark.parametrize(
    "phone", ["12345678", "12 34 56 78", "+45 12 34 56 78", "+4512345678", "0045 12 34 56 78"]
)
def test_phone_numbers_are_still_accepted(client, group, phone):
    response = file_request(client, contact="call_back", phone=phone, note=f"Ring på {phone}")
    assert response.status_code == 303


@pytest.mark.parametrize(
    "note", ["Mødet er 12.03.2026 kl. 10", "kl. 10.30-12.00", "Sag 2024-123456", "Brev 1.1.1990"]
)
def test_dates_and_case_numbers_are_not_taken_for_cpr_numbers(client, group, note):
    assert file_request(client, note=note).status_code == 303


def test_a_bad_form_key_is_refused(client, group):
    assert file_request(client, form_key="short").status_code == 422
    assert file_request(client, form_key="x" * 65).status_code == 422
    assert count(HelpRequest) == 0


def test_lone_surrogates_and_control_characters_are_unusable():
    assert forms.unusable("\ud800")
    assert forms.unusable("abc\udfffdef")
    assert forms.unusable("\x00")
    assert not forms.unusable("Fatima\nلينا\t")
    values = request_form(first_name="Ami\ud800na", note="\udc00")
    data, errors = forms.check_request(values, ["da", "ar"])
    assert errors["first_name"] is forms.MESSAGES["text"]
    assert errors["note"] is forms.MESSAGES["text"]
    assert data["first_name"] == "Ami\ud800na"


@pytest.mark.parametrize("lang", LANGS)
def test_lone_surrogates_in_a_walk_in_are_a_clear_422(app, desk, group, lang):
    body = log_body(language="\ud800", kinds=["\udfff"])
    response = desk.post(f"/{lang}/desk/{SLUG}/walk-ins", json=body)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors["language"] == translated(lang, MSG["language"])
    assert errors["kinds"] == translated(lang, MSG["kinds"])
    assert count(HelpLog) == 0


def test_a_resolve_with_a_nul_handover_note_is_a_422(app, desk, filed, volunteer):
    request_id = the_request(filed).id
    base = f"/da/desk/{SLUG}/requests/{request_id}"
    desk.post(f"{base}/claim")
    response = desk.post(
        f"{base}/resolve",
        data={
            "kinds": "eboks",
            "minutes": "15",
            "language": "ar",
            "outcome": "solved",
            "handover_note": "ring\x00igen",
        },
    )
    assert response.status_code == 422
    assert shown("da", MSG["text"]) in text(response)
    assert the_request(filed).status == RequestStatus.CALLED
    assert count(HelpLog) == 0


def test_script_in_the_note_is_shown_escaped_to_the_volunteer(client, desk, group):
    note = '<script>alert(1)</script><b hx-get="/x" hx-trigger="load">x</b>'
    token = token_of(file_request(client, note=note, first_name="<i>Lina</i>"))
    html = text(desk.get(f"/da/desk/{SLUG}/requests/{the_request(token).id}"))
    assert "<script>alert(1)" not in html
    assert 'hx-get="/x"' not in html
    assert "<i>Lina</i>" not in html
    assert str(escape(note)) in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;i&gt;Lina&lt;/i&gt;" in html


# --- 4. contact ----------------------------------------------------------------------------


def test_call_back_needs_a_phone_number(client, group):
    for phone in ("", "12", "call me", "+45 12 34 56 78 90 12 34 56"):
        response = file_request(client, "en", contact="call_back", phone=phone)
        assert response.status_code == 422, phone
        assert shown("en", MSG["phone"]) in text(response)
    assert count(HelpRequest) == 0
    token = token_of(
        file_request(client, contact="call_back", phone="+45 12 34 56 78", woman_only="1")
    )
    stored = the_request(token)
    assert (stored.contact, stored.phone, stored.woman_only) == (
        "call_back",
        "+45 12 34 56 78",
        True,
    )


def test_at_cafe_clears_phone_and_woman_only(client, group):
    token = token_of(file_request(client, contact="at_cafe", phone="12345678", woman_only="1"))
    stored = the_request(token)
    assert (stored.contact, stored.phone, stored.woman_only) == ("at_cafe", None, False)


# --- 5. cross-site and cookies -------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ],
)
def test_public_posts_refuse_cross_site(client, group, filed, headers):
    assert file_request(client, headers=headers).status_code == 400
    assert count(HelpRequest) == 1  # only `filed`
    assert client.post(f"/da/t/{filed}/withdraw", headers=headers).status_code == 400
    assert the_request(filed).status == RequestStatus.OPEN


@pytest.mark.parametrize(
    "headers",
    [{}, SAME_ORIGIN, {"Sec-Fetch-Site": "none"}, {"Origin": "http://localhost"}],
)
def test_public_posts_accept_same_origin(client, group, headers):
    token = token_of(file_request(client, headers=headers))
    response = client.post(f"/da/t/{token}/withdraw", headers=headers)
    assert response.status_code == 303
    assert the_request(token).status == RequestStatus.WITHDRAWN


def public_cookies(client) -> dict:
    """The Set-Cookie headers of each public help-desk answer, each on a first visit."""
    answers = {}
    answers["form GET"] = client.get(f"/da/{SLUG}/ticket")
    client.delete_cookie("lang")
    answers["invalid POST (422)"] = file_request(client, kind="")
    client.delete_cookie("lang")
    answers["filing POST (303)"] = filing = file_request(client)
    client.delete_cookie("lang")
    answers["status page"] = client.get(filing.headers["Location"])
    client.delete_cookie("lang")
    answers["status fragment"] = client.get(filing.headers["Location"], headers=HX_STATUS)
    client.delete_cookie("lang")
    answers["withdraw"] = client.post(f"/da/t/{token_of(filing)}/withdraw", headers=SAME_ORIGIN)
    return {name: response.headers.getlist("Set-Cookie") for name, response in answers.items()}


def test_the_woman_gets_no_session_cookie(client, group):
    for name, cookies in public_cookies(client).items():
        assert not any(cookie.startswith("modested_session=") for cookie in cookies), name


def test_the_woman_gets_no_cookie(client, group):
    assert public_cookies(client) == {
        "form GET": [],
        "invalid POST (422)": [],
        "filing POST (303)": [],
        "status page": [],
        "status fragment": [],
        "withdraw": [],
    }


def test_private_pages_send_no_referrer(client, group):
    filing = file_request(client)
    assert filing.headers["Referrer-Policy"] == "no-referrer"
    assert client.get(filing.headers["Location"]).headers["Referrer-Policy"] == "no-referrer"


# --- 6. rate limit -------------------------------------------------------------------------


def test_filing_is_rate_limited(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, REQUEST_RATE_LIMIT="2 per minute")
    with app.app_context():
        db.session.add(
            Group(slug=SLUG, name="Nørrebro", municipality="København", languages=["ar"])
        )
        db.session.commit()
        client = app.test_client()
        codes = [file_request(client).status_code for _ in range(3)]
        assert codes == [303, 303, 429]
        assert count(HelpRequest) == 2
        assert client.get(f"/da/{SLUG}/ticket").status_code == 200  # GET is not limited


def test_guessing_status_and_withdraw_addresses_is_stopped(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        guesses = [
            client.get(f"/da/t/{secrets.token_urlsafe(24)}").status_code for _ in range(75)
        ] + [
            client.post(
                f"/da/t/{secrets.token_urlsafe(24)}/withdraw", headers=SAME_ORIGIN
            ).status_code
            for _ in range(75)
        ]
        assert guesses.count(404) <= 10
        assert guesses[-1] == 429 and guesses[75] == 429  # the two addresses share the count


def test_a_woman_polling_her_status_page_is_never_limited(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    with app.app_context():
        db.session.add(
            Group(slug=SLUG, name="Nørrebro", municipality="København", languages=["ar"])
        )
        db.session.commit()
        client = app.test_client()
        token = token_of(file_request(client))
        # Every 5 s for an hour would be 720; these come faster than that, and all are answered.
        codes = {client.get(f"/da/t/{token}", headers=HX_STATUS).status_code for _ in range(720)}
        assert codes == {200}
        assert client.get(f"/da/t/{token}").status_code == 200
        assert client.post(f"/da/t/{token}/withdraw", headers=SAME_ORIGIN).status_code == 303


# --- 7. status page ------------------------------------------------------------------------


def test_status_page_follows_the_request(app, client, desk, group):
    token_of(file_request(client, "en"))
    app.config["NOW"] = FIXED_NOW + timedelta(minutes=1)
    token = token_of(file_request(client, "en"))
    page = text(client.get(f"/en/t/{token}"))
    assert "You are number 2 in the queue." in page
    assert "About 30 minutes to wait." in page
    assert f'action="/en/t/{token}/withdraw"' in page

    request_id = the_request(token).id
    assert desk.post(f"/en/desk/{SLUG}/requests/{request_id}/claim").status_code == 303
    page = text(client.get(f"/en/t/{token}"))
    assert "It is your turn!" in page
    assert "Sara will help you now." in page
    assert "You are number" not in page

    resolved = desk.post(
        f"/en/desk/{SLUG}/requests/{request_id}/resolve",
        data={"kinds": "eboks", "minutes": "10", "language": "ar", "outcome": "solved"},
    )
    assert resolved.status_code == 303
    page = text(client.get(f"/en/t/{token}"))
    assert "Done. Thank you for coming." in page
    assert "hx-get" not in page
    assert "/withdraw" not in page


def test_the_estimate_uses_recent_help_times(app, client, desk, group):
    for minutes in (30, 50):
        assert (
            desk.post(f"/en/desk/{SLUG}/walk-ins", json=log_body(minutes=minutes)).status_code
            == 201
        )
    token = token_of(file_request(client, "en"))
    assert "About 40 minutes to wait." in text(client.get(f"/en/t/{token}"))


def test_status_fragment_polls_slower_while_nothing_changes(app, client, desk, group):
    first = token_of(file_request(client, "en"))
    app.config["NOW"] = FIXED_NOW + timedelta(minutes=1)
    token = token_of(file_request(client, "en"))

    fragment = text(client.get(f"/en/t/{token}", headers=HX_STATUS))
    assert fragment.lstrip().startswith('<div id="ticket-status"')
    assert fragment.rstrip().endswith("</div>")
    assert "<html" not in fragment and "<h1>" not in fragment
    assert 'hx-trigger="load delay:5s, retry delay:10s"' in fragment
    assert "You are number 2 in the queue." in fragment

    again = hx_get_of(fragment)
    query = parse_qs(urlsplit(again).query)
    assert urlsplit(again).path == f"/en/t/{token}"
    assert query["delay"] == ["5"]
    slower = text(client.get(again, headers=HX_STATUS))
    assert 'hx-trigger="load delay:10s, retry delay:10s"' in slower
    slowest = text(client.get(hx_get_of(slower), headers=HX_STATUS))
    assert 'hx-trigger="load delay:20s, retry delay:10s"' in slowest

    # The woman ahead withdraws: this one moves up, so the page asks soon again.
    assert client.post(f"/en/t/{first}/withdraw", headers=SAME_ORIGIN).status_code == 303
    changed = text(client.get(hx_get_of(slowest), headers=HX_STATUS))
    assert 'hx-trigger="load delay:5s, retry delay:10s"' in changed
    assert "You are number 1 in the queue." in changed

    # Claimed: a change again.
    request_id = the_request(token).id
    desk.post(f"/en/desk/{SLUG}/requests/{request_id}/claim")
    called = text(client.get(hx_get_of(changed), headers=HX_STATUS))
    assert 'hx-trigger="load delay:5s, retry delay:10s"' in called
    assert "It is your turn!" in called

    client.post(f"/en/t/{token}/withdraw", headers=SAME_ORIGIN)
    closed = text(client.get(hx_get_of(called), headers=HX_STATUS))
    assert closed.lstrip().startswith('<div id="ticket-status"')
    assert "hx-get" not in closed and "hx-trigger" not in closed
    assert "You have withdrawn this ticket." in closed


def test_status_fragment_stops_polling_when_resolved(client, desk, filed):
    request_id = the_request(filed).id
    desk.post(f"/da/desk/{SLUG}/requests/{request_id}/claim")
    desk.post(
        f"/da/desk/{SLUG}/requests/{request_id}/resolve",
        data={"kinds": "eboks", "minutes": "10", "language": "ar", "outcome": "solved"},
    )
    fragment = text(client.get(f"/da/t/{filed}", headers=HX_STATUS))
    assert fragment.lstrip().startswith('<div id="ticket-status"')
    assert "hx-get" not in fragment


def test_the_poll_delay_stays_between_5_and_60_seconds(client, filed):
    seen = parse_qs(urlsplit(hx_get_of(text(client.get(f"/da/t/{filed}")))).query)["seen"][0]
    for delay in ("-5", "0", "1000"):
        fragment = text(
            client.get(
                f"/da/t/{filed}", query_string={"seen": seen, "delay": delay}, headers=HX_STATUS
            )
        )
        wait = int(re.search(r"load delay:(-?\d+)s", fragment).group(1))
        assert 5 <= wait <= 60, (delay, wait)


def test_withdrawing_leaves_the_queue(client, desk, filed):
    response = client.post(f"/en/t/{filed}/withdraw", headers=SAME_ORIGIN)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/en/t/{filed}"
    assert response.headers["Cache-Control"] == "no-store"
    stored = the_request(filed)
    assert stored.status == RequestStatus.WITHDRAWN
    assert stored.closed_at is not None
    page = text(client.get(f"/en/t/{filed}"))
    assert "You have withdrawn this ticket." in page
    assert "hx-get" not in page
    queue_page = text(desk.get(f"/da/desk/{SLUG}/queue"))
    assert "K-1" not in queue_page
    assert shown("da", "Nobody is waiting right now.") in queue_page


def test_withdrawing_erases_her_name_phone_and_note_at_once(app, client, desk, filed):
    assert client.post(f"/en/t/{filed}/withdraw", headers=SAME_ORIGIN).status_code == 303
    stored = the_request(filed)
    assert (stored.first_name, stored.phone, stored.note) == (None, None, None)
    assert stored.purged_at is not None
    # What the figures count stays, as after the retention purge.
    assert (stored.kind, stored.contact, stored.status) == ("eboks", "call_back", "withdrawn")
    assert stored.ticket_number == 1 and stored.languages == ["da"]
    page = text(desk.get(f"/da/desk/{SLUG}/requests/{stored.id}"))
    for private in ("Fatima", "12 34 56 78", "boligstøtte"):
        assert private not in page
    # Withdrawing again (a double tap) changes nothing and is no error.
    assert client.post(f"/en/t/{filed}/withdraw", headers=SAME_ORIGIN).status_code == 303
    assert "You have withdrawn this ticket." in text(client.get(f"/en/t/{filed}"))


def test_unknown_tokens_are_404(client, filed):
    assert client.get("/da/t/nope").status_code == 404
    assert client.get(f"/da/t/{'x' * 65}").status_code == 404
    assert client.post("/da/t/nope/withdraw", headers=SAME_ORIGIN).status_code == 404


# --- 8. volunteer side ---------------------------------------------------------------------


def test_queue_lists_tickets_without_personal_details(client, desk, filed):
    page = desk.get(f"/da/desk/{SLUG}/queue")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = text(page)
    assert "<bdi>K-1</bdi>" in html
    assert shown("da", "e-Boks") in html
    for private in ("Fatima", "12 34 56 78", "boligstøtte"):
        assert private not in html


def test_queue_filters_by_kind_and_by_her_languages(client, group, make_user, app):
    make_user(Role.VOLUNTEER, [group], username="hodan", languages=["so"])
    hodan = login(app.test_client(), "hodan")
    file_request(client, kind="eboks", languages=["ar"])
    file_request(client, kind="school", languages=["so", "da"])
    file_request(client, kind="school", languages=["ar"])

    def tickets(query):
        html = text(hodan.get(f"/da/desk/{SLUG}/queue", query_string=query))
        return re.findall(r"<bdi>(K-\d+)</bdi>", html)

    assert tickets({}) == ["K-1", "K-2", "K-3"]
    assert tickets({"kind": "eboks"}) == ["K-1"]
    assert tickets({"kind": ["eboks", "school"]}) == ["K-1", "K-2", "K-3"]
    assert tickets({"kind": "school"}) == ["K-2", "K-3"]
    assert tickets({"kind": "mitid"}) == []
    assert tickets({"kind": "nonsense"}) == ["K-1", "K-2", "K-3"]
    assert tickets({"mine": "1"}) == ["K-2"]
    assert tickets({"mine": "1", "kind": "eboks"}) == []


def test_request_page_shows_her_details(desk, filed):
    request_id = the_request(filed).id
    page = desk.get(f"/da/desk/{SLUG}/requests/{request_id}")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = text(page)
    assert "Fatima" in html
    assert 'href="tel:+45 12 34 56 78"' in html
    assert "Brev om boligstøtte" in html
    assert "/claim" in html


def test_claim_release_and_a_second_volunteer(app, desk, filed, group, volunteer, make_user):
    request_id = the_request(filed).id
    base = f"/da/desk/{SLUG}/requests/{request_id}"
    claimed = desk.post(f"{base}/claim")
    assert claimed.status_code == 303
    assert claimed.headers["Location"] == base
    stored = the_request(filed)
    assert (stored.status, stored.claimed_by_id) == (RequestStatus.CALLED, volunteer.id)
    assert stored.claimed_at is not None

    make_user(Role.VOLUNTEER, [group], username="hodan", display_name="Hodan")
    hodan = login(app.test_client(), "hodan", lang="ar")
    second = hodan.post(f"/ar{base[3:]}/claim")
    assert second.status_code == 303
    stored = the_request(filed)
    assert (stored.status, stored.claimed_by_id) == (RequestStatus.CALLED, volunteer.id)
    page = text(hodan.get(f"/ar{base[3:]}"))
    assert shown("ar", "%(name)s already has this request.", name="Sara") in page
    assert "/resolve" not in page
    # Nor can she release or resolve it.
    hodan.post(f"{base}/release")
    hodan.post(
        f"{base}/resolve",
        data={"kinds": "eboks", "minutes": "10", "language": "ar", "outcome": "solved"},
    )
    assert the_request(filed).claimed_by_id == volunteer.id
    assert count(HelpLog) == 0

    assert desk.post(f"{base}/start").status_code == 303
    assert the_request(filed).status == RequestStatus.IN_PROGRESS
    released = desk.post(f"{base}/release")
    assert released.status_code == 303
    stored = the_request(filed)
    assert (stored.status, stored.claimed_by_id, stored.claimed_at) == ("open", None, None)
    assert "<bdi>K-1</bdi>" in text(desk.get(f"/da/desk/{SLUG}/queue"))


def test_resolve_stores_one_log_and_closes(desk, filed, group, volunteer):
    request_id = the_request(filed).id
    base = f"/da/desk/{SLUG}/requests/{request_id}"
    desk.post(f"{base}/claim")
    form = {
        "kinds": ["eboks", "economy"],
        "minutes": "25",
        "language": "ar",
        "outcome": "follow_up",
        "handover_note": "Ring til kommunen på torsdag",
    }
    response = desk.post(f"{base}/resolve", data=form)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/da/desk/{SLUG}/queue"
    stored = the_request(filed)
    assert stored.status == RequestStatus.RESOLVED
    assert stored.closed_at is not None
    logs = db.session.scalars(select(HelpLog)).all()
    assert len(logs) == 1
    log = logs[0]
    assert (log.group_id, log.request_id, log.volunteer_id) == (group.id, request_id, volunteer.id)
    assert log.kinds == ["eboks", "economy"]
    assert (log.minutes, log.language, log.outcome) == (25, "ar", "follow_up")
    assert log.handover_note == "Ring til kommunen på torsdag"
    # Again: nothing more.
    desk.post(f"{base}/resolve", data=form)
    assert count(HelpLog) == 1


@pytest.mark.parametrize("minutes", ["", "0", "601", "ten", "-5", "1.5"])
def test_resolve_with_bad_minutes_keeps_what_was_checked(desk, filed, minutes):
    request_id = the_request(filed).id
    base = f"/en/desk/{SLUG}/requests/{request_id}"
    desk.post(f"{base}/claim")
    response = desk.post(
        f"{base}/resolve",
        data={
            "kinds": ["school", "job"],
            "minutes": minutes,
            "language": "so",
            "outcome": "referred",
        },
    )
    assert response.status_code == 422
    html = text(response)
    assert shown("en", MSG["minutes"]) in html
    assert 'name="kinds" value="school" checked' in html
    assert 'name="kinds" value="job" checked' in html
    assert 'name="kinds" value="eboks" checked' not in html
    assert 'name="outcome" value="referred" checked' in html
    assert the_request(filed).status == RequestStatus.CALLED
    assert count(HelpLog) == 0


@pytest.mark.parametrize("where", ["resolve", "walk-ins"])
def test_superscript_minutes_are_a_422(desk, filed, where):
    request_id = the_request(filed).id
    if where == "resolve":
        base = f"/da/desk/{SLUG}/requests/{request_id}"
        desk.post(f"{base}/claim")
        response = desk.post(
            f"{base}/resolve",
            data={"kinds": "eboks", "minutes": "²", "language": "ar", "outcome": "solved"},
        )
    else:
        response = desk.post(f"/da/desk/{SLUG}/walk-ins", json=log_body(minutes="²"))
    assert response.status_code == 422


# --- 9. other groups, odd ids, tampering ---------------------------------------------------


@pytest.fixture
def other_side(app, make_group, make_user, make_cafe, group, volunteer, filed):
    """Ballerup's volunteer, with a request of her own; Nørrebro has a café today."""
    make_cafe(group, day=date(2026, 11, 22))
    ballerup = make_group("ballerup", languages=["ar"])
    make_user(Role.VOLUNTEER, [ballerup], username="other")
    woman = app.test_client()
    own_token = token_of(file_request(woman, slug="ballerup"))
    return {
        "client": login(app.test_client(), "other"),
        "own_id": the_request(own_token).id,
        "own_token": own_token,
    }


def desk_calls(slug, request_id):
    base = f"/da/desk/{slug}"
    resolve = {"kinds": "eboks", "minutes": "10", "language": "ar", "outcome": "solved"}
    return [
        ("GET", f"{base}/queue", None, None),
        ("GET", f"{base}/queue?kind=eboks&mine=1", None, None),
        ("GET", f"{base}/requests/{request_id}", None, None),
        ("POST", f"{base}/requests/{request_id}/claim", None, None),
        ("POST", f"{base}/requests/{request_id}/start", None, None),
        ("POST", f"{base}/requests/{request_id}/release", None, None),
        ("POST", f"{base}/requests/{request_id}/resolve", resolve, None),
        ("GET", f"{base}/walk-in", None, None),
        ("POST", f"{base}/walk-in", {**resolve, "key": new_key()}, None),
        ("POST", f"{base}/walk-ins", None, log_body()),
        ("GET", f"{base}/attendance", None, None),
        ("POST", f"{base}/attendance", {"field": "children", "step": "1"}, None),
    ]


def test_another_groups_volunteer_gets_404_everywhere(other_side, filed, volunteer):
    request_id = the_request(filed).id
    other = other_side["client"]
    before = (count(HelpLog), count(Attendance), count(AuditEntry))
    for method, url, data, json in desk_calls(SLUG, request_id):
        response = other.open(url, method=method, data=data, json=json)
        assert response.status_code == 404, (method, url, response.status_code)
    # Her own group's address with Nørrebro's request id.
    for method, url, data, json in desk_calls("ballerup", request_id):
        if "/requests/" in url:
            response = other.open(url, method=method, data=data, json=json)
            assert response.status_code == 404, (method, url, response.status_code)
    stored = the_request(filed)
    assert (stored.status, stored.claimed_by_id) == (RequestStatus.OPEN, None)
    assert (count(HelpLog), count(Attendance), count(AuditEntry)) == before
    # Her own request is hers to see.
    own = other.get(f"/da/desk/ballerup/requests/{other_side['own_id']}")
    assert own.status_code == 200


def test_this_groups_volunteer_cannot_reach_the_other_groups_request(desk, other_side):
    own_id = other_side["own_id"]
    for method, url, data, json in desk_calls(SLUG, own_id):
        if "/requests/" in url:
            response = desk.open(url, method=method, data=data, json=json)
            assert response.status_code == 404, (method, url)
    assert the_request(other_side["own_token"]).status == RequestStatus.OPEN


@pytest.mark.parametrize(
    "request_id",
    [
        "0",
        "-1",
        "1e3",
        "1.0",
        "x",
        "0x10",
        "2147483648",  # past PostgreSQL's integer
        "99999999999999999999",  # past SQLite's
    ],
)
def test_odd_request_ids_are_404(desk, filed, request_id):
    assert desk.get(f"/da/desk/{SLUG}/requests/{request_id}").status_code == 404
    assert desk.post(f"/da/desk/{SLUG}/requests/{request_id}/claim").status_code == 404
    assert the_request(filed).status == RequestStatus.OPEN


def test_signed_out_desk_urls_lead_to_the_login(client, filed):
    request_id = the_request(filed).id
    for method, url, data, json in desk_calls(SLUG, request_id):
        response = client.open(url, method=method, data=data, json=json)
        assert response.status_code == 302, url
        assert "/da/login?next=" in response.headers["Location"]
    assert the_request(filed).status == RequestStatus.OPEN


def test_hidden_field_tampering_changes_nothing_more(
    client, desk, group, volunteer, filed, other_side
):
    other_group_id = db.session.scalar(select(Group.id).where(Group.slug == "ballerup"))
    other_user_id = db.session.scalar(select(User.id).where(User.username == "other"))
    tamper = {
        "group_id": str(other_group_id),
        "status": "resolved",
        "claimed_by_id": str(other_user_id),
        "ticket_number": "99",
        "token": "chosen-token-chosen-token",
        "id": "1",
    }
    token = token_of(file_request(client, **tamper))
    assert token != tamper["token"]
    stored = the_request(token)
    assert (stored.group_id, stored.status, stored.claimed_by_id) == (
        group.id,
        RequestStatus.OPEN,
        None,
    )
    assert stored.ticket == "K-2"

    base = f"/da/desk/{SLUG}/requests/{stored.id}"
    assert desk.post(f"{base}/claim", data=tamper).status_code == 303
    stored = the_request(token)
    assert (stored.group_id, stored.status, stored.claimed_by_id) == (
        group.id,
        RequestStatus.CALLED,
        volunteer.id,
    )
    response = desk.post(
        f"{base}/resolve",
        data={
            **tamper,
            "kinds": "phone",
            "minutes": "5",
            "language": "da",
            "outcome": "solved",
            "request_id": "1",
            "volunteer_id": "1",
        },
    )
    assert response.status_code == 303
    stored = the_request(token)
    assert (stored.group_id, stored.status, stored.claimed_by_id) == (
        group.id,
        RequestStatus.RESOLVED,
        volunteer.id,
    )
    log = db.session.scalar(select(HelpLog))
    assert (log.group_id, log.request_id, log.volunteer_id) == (group.id, stored.id, volunteer.id)
    # The first request is untouched.
    assert the_request(filed).status == RequestStatus.OPEN


# --- 10. audit -----------------------------------------------------------------------------


def audit_rows() -> list[AuditEntry]:
    db.session.expire_all()
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()


def test_each_view_and_change_is_audited_without_content(
    app, desk, filed, group, volunteer, make_user
):
    request_id = the_request(filed).id
    base = f"/da/desk/{SLUG}/requests/{request_id}"
    resolve = {
        "kinds": "eboks",
        "minutes": "10",
        "language": "ar",
        "outcome": "solved",
        "handover_note": "Fatima ringer igen",
    }
    steps = [
        ("GET", "", None, "request.view"),
        ("POST", "/claim", None, "request.claim"),
        ("POST", "/start", None, "request.start"),
        ("POST", "/release", None, "request.release"),
        ("POST", "/claim", None, "request.claim"),
        ("POST", "/resolve", resolve, "request.resolve"),
    ]
    for method, suffix, data, action in steps:
        before = len(audit_rows())
        response = desk.open(base + suffix, method=method, data=data)
        assert response.status_code in (200, 303), (suffix, response.status_code)
        rows = audit_rows()
        assert len(rows) == before + 1, action
        entry = rows[-1]
        assert (entry.user_id, entry.group_id, entry.action, entry.subject) == (
            volunteer.id,
            group.id,
            action,
            f"request:{request_id}",
        )
        assert entry.at == FIXED_NOW.replace(tzinfo=None)

    # What did not change writes nothing: a claim of a closed request, a bad resolve.
    make_user(Role.VOLUNTEER, [group], username="hodan")
    hodan = login(app.test_client(), "hodan")
    before = len(audit_rows())
    hodan.post(f"{base}/claim")
    hodan.post(f"{base}/resolve", data={"minutes": "x"})
    assert len(audit_rows()) == before

    secrets_of_her = ("Fatima", "12 34 56 78", "boligstøtte", "Brev")
    for entry in audit_rows():
        for column in AuditEntry.__table__.columns:
            value = str(getattr(entry, column.key))
            assert not any(secret in value for secret in secrets_of_her), (column.key, value)


# --- 11. walk-ins --------------------------------------------------------------------------


def test_walk_in_form_stores_one_log(desk, group, volunteer):
    page = desk.get(f"/da/desk/{SLUG}/walk-in")
    assert page.status_code == 200
    key = re.search(r'name="key" value="([^"]+)"', text(page)).group(1)
    form = {
        "kinds": ["phone", "job"],
        "minutes": "15",
        "language": "so",
        "outcome": "referred",
        "key": key,
        "first_name": "Amina",
        "phone": "12345678",
        "note": "hemmelig",
    }
    response = desk.post(f"/da/desk/{SLUG}/walk-in", data=form)
    assert response.status_code == 200
    html = text(response)
    assert shown("da", "Saved. Thank you!") in html
    assert f'value="{key}"' not in html  # a fresh key for the next log
    logs = db.session.scalars(select(HelpLog)).all()
    assert len(logs) == 1
    log = logs[0]
    assert (log.group_id, log.volunteer_id, log.request_id) == (group.id, volunteer.id, None)
    assert (sorted(log.kinds), log.minutes, log.language, log.outcome) == (
        ["job", "phone"],
        15,
        "so",
        "referred",
    )
    assert log.idempotency_key == key
    assert log.handover_note is None
    # The same form sent again (a double tap) stores nothing more.
    assert desk.post(f"/da/desk/{SLUG}/walk-in", data=form).status_code == 200
    assert count(HelpLog) == 1


def test_walk_in_form_double_tap_is_audited_once(desk, group):
    form = {
        "kinds": "phone",
        "minutes": "15",
        "language": "so",
        "outcome": "referred",
        "key": new_key(),
    }
    desk.post(f"/da/desk/{SLUG}/walk-in", data=form)
    desk.post(f"/da/desk/{SLUG}/walk-in", data=form)
    assert count(HelpLog) == 1
    assert count(AuditEntry) == 1


def test_walk_in_form_with_errors_is_a_422(desk, group):
    response = desk.post(
        f"/en/desk/{SLUG}/walk-in",
        data={"kinds": "phone", "minutes": "0", "language": "so", "outcome": "", "key": new_key()},
    )
    assert response.status_code == 422
    html = text(response)
    assert shown("en", MSG["minutes"]) in html
    assert shown("en", MSG["outcome"]) in html
    assert 'name="kinds" value="phone" checked' in html
    assert count(HelpLog) == 0


def test_walk_in_sync_is_idempotent(desk, group, volunteer):
    url = f"/da/desk/{SLUG}/walk-ins"
    body = log_body(kinds=["mitid", "eboks"], first_name="Amina", phone="12345678")
    created = desk.post(url, json=body)
    assert created.status_code == 201
    assert created.get_json()["created"] is True
    again = desk.post(url, json=body)
    assert again.status_code == 200
    assert again.get_json() == {"id": created.get_json()["id"], "created": False}
    assert count(HelpLog) == 1

    changed = desk.post(url, json={**body, "minutes": 45})
    assert changed.status_code == 409
    assert changed.get_json()["error"] == translated(
        "da", "This log was already sent with other content."
    )
    assert count(HelpLog) == 1

    log = db.session.scalar(select(HelpLog))
    assert (log.group_id, log.volunteer_id, log.request_id) == (group.id, volunteer.id, None)
    assert (sorted(log.kinds), log.minutes, log.language, log.outcome) == (
        ["eboks", "mitid"],
        20,
        "ar",
        "solved",
    )
    assert log.idempotency_key == body["key"]
    assert log.handover_note is None
    for column in HelpLog.__table__.columns:
        value = str(getattr(log, column.key))
        assert "Amina" not in value and "12345678" not in value, column.key


@pytest.mark.parametrize("lang", LANGS)
def test_walk_in_sync_invalid_is_a_translated_422(desk, group, lang):
    response = desk.post(
        f"/{lang}/desk/{SLUG}/walk-ins", json=log_body(minutes="lots", outcome="great")
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors == {
        "minutes": translated(lang, MSG["minutes"]),
        "outcome": translated(lang, MSG["outcome"]),
    }
    for minutes in (0, 601, -1, 2.5, None, True, [15]):
        response = desk.post(f"/{lang}/desk/{SLUG}/walk-ins", json=log_body(minutes=minutes))
        assert response.status_code == 422, minutes
    assert count(HelpLog) == 0


@pytest.mark.parametrize(
    "body",
    [
        log_body(key="short"),
        log_body(key="x" * 65),
        log_body(key="has spaces in the key!!"),
        {k: v for k, v in log_body().items() if k != "key"},
        ["not", "an", "object"],
        "a string",
    ],
)
def test_walk_in_sync_refuses_a_bad_key_or_body(desk, group, body):
    response = desk.post(f"/da/desk/{SLUG}/walk-ins", json=body)
    assert response.status_code == 400
    assert count(HelpLog) == 0


def test_walk_in_sync_refuses_non_json(desk, group):
    response = desk.post(f"/da/desk/{SLUG}/walk-ins", data="key=abc", content_type="text/plain")
    assert response.status_code == 400


def test_walk_in_sync_with_a_numeric_key_is_not_a_500(desk, group):
    body = log_body(key=12345678901234567)
    response = desk.post(f"/da/desk/{SLUG}/walk-ins", json=body)
    assert response.status_code in (201, 400)
    again = desk.post(f"/da/desk/{SLUG}/walk-ins", json=body)
    assert again.status_code in (200, 400)
    assert count(HelpLog) == (1 if response.status_code == 201 else 0)


def test_walk_in_sync_kinds_order_does_not_matter(desk, group):
    url = f"/da/desk/{SLUG}/walk-ins"
    body = log_body(kinds=["mitid", "eboks"])
    assert desk.post(url, json=body).status_code == 201
    assert desk.post(url, json={**body, "kinds": ["eboks", "mitid"]}).status_code == 200
    assert count(HelpLog) == 1


# --- 12. attendance ------------------------------------------------------------------------


@pytest.fixture
def todays_cafe(group, make_cafe):
    return make_cafe(group, day=date(2026, 11, 22))


def counts_of(html: str) -> dict:
    return {
        field: int(value) for field, value in re.findall(r'id="count-(\w+)">(-?\d+)</output>', html)
    }


def test_attendance_counts_up_and_down_never_below_zero(desk, todays_cafe, volunteer):
    url = f"/da/desk/{SLUG}/attendance"
    assert counts_of(text(desk.get(url))) == {"new_women": 0, "returning_women": 0, "children": 0}
    for field, step in [
        ("new_women", "1"),
        ("new_women", "1"),
        ("new_women", "1"),
        ("new_women", "-1"),
        ("children", "-1"),
        ("children", "-1"),
        ("returning_women", "1"),
    ]:
        assert desk.post(url, data={"field": field, "step": step}).status_code == 200
    page = text(desk.get(url))
    assert counts_of(page) == {"new_women": 2, "returning_women": 1, "children": 0}
    stored = db.session.scalar(select(Attendance))
    db.session.refresh(stored)
    assert (stored.cafe_id, stored.new_women, stored.returning_women, stored.children) == (
        todays_cafe.id,
        2,
        1,
        0,
    )
    assert stored.updated_by_id == volunteer.id
    assert count(Attendance) == 1


def test_attendance_htmx_answer_is_only_the_counts(desk, todays_cafe):
    response = desk.post(
        f"/da/desk/{SLUG}/attendance",
        data={"field": "children", "step": "1"},
        headers={"HX-Request": "true", "HX-Target": "counts"},
    )
    assert response.status_code == 200
    html = text(response)
    assert html.lstrip().startswith('<div id="counts"')
    assert html.rstrip().endswith("</div>")
    assert "<html" not in html and "<h1>" not in html
    assert counts_of(html)["children"] == 1


def test_attendance_refuses_an_unknown_field(desk, todays_cafe):
    url = f"/da/desk/{SLUG}/attendance"
    assert desk.post(url, data={"field": "id", "step": "1"}).status_code == 400
    assert desk.post(url, data={"field": "", "step": "1"}).status_code == 400
    assert count(Attendance) == 0


def test_attendance_without_a_cafe(desk, group, make_cafe):
    make_cafe(group, day=date(2026, 11, 26))  # only a future one
    url = f"/da/desk/{SLUG}/attendance"
    assert shown("da", "There is no café to count yet.") in text(desk.get(url))
    assert desk.post(url, data={"field": "children", "step": "1"}).status_code == 404
