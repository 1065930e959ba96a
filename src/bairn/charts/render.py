"""Vega-Lite spec → accessible, deterministic SVG, rendered on the server by Vega itself under
Node.js (`node.py`, `draw.cjs`: no browser, no network). The SVG is byte for byte what vl-convert
draws from the same spec (same Vega, same font metrics), about three times faster.

What is added to Vega's SVG: `role="img"` with `aria-labelledby` pointing at a `<title>`
(the spec's title) and a `<desc>` (its description); element ids made unique to the chart (Vega
numbers each chart's clip paths from 1, so two charts inlined in one page would share them).
"""

from __future__ import annotations

import hashlib
import json
import re
from html import escape

from bairn.charts.node import RENDERER
from bairn.errors import BairnError

_ID = re.compile(r'id="([^"]+)"')
_ROOT = re.compile(r"<svg\b[^>]*>")


def spec_key(spec: dict) -> str:
    """A short stable fingerprint of the spec (used for ids)."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str)
    return "c" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def _title(spec: dict) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        text = title.get("text", "")
        return " ".join(text) if isinstance(text, list) else str(text)
    return " ".join(title) if isinstance(title, list) else str(title)


def render_svg(spec: dict) -> str:
    """The chart as a standalone SVG document string (same spec → same bytes)."""
    svg = RENDERER.draw(spec)
    key = spec_key(spec)
    ids = list(dict.fromkeys(_ID.findall(svg)))
    for n, old in enumerate(ids):
        new = f"{key}-{n}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    root = _ROOT.search(svg)
    if root is None:
        raise BairnError("The chart renderer returned no SVG; please tell the Bairn team.")
    opening = root.group(0)
    labelled = (
        opening[:-1] + f' role="img" aria-labelledby="{key}-title {key}-desc" focusable="false">'
    )
    head = (
        f'<title id="{key}-title">{escape(_title(spec))}</title>'
        f'<desc id="{key}-desc">{escape(str(spec.get("description", "")))}</desc>'
    )
    return svg[: root.start()] + labelled + head + svg[root.end() :]
