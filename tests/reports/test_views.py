"""The report pages and CSV files: access, the period, masking, the SVG charts."""

import re

import pytest
from flask_babel import force_locale

from tests.conftest import translated
from webapp.accounts.models import Role
from webapp.reports.tables import NOTES


@pytest.fixture
def people(year_2025, make_user, make_group):
    other = make_group("andeby")
    return {
        "coordinator": make_user(Role.COORDINATOR, [year_2025], username="coordinator"),
        "volunteer": make_user(Role.VOLUNTEER, [year_2025], username="volunteer"),
        "administrator": make_user(Role.ADMINISTRATOR, [], username="administrator"),
        "other": make_user(Role.COORDINATOR, [other], username="other"),
    }


def test_the_default_period_is_last_calendar_year(client, auth, people):
    auth.login("coordinator")
    response = client.get("/da/desk/solby/report")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="2025-01-01"' in html and 'value="2025-12-31"' in html
    assert 'href="/da/desk/solby/report?start=2026-01-01&amp;end=2026-11-22"' in html
    # The 2025 figures: 5 cafés, 47 women, nobody's name.
    assert '<bdi dir="ltr">47</bdi>' in html
    assert "V1" not in html and "V2" not in html


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-13-01", "31.12.2025", "Write the first day as a date, for example 2025-01-01."),
        ("2025-06-01", "2025-05-31", "The last day cannot be before the first day."),
        ("2019-01-01", "2025-12-31", "Choose a period of at most 5 years."),
    ],
)
def test_a_bad_period_answers_422_and_keeps_what_she_typed(
    client, auth, people, start, end, message
):
    auth.login("coordinator")
    response = client.get(f"/da/desk/solby/report?start={start}&end={end}")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'value="{start}"' in html and f'value="{end}"' in html
    assert translated("da", message) in html
    assert "report-table" not in html


def test_five_years_exactly_is_allowed(client, auth, people):
    auth.login("coordinator")
    assert client.get("/da/desk/solby/report?start=2021-01-01&end=2025-12-31").status_code == 200


def test_the_csv_is_one_masked_table_for_excel(client, auth, people):
    auth.login("coordinator")
    response = client.get(
        "/da/desk/solby/report.csv?table=languages&start=2025-01-01&end=2025-12-31"
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="modested-solby-2025-01-01-2025-12-31-languages.csv"'
    )
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == f"{translated('da', 'Language')};{translated('da', 'Times')}"
    # Arabic 6, Somali 3, Tigrinya 1 out of 10: the small ones and their cover are hidden.
    assert lines[1:5] == [
        "arabisk;≥5",
        "somali;<5",
        "tigrinya;<5",
        f"{translated('da', 'Total')};10",
    ]


def test_the_page_and_the_csv_show_the_same_masked_values(client, auth, people):
    auth.login("coordinator")
    html = client.get("/da/desk/solby/report").get_data(as_text=True)
    rows = re.findall(r'<th scope="row">(\w+)</th>\s*<td[^>]*><bdi dir="ltr">([^<]+)</bdi>', html)
    assert ("somali", "&lt;5") in rows and ("arabisk", "≥5") in rows


def test_the_attendance_csv_keeps_head_counts(client, auth, people):
    auth.login("coordinator")
    body = client.get("/da/desk/solby/report.csv?table=attendance").data.decode("utf-8-sig")
    # 15 January: 6 new, 4 returning, 10 women, the goal of 12 not reached.
    assert f"Videncafé;6;4;10;{translated('da', 'No')}" in body
    assert translated("da", "The goal: %(women)s women at each café.", women="12") in body


def test_minutes_beside_a_hidden_count_are_withheld(client, auth, people):
    auth.login("coordinator")
    body = client.get("/da/desk/solby/report.csv?table=help_months").data.decode("utf-8-sig")
    lines = body.splitlines()
    assert "mar. 2025;<5;…" in lines and "dec. 2025;<5;…" in lines and "feb. 2025;0;0" in lines
    assert f"{translated('da', 'Total')};10;225" in lines
    # Each file explains the marks itself, in her language.
    with force_locale("da"):
        assert str(NOTES["low"]) in body


def test_an_unknown_table_or_the_national_one_is_not_found_for_a_group(client, auth, people):
    auth.login("coordinator")
    assert client.get("/da/desk/solby/report.csv?table=passwords").status_code == 404
    assert client.get("/da/desk/solby/report.csv?table=groups").status_code == 404


def test_a_bad_period_in_a_csv_link_answers_422(client, auth, people):
    auth.login("coordinator")
    response = client.get("/da/desk/solby/report.csv?table=cafes&start=x&end=2025-12-31")
    assert response.status_code == 422 and 'value="x"' in response.get_data(as_text=True)


def test_another_groups_report_is_not_found(client, auth, people):
    auth.login("other")
    assert client.get("/da/desk/andeby/report").status_code == 200
    assert client.get("/da/desk/solby/report").status_code == 404
    assert client.get("/da/desk/solby/report.csv?table=cafes").status_code == 404


def test_a_volunteer_cannot_see_reports(client, auth, people):
    auth.login("volunteer")
    for url in (
        "/da/desk/solby/report",
        "/da/desk/solby/report.csv?table=cafes",
        "/da/admin/report",
        "/da/admin/report.csv?table=cafes",
    ):
        assert client.get(url).status_code == 403, url


def test_the_national_report_is_for_administrators_only(client, auth, people):
    auth.login("coordinator")
    assert client.get("/da/admin/report").status_code == 403
    auth.logout()
    auth.login("administrator")
    html = client.get("/da/admin/report").get_data(as_text=True)
    assert "Bydelsmødre Solby" in html and 'id="groups-heading"' in html
    csv = client.get("/da/admin/report.csv?table=groups")
    assert (
        'filename="modested-all-groups-2025-01-01-2025-12-31-groups.csv"'
        in (csv.headers["Content-Disposition"])
    )
    assert "Bydelsmødre Solby;5;47;19;28;12;<5" in csv.data.decode("utf-8-sig")


def test_charts_are_plain_svg_titled_in_the_pages_language(client, auth, people):
    auth.login("coordinator", lang="ar")
    html = client.get("/ar/desk/solby/report").get_data(as_text=True)
    charts = re.findall(r"<svg class=\"chart\".*?</svg>", html, flags=re.S)
    assert len(charts) == 4
    for chart in charts:
        assert "<style" not in chart and "style=" not in chart and "<script" not in chart
        assert 'role="img"' in chart and 'width="100%"' in chart and 'direction="rtl"' in chart
    kinds = next(chart for chart in charts if 'id="chart-help_kinds"' in chart)
    assert (
        f'<title id="chart-help_kinds">{translated("ar", "Help given, by kind")}</title>' in kinds
    )
    assert f">{translated('ar', 'e-Boks')}<" in kinds
    assert "style=" not in html.split("<main", 1)[1]


def test_bars_grow_from_the_inline_start_side(client, auth, people):
    auth.login("coordinator")
    ltr = client.get("/da/desk/solby/report").get_data(as_text=True)
    rtl = client.get("/ar/desk/solby/report").get_data(as_text=True)
    bar = r'id="chart-cafes".*?<rect class="chart-bar" x="([\d.]+)" y="\d+" width="([\d.]+)"'
    x_ltr, width = re.search(bar, ltr, flags=re.S).groups()
    x_rtl, width_rtl = re.search(bar, rtl, flags=re.S).groups()
    assert float(x_ltr) == 4 and width == width_rtl
    assert float(x_rtl) + float(width_rtl) == 320 - 4  # ends at the right edge
