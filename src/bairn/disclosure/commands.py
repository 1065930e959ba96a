"""`bairn disclosure ...` commands (mounted by the lead as `bairn disclosure`)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from bairn.errors import BairnError

app = typer.Typer(help="Disclosure control: audit published tables.", no_args_is_help=True)
console = Console()


@app.callback()
def main() -> None:
    """Disclosure control for Bairn outputs."""


@app.command("audit")
def audit_command(
    file: Path = typer.Argument(..., help="A published Bairn table set (CSV or JSON)."),
    policy: str = typer.Option(None, help="Policy name or YAML path (default: the file's)."),
    exact: bool = typer.Option(False, help="Compute the tightest bounds for every cell."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    limit: int = typer.Option(20, help="Failures to list."),
) -> None:
    """Rebuild FILE's relations and check no suppressed cell can be worked out.

    Exit 0 if it passes, 1 if any cell fails, 2 if the file cannot be read.
    """
    from bairn.disclosure.audit import audit

    try:
        if not file.is_file():
            raise BairnError(f"{file} does not exist; give the path of a published CSV or JSON.")
        report = audit(file, policy=policy, exact=exact)
    except BairnError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(exc.exit_code) from None
    except Exception as exc:  # never a traceback for a bad file
        console.print(f"[red]{file} could not be audited: {exc}.[/red]")
        raise typer.Exit(2) from None
    if as_json:
        doc = report.to_dict() | {"failures_list": report.failures.astype(str).to_dict("records")}
        typer.echo(json.dumps(doc, indent=2))
    else:
        summary = Table(title=f"Disclosure audit of {file.name}", show_header=False)
        for key, value in report.to_dict().items():
            summary.add_row(key, str(value))
        console.print(summary)
        if not report.passed:
            t = Table(title=f"Failures (first {min(limit, len(report.failures))})")
            for col in [
                "indicator_id",
                "area_code",
                "period",
                "breakdown",
                "category",
                "column",
                "problem",
            ]:
                t.add_column(col)
            for row in report.failures.head(limit).itertuples():
                t.add_row(
                    *(
                        str(getattr(row, c))
                        for c in [
                            "indicator_id",
                            "area_code",
                            "period",
                            "breakdown",
                            "category",
                            "column",
                            "problem",
                        ]
                    )
                )
            console.print(t)
        console.print(report.sentence(), soft_wrap=True)
    raise typer.Exit(0 if report.passed else 1)
