"""The `bairn` command. Each capability keeps its commands beside its code; this file wires them
together and turns errors a user can cause into one plain sentence and a non-zero exit."""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bairn import __version__
from bairn.errors import BairnError

app = typer.Typer(
    name="bairn",
    help="Bairn: Scotland's child protection improvement data platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
standard_app = typer.Typer(help="The record-level standard: documentation and empty templates.")
app.add_typer(standard_app, name="standard")

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Store file (default: $BAIRN_DB, else bairn-data/bairn.duckdb)."),
]


def _version(value: bool) -> None:
    if value:
        console.print(f"bairn {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Validate record-level child protection data, compute comparable measures, publish safely."""


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BairnError(f"{name} {value!r} is not a date; write it as YYYY-MM-DD.") from None


@app.command()
def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the extract into.")],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same bytes.")] = 0,
    scale: Annotated[float, typer.Option(help="Multiply volumes (50 ≈ England-sized).")] = 1.0,
    start: Annotated[str | None, typer.Option(help="First day (default 2012-08-01).")] = None,
    end: Annotated[
        str | None, typer.Option(help="Last day (default: last complete quarter).")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
) -> None:
    """Write realistic synthetic record-level data for all 32 councils, with known signals."""
    from bairn.progress import progress_bar
    from bairn.synth import generate

    if format not in ("csv", "parquet"):
        raise BairnError(f"Format {format!r} is not available; use csv or parquet.")
    with progress_bar(console, "Synthesising") as progress:
        result = generate(
            out,
            seed=seed,
            scale=scale,
            start=_date(start, "--start"),
            end=_date(end, "--end"),
            fmt=format,
            progress=progress,
        )
    total = sum(result.row_counts.values())
    console.print(f"Wrote {total:,} rows in {len(result.row_counts)} tables to {out}.")
    console.print(f"Injected signals ({len(result.signals)}) are listed in {out / 'signals.json'}.")


@standard_app.command("docs")
def standard_docs(
    out: Annotated[Path, typer.Option("--out", help="Folder for standard.md.")] = Path("docs"),
) -> None:
    """Write the standard's documentation page (standard.md) from its YAML."""
    from bairn.standard.docs import render_markdown

    out.mkdir(parents=True, exist_ok=True)
    path = out / "standard.md"
    path.write_text(render_markdown(), encoding="utf-8")
    console.print(f"Wrote {path}.")


@standard_app.command("templates")
def standard_templates(
    out: Annotated[Path, typer.Option("--out", help="Folder for the templates.")],
    version: Annotated[str | None, typer.Option(help="Version of the standard.")] = None,
) -> None:
    """Write empty templates: one CSV per table and one XLSX workbook with a sheet per table."""
    from bairn.standard.templates import write_templates

    for path in write_templates(out, version):
        console.print(f"Wrote {path}.")


@app.command()
def demo(
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Do not start the web app.")] = False,
    dir: Annotated[Path, typer.Option("--dir", help="Folder for the demo data.")] = Path(
        "bairn-data"
    ),
    seed: Annotated[int, typer.Option(help="Random seed for the synthetic data.")] = 7,
) -> None:
    """Synthesise a national extract, load it, and summarise it."""
    from bairn.demo import run_demo

    run_demo(console, folder=dir, seed=seed, serve=not no_serve)


from bairn.ingest.commands import register as _register_ingest  # noqa: E402

_register_ingest(app)


from bairn.web.commands import register as _register_web  # noqa: E402

_register_web(app)


from bairn.indicators.commands import register as _register_indicators  # noqa: E402

_register_indicators(app)

from bairn.analysis.commands import register as _register_analysis  # noqa: E402

_register_analysis(app)

disclosure_app = typer.Typer(help="Disclosure control: prove published tables safe.")
app.add_typer(disclosure_app, name="disclosure")


@disclosure_app.command("audit")
def disclosure_audit(
    file: Annotated[Path, typer.Argument(help="A published Bairn table set (CSV or JSON).")],
    policy: Annotated[str | None, typer.Option(help="Policy name or YAML path.")] = None,
    exact: Annotated[bool, typer.Option(help="Tightest bounds for every cell.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    limit: Annotated[int, typer.Option(help="Failures to list.")] = 20,
) -> None:
    """Reconstruct a published table set's relations and prove no suppressed cell can be
    worked out (exit 0), or list the cells that can (exit 1)."""
    from bairn.disclosure.commands import audit_command

    audit_command(file=file, policy=policy, exact=exact, as_json=as_json, limit=limit)


from bairn.web.programme.commands import register as _register_programme  # noqa: E402

_register_programme(app)

from bairn.reports.commands import register as _register_reports  # noqa: E402

_register_reports(app)

from bairn.web.voices.commands import register as _register_voices  # noqa: E402

_register_voices(app)


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except BairnError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("Stopped.")
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("Stopped; nothing was half-written.")
        sys.exit(130)
    except Exception as exc:  # the last line of defence against tracebacks
        from typer.exceptions import TyperException

        if isinstance(exc, TyperException):  # usage errors: an unknown option, a missing value
            show = getattr(exc, "show", None)
            if show:
                show()
            else:
                err_console.print(f"[bold red]Error:[/] {exc.format_message()}")
            sys.exit(2)
        log = _write_crash_log()
        err_console.print(
            f"[bold red]Bairn failed unexpectedly ({type(exc).__name__}).[/] This is a bug in "
            f"Bairn, not in your data; the details are in {log}. Please report it."
        )
        sys.exit(3)
    sys.exit(code or 0)


def _write_crash_log() -> Path:
    folder = Path("bairn-data") / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{dt.datetime.now():%Y%m%d-%H%M%S}.log"
        path.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        path = Path("/dev/stderr")
    return path


if __name__ == "__main__":
    main()
