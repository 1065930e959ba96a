"""Shapes of the API's responses (they document the OpenAPI description; data endpoints build
their JSON directly for speed, in exactly these shapes)."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

Figure = float | str | None  # a number, or a GSS symbol: c (suppressed), z (n/a), : (missing)


class IndicatorRow(Schema):
    indicator_id: str
    area_code: str
    area_type: str
    period: str
    breakdown: str
    category: str
    unit: str
    kind: str
    numerator: Figure
    denominator: Figure
    value: Figure
    lower95: Figure
    upper95: Figure


class Page(Schema):
    audience: str
    metadata: dict[str, str]
    notes: list[str]
    total: int
    offset: int
    limit: int
    next: str | None
    data: list[IndicatorRow]


class Analysis(Schema):
    audience: str
    metadata: dict[str, str]
    notes: list[str]
    warnings: list[str] = Field(default_factory=list)
    data: list[dict[str, Figure | int | bool]]


class CatalogueItem(Schema):
    id: str
    title: str
    definition: str
    why_it_matters: str
    numerator: str
    denominator: str
    unit: str
    multiplier: int
    polarity: str
    kind: str
    breakdowns: list[str]
    guidance: list[str]
    scrutiny_questions: list[str]
    disclosure_class: str


class AreaItem(Schema):
    code: str
    name: str
    type: str
    councils: list[str]


class PeriodItem(Schema):
    period: str
    kind: str
    start: str
    end: str
    scotland: bool


class Problem(Schema):
    detail: str
