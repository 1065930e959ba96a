"""An openpyxl workbook as bytes that depend only on its contents and a stated date.

`Workbook.save` stamps the document's modified date with the clock, and the zip entries carry
the time of writing, so the same workbook written twice a second apart would differ. Here the
writer is called directly, with the document dated `when`, and every zip entry re-dated.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest date a zip entry can carry


def workbook_bytes(wb: Workbook, when: dt.datetime) -> bytes:
    """The workbook's XLSX bytes, created and modified at `when` (naive UTC, to the second)."""
    when = when.replace(microsecond=0, tzinfo=None)
    wb.properties.created = when
    wb.properties.modified = when
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as written,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dated,
    ):
        for entry in written.infolist():
            item = zipfile.ZipInfo(entry.filename, date_time=max(when, ZIP_EPOCH).timetuple()[:6])
            item.compress_type = zipfile.ZIP_DEFLATED
            dated.writestr(item, written.read(entry.filename))
    return out.getvalue()
