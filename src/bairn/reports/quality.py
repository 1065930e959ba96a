"""Data quality of the submissions behind a report, from the store's `submissions` table: which
councils and periods are loaded, when, under which version of the standard, and what was
resubmitted. No record counts are shown: they are record-derived and small."""

from __future__ import annotations

import datetime as dt

from bairn.areas import all_areas
from bairn.periods import next_quarter, parse_period, quarter_of
from bairn.reports.data import ReportData
from bairn.reports.model import Column, Table


def _quarters(label: str) -> list[str]:
    try:
        return [q.label for q in parse_period(label).quarters()]
    except Exception:  # a period label the store kept but Bairn no longer reads
        return []


def quality_tables(
    data: ReportData, councils: list[str], period: str, *, recent: int = 4
) -> tuple[list[Table], list[str]]:
    end = parse_period(period).end
    current = [s for s in data.submissions if s["status"] == "current"]
    replaced = [s for s in data.submissions if s["status"] != "current"]
    summary_rows, grid_rows, notes = [], [], []
    last_quarters: list[str] = []
    q = parse_period(period).quarters()[-1]
    for _ in range(recent):
        last_quarters.insert(0, q.label)
        q = quarter_of(q.start - dt.timedelta(days=1))
    for code in councils:
        mine = [s for s in current if s["area_code"] == code and s["period_end"] <= end]
        loaded: dict[str, dict] = {}
        for s in mine:
            for label in _quarters(s["period"]):
                loaded[label] = s
        name = all_areas()[code].name if code in all_areas() else code
        if not loaded:
            summary_rows.append([name, 0, "", "", "", "", "", 0])
            grid_rows.append([name, *["not loaded" for _ in last_quarters]])
            continue
        ordered = sorted(loaded, key=lambda p: parse_period(p).start)
        span, p = [], parse_period(ordered[0])
        while p.start <= end:
            span.append(p.label)
            p = next_quarter(p)
        missing = [p for p in span if p not in loaded]
        versions = sorted({str(s["standard_version"]) for s in mine})
        last = max(str(s["loaded_at"])[:16] for s in mine)
        resubmitted = sum(1 for s in replaced if s["area_code"] == code)
        summary_rows.append(
            [
                name,
                len(loaded),
                ordered[0],
                ordered[-1],
                _ranges(missing) if missing else "none",
                last,
                ", ".join(versions),
                resubmitted,
            ]
        )
        grid_rows.append(
            [
                name,
                *[
                    f"{str(loaded[qt]['loaded_at'])[:10]} (v{loaded[qt]['standard_version']})"
                    if qt in loaded
                    else "not loaded"
                    for qt in last_quarters
                ],
            ]
        )
        if missing:
            notes.append(
                f"{name} has no submission for {_ranges(missing)}: there are no figures for it, "
                "or for its CPC and Scotland, in those quarters."
            )
    summary = Table(
        "quality-submissions",
        "Submissions behind this report (current, up to the report period)",
        [
            Column("Council", "text", header=True),
            Column("Quarters loaded", "count"),
            Column("First", "text"),
            Column("Last", "text"),
            Column("Missing quarters", "text"),
            Column("Last loaded (UTC)", "text"),
            Column("Standard version", "text"),
            Column("Resubmissions", "count"),
        ],
        summary_rows,
        sheet="Data quality",
    )
    grid = Table(
        "quality-recent",
        f"The latest {recent} quarters: date loaded (standard version)",
        [Column("Council", "text", header=True)] + [Column(q, "text") for q in last_quarters],
        grid_rows,
        sheet="Data quality",
    )
    run = data.run
    notes.insert(
        0,
        f"Indicators computed {str(run.get('computed_at', ''))[:16]} UTC (run "
        f"{run.get('run_id', '?')}, catalogue version {run.get('catalogue_version', '?')}) from "
        f"{len(current):,} current submissions; {len(replaced):,} earlier submissions were "
        "replaced by resubmissions.",
    )
    return [summary, grid], notes


def _ranges(labels: list[str]) -> str:
    if len(labels) <= 3:
        return ", ".join(labels)
    return f"{labels[0]} to {labels[-1]} ({len(labels)} quarters)"
