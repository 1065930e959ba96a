"""What a report is made of, independent of its format: tables (numbers or GSS symbols, never
pre-formatted text), charts (a rendered SVG and the table that carries its data), sections.

The HTML/PDF and XLSX writers read the same model, so a number appears identically everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

SYMBOLS = ("c", "z", ":")
DECIMALS = {"percent": 1, "per_1000": 2, "days": 1, "ratio": 2, "count": 0}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text | count | value | estimate | p | flag
    decimals: int = 1
    header: bool = False  # a row header (<th scope="row">)

    @property
    def numeric(self) -> bool:
        """Numbers (or GSS symbols in their place): right-aligned in every format."""
        return self.kind not in ("text", "flag")


@dataclass
class Table:
    id: str
    caption: str
    columns: list[Column]
    rows: list[list[object]]
    notes: list[str] = field(default_factory=list)
    emphasise: set[int] = field(default_factory=set)  # row positions drawn in bold
    sheet: str = ""  # XLSX sheet this table's rows go to (with a key column)
    row_decimals: list[int] = field(default_factory=list)  # per-row decimals (mixed units)

    def column(self, name: str) -> list[object]:
        i = [c.name for c in self.columns].index(name)
        return [row[i] for row in self.rows]


@dataclass
class Chart:
    id: str
    title: str
    description: str
    svg: str
    table: Table  # the chart's data (all of it: the XLSX sheet)
    display: Table | None = None  # a compact form of the same data for the page, if any
    brief: Table | None = None  # shorter still, for the PDF (the HTML and XLSX keep the rest)

    @property
    def shown_table(self) -> Table:
        return self.display or self.table

    @property
    def print_table(self) -> Table:
        """The table printed beside the chart in the PDF."""
        return self.brief or self.shown_table


@dataclass
class IndicatorSection:
    id: str
    title: str
    definition: str
    why: str
    numerator: str
    denominator: str
    unit_label: str
    blocks: list[Table | Chart] = field(default_factory=list)  # in page order
    notes: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    commentary: str | None = None
    indicator_id: str = ""

    @property
    def commentary_paragraphs(self) -> list[str]:
        """The committee's commentary as paragraphs (blank lines separate them)."""
        return self.commentary.split("\n\n") if self.commentary else []

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]


@dataclass
class Point:
    """One thing that stands out: a sentence, and the items it lists (if any)."""

    text: str
    items: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        return f"{self.text} {'; '.join(self.items)}." if self.items else self.text


@dataclass
class Group:
    title: str
    sections: list[IndicatorSection]


@dataclass
class Report:
    kind: str  # cpc | national
    title: str
    subtitle: str
    period: str
    comparison_period: str | None
    audience: str
    audience_line: str  # stated on every page
    marking: str | None
    footnote: str
    facts: list[tuple[str, str]]  # label, value: what the report covers and when it was made
    summary: list[Point]  # what stands out
    summary_table: Table
    quality: list[Table]
    quality_notes: list[str]
    groups: list[Group]
    method_notes: list[str]
    dated: dt.datetime  # when its indicators were computed (UTC): every format's date

    @property
    def sections(self) -> list[IndicatorSection]:
        return [s for g in self.groups for s in g.sections]

    @property
    def charts(self) -> list[Chart]:
        return [c for s in self.sections for c in s.charts]


def is_symbol(value: object) -> bool:
    return isinstance(value, str) and value in SYMBOLS


def as_number(value: object) -> float | None:
    if value is None or isinstance(value, bool) or is_symbol(value):
        return None
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def cell_text(value: object, column: Column, decimals: int | None = None) -> str:
    """How a cell reads in HTML and PDF (XLSX keeps the number and a number format)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ":" if column.kind != "text" else ""
    if is_symbol(value) or column.kind in ("text", "flag"):
        return str(value)
    number = as_number(value)
    if number is None:
        return str(value)
    if column.kind == "count":
        return f"{number:,.0f}"
    if column.kind == "p":
        return "<0.001" if number < 0.001 else f"{number:.3f}"
    return f"{number:,.{column.decimals if decimals is None else decimals}f}"
