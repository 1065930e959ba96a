"""`bairn validate` and `bairn load`. Heavy modules are imported inside the commands so that
`bairn --help` stays fast."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

PathsArg = Annotated[
    list[Path], typer.Argument(help="Extract files (CSV, XLSX, Parquet) or folders of them.")
]
PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period", help="The period the files cover: 2025Q2, 2025, SY2024-25, FY2024-25."
    ),
]
VersionOpt = Annotated[
    str | None, typer.Option("--version", help="Version of the standard (default: current).")
]
AreaOpt = Annotated[
    str | None, typer.Option("--area", help="The council (S12…) the files belong to.")
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="Store file (default: $BAIRN_DB, else bairn-data/bairn.duckdb)."),
]
CRASH_FOLDER = Path("bairn-data") / "logs"


def _consoles():
    from rich.console import Console

    return Console(), Console(stderr=True)


def _crash_log(result) -> Path | None:
    """Write crashed rules' tracebacks to a log; return its path."""
    if not result.crashed:
        return None
    text = "\n\n".join(f"rule {c.code} ({c.name}) crashed:\n{c.traceback}" for c in result.crashed)
    try:
        CRASH_FOLDER.mkdir(parents=True, exist_ok=True)
        path = CRASH_FOLDER / f"rule-crash-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.log"
        path.write_text(text, encoding="utf-8")
        return path
    except OSError:
        sys.stderr.write(text)
        return None


def _finish(result, err) -> None:
    log = _crash_log(result)
    if log is not None or result.crashed:
        codes = ", ".join(c.code for c in result.crashed)
        where = f"the details are in {log}" if log else "the details are above"
        err.print(
            f"[bold red]Bairn failed inside rule(s) {codes}.[/] This is a bug in Bairn, not in "
            f"your data; {where}. Please report it.",
            highlight=False,
        )


@contextmanager
def _progress(console, title: str) -> Iterator:
    """A Rich progress bar on a terminal; nothing at all when output goes to a file or pipe."""
    if not console.is_terminal:
        yield None
        return
    from bairn.progress import progress_bar

    with progress_bar(console, title) as update:
        yield update


def _exit(code: int) -> None:
    # SystemExit, not typer.Exit: the CLI runs Typer with standalone_mode=False, which turns
    # typer.Exit into a return value that main() does not pass on.
    if code:
        raise SystemExit(code)


def register(app: typer.Typer) -> None:
    """Add `validate` and `load` to the main `bairn` app."""

    @app.command()
    def validate(
        paths: PathsArg,
        format: Annotated[
            str | None,
            typer.Option(
                "--format", help="text, json, csv or xlsx (default: text, or --out's extension)."
            ),
        ] = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="Write the full report to this file.")
        ] = None,
        period: PeriodOpt = None,
        version: VersionOpt = None,
        area: AreaOpt = None,
        db: DbOpt = None,
    ) -> None:
        """Check extract files against the standard; report every problem with file, row, column.

        Exit 0: no errors (warnings allowed); 1: errors; 2: the input cannot be read."""
        from bairn.ingest.engine import StagedSubmission
        from bairn.ingest.load import check_area
        from bairn.ingest.readers import read_paths
        from bairn.ingest.report import format_for, render_text, to_csv, to_json, write_report
        from bairn.periods import parse_period
        from bairn.store import resolve_db_path

        console, err = _consoles()
        fmt = format_for(out, format)
        target = parse_period(period) if period else None
        council = check_area(area)
        with _progress(err, "Reading") as progress:
            submission = read_paths(paths, version, progress)
        with (
            _progress(err, "Validating") as progress,
            StagedSubmission(submission, store_path=resolve_db_path(db), release=True) as staged,
        ):
            result = staged.validate(period=target, area=council, progress=progress)
        if out is not None:
            write_report(result, out, fmt)
            render_text(result, console)
            console.print(f"The full report is in {out}.", highlight=False)
        elif fmt == "json":
            sys.stdout.write(to_json(result))
        elif fmt == "csv":
            sys.stdout.write(to_csv(result))
        else:
            render_text(result, console)
        _finish(result, err)
        _exit(result.exit_code)

    @app.command()
    def load(
        paths: PathsArg,
        area: AreaOpt = None,
        period: PeriodOpt = None,
        db: DbOpt = None,
        version: VersionOpt = None,
        out: Annotated[
            Path | None,
            typer.Option("--out", help="Write the issue report to this file (csv/json/xlsx)."),
        ] = None,
    ) -> None:
        """Validate extract files and load them only if no error stands.

        Replaces the council × period submissions the files cover in one transaction."""
        from rich.table import Table

        from bairn.ingest.load import load_submission
        from bairn.ingest.readers import read_paths
        from bairn.ingest.report import format_for, render_text, write_report

        console, err = _consoles()
        fmt = format_for(out, None) if out else None
        with _progress(err, "Reading") as progress:
            submission = read_paths(paths, version, progress)
        with _progress(err, "Validating and loading") as progress:
            outcome = load_submission(
                submission, area=area, period=period, db=db, progress=progress
            )
        result = outcome.validation
        if out is not None and fmt is not None:
            write_report(result, out, fmt)
        render_text(result, console)
        _finish(result, err)
        if outcome.loaded is None:
            err.print(
                f"[bold red]Nothing was loaded[/]: {outcome.db} is unchanged.", highlight=False
            )
            _exit(result.exit_code)
            return
        subs = outcome.loaded.submissions
        table = Table(title=f"Loaded into {outcome.db}", box=None)
        for col in ("submission", "council", "period", "rows"):
            table.add_column(col)
        for s in subs:
            n = sum(v for k, v in s.items() if k not in ("submission_id", "area_code", "period"))
            table.add_row(str(s["submission_id"]), s["area_code"], s["period"], f"{n:,}")
        console.print(table)
        console.print(
            f"Loaded {len(subs):,} submission(s) (council × period); earlier submissions of the "
            "same councils and periods were replaced.",
            highlight=False,
        )
