"""Report queries without HTTP, on the fixed data set of conftest.year_2025, and period edges."""

from datetime import date, datetime, time, timedelta

from tests.conftest import COPENHAGEN
from tests.reports.conftest import utc
from webapp.reports.queries import report_for, utc_bounds

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def test_cafes_held_by_kind_leave_out_cancelled_and_other_years(year_2025):
    report = report_for([year_2025], *YEAR, COPENHAGEN)
    assert report.cafes_by_kind == {"knowledge": 1, "social": 1, "conversation": 3}
    assert report.cafes_held == 5


def test_attendance_per_cafe_against_the_goal(year_2025):
    report = report_for([year_2025], *YEAR, COPENHAGEN)
    rows = [
        (c.day, c.kind, c.counted, c.new, c.returning, c.women, c.met_goal) for c in report.cafes
    ]
    assert rows == [
        (date(2025, 1, 15), "knowledge", True, 6, 4, 10, False),
        (date(2025, 3, 12), "conversation", True, 3, 9, 12, True),
        (date(2025, 6, 20), "social", True, 8, 12, 20, True),
        (date(2025, 11, 5), "conversation", False, 0, 0, 0, None),
        (date(2025, 12, 31), "conversation", True, 2, 3, 5, False),
    ]
    assert (report.new, report.returning, report.women, report.children) == (19, 28, 47, 13)
    assert report.average_women == 11.8  # 47 women at the 4 counted cafés
    assert (report.cafes_meeting_goal, report.cafes_with_goal) == (2, 4)


def test_help_by_kind_counts_a_two_kind_log_for_each_kind(year_2025):
    report = report_for([year_2025], *YEAR, COPENHAGEN)
    assert report.help_by_kind == {"eboks": 9, "phone": 3, "mitid": 1}
    assert report.minutes_by_kind == {"eboks": 210, "phone": 90, "mitid": 15}
    assert report.sessions == 10
    assert report.help_minutes == 225


def test_help_by_month_has_every_month_of_the_period(year_2025):
    report = report_for([year_2025], *YEAR, COPENHAGEN)
    assert list(report.help_by_month) == [date(2025, month, 1) for month in range(1, 13)]
    assert {m.month: n for m, n in report.help_by_month.items() if n} == {1: 6, 3: 3, 12: 1}
    assert report.minutes_by_month[date(2025, 12, 1)] == 15


def test_languages_outcomes_walk_ins_and_requests(year_2025):
    report = report_for([year_2025], *YEAR, COPENHAGEN)
    assert report.help_by_language == {"ar": 6, "so": 3, "ti": 1}
    assert report.outcomes == {"solved": 6, "referred": 3, "follow_up": 1}
    assert (report.walk_ins, report.for_requests) == (7, 3)
    assert (report.requests_received, report.requests_withdrawn) == (4, 1)


def test_volunteers_active_and_hours_given(year_2025):
    report = report_for([year_2025], *YEAR, COPENHAGEN)
    # v1, v2, v3 at held cafés, v5 by her log; v4 only at the cancelled café.
    assert report.volunteers_active == 4
    # 2 h × 2 (January) + 2 h × 1 (March) + 3 h × 2 (June) + 2 h × 1 (New Year's Eve).
    assert report.cafe_minutes == 240 + 120 + 360 + 120
    assert report.hours_given == round((840 + 225) / 60, 1)


def test_a_national_report_adds_up_the_groups(year_2025, make_group, make_cafe, count_women):
    other = make_group("stjerneby", attendance_goal=None)
    cafe = make_cafe(other, day=date(2025, 5, 5))
    count_women(cafe, 5, 5)
    report = report_for([year_2025, other], *YEAR, COPENHAGEN)
    assert report.cafes_held == 6
    assert [(row.name, row.cafes, row.women, row.volunteers) for row in report.per_group] == [
        ("Bydelsmødre Solby", 5, 47, 4),
        (other.name, 1, 10, 0),
    ]


# Period edges -------------------------------------------------------------------------


def test_a_cafe_across_midnight_counts_on_the_day_it_starts(year_2025):
    in_2026 = report_for([year_2025], date(2026, 1, 1), date(2026, 12, 31), COPENHAGEN)
    assert in_2026.cafes_held == 0  # the café of 31 Dec 2025, 23:30-01:30, stays in 2025
    in_2024 = report_for([year_2025], date(2024, 1, 1), date(2024, 12, 31), COPENHAGEN)
    assert in_2024.cafes_held == 1 and in_2024.women == 80


def test_a_cafe_at_half_past_midnight_on_new_years_day_is_in_the_new_year(make_group, make_cafe):
    group = make_group()
    cafe = make_cafe(group, day=date(2026, 1, 1), start=time(0, 30), end=time(2))
    assert cafe.starts_at == datetime(2025, 12, 31, 23, 30)  # still 2025 in UTC
    assert report_for([group], date(2025, 1, 1), date(2025, 12, 31), COPENHAGEN).cafes_held == 0
    assert report_for([group], date(2026, 1, 1), date(2026, 12, 31), COPENHAGEN).cafes_held == 1


def test_help_just_before_and_after_local_midnight_at_the_end(year_2025):
    report = report_for([year_2025], date(2025, 12, 31), date(2025, 12, 31), COPENHAGEN)
    # 23:59 on 31 Dec counts; 00:00:30 on 1 Jan (23:00:30 UTC on 31 Dec) does not.
    assert report.sessions == 1 and report.help_by_kind == {"mitid": 1}


def test_local_days_become_utc_bounds_of_23_and_25_hours():
    spring = utc_bounds(date(2026, 3, 29), date(2026, 3, 29), COPENHAGEN)
    autumn = utc_bounds(date(2026, 10, 25), date(2026, 10, 25), COPENHAGEN)
    assert spring == (datetime(2026, 3, 28, 23), datetime(2026, 3, 29, 22))
    assert autumn == (datetime(2026, 10, 24, 22), datetime(2026, 10, 25, 23))
    assert spring[1] - spring[0] == timedelta(hours=23)
    assert autumn[1] - autumn[0] == timedelta(hours=25)


def test_the_autumn_dst_day_keeps_its_late_cafe(make_group, make_cafe):
    group = make_group()
    make_cafe(group, day=date(2026, 10, 25), start=time(0, 30), end=time(1, 30))
    make_cafe(group, day=date(2026, 10, 25), start=time(23, 30), end=time(23, 50))
    make_cafe(group, day=date(2026, 10, 26), start=time(0, 30), end=time(1, 30))
    day = report_for([group], date(2026, 10, 25), date(2026, 10, 25), COPENHAGEN)
    assert [cafe.starts_at for cafe in day.cafes] == [
        utc(datetime(2026, 10, 25, 0, 30)),  # 22:30 UTC the day before (summer time)
        utc(datetime(2026, 10, 25, 23, 30)),  # 22:30 UTC (winter time)
    ]


def test_the_spring_dst_day_ends_an_hour_early_in_utc(make_group, make_cafe, log_help):
    group = make_group()
    make_cafe(group, day=date(2026, 3, 29), start=time(23, 30), end=time(23, 50))
    make_cafe(group, day=date(2026, 3, 30), start=time(0, 30), end=time(1, 30))  # 22:30 UTC
    log_help(group, datetime(2026, 3, 29, 23, 45))
    log_help(group, datetime(2026, 3, 30, 0, 15))
    day = report_for([group], date(2026, 3, 29), date(2026, 3, 29), COPENHAGEN)
    assert day.cafes_held == 1 and day.cafes[0].day == date(2026, 3, 29)
    assert day.sessions == 1
