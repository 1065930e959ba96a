"""Report → XLSX (openpyxl), following the GSS guidance on releasing statistics in spreadsheets:
a cover sheet, a notes sheet, then one table per sheet (one sheet per section: summary, data
quality, comparison, trend, funnel, baseline, commentary), each starting with its title, numbers
stored as numbers and GSS symbols (c, z, :) as text explained in the notes."""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as SheetTable
from openpyxl.worksheet.table import TableStyleInfo

from bairn.reports.model import Column, IndicatorSection, Report, Table, as_number, is_symbol
from bairn.workbook import workbook_bytes

SECTION_SHEETS = (
    "Comparison", "Categories", "Trend", "Funnel", "Special causes", "Baseline", "Voices",
)  # fmt: skip
SYMBOL_NOTES = [
    (
        "c",
        "Confidential: suppressed to protect individuals (a small count, or a cell "
        "suppressed so that a small count cannot be worked out).",
    ),
    ("z", "Not applicable."),
    (":", "Not available (for example, no value because the denominator is zero)."),
]
_UNIT = re.compile(r" \((%|per 1,000 children|days|number|ratio)\)$")


def _format(column: Column, decimals: int | None = None) -> str:
    if column.kind == "count":
        return "#,##0"
    if column.kind == "p":
        return "0.000"
    d = column.decimals if decimals is None else decimals
    return "0" if d == 0 else "0." + "0" * d


def _value(value: object) -> object:
    if is_symbol(value):
        return value
    number = as_number(value)
    if number is not None:
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if value is None or (isinstance(value, float) and value != value):
        return ":"
    return str(value)


class _Sheet:
    def __init__(self, wb: Workbook, title: str, caption: str, headers: list[str]) -> None:
        self.ws = wb.create_sheet(title)
        self.ws["A1"] = caption
        self.ws["A1"].font = Font(bold=True, size=13)
        self.ws["A2"] = "This sheet contains one table. Symbols (c, z, :) are explained in Notes."
        self.headers = headers
        self.ws.append([])
        self.ws.append(headers)
        for cell in self.ws[4]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.rows = 0

    def append(self, values: list[object], formats: list[str | None]) -> None:
        self.ws.append([_value(v) for v in values])
        row = self.ws.max_row
        for i, fmt in enumerate(formats, start=1):
            if fmt:
                self.ws.cell(row=row, column=i).number_format = fmt
        self.rows += 1

    def finish(self, name: str) -> None:
        ws = self.ws
        for i, header in enumerate(self.headers, start=1):
            width = max(
                [len(str(header))]
                + [len(str(c.value or "")) for c in ws[get_column_letter(i)][4:60]]
            )
            ws.column_dimensions[get_column_letter(i)].width = min(max(10, width + 2), 60)
        if self.rows:
            ref = f"A4:{get_column_letter(len(self.headers))}{4 + self.rows}"
            table = SheetTable(displayName=name, ref=ref)
            table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
            ws.add_table(table)
        ws.freeze_panes = "A5"


def _plain_table(wb: Workbook, title: str, table: Table, name: str) -> None:
    sheet = _Sheet(wb, title, table.caption, [c.name for c in table.columns])
    for r, row in enumerate(table.rows):
        dec = table.row_decimals[r] if table.row_decimals else None
        formats = [
            _format(c, dec) if c.kind not in ("text", "flag") else None for c in table.columns
        ]
        sheet.append(list(row), formats)
    sheet.finish(name)


def _section_tables(section: IndicatorSection) -> list[Table]:
    out = []
    for block in section.blocks:
        out.append(block if isinstance(block, Table) else block.table)
    return out


def render_xlsx(report: Report) -> bytes:
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["A1"] = report.title
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([report.subtitle])
    cover.append([report.audience_line])
    if report.marking:
        cover.append([report.marking])
        cover.cell(row=cover.max_row, column=1).font = Font(bold=True)
    cover.append([])
    for label, value in report.facts:
        cover.append([label, value])
    cover.append([])
    cover.append(["What stands out"])
    cover.cell(row=cover.max_row, column=1).font = Font(bold=True)
    for point in report.summary:
        cover.append([point.text])
        for item in point.items:
            cover.append(["", item])
    cover.column_dimensions["A"].width = 32
    cover.column_dimensions["B"].width = 90

    notes = wb.create_sheet("Notes")
    notes.append(["Note", "Text"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for symbol, text in SYMBOL_NOTES:
        notes.append([f"Symbol {symbol}", text])
    notes.append(["Disclosure control", report.footnote])
    notes.append(["Audience", report.audience_line])
    for i, text in enumerate(report.method_notes + report.quality_notes, start=1):
        notes.append([f"Note {i}", text])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 120

    _plain_table(wb, "Summary", report.summary_table, "summary")
    for i, table in enumerate(report.quality, start=1):
        _plain_table(wb, f"Data quality {i}", table, f"data_quality_{i}")

    for sheet_name in SECTION_SHEETS:
        tables = [
            (s, t) for s in report.sections for t in _section_tables(s) if t.sheet == sheet_name
        ]
        if not tables:
            continue
        first = tables[0][1]
        headers = ["Indicator id", "Indicator", "Unit"] + [
            _UNIT.sub("", c.name) for c in first.columns
        ]
        sheet = _Sheet(wb, sheet_name, f"{sheet_name}: every indicator", headers)
        for section, table in tables:
            formats = [None, None, None] + [
                _format(c) if c.kind not in ("text", "flag") else None for c in table.columns
            ]
            for row in table.rows:
                sheet.append(
                    [section.indicator_id, section.title, section.unit_label, *row], formats
                )
        sheet.finish(sheet_name.lower().replace(" ", "_"))

    commentary = _Sheet(
        wb,
        "Commentary",
        "Scrutiny questions and the committee's commentary",
        ["Indicator id", "Indicator", "Scrutiny questions", "Commentary"],
    )
    for s in report.sections:
        questions = "\n".join(f"{i}. {q}" for i, q in enumerate(s.questions, start=1))
        commentary.append([s.indicator_id, s.title, questions, s.commentary or ""], [None] * 4)
    commentary.finish("commentary")
    wb.properties.creator = "Bairn"
    return workbook_bytes(wb, report.dated)
