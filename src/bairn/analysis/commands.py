"""`bairn variation`, `bairn trend` and `bairn baseline`: the analyses, disclosure-controlled."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bairn.errors import BairnError

console = Console()
FORMATS = ("table", "csv", "json")


def register(app: typer.Typer) -> None:
    app.command("variation")(variation_command)
    app.command("trend")(trend_command)
    app.command("baseline")(baseline_command)


DbOption = Annotated[Path | None, typer.Option("--db", help="Store file.")]
AudienceOption = Annotated[str, typer.Option(help="public, national or area.")]
CpcOption = Annotated[str | None, typer.Option("--cpc", help="The CPC of the area audience.")]
FormatOption = Annotated[str, typer.Option("--format", help="table, csv or json.")]


def _inputs(db, indicator: str, audience: str, cpc: str | None):
    from bairn.indicators import load_catalogue, read_results
    from bairn.publication import publish_results
    from bairn.store import Store

    ind = load_catalogue().get(indicator)
    publication = publish_results(db, audience=audience, cpc=cpc, console=console)
    with Store(db, read_only=True) as store:
        results = read_results(store, indicators=[ind.id], breakdown="total")
    return ind, results, publication


def variation_command(
    indicator: Annotated[str, typer.Option("--indicator", help="Indicator id.")],
    period: Annotated[str, typer.Option("--period", help="Period label, e.g. SY2023-24.")],
    area_type: Annotated[str, typer.Option("--area-type", help="council or cpc.")] = "council",
    db: DbOption = None,
    audience: AudienceOption = "public",
    cpc: CpcOption = None,
    format: FormatOption = "table",
) -> None:
    """Each area's value against funnel limits around Scotland, with and without
    overdispersion."""
    from bairn.analysis import mask_for_audience, variation
    from bairn.periods import parse_period

    if area_type not in ("council", "cpc"):
        raise BairnError(f"Area type {area_type!r} is not council or cpc.")
    ind, results, publication = _inputs(db, indicator, audience, cpc)
    frame = variation(results, ind, parse_period(period).label, area_type)
    _emit(mask_for_audience(frame, publication.protected), publication, format)


def trend_command(
    indicator: Annotated[str, typer.Option("--indicator", help="Indicator id.")],
    area: Annotated[str, typer.Option("--area", help="Area code.")],
    period_kind: Annotated[
        str, typer.Option("--period-kind", help="quarter, statistics_year, financial_year, year.")
    ] = "statistics_year",
    chart: Annotated[str, typer.Option(help="xmr, laney or run.")] = "xmr",
    db: DbOption = None,
    audience: AudienceOption = "public",
    cpc: CpcOption = None,
    format: FormatOption = "table",
) -> None:
    """Each period's value, SPC limits, rule and point type for one area."""
    from bairn.analysis import mask_for_audience, trend
    from bairn.areas import area as lookup

    ind, results, publication = _inputs(db, indicator, audience, cpc)
    frame = trend(results, ind, lookup(area).code, period_kind=period_kind, chart=chart)
    warnings = frame.attrs.get("warnings", [])
    _emit(mask_for_audience(frame, publication.protected), publication, format)
    for w in warnings:  # on standard error: standard output may be CSV or JSON
        Console(stderr=True).print(f"[yellow]Note:[/] {w}", highlight=False)


def baseline_command(
    indicator: Annotated[str, typer.Option("--indicator", help="Indicator id.")],
    period: Annotated[str, typer.Option("--period", help="Period label.")],
    db: DbOption = None,
    audience: AudienceOption = "public",
    cpc: CpcOption = None,
    format: FormatOption = "table",
) -> None:
    """Change since the 2016 baseline for every area, with a test suited to the measure."""
    from bairn.analysis import baseline_change, mask_for_audience
    from bairn.periods import parse_period

    ind, results, publication = _inputs(db, indicator, audience, cpc)
    frame = baseline_change(results, ind, parse_period(period).label)
    _emit(mask_for_audience(frame, publication.protected), publication, format)


def _emit(frame, publication, format: str) -> None:
    if format not in FORMATS:
        raise BairnError(f"Format {format!r} is not available; use {', '.join(FORMATS)}.")
    protected = publication.protected
    if format == "csv":
        sys.stdout.write(f"# {protected.footnote}\n# audience: {protected.audience}\n")
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    elif format == "json":
        sys.stdout.write(frame.to_json(orient="records", indent=1, default_handler=str) + "\n")
    else:
        table = Table(title=f"{protected.audience} audience")
        for col in frame.columns:
            table.add_column(str(col))
        for row in frame.itertuples(index=False):
            table.add_row(*(f"{v:,.3f}" if isinstance(v, float) else str(v) for v in row))
        console.print(table)
        console.print(protected.footnote, highlight=False)
