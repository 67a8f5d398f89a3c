"""Horizontal bar charts drawn on the server as inline SVG: no chart JavaScript.

The chart is a picture of a table printed beside it (the table is the accessible truth).
It scales with its box (viewBox, width 100 %), carries its title in the page's language,
and grows its bars from the inline-start side: from the right in a right-to-left language.
No <style> element and no style attribute (the page's CSP): presentation attributes and the
classes of reports.css only. A hidden count ("<5", "≥5") gets no bar, only its text, so the
bar's length cannot give it away.
"""

from markupsafe import Markup, escape

from webapp.reports.privacy import Shown
from webapp.reports.tables import Table, cell_text

WIDTH = 320
ROW = 44
LABEL_Y = 15  # baseline of a row's label
BAR_Y = 21
BAR_HEIGHT = 16
PAD = 4
VALUE_ROOM = 44  # kept free after the longest bar for its number
DIRECTION_RTL = 'direction="rtl" '


def _bar_row(label: str, cell: Shown, length: float, top: int, rtl: bool) -> list[str]:
    def x(position: float, length: float = 0) -> float:
        """Mirror a left-to-right position for right-to-left pages."""
        return round(WIDTH - position - length, 1) if rtl else round(position, 1)

    anchor = "start"  # the inline start: the right edge once direction="rtl"
    text = cell_text(cell)
    parts = [
        f'<text class="chart-label" x="{x(PAD)}" y="{top + LABEL_Y}" '
        f'text-anchor="{anchor}">{escape(label)}</text>'
    ]
    if length:
        parts.append(
            f'<rect class="chart-bar" x="{x(PAD, length)}" y="{top + BAR_Y}" '
            f'width="{round(length, 1)}" height="{BAR_HEIGHT}" rx="2" fill="#7a2e5c"/>'
        )
    parts.append(
        # Numbers and "<5" read left to right in every language, as in the tables.
        f'<text class="chart-value{"" if cell.exact else " chart-hidden"}" '
        f'x="{x(PAD + length + PAD)}" y="{top + BAR_Y + BAR_HEIGHT - 3}" '
        f'direction="ltr" unicode-bidi="embed" text-anchor="{"end" if rtl else "start"}">'
        f"{escape(text)}</text>"
    )
    return parts


def bar_chart(table: Table, rtl: bool = False) -> Markup:
    """The chart of `table`'s chart column, one bar per row (the total row is not drawn)."""
    column = table.chart_column
    entries = [(str(row[0]), row[column]) for row in table.rows if isinstance(row[column], Shown)]
    largest = max((cell.value for _label, cell in entries if cell.exact), default=0) or 1
    usable = WIDTH - 2 * PAD - VALUE_ROOM
    chart_id = f"chart-{table.name}"
    height = ROW * len(entries) + PAD
    body = []
    for index, (label, cell) in enumerate(entries):
        length = usable * cell.value / largest if cell.exact and cell.value else 0
        body += _bar_row(label, cell, length, index * ROW, rtl)
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{chart_id}" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f"{DIRECTION_RTL if rtl else ''}"
        f'preserveAspectRatio="xMinYMin meet" focusable="false">'
        f'<title id="{chart_id}">{escape(table.title)}</title>' + "".join(body) + "</svg>"
    )
