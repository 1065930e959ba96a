"""`bairn demo`: the whole platform on synthetic data, from nothing, in one command."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from bairn.periods import last_complete_quarter
from bairn.progress import progress_bar

DEMO_SEED = 7


def run_demo(console: Console, *, folder: Path, seed: int = DEMO_SEED, serve: bool = True) -> Path:
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
    console.print(f"Synthesised {sum(result.rows.values()):,} rows into {extract}.")
    version = load_standard().current
    with progress_bar(console, "Loading") as progress:
        progress("reading files", 0, 2)
        frames = read_clean_extract(extract, version)
        files = [SourceFile(p.name, sha256_file(p)) for p in sorted(extract.glob("*.csv"))]
        progress("writing the store", 1, 2)
        with Store(db_path) as store:
            loaded = store.load(frames, files=files, version=version, loaded_by="bairn demo")
            counts = store.row_counts()
        progress("done", 2, 2)
    console.print(
        f"Loaded {len(loaded.submissions):,} submissions (council × quarter) into {db_path}."
    )
    table = Table(title="Rows in the store", show_lines=False)
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, n in counts.items():
        table.add_row(name, f"{n:,}")
    console.print(table)
    console.print(f"Injected signals to find: {len(result.signals)} (see {extract}/signals.json).")
    if serve:
        console.print("The web application arrives with a later release; use --no-serve for now.")
    return db_path
