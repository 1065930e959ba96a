"""Write the advance widths of Liberation Sans (regular and bold) that the chart renderer measures
text with: src/bairn/charts/data/liberation-sans.json.

Vega lays a chart out around its text (axis titles beside the widest label, labels too long for
their limit cut with an ellipsis), so it must know how wide each string is in the font the chart is
set in. Browsers and vl-convert measure with the font itself; Bairn's renderer (Node.js, no canvas)
reads these widths instead: each character's advance, and the font's kerning of pairs of
characters. Liberation Sans is metric-compatible with Arial, the charts' next choice, so the
layout holds for either.

Run after changing the charts' font (bairn.charts.style.FONT):
    .venv/bin/python scripts/chart-font-metrics.py [FONT_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "src/bairn/charts/data/liberation-sans.json"
FACES = {"regular": "LiberationSans-Regular.ttf", "bold": "LiberationSans-Bold.ttf"}


def metrics(path: Path) -> tuple[int, dict[str, int], dict[str, int]]:
    """Units per em; advance width by code point; kerning by pair of characters ("AV")."""
    font = TTFont(path)
    advance = font["hmtx"].metrics
    cmap = {code: glyph for code, glyph in font.getBestCmap().items() if code < 0x10000}
    widths = {str(code): advance[glyph][0] for code, glyph in sorted(cmap.items())}
    characters: dict[str, list[str]] = {}
    for code, glyph in cmap.items():
        characters.setdefault(glyph, []).append(chr(code))
    kerning = {}
    for table in font["kern"].kernTables if "kern" in font else []:
        for (left, right), value in table.kernTable.items():
            for a in characters.get(left, []):
                for b in characters.get(right, []):
                    kerning[a + b] = value
    return font["head"].unitsPerEm, widths, dict(sorted(kerning.items()))


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation")
    faces, kerning = {}, {}
    units = set()
    for weight, name in FACES.items():
        per_em, widths, pairs = metrics(folder / name)
        units.add(per_em)
        faces[weight], kerning[weight] = widths, pairs
    if len(units) != 1:
        sys.exit("The regular and bold faces disagree on units per em.")
    document = {
        "font": "Liberation Sans",
        "source": f"{folder} (SIL Open Font License 1.1); advance widths only",
        "units_per_em": units.pop(),
        "faces": faces,
        "kerning": kerning,
    }
    OUT.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    counts = sum(map(len, faces.values())), sum(map(len, kerning.values()))
    print(f"Wrote {OUT} ({counts[0]} widths, {counts[1]} kerned pairs).")


if __name__ == "__main__":
    main()
