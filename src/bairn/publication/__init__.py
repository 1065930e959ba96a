"""The one way numbers leave Bairn: computed results → the publication scheme for an audience →
disclosure control → CLI tables, files, web pages, API responses and reports.

The public set is protected whole (every indicator, area, period and breakdown the scheme
publishes together), so that secondary suppression sees every linked table, and cached in the
store per indicator run; outputs select from it, and any public file is audited again as written.
A CPC's own staff (the `area` audience) get the public set for everywhere else and their own
councils' figures in full; national analysts get everything, marked not for publication.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from bairn.areas import all_areas
from bairn.disclosure import Protected, protect, write_csv, write_json
from bairn.disclosure.writers import checked
from bairn.errors import BairnError
from bairn.progress import progress_bar
from bairn.publication.cache import load_cached, save_cached
from bairn.publication.scheme import load_scheme, own_areas

AUDIENCES = ("public", "national", "area")
COLUMNS = [
    "indicator_id", "area_code", "area_type", "period", "breakdown", "category",
    "numerator", "denominator", "value", "lower95", "upper95",
]  # fmt: skip


def catalogue_meta() -> dict[str, dict]:
    from bairn.indicators import load_catalogue

    return {i.id: {"unit": i.unit, "kind": i.kind} for i in load_catalogue().indicators.values()}


def ensure_current(store, *, recompute: bool = False, console: Console | None = None) -> None:
    """Recompute the catalogue when the data or the catalogue has changed since the last run."""
    from bairn.indicators.engine import compute
    from bairn.indicators.storage import is_current

    if recompute or not is_current(store):
        with progress_bar(console or Console(stderr=True), "Computing indicators") as progress:
            compute(store, progress=progress)


def check_audience(audience: str, cpc: str | None) -> None:
    if audience not in AUDIENCES:
        raise BairnError(f"Audience {audience!r} is not one of {', '.join(AUDIENCES)}.")
    if audience == "area":
        if not cpc:
            raise BairnError("The area audience is a CPC's own staff: name the CPC with --cpc.")
        if all_areas().get(cpc) is None or all_areas()[cpc].type != "cpc":
            raise BairnError(f"{cpc!r} is not a Child Protection Committee code (CPC-…).")


def _results(store, where: str, params: list) -> pd.DataFrame:
    return store.con.execute(
        f"SELECT {', '.join(COLUMNS)} FROM indicator_results WHERE {where} "
        "ORDER BY indicator_id, area_type DESC, area_code, period, breakdown, category",
        params,
    ).df()


def publish_results(
    db: str | Path | None,
    *,
    audience: str = "public",
    cpc: str | None = None,
    recompute: bool = False,
    console: Console | None = None,
) -> Publication:
    """The protected results for an audience (computed, protected and cached as needed)."""
    check_audience(audience, cpc)
    if audience == "area":
        assert cpc is not None
        _, publication = next(publish_for_cpcs(db, [cpc], recompute=recompute, console=console))
        return publication
    scheme = load_scheme()
    extra = [scheme.national.where()] if audience == "national" else []
    public, run_id, rows = _read(db, extra, recompute=recompute, console=console)
    if audience == "public":
        return Publication(public)
    national = _unsuppressed(rows[0], public, output_id=f"indicators-run-{run_id}-national")
    return Publication(national)


CPCS_A_READ = 5  # own results read a few CPCs at a time: all 30 CPCs' at once peaked at 2.4 GB


def publish_for_cpcs(
    db: str | Path | None,
    cpcs: Sequence[str],
    *,
    recompute: bool = False,
    console: Console | None = None,
) -> Iterator[tuple[str, Publication]]:
    """Each CPC's own staff's publication (the area audience) in turn: for each CPC, what
    `publish_results(db, audience="area", cpc=...)` gives. Every CPC's report in one go reads
    the public tables once, not once a CPC, and the CPCs' own results a few CPCs at a time,
    each publication put together only when asked for. If the indicators are recomputed
    meanwhile, the next read says so instead of mixing two runs."""
    for cpc in cpcs:
        check_audience("area", cpc)
    scheme = load_scheme()
    chunks = [list(cpcs[i : i + CPCS_A_READ]) for i in range(0, len(cpcs), CPCS_A_READ)]

    def where(chunk: list[str]) -> tuple[str, list]:
        return scheme.own.where(tuple(dict.fromkeys(a for cpc in chunk for a in own_areas(cpc))))

    first = [where(chunks[0])] if chunks else []
    public, run_id, rows = _read(db, first, recompute=recompute, console=console)

    def each() -> Iterator[tuple[str, Publication]]:
        for n, chunk in enumerate(chunks):
            # the first read came with the public tables; each is let go after its CPCs
            read = rows.pop() if n == 0 else _results_of_run(db, run_id, where(chunk))
            for cpc in chunk:
                codes = own_areas(cpc)
                own = read[read.area_code.isin(codes)].reset_index(drop=True)
                output_id = f"indicators-run-{run_id}-{cpc}"
                unprotected = _unsuppressed(own, public, output_id=output_id)
                yield cpc, Publication(_combine_for_area(public, unprotected, cpc, codes))

    return each()


def _results_of_run(db: str | Path | None, run_id: int, where: tuple[str, list]) -> pd.DataFrame:
    from bairn.indicators.storage import latest_run
    from bairn.store import Store

    with Store(db) as store:
        if latest_run(store)["run_id"] != run_id:
            raise BairnError(
                "The indicators were recomputed while the reports were being written; "
                "run the command again to write them all from the new figures."
            )
        return _results(store, *where)


def _read(
    db: str | Path | None,
    slices: list[tuple[str, list]],
    *,
    recompute: bool,
    console: Console | None,
) -> tuple[Protected, int, list[pd.DataFrame]]:
    """(the protected public tables, the indicator run, the results each of `slices` selects):
    the store is read once, and the public tables are protected only when not yet cached."""
    from bairn.indicators.storage import latest_run
    from bairn.store import Store

    scheme = load_scheme()
    with Store(db) as store:
        ensure_current(store, recompute=recompute, console=console)
        run = latest_run(store)
        run_id = run["run_id"]
        public = load_cached(store, run_id, scheme.version)
        where, params = scheme.public.where()
        public_rows = None if public is not None else _results(store, where, params)
        rows = [_results(store, where, params) for where, params in slices]
    if public is None:  # protect outside the store's lock, then keep the result for next time
        with progress_bar(console or Console(stderr=True), "Disclosure control") as bar:
            bar("protecting the public tables", 0, 1)
            public = protect(
                public_rows, "public", meta=catalogue_meta(), output_id=f"indicators-run-{run_id}"
            )
            bar("done", 1, 1)
        with Store(db) as store:
            save_cached(store, run_id, scheme.version, public)
    public.record.computed_at, public.record.run_id = run["computed_at"], run_id
    return public, run_id, rows


def _unsuppressed(results: pd.DataFrame, public: Protected, *, output_id: str) -> Protected:
    """The results as the national audience sees them: nothing suppressed (the policy's
    `national` rules), formatted and marked exactly as `protect` would, without its per-cell
    bookkeeping, which only suppression needs."""
    import numpy as np

    from bairn.disclosure.publish import format_frame
    from bairn.disclosure.records import DisclosureRecord

    meta = pd.DataFrame.from_dict(catalogue_meta(), orient="index")
    data = results.merge(meta, left_on="indicator_id", right_index=True, how="left")
    none = np.array([], dtype=np.int64)
    frame = format_frame(
        data, none, np.array([], dtype=object), np.array([], dtype=bool),
        np.zeros(len(data), dtype=bool),
    )  # fmt: skip
    rules = public.policy.rules("national")
    record = DisclosureRecord(
        output_id=output_id, audience="national", policy=public.policy.name,
        policy_version=public.policy.version, area=None,
        cells=public.record.cells.iloc[0:0], n_cells=len(data), n_suppressed=0,
        n_primary=0, n_secondary=0, marking=rules.marking,
        notes=["Not disclosure-controlled: for national analysts only."],
        computed_at=public.record.computed_at, run_id=public.record.run_id,
    )  # fmt: skip
    return Protected(frame, record, public.policy)


def _combine_for_area(public: Protected, own: Protected, cpc: str, mine: tuple) -> Protected:
    others = public.frame[~public.frame.area_code.isin(mine)]
    frame = pd.concat([own.frame, others], ignore_index=True)
    record = dataclasses.replace(public.record)
    record.audience, record.area = "area", cpc
    if len(record.cells):
        record.cells = record.cells[~record.cells.area_code.isin(mine)]
    record.marking = (
        f"OFFICIAL-SENSITIVE: for the staff of {all_areas()[cpc].name} Child Protection "
        "Committee only; its own councils' figures are not disclosure-controlled"
    )
    record.audit = {}
    return Protected(frame, record, public.policy)


@dataclasses.dataclass
class Publication:
    """A protected set of results and the ways to take part of it."""

    protected: Protected

    def select(
        self,
        *,
        indicators: list[str] | None = None,
        areas: list[str] | None = None,
        periods: list[str] | None = None,
        breakdown: str | None = "total",
    ) -> Protected:
        frame = self.protected.frame
        mask = pd.Series(True, index=frame.index)
        for column, values in (
            ("indicator_id", indicators),
            ("area_code", areas),
            ("period", periods),
        ):
            if values:
                mask &= frame[column].isin(values)
        if breakdown:
            mask &= frame["breakdown"] == breakdown
        return subset(self.protected, mask)


def subset(protected: Protected, mask: pd.Series) -> Protected:
    """Part of a protected output, with its record cut to the same cells. Showing fewer cells
    than an audited set can only give an attacker less; public files are audited again anyway."""
    frame = protected.frame[mask.to_numpy()].reset_index(drop=True)
    record = dataclasses.replace(protected.record)
    keys = ["indicator_id", "area_code", "period", "breakdown", "category"]
    if len(record.cells):
        shown = frame[keys].astype(str).drop_duplicates()
        record.cells = record.cells.astype({k: str for k in keys}).merge(shown, on=keys)
    record.audit = {}
    return Protected(frame, record, protected.policy)


def write_output(
    protected: Protected,
    *,
    format: str,
    out: Path | None,
    console: Console,
) -> None:
    if protected.frame.empty:
        raise BairnError(
            "Nothing matches those choices for this audience; check the indicator, area and "
            "period (`bairn catalogue`), that the data covers the period, and that the audience "
            "receives it (the public receives statistics-year figures: SY… periods)."
        )
    if format == "table":
        checked(protected)
        _print_table(protected, console)
        if out:
            raise BairnError("Use --format csv, json or xlsx to write a file.")
        return
    writers = {"csv": write_csv, "json": write_json, "xlsx": write_xlsx}
    if out is not None:
        path = writers[format](protected, out)
        console.print(
            f"Wrote {len(protected.frame):,} rows to {path} ({protected.audience} audience; "
            f"{protected.record.summary}).",
            highlight=False,
        )
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = writers[format](protected, Path(tmp) / f"out.{format}")
        sys.stdout.write(path.read_text(encoding="utf-8"))


def _print_table(protected: Protected, console: Console) -> None:
    frame = protected.frame
    table = Table(title=f"Indicators — {protected.audience} audience", show_lines=False)
    for col in COLUMNS:
        table.add_column(col, justify="right" if col in COLUMNS[6:] else "left")
    for row in frame[COLUMNS].itertuples(index=False):
        table.add_row(*(_fmt(v) for v in row))
    console.print(table)
    console.print(protected.footnote, highlight=False)
    if protected.record.marking:
        console.print(f"[bold]{protected.record.marking}[/]")


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def write_xlsx(protected: Protected, path: str | Path) -> Path:
    """XLSX: numbers as numbers, GSS symbols as text, a notes sheet and the disclosure record."""
    from openpyxl import Workbook

    from bairn.workbook import workbook_bytes

    checked(protected)
    path = Path(path)
    wb = Workbook()
    data = wb.active
    data.title = "indicators"
    frame = protected.frame
    data.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        data.append([v if not isinstance(v, float) or v == v else None for v in row])
    notes = wb.create_sheet("notes")
    notes.append(["note"])
    notes.append([protected.footnote])
    if protected.record.marking:
        notes.append([protected.record.marking])
    for key, value in protected.metadata.items():
        notes.append([f"{key}: {value}"])
    record = wb.create_sheet("disclosure_record")
    cells = protected.record.cells
    record.append(list(cells.columns))
    for row in cells.astype(str).itertuples(index=False):
        record.append(list(row))
    when = protected.record.computed_at or dt.datetime.now(dt.UTC)
    path.write_bytes(workbook_bytes(wb, when))
    return path
