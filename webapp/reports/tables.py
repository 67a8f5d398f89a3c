"""A report as the tables the page, the charts and the CSV files show: labelled in the
page's language and already masked by the "<5" rule, so no output can show more than another.
"""

from dataclasses import dataclass, field

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.helpdesk.models import Outcome
from webapp.helpdesk.presenters import OUTCOME_LABELS, short_kind
from webapp.i18n import select_locale
from webapp.reports.privacy import (
    COMPLEMENT_TEXT,
    LOW_TEXT,
    WITHHELD_TEXT,
    Shown,
    beside,
    exact,
    mask,
    protect_line,
)
from webapp.reports.queries import Report
from webapp.schedule.presenters import kind_label

TABLE_TITLES = {
    "cafes": _l("Cafés held, by kind"),
    "attendance": _l("Women at each café"),
    "help_kinds": _l("Help given, by kind"),
    "help_months": _l("Help given, by month"),
    "languages": _l("Languages used when helping"),
    "outcomes": _l("How the help ended"),
    "requests": _l("Walk-ins and requests"),
    "volunteers": _l("Volunteers and hours given"),
    "groups": _l("Cafés and women, by group"),
}
NOTES = {
    "low": _l(
        "“<5” means 1 to 4: small numbers are hidden, so that nobody can be recognised. "
        "“≥5” means 5 or more: hidden as well, so a hidden number cannot be worked out "
        "from the total. “…”: not shown, because the number of times beside it is hidden."
    ),
    "two_kinds": _l(
        "Help with two kinds of problem counts once for each kind, so this table adds up "
        "to more than the help given."
    ),
    "headcounts": _l(
        "These are head counts at open cafés, not help to one person, so they are shown as counted."
    ),
    "not_counted": _l("“–”: nobody counted who came."),
    "hours": _l(
        "Hours given = the minutes of help the volunteers logged, plus the length of each "
        "café that was held, once for each responsible mother. Help given at a café by one "
        "of its responsible mothers is in both."
    ),
    "volunteers": _l(
        "Active volunteers: everyone who logged help or was responsible at a café that was "
        "held in the period, each counted once."
    ),
}


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)  # label(s), then Shown (or None for "–")
    total: list | None = None
    notes: list[str] = field(default_factory=list)
    chart_column: int | None = None  # which column the bar chart draws
    masked: bool = False  # may show "<5": the page explains it once, each CSV file itself


def language_label(code: str) -> str:
    """A language's name in the page's language ("arabisk" on a Danish page)."""
    try:
        return Locale.parse(code).get_display_name(select_locale()) or code
    except (ValueError, LookupError):
        return code


def month_label(month) -> str:
    return format_skeleton("yMMM", month, locale=select_locale())


def day_label(day) -> str:
    return format_skeleton("yMMMd", day, locale=select_locale())


def _line_rows(counts: dict, label) -> tuple[list[list], Shown]:
    shown = protect_line(counts)
    rows = [[label(key), shown[key]] for key in counts]
    return rows, mask(sum(counts.values()))


def cafes_table(report: Report) -> Table:
    return Table(
        "cafes",
        str(TABLE_TITLES["cafes"]),
        [_("Kind"), _("Cafés")],
        rows=[[kind_label(kind), exact(count)] for kind, count in report.cafes_by_kind.items()],
        total=[_("Total"), exact(report.cafes_held)],
        chart_column=1,
    )


def attendance_table(report: Report, with_group: bool) -> Table:
    headers = [_("Date"), _("Kind"), _("New women"), _("Women who came before"), _("Women")]
    headers = ([_("Group")] if with_group else []) + headers + [_("Goal reached")]
    rows = []
    for cafe in report.cafes:
        counts = (
            [exact(cafe.new), exact(cafe.returning), exact(cafe.women)]
            if cafe.counted
            else [None, None, None]
        )
        goal = None if cafe.met_goal is None else _("Yes") if cafe.met_goal else _("No")
        rows.append(
            ([cafe.group] if with_group else [])
            + [day_label(cafe.day), kind_label(cafe.kind), *counts, goal]
        )
    kind_columns = ["", ""] if with_group else [""]  # "Total" fills the first column
    total = [_("Total"), *kind_columns, exact(report.new), exact(report.returning)]
    total += [exact(report.women), ""]
    notes = [str(NOTES["headcounts"]), str(NOTES["not_counted"])]
    goals = {cafe.goal for cafe in report.cafes if cafe.goal is not None}
    if len(goals) == 1:
        notes.insert(0, _("The goal: %(women)s women at each café.", women=_number(goals.pop())))
    if report.average_women is not None:
        notes.insert(
            0, _("On average %(women)s women came to a café.", women=_number(report.average_women))
        )
    if report.cafes_with_goal:
        notes.insert(
            1,
            _(
                "The goal was reached at %(reached)s of %(cafes)s counted cafés.",
                reached=_number(report.cafes_meeting_goal),
                cafes=_number(report.cafes_with_goal),
            ),
        )
    return Table("attendance", str(TABLE_TITLES["attendance"]), headers, rows, total, notes)


