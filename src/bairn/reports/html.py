"""Report → self-contained HTML (CSS inline, charts as inline SVG), and the same page laid out
for WeasyPrint's PDF (charts as SVG images whose alternative text is their description)."""

from __future__ import annotations

import base64
import re
from functools import cache
from html import escape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from bairn import __version__
from bairn.reports.model import Chart, Group, Report, cell_text

TEMPLATES = Path(__file__).parent / "templates"


def _css_string(text: str) -> str:
    """Text as the inside of a CSS string (for the page margin boxes)."""
    return re.sub(r'["\\]', lambda m: "\\" + m.group(0), str(text)).replace("\n", " ")


def _group_id(group: Group) -> str:
    return "group-" + re.sub(r"[^a-z0-9]+", "-", group.title.lower()).strip("-")


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = _css_string
    env.globals["cell"] = cell_text
    env.globals["group_id"] = _group_id
    return env


def _inline(chart: Chart) -> Markup:
    return Markup(chart.svg)


def _image(chart: Chart) -> Markup:
    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    alt = escape(f"{chart.title}. {chart.description}")
    return Markup(f'<img src="data:image/svg+xml;base64,{data}" alt="{alt}">')


def render_html(report: Report, *, pdf: bool = False, show_commentary: bool = True) -> str:
    """The report as one HTML document (no external files, no scripts)."""
    env = environment()
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return env.get_template("report.html").render(
        report=report,
        css=Markup(css),
        pdf=pdf,
        chart_markup=_image if pdf else _inline,
        running_title=report.title,
        show_commentary=show_commentary,
        version=__version__,
    )
