"""Report → self-contained HTML (CSS inline, charts as inline SVG, no scripts)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from bairn import __version__
from bairn.reports.model import Group, Report, cell_text

TEMPLATES = Path(__file__).parent / "templates"


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
    env.globals["cell"] = cell_text
    env.globals["group_id"] = _group_id
    return env


def render_html(report: Report) -> str:
    """The report as one HTML document (no external files, no scripts)."""
    env = environment()
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return env.get_template("report.html").render(
        report=report,
        css=Markup(css),
        version=__version__,
    )
