"""The published form: the long schema with GSS symbols, and reading it back.

GSS symbols: ``c`` confidential (suppressed to protect individuals), ``z`` not applicable,
``:`` not available. A published CSV starts with ``#`` lines: the footnote explaining the
symbols and ``# key: value`` metadata (audience, policy, rounding) an auditor needs.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from bairn.errors import BairnError

C, Z, NA = "c", "z", ":"
SYMBOLS = (C, Z, NA)
KEYS = ["indicator_id", "area_code", "area_type", "period", "breakdown", "category"]
META = ["unit", "kind"]
NUMBERS = ["numerator", "denominator", "value", "lower95", "upper95"]
COLUMNS = KEYS + META + NUMBERS
MULTIPLIER = {
    "count": 1.0,
    "percent": 100.0,
    "per_1000": 1000.0,
    "per_10000": 1e4,
    "per_100000": 1e5,
}
FOOTNOTE = (
    "Symbols: c = confidential, suppressed to protect individuals (a count from 1 to {low} "
    "of children or events, or a cell suppressed so that such a count cannot be worked out); "
    "z = not applicable; : = not available."
)


def footnote(threshold: int) -> str:
    return FOOTNOTE.format(low=max(threshold - 1, 0))


def round_to(values: np.ndarray, base: int) -> np.ndarray:
    """Round half up to a multiple of `base` (each cell independently, totals too)."""
    return np.floor(values / base + 0.5) * base


def rounding_interval(shown: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray]:
    """Integers x with round_to(x) == shown: [shown - ceil(base/2), shown + ...]."""
    lo = shown - np.floor(base / 2)
    hi = shown + np.ceil(base / 2) - 1
    return np.maximum(lo, 0), hi


def format_frame(
    results: pd.DataFrame,
    cell_rows: np.ndarray,
    cell_measure: np.ndarray,
    cell_suppressed: np.ndarray,
    row_value_suppressed: np.ndarray,
    shown_rows: np.ndarray | None = None,
    rounding_base: int | None = None,
    rounded_cells: np.ndarray | None = None,
) -> pd.DataFrame:
    """The published frame: numbers where shown, symbols elsewhere (object columns).

    `shown_rows` (area audience) are rows shown in full whatever the suppression says.
    `rounded_cells` marks which cells are rounded counts (when `rounding_base` is set).
    """
    n = len(results)
    out = results.reindex(columns=COLUMNS).copy()
    supp = {m: np.zeros(n, dtype=bool) for m in ("numerator", "denominator")}
    rnd = {m: np.zeros(n, dtype=bool) for m in ("numerator", "denominator")}
    for m in supp:
        sel = cell_measure == m
        supp[m][cell_rows[sel]] = cell_suppressed[sel]
        if rounded_cells is not None:
            rnd[m][cell_rows[sel]] = rounded_cells[sel]
    hide_value = supp["numerator"] | supp["denominator"] | row_value_suppressed
    if shown_rows is not None:
        for m in supp:
            supp[m] &= ~shown_rows
            rnd[m] &= ~shown_rows
        hide_value &= ~shown_rows
    unit = out["unit"].astype(str).to_numpy()
    num = pd.to_numeric(out["numerator"], errors="coerce").to_numpy(dtype=float)
    den = pd.to_numeric(out["denominator"], errors="coerce").to_numpy(dtype=float)
    rounded_any = np.zeros(n, dtype=bool)
    if rounding_base:
        num = np.where(rnd["numerator"], round_to(num, rounding_base), num)
        den = np.where(rnd["denominator"], round_to(den, rounding_base), den)
        rounded_any = rnd["numerator"] | rnd["denominator"]
    cols: dict[str, np.ndarray] = {"numerator": num, "denominator": den}
    for col in ("value", "lower95", "upper95"):
        cols[col] = pd.to_numeric(out[col], errors="coerce").to_numpy(dtype=float)
    if rounding_base and rounded_any.any():
        mult = np.array([MULTIPLIER.get(u, np.nan) for u in unit])
        recomputed = np.where(unit == "count", num, num / np.where(den > 0, den, np.nan) * mult)
        derived = rounded_any & ~np.isnan(mult)
        cols["value"] = np.where(derived, recomputed, cols["value"])
        for col in ("lower95", "upper95"):
            cols[col] = np.where(derived, np.nan, cols[col])
    for col, arr in cols.items():
        obj = arr.astype(object)
        obj[np.isnan(arr)] = NA
        if col == "denominator":
            obj[(unit == "count") & np.isnan(arr)] = Z
        hide = supp.get(col, hide_value)
        obj[hide] = C
        whole = ~np.isnan(arr) & (arr == np.round(arr)) & ~hide
        if col in ("numerator", "denominator"):
            obj[whole] = arr[whole].astype(np.int64)
        out[col] = obj
    return out


def read_published(path: str | Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """Read a published CSV or JSON file: (frame with symbols as strings, metadata)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BairnError(
            f"Cannot read {path}: {exc}. Give a published Bairn CSV or JSON file."
        ) from None
    if path.suffix.lower() == ".json":
        import json

        try:
            doc = json.loads(text)
            frame = pd.DataFrame(doc["data"]).astype(str)
        except (ValueError, KeyError, TypeError):
            raise BairnError(
                f"{path} is not a published Bairn JSON file (it needs a 'data' list)."
            ) from None
        return _check(frame, path), {k: str(v) for k, v in doc.get("metadata", {}).items()}
    meta: dict[str, str] = {}
    body = []
    for line in text.splitlines():
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and key.strip() and " " not in key.strip():
                meta[key.strip()] = value.strip()
        else:
            body.append(line)
    try:
        frame = pd.read_csv(io.StringIO("\n".join(body)), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise BairnError(f"{path} is not a readable CSV file: {exc}.") from None
    return _check(frame, path), meta


def _check(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    missing = [c for c in [*KEYS, "numerator"] if c not in frame.columns]
    if missing:
        raise BairnError(
            f"{path} lacks the column(s) {', '.join(missing)} of Bairn's published long schema."
        )
    for col in META:
        if col not in frame.columns:
            frame[col] = "count" if col == "unit" else "flow"
    for col in NUMBERS:
        if col not in frame.columns:
            frame[col] = NA
        frame[col] = frame[col].fillna(NA).astype(str).str.strip()
        bad = ~frame[col].isin((*SYMBOLS, "")) & pd.to_numeric(frame[col], errors="coerce").isna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            raise BairnError(
                f"{path}, row {row}, column {col}: {frame[col].iloc[row - 2]!r} is neither a "
                f"number nor a GSS symbol (c, z, :)."
            )
    return frame
