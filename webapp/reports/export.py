"""One report table as a CSV file that Excel opens with æøå intact.

UTF-8 with a byte-order mark (Excel reads the file as UTF-8 only then); semicolons between
cells, as Danish Excel expects; the same masked values as the page ("<5", "≥5").
"""

import csv
import io
from datetime import date

from webapp.reports.tables import NOTES, Table, cell_text

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """A label that Excel would run as a formula is kept as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe(str(header)) for header in table.headers])
    for row in [*table.rows, *([table.total] if table.total else [])]:
        writer.writerow([_safe(cell_text(cell, grouped=False)) for cell in row])
    notes = [*table.notes, *([str(NOTES["low"])] if table.masked else [])]
    if notes:
        writer.writerow([])
        for note in notes:
            writer.writerow([_safe(note)])
    return BOM + out.getvalue()


def csv_filename(who: str, start: date, end: date, table: str) -> str:
    return f"modested-{who}-{start.isoformat()}-{end.isoformat()}-{table}.csv"
