"""Extract files for upload tests: one council's records from the package's synthetic extract,
and a copy of it with errors a validation must find."""

from __future__ import annotations

import csv
from pathlib import Path

COUNCIL = "S12000019"  # Midlothian


def council_extract(source: Path, out: Path, council: str = COUNCIL) -> Path:
    """One CSV per table holding only `council`'s records (every identifier starts with the
    council's code)."""
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [lines[0], *(line for line in lines[1:] if line.startswith(f"{council}-"))]
        (out / path.name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    return out


def broken_children(folder: Path) -> Path:
    """children.csv with an impossible date, an unknown sex and a council that does not exist,
    on data rows 2, 3 and 4 (lines 3, 4 and 5 of the file)."""
    path = folder / "children.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    header = rows[0]
    rows[2][header.index("birth_date")] = "2019-13-45"
    rows[3][header.index("sex")] = "purple"
    rows[4][header.index("council_code")] = "S99999999"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path
