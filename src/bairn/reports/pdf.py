"""Report → PDF with Typst: A4, a contents list with page numbers, the report's title at the
head and its audience and page number at the foot of every page, bookmarks from the headings,
and PDF/UA-1 (tagged) output.

The report model goes to `templates/report.typ` as JSON, every cell already written by
`model.cell_text`, so the PDF reads exactly as the HTML report does. Typst, not WeasyPrint:
it lays out and writes a report about ten times faster (docs/reports.md, "Performance").
Other documents written as HTML (programme reviews) still go through WeasyPrint:
`html_to_pdf`.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

from bairn.errors import BairnError
from bairn.reports.model import Chart, IndicatorSection, Report, Table, cell_text

TEMPLATE = Path(__file__).parent / "templates" / "report.typ"
PDF_VARIANT = "pdf/ua-1"


# A table whose text would not fit the page on one line per cell gets column widths: each
# number column as wide as its longest number or header word, the text columns sharing the rest
# in proportion to their text. Typst's own sizing of such a table keeps long headers over short
# numbers whole and squeezes the text (an indicator's name to a word a line).
PAGE_WIDTH_PT = 516  # A4 less the side margins
CHAR_PT, BOLD_PT, CELL_PT, LONGEST = 4.0, 4.6, 7.0, 36  # at 7.5 pt; cell insets; text cap
NUMBERS_SHARE = 0.7  # at most this share of the width for the number columns


def _widths(header: list[str], numeric: list[bool], rows: list[list[str]]) -> list[dict] | None:
    longest = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    if sum(n * CHAR_PT + CELL_PT for n in longest) <= PAGE_WIDTH_PT:
        return None  # fits: Typst makes each column as wide as its longest cell
    widths = []
    for i, head in enumerate(header):
        word = max(len(w) for w in head.split()) if head.strip() else 1
        if numeric[i]:
            cells = max([len(r[i]) for r in rows], default=1)
            widths.append({"pt": max(word * BOLD_PT, cells * CHAR_PT) + CELL_PT})
        else:
            text = max([min(len(r[i]), LONGEST) for r in rows], default=1)
            widths.append({"fr": float(max(word, text, 4))})
    if sum(w.get("pt", 0) for w in widths) > NUMBERS_SHARE * PAGE_WIDTH_PT:
        return None  # too many numbers to leave the text room: Typst's sizing is the lesser ill
    return widths


def _table(table: Table) -> dict:
    per_row = table.row_decimals
    header = [c.name for c in table.columns]
    numeric = [c.numeric for c in table.columns]
    rows = [
        [
            cell_text(value, column, per_row[i] if per_row else None)
            for value, column in zip(row, table.columns, strict=True)
        ]
        for i, row in enumerate(table.rows)
    ]
    return {
        "caption": table.caption,
        "columns": header,
        "widths": _widths(header, numeric, rows),
        "numeric": numeric,
        "rows": rows,
        "emphasise": sorted(table.emphasise),
        "notes": list(table.notes),
    }


def _block(block: Table | Chart) -> dict:
    if isinstance(block, Chart):
        return {
            "kind": "chart",
            "svg": block.svg,
            "alt": f"{block.title}. {block.description}",
            "description": block.description,
            "table": _table(block.print_table),  # the brief one: HTML and XLSX have every row
        }
    return {"kind": "table", "table": _table(block)}


def _section(section: IndicatorSection) -> dict:
    return {
        "title": section.title,
        "definition": section.definition,
        "why": section.why,
        "numerator": section.numerator,
        "denominator": section.denominator,
        "unit_label": section.unit_label,
        "blocks": [_block(b) for b in section.blocks],
        "notes": list(section.notes),
        "questions": list(section.questions),
        "commentary": section.commentary_paragraphs,
    }


def report_document(report: Report) -> dict:
    """What the Typst template reads: the report with every cell as the reader sees it."""
    return {
        "title": report.title,
        "subtitle": report.subtitle,
        "audience_line": report.audience_line,
        "marking": report.marking,
        "footnote": report.footnote,
        "facts": [[label, value] for label, value in report.facts],
        "summary": [{"text": p.text, "items": list(p.items)} for p in report.summary],
        "summary_table": _table(report.summary_table),
        "quality_notes": list(report.quality_notes),
        "quality": [_table(t) for t in report.quality],
        "groups": [
            {"title": g.title, "sections": [_section(s) for s in g.sections]} for g in report.groups
        ],
        "method_notes": list(report.method_notes),
    }


# Typst memoises its work in a process-wide cache and drops what the last 10 compilations did
# not use; a report's entries would otherwise stay resident (measured: about 125 MB a report,
# 1.3 GB in a process that has written ten, such as the web server's task thread). Compiling
# more than ten empty documents after each report ages them out, for about 15 ms.
_AGE_OUT = 11


@cache
def _compiler():
    import typst

    return typst.Compiler()


def _seconds(when: dt.datetime) -> int:
    return int(when.replace(tzinfo=dt.UTC).timestamp())


def render_pdf(report: Report) -> bytes:
    """The report's PDF bytes."""
    import typst

    document = json.dumps(report_document(report), ensure_ascii=False)
    compiler = _compiler()
    try:
        return compiler.compile(
            TEMPLATE.read_bytes(),
            format="pdf",
            sys_inputs={"report": document},
            pdf_standards=["ua-1"],
            timestamp=_seconds(report.dated),
        )
    except typst.TypstError as exc:
        raise BairnError(
            f"The PDF could not be written ({exc.message}); the report can still be written as "
            "HTML or XLSX. Please tell the Bairn team."
        ) from None
    finally:
        for _ in range(_AGE_OUT):
            compiler.compile(b"", format="pdf")


def html_to_pdf(html: str, *, css: str = "", cache: dict | None = None) -> bytes:
    """An HTML page (with its paged-media CSS inline, or given as `css`) as tagged PDF/UA-1
    bytes through WeasyPrint: for documents written as HTML (programme reviews)."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=".")
    options = {
        "pdf_variant": PDF_VARIANT,
        "pdf_tags": True,
        "custom_metadata": True,
        "cache": cache if cache is not None else {},
    }
    if css:
        options["stylesheets"] = [CSS(string=css)]
    return document.write_pdf(**options)
