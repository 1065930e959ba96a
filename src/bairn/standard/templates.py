"""Empty templates a CPC analyst can fill in: one CSV per table and one XLSX workbook with a sheet
per table (code fields carry drop-down lists from the code lists)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bairn.standard.model import Standard, load_standard
from bairn.workbook import workbook_bytes

WORKBOOK_NAME = "bairn-extract-template.xlsx"
CODES_SHEET = "_codes"  # hidden sheet holding the drop-down lists; readers skip "_" sheets
FIXED_TIME = dt.datetime(2025, 4, 1)  # fixed document dates so regenerated files are identical


def write_templates(
    out: Path, version: str | None = None, standard: Standard | None = None
) -> list[Path]:
    s = standard or load_standard()
    version = s.check_version(version)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for t in s.tables_in(version):
        path = out / f"{t.name}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, lineterminator="\n").writerow(t.field_names(version))
        written.append(path)
    written.append(_write_workbook(out / WORKBOOK_NAME, s, version))
    return written


def _write_workbook(path: Path, s: Standard, version: str) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    codes = wb.create_sheet(CODES_SHEET)
    codes.sheet_state = "hidden"
    code_ranges = {}
    for col, cl in enumerate(s.codelists.values(), start=1):
        letter = get_column_letter(col)
        codes.cell(row=1, column=col, value=cl.name)
        for row, code in enumerate(cl.values, start=2):
            codes.cell(row=row, column=col, value=code)
        code_ranges[cl.name] = f"'{CODES_SHEET}'!${letter}$2:${letter}${len(cl.values) + 1}"
    for t in s.tables_in(version):
        ws = wb.create_sheet(t.name, index=len(wb.sheetnames) - 1)
        for col, f in enumerate(t.fields(version), start=1):
            ws.cell(row=1, column=col, value=f.name)
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = max(14, len(f.name) + 2)
            if f.codelist:
                dv = DataValidation(type="list", formula1=code_ranges[f.codelist], allow_blank=True)
                dv.error = f"Use a code from the {f.codelist} code list."
                dv.add(f"{letter}2:{letter}100000")
                ws.add_data_validation(dv)
            elif f.type == "date":
                for cell in (f"{letter}{r}" for r in range(2, 3)):
                    ws[cell].number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
    wb.properties.creator = "Bairn"
    path.write_bytes(workbook_bytes(wb, FIXED_TIME))
    return path
