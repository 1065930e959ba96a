"""`bairn catalogue`, `bairn indicators` and `bairn population load`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bairn.errors import BairnError

console = Console()
population_app = typer.Typer(help="Population denominators (NRS mid-year estimates).")
FORMATS = ("table", "csv", "json", "xlsx")


def register(app: typer.Typer) -> None:
    app.command("catalogue")(catalogue_command)
    app.command("indicators")(indicators_command)
    app.add_typer(population_app, name="population")


def catalogue_command(
    indicator_id: Annotated[str | None, typer.Argument(help="One indicator's id.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, json or md.")] = "table",
) -> None:
    """Show the indicator definitions."""
    from bairn.indicators.catalogue import load_catalogue
    from bairn.indicators.docs import render_markdown

    cat = load_catalogue()
    chosen = [cat.get(indicator_id)] if indicator_id else list(cat.indicators.values())
    if format == "json":
        typer.echo(json.dumps([i.as_dict() for i in chosen], indent=2, ensure_ascii=False))
    elif format == "md":
        typer.echo(render_markdown(), nl=False)
    elif format == "table":
        table = Table(title=f"Indicator catalogue {cat.version}")
        for col in ("id", "title", "unit", "kind", "polarity"):
            table.add_column(col)
        for ind in chosen:
            table.add_row(ind.id, ind.title, ind.unit, ind.kind, ind.polarity)
        console.print(table)
        if indicator_id:
            ind = chosen[0]
            console.print(f"\n{ind.definition}\n\n[bold]Why it matters.[/] {ind.why_it_matters}")
            for q in ind.scrutiny_questions:
                console.print(f" • {q}")
    else:
        raise BairnError(f"Format {format!r} is not available here; use table, json or md.")


def indicators_command(
    db: Annotated[Path | None, typer.Option("--db", help="Store file.")] = None,
    indicator: Annotated[
        list[str] | None, typer.Option("--indicator", help="Indicator id.")
    ] = None,
    area: Annotated[list[str] | None, typer.Option("--area", help="Area code.")] = None,
    period: Annotated[list[str] | None, typer.Option("--period", help="Period label.")] = None,
    breakdown: Annotated[str, typer.Option(help="total, age_band, sex, …, or all.")] = "total",
    format: Annotated[str, typer.Option("--format", help="table, csv, json or xlsx.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    audience: Annotated[str, typer.Option(help="public, national or area.")] = "public",
    cpc: Annotated[
        str | None, typer.Option("--cpc", help="The CPC whose staff are the area audience.")
    ] = None,
    recompute: Annotated[bool, typer.Option(help="Recompute even if results are current.")] = False,
) -> None:
    """Compute (when the data has changed) and print the indicators, disclosure-controlled."""
    from bairn.areas import area as lookup_area
    from bairn.indicators.catalogue import load_catalogue
    from bairn.periods import parse_period
    from bairn.publication import publish_results, write_output

    if format not in FORMATS:
        raise BairnError(f"Format {format!r} is not available; use {', '.join(FORMATS)}.")
    if format == "xlsx" and out is None:
        raise BairnError("XLSX output needs a file: add --out FILE.xlsx.")
    cat = load_catalogue()
    for ident in indicator or []:
        cat.get(ident)
    areas = [lookup_area(a).code for a in area or []]
    periods = [parse_period(p).label for p in period or []]
    if breakdown != "all" and breakdown != "total" and breakdown not in cat.breakdowns:
        raise BairnError(
            f"Breakdown {breakdown!r} is not one Bairn has; use total, all, or one of "
            f"{', '.join(cat.breakdowns)}."
        )
    publication = publish_results(
        db, audience=audience, cpc=cpc, recompute=recompute, console=console
    )
    chosen = publication.select(
        indicators=indicator, areas=areas, periods=periods,
        breakdown=None if breakdown == "all" else breakdown,
    )  # fmt: skip
    write_output(chosen, format=format, out=out, console=console)


@population_app.command("load")
def population_load(
    file: Annotated[Path, typer.Argument(help="The NRS/PHS council-area population CSV.")],
    db: Annotated[Path | None, typer.Option("--db", help="Store file.")] = None,
) -> None:
    """Replace the shipped denominators with the official mid-year estimates file."""
    from bairn.indicators.population import load_official_file
    from bairn.store import Store

    if not file.exists():
        raise BairnError(f"There is no file {file}.")
    with Store(db) as store:
        n = load_official_file(store.con, file)
    console.print(f"Loaded {n:,} population rows from {file}; recompute with `bairn indicators`.")