def help_kinds_table(report: Report) -> Table:
    shown = protect_line(report.help_by_kind)
    rows = [
        [short_kind(kind), shown[kind], beside(shown[kind], report.minutes_by_kind[kind])]
        for kind in report.help_by_kind
    ]
    return Table(
        "help_kinds",
        str(TABLE_TITLES["help_kinds"]),
        [_("Kind"), _("Times"), _("Minutes")],
        rows,
        notes=[str(NOTES["two_kinds"])],
        masked=True,
        chart_column=1,
    )


def help_months_table(report: Report) -> Table:
    shown = protect_line(report.help_by_month)
    rows = [
        [month_label(month), shown[month], beside(shown[month], report.minutes_by_month[month])]
        for month in report.help_by_month
    ]
    return Table(
        "help_months",
        str(TABLE_TITLES["help_months"]),
        [_("Month"), _("Times"), _("Minutes")],
        rows,
        total=[_("Total"), mask(report.sessions), exact(report.help_minutes)],
        masked=True,
        chart_column=1,
    )


def languages_table(report: Report) -> Table:
    rows, total = _line_rows(report.help_by_language, language_label)
    return Table(
        "languages",
        str(TABLE_TITLES["languages"]),
        [_("Language"), _("Times")],
        rows,
        total=[_("Total"), total],
        masked=True,
        chart_column=1,
    )


def outcomes_table(report: Report) -> Table:
    rows, total = _line_rows(
        report.outcomes, lambda outcome: str(OUTCOME_LABELS[Outcome(outcome)][1])
    )
    return Table(
        "outcomes",
        str(TABLE_TITLES["outcomes"]),
        [_("How it ended"), _("Times")],
        rows,
        total=[_("Total"), total],
        masked=True,
    )


def requests_table(report: Report) -> Table:
    counts = {"walk_ins": report.walk_ins, "for_requests": report.for_requests}
    labels = {
        "walk_ins": _("Help without a request (walk-in)"),
        "for_requests": _("Help for a request sent from a phone"),
    }
    rows, total = _line_rows(counts, labels.get)
    rows += [
        [_("Requests sent from a phone"), mask(report.requests_received)],
        [_("Requests withdrawn by the woman"), mask(report.requests_withdrawn)],
    ]
    return Table(
        "requests",
        str(TABLE_TITLES["requests"]),
        [_("What"), _("Times")],
        rows,
        total=None,
        notes=[_("All help given: %(count)s", count=cell_text(total))],
        masked=True,
    )


def volunteers_table(report: Report) -> Table:
    hours = [
        [_("Volunteers active"), mask(report.volunteers_active)],
        [_("Hours of help logged"), exact(round(report.help_minutes / 60, 1))],
        [_("Hours at cafés (responsible mothers)"), exact(round(report.cafe_minutes / 60, 1))],
        [_("Hours given in all"), exact(report.hours_given)],
    ]
    return Table(
        "volunteers",
        str(TABLE_TITLES["volunteers"]),
        [_("What"), _("Number")],
        hours,
        notes=[str(NOTES["volunteers"]), str(NOTES["hours"])],
        masked=True,
    )


def groups_table(report: Report) -> Table:
    rows = [
        [
            row.name,
            exact(row.cafes),
            exact(row.women),
            exact(row.new),
            exact(row.returning),
            exact(row.goal) if row.goal is not None else None,
            mask(row.volunteers),
        ]
        for row in report.per_group
    ]
    return Table(
        "groups",
        str(TABLE_TITLES["groups"]),
        [
            _("Group"),
            _("Cafés"),
            _("Women"),
            _("New women"),
            _("Women who came before"),
            _("Goal"),
            _("Volunteers active"),
        ],
        rows,
        total=[
            _("Total"),
            exact(report.cafes_held),
            exact(report.women),
            exact(report.new),
            exact(report.returning),
            "",
            mask(report.volunteers_active),
        ],
        notes=[str(NOTES["headcounts"])],
        masked=True,
    )


def tables_for(report: Report, national: bool = False) -> list[Table]:
    tables = [
        cafes_table(report),
        attendance_table(report, with_group=national),
        help_kinds_table(report),
        help_months_table(report),
        languages_table(report),
        outcomes_table(report),
        requests_table(report),
        volunteers_table(report),
    ]
    if national:
        tables.insert(1, groups_table(report))
    return tables


TABLE_NAMES = tuple(TABLE_TITLES)


def _number(value, grouped: bool = True) -> str:
    return format_decimal(value, locale=select_locale(), group_separator=grouped)


def cell_text(cell, grouped: bool = True) -> str:
    """What a cell shows: a label as it is, a number in the page's language, "<5", "≥5",
    or "–" when there is nothing to show."""
    if cell is None:
        return "–"
    if not isinstance(cell, Shown):
        return str(cell)
    if cell.hidden == "low":
        return LOW_TEXT
    if cell.hidden == "complement":
        return COMPLEMENT_TEXT
    if cell.hidden == "withheld":
        return WITHHELD_TEXT
    return _number(cell.value, grouped)
