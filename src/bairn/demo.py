"""`bairn demo`: the whole platform on synthetic data, from nothing, in one command."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from bairn.periods import last_complete_quarter, periods_between
from bairn.progress import progress_bar

DEMO_SEED = 7
HEADLINES = (
    "register_rate", "registrations_rate", "initial_meetings_rate", "meeting_to_registration",
    "reregistrations_18m", "registration_under_6_months", "initial_meeting_timely",
    "child_views_presented", "share_registrations_most_deprived",
)  # fmt: skip


def run_demo(console: Console, *, folder: Path, seed: int = DEMO_SEED, serve: bool = True) -> Path:
    from bairn.areas import SCOTLAND
    from bairn.indicators import compute, load_catalogue
    from bairn.publication import publish_results
    from bairn.standard import load_standard
    from bairn.store import SourceFile, Store
    from bairn.store.files import read_clean_extract, sha256_file
    from bairn.synth import generate

    extract = folder / "demo-extract"
    db_path = folder / "bairn.duckdb"
    end = last_complete_quarter().end
    console.print(f"[bold]Bairn demo[/] — synthetic data for 32 councils to {end}.")
    with progress_bar(console, "Synthesising") as progress:
        result = generate(extract, seed=seed, end=end, progress=progress)
    console.print(f"Synthesised {result.total_rows:,} rows into {extract}.")
    version = load_standard().current
    with progress_bar(console, "Loading") as progress:
        progress("reading files", 0, 2)
        frames = read_clean_extract(extract, version)
        files = [SourceFile(p.name, sha256_file(p)) for p in sorted(extract.glob("*.csv"))]
        progress("writing the store", 1, 2)
        with Store(db_path) as store:
            loaded = store.load(frames, files=files, version=version, loaded_by="bairn demo")
        progress("done", 2, 2)
    console.print(
        f"Loaded {len(loaded.submissions):,} submissions (council × quarter) into {db_path}."
    )
    with Store(db_path) as store, progress_bar(console, "Computing indicators") as progress:
        run = compute(store, progress=progress)
    console.print(
        f"Computed {len(run.indicators)} indicators: {run.rows:,} results over {run.periods} "
        "periods for 32 councils, 30 CPCs and Scotland."
    )
    publication = publish_results(db_path, audience="public", console=console)
    latest = periods_between(result.start, end, "statistics_year")[-1].label
    chosen = publication.select(indicators=list(HEADLINES), areas=[SCOTLAND], periods=[latest])
    catalogue = load_catalogue()
    table = Table(title=f"Scotland, statistics year {latest} (public figures)")
    for col in ("indicator", "value", "95% interval", "numerator", "denominator"):
        table.add_column(col, justify="left" if col == "indicator" else "right")
    for row in chosen.frame.itertuples(index=False):
        ind = catalogue.get(row.indicator_id)
        interval = (
            f"{row.lower95:,.1f}–{row.upper95:,.1f}"
            if isinstance(row.lower95, float) and isinstance(row.upper95, float) else ""
        )  # fmt: skip
        value = f"{row.value:,.2f}" if isinstance(row.value, float) else str(row.value)
        table.add_row(ind.title, value, interval, str(row.numerator), str(row.denominator))
    console.print(table)
    console.print(chosen.footnote, highlight=False)
    console.print(
        f"Share of cells suppressed in the public tables: "
        f"{publication.protected.share_suppressed:.1%}."
    )
    console.print(f"Injected signals to find: {len(result.signals)} (see {result.signals_path}).")
    if serve:
        from bairn.web.server import serve as serve_web

        serve_web(db=db_path, demo=True, console=console)
    return db_path
