"""Formatting published figures: numbers by unit, GSS symbols spelled out for readers."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from bairn.web.results import safety

register = template.Library()

UNIT_LABELS = {
    "per_1000": "per 1,000 children",
    "percent": "%",
    "days": "days",
    "count": "",
    "ratio": "",
}
SYMBOL_TEXT = {
    "c": "suppressed to protect privacy",
    "z": "not applicable",
    ":": "not available",
}


def unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


def number_text(value: object, unit: str = "", *, with_unit: bool = False) -> str:
    if not safety.is_number(value):
        return str(value) if value is not None else ":"
    number = float(value.item() if hasattr(value, "item") else value)
    if unit == "count":
        text = f"{number:,.0f}"
    elif unit == "ratio":
        text = f"{number:,.2f}"
    else:
        text = f"{number:,.1f}"
    if with_unit and (label := unit_label(unit)):
        text = f"{text}%" if label == "%" else f"{text} {label}"
    return text


@register.filter
def figure(value: object, unit: str = "") -> str:
    """A published figure: the number (by unit), or the GSS symbol with its meaning."""
    if safety.is_symbol(value):
        return format_html(
            '<span class="bairn-symbol">{}<span class="visually-hidden"> ({})</span></span>',
            value,
            SYMBOL_TEXT[value],
        )
    if not safety.is_number(value):
        return format_html('<span class="bairn-symbol">:</span>')
    return number_text(value, unit)


@register.filter
def figure_unit(value: object, unit: str = "") -> str:
    if safety.is_symbol(value) or not safety.is_number(value):
        return figure(value, unit)
    return number_text(value, unit, with_unit=True)


@register.filter
def count(value: object) -> str:
    return figure(value, "count")


@register.filter
def unit_text(unit: str) -> str:
    return unit_label(unit)


@register.simple_tag
def interval(lower: object, upper: object, unit: str = "") -> str:
    if safety.is_number(lower) and safety.is_number(upper):
        return f"{number_text(lower, unit)} to {number_text(upper, unit)}"
    return ""


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None


SIGNIFICANCE = {
    "High (0.001)": "Higher, beyond the 99.8% limits",
    "High (0.025)": "Higher, beyond the 95% limits",
    "Low (0.001)": "Lower, beyond the 99.8% limits",
    "Low (0.025)": "Lower, beyond the 95% limits",
    "Not significant": "Within the limits",
}


@register.filter
def significance_text(label: object) -> str:
    if safety.is_symbol(label):
        return figure(label)
    return SIGNIFICANCE.get(str(label), "" if label is None else str(label))


KINDS = {
    "quarter": "Quarters",
    "statistics_year": "Statistics years",
    "financial_year": "Financial years",
    "year": "Calendar years",
}


@register.filter
def kind_text(kind: str) -> str:
    return KINDS.get(kind, kind)


POINTS = {
    "common_cause": "None",
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral_high": "Special cause: higher",
    "special_cause_neutral_low": "Special cause: lower",
}


@register.filter
def point_text(point: object) -> str:
    if safety.is_symbol(point):
        return figure(point)
    return POINTS.get(str(point), "")


@register.filter
def change_text(estimate: object, unit: str) -> str:
    """A baseline comparison's estimate: percentage points for percentages, else a ratio."""
    if not safety.is_number(estimate):
        return figure(estimate)
    value = float(estimate)
    if unit == "percent":
        return f"{value:+,.1f} percentage points"
    return f"× {value:,.2f}"


@register.simple_tag
def change_interval(lower: object, upper: object, unit: str) -> str:
    if not (safety.is_number(lower) and safety.is_number(upper)):
        return ""
    if unit == "percent":
        return f"{float(lower):+,.1f} to {float(upper):+,.1f}"
    return f"{float(lower):,.2f} to {float(upper):,.2f}"
