"""Shorter forms of a table for the page: fewer columns (the on-page table of a funnel plot),
fewer rows (the PDF's brief table). The XLSX always has the full table."""

from __future__ import annotations

from bairn.reports.model import Table

OUTSIDE = ("Above the 99.8% limit", "Below the 99.8% limit")  # blocks.POSITION's words


def funnel_brief(display: Table) -> Table:
    """The funnel table for print: Scotland, the highlighted area and the areas outside the
    99.8% limits (allowing for overdispersion when the areas are overdispersed, as the summary
    does), the rows a committee reads the chart for; the HTML report and the XLSX keep every
    area and both positions."""
    adjusted = len(display.columns) > 4  # the display has "Allowing for overdispersion"
    position = 4 if adjusted else 3
    keep = [
        i
        for i, row in enumerate(display.rows)
        if i == 0 or i in display.emphasise or row[position] in OUTSIDE
    ]
    left = len(display.rows) - len(keep)
    columns = [*display.columns[:3], display.columns[position]]
    caption = display.caption + (" (allowing for overdispersion)" if adjusted else "")
    if left:
        caption += (
            f": Scotland, this area and the areas outside the 99.8% limits; {left} more "
            "within them or suppressed are in the HTML report and the XLSX (sheet Funnel)"
        )
    return Table(
        display.id,
        caption,
        columns,
        [[*display.rows[i][:3], display.rows[i][position]] for i in keep],
        emphasise={n for n, i in enumerate(keep) if i in display.emphasise},
        sheet=display.sheet,
    )


def select_columns(table: Table, keep: list[int]) -> Table:
    """The same rows with fewer columns (the page shows what the chart draws; XLSX has all)."""
    return Table(
        table.id,
        table.caption,
        [table.columns[i] for i in keep],
        [[row[i] for i in keep] for row in table.rows],
        notes=list(table.notes),
        emphasise=set(table.emphasise),
        sheet=table.sheet,
        row_decimals=list(table.row_decimals),
    )
