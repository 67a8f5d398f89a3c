"""Report views: the page (also the printable version, with its charts) and the CSV files."""

from flask import Response, abort, request, url_for
from flask_login import current_user

from webapp.accounts.access import group_for, role_required
from webapp.accounts.models import Role
from webapp.accounts.service import visible_groups
from webapp.htmx import render
from webapp.i18n import current_language, format_day, local_today, local_zone
from webapp.reports import bp
from webapp.reports.charts import bar_chart
from webapp.reports.export import csv_filename, csv_text
from webapp.reports.forms import check_period, last_year, this_year
from webapp.reports.queries import report_for
from webapp.reports.tables import NOTES, cell_text, tables_for


def _quick_links(endpoint: str, **values) -> list[tuple[str, str]]:
    today = local_today()
    return [
        (name, url_for(endpoint, start=start.isoformat(), end=end.isoformat(), **values))
        for name, (start, end) in (("last", last_year(today)), ("this", this_year(today)))
    ]


def _page(groups, group=None):
    endpoint = "reports.group_report" if group else "reports.national_report"
    values = {"slug": group.slug} if group else {}
    data, errors = check_period(request.args, local_today())
    context = {
        "group": group,
        "data": data,
        "errors": errors,
        "quick_links": _quick_links(endpoint, **values),
        "csv_endpoint": "reports.group_csv" if group else "reports.national_csv",
        "csv_values": values,
        "printed_on": local_today(),
        "cell_text": cell_text,
        "format_day": format_day,
        "low_note": NOTES["low"],
    }
    if errors:
        return render("reports/report.html", status=422, tables=[], charts={}, **context)
    report = report_for(groups, data["from"], data["to"], local_zone())
    tables = tables_for(report, national=group is None)
    rtl = current_language().direction == "rtl"
    charts = {table.name: bar_chart(table, rtl) for table in tables if table.chart_column}
    return render("reports/report.html", tables=tables, charts=charts, **context)


def _csv(groups, group=None):
    """One table as CSV; a bad period answers like the page (422, what she typed kept)."""
    data, errors = check_period(request.args, local_today())
    if errors:
        return _page(groups, group)
    report = report_for(groups, data["from"], data["to"], local_zone())
    by_name = {table.name: table for table in tables_for(report, national=group is None)}
    table = by_name.get(request.args.get("table") or "cafes") or abort(404)
    who = group.slug if group else "all-groups"
    filename = csv_filename(who, data["from"], data["to"], table.name)
    response = Response(csv_text(table), mimetype="text/csv")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<lang:lang>/desk/<group:slug>/report")
@role_required(Role.COORDINATOR)
def group_report(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    return _page([group], group)


@bp.get("/<lang:lang>/desk/<group:slug>/report.csv")
@role_required(Role.COORDINATOR)
def group_csv(lang, slug):
    group = group_for(slug, Role.COORDINATOR)
    return _csv([group], group)


@bp.get("/<lang:lang>/admin/report")
@role_required(Role.ADMINISTRATOR)
def national_report(lang):
    return _page(visible_groups(current_user))


@bp.get("/<lang:lang>/admin/report.csv")
@role_required(Role.ADMINISTRATOR)
def national_csv(lang):
    return _csv(visible_groups(current_user))
