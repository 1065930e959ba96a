"""`bairn report cpc` and `bairn report national`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bairn.errors import BairnError

console = Console()
report_app = typer.Typer(help="Quarterly CPC reports and the national report (HTML, PDF, XLSX).")

OutOption = Annotated[
    Path, typer.Option("--out", help="File to write; .html, .pdf or .xlsx decides the format.")
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="Quarter (2025Q2) or statistics year (SY2023-24); default: "
        "the latest quarter in the store.",
    ),
]
AudienceOption = Annotated[
    str, typer.Option(help="public, national or area (a CPC's own staff: needs --cpc).")
]
CpcOption = Annotated[
    str | None,
    typer.Option(
        "--cpc", help="The CPC whose staff read it (area audience); default: the report's own CPC."
    ),
]
DbOption = Annotated[Path | None, typer.Option("--db", help="Store file.")]
IndicatorOption = Annotated[
    list[str] | None,
    typer.Option("--indicator", help="Only these indicators (repeat); default: the whole report."),
]
CommentaryOption = Annotated[
    Path | None,
    typer.Option("--commentary", help="JSON or YAML file: indicator id → committee commentary."),
]


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")


def _format(out: Path) -> str:
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("html", "pdf", "xlsx"):
        raise BairnError(
            f"The file {out} must end in .html, .pdf or .xlsx: the extension chooses the format."
        )
    return fmt


@report_app.command("cpc")
def cpc_command(
    area: Annotated[str, typer.Option("--area", help="A CPC (CPC-…) or council (S12…) code.")],
    out: OutOption,
    period: PeriodOption = None,
    audience: AudienceOption = "area",
    cpc: CpcOption = None,
    db: DbOption = None,
    commentary: CommentaryOption = None,
    indicator: IndicatorOption = None,
) -> None:
    """A Child Protection Committee's (or a council's) quarterly report; --area all writes
    every CPC's, to --out with {area} in the name (e.g. reports/{area}.pdf)."""
    from bairn.areas import area as lookup
    from bairn.areas import cpc_of

    if area.strip().lower() == "all":
        for given, option in ((commentary, "--commentary"), (cpc, "--cpc")):
            if given:
                raise BairnError(
                    f"{option} is for one committee's report; with --area all each CPC's report "
                    f"is for its own staff: leave {option} out, or name one --area."
                )
        _run_all(period, audience, out, db, indicator)
        return
    place = lookup(area)
    if audience == "area" and cpc is None and place.type in ("cpc", "council"):
        cpc = place.code if place.type == "cpc" else cpc_of(place.code)
    _run("cpc", place.code, period, audience, out, db, cpc, commentary, indicator)


@report_app.command("national")
def national_command(
    out: OutOption,
    period: PeriodOption = None,
    audience: AudienceOption = "national",
    cpc: CpcOption = None,
    area_type: Annotated[
        str, typer.Option("--area-type", help="Compare councils or CPCs.")
    ] = "council",
    db: DbOption = None,
    commentary: CommentaryOption = None,
    indicator: IndicatorOption = None,
) -> None:
    """The national report: all areas side by side for every indicator."""
    _run("national", area_type, period, audience, out, db, cpc, commentary, indicator)


def _run(kind, area, period, audience, out: Path, db, cpc, commentary_file, indicators) -> None:
    from bairn.progress import progress_bar
    from bairn.reports.build import check_arguments, make_report, render
    from bairn.reports.config import read_commentary
    from bairn.reports.data import ReportData

    fmt = _format(out)
    check_arguments(kind, fmt, audience, cpc)
    commentary = read_commentary(commentary_file) if commentary_file else None
    if not out.parent.exists():
        raise BairnError(f"The folder {out.parent} does not exist; create it or choose another.")
    data = ReportData.load(db, audience=audience, cpc=cpc, console=console)
    chosen = period or data.latest_quarter()
    with progress_bar(console, f"Report {chosen}") as progress:
        report = make_report(
            data,
            kind,
            area,
            chosen,
            commentary=commentary,
            indicators=indicators,
            progress=progress,
        )
        progress(f"writing {fmt.upper()}", 1, 1)
        content = render(report, fmt)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(content)
        tmp.replace(out)
    except OSError as exc:
        raise BairnError(f"Cannot write {out}: {exc.strerror}.") from None
    n = len(report.sections)
    size = f"{len(content) / 1024:,.0f} KB, {n} indicator{'s' if n != 1 else ''}"
    console.print(f"Wrote {out} ({fmt.upper()}, {size}). {report.audience_line}", highlight=False)


def _run_all(period, audience: str, out: Path, db, indicators) -> None:
    from bairn.progress import progress_bar
    from bairn.reports.batch import build_cpc_reports

    if "{area}" not in out.name:
        raise BairnError("With --area all, put {area} in the --out file name: reports/{area}.pdf.")
    fmt = _format(out)
    if not out.parent.exists():
        raise BairnError(f"The folder {out.parent} does not exist; create it or choose another.")
    written = 0
    with progress_bar(console, "CPC reports") as progress:
        for code, content in build_cpc_reports(
            db, period, fmt, audience=audience, indicators=indicators, progress=progress
        ):
            (out.parent / out.name.replace("{area}", code)).write_bytes(content)
            written += 1
    console.print(f"Wrote {written} {fmt.upper()} reports to {out.parent}.", highlight=False)
