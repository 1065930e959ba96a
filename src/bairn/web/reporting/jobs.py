"""The `report` task: build a report with `bairn.reports.build_report` and keep the file in the
private reports folder (settings.BAIRN_REPORTS_DIR, never served by the web server) until its
owner downloads it. Files older than settings.BAIRN_REPORTS_KEEP_HOURS are removed when the next
report is made.

Parameters: kind (cpc | national), area (a CPC or council code; national: council | cpc),
period, audience (public | area | national), cpc (the area audience's CPC), format
(html | pdf | xlsx), commentary (the commentary's version when the task was queued: a report
asked for after an edit is new work, not the one still running).
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from django.conf import settings

from bairn.errors import BairnError
from bairn.web import analytical, tasks
from bairn.web.tasks.models import Task

KIND = "report"


def reports_dir() -> Path:
    folder = Path(settings.BAIRN_REPORTS_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def report_path(task: Task) -> Path | None:
    """The file a finished report task wrote (None if it has none or it was removed)."""
    name = (task.result or {}).get("file", "")
    if not name or Path(name).name != name:
        return None
    path = Path(settings.BAIRN_REPORTS_DIR) / name
    return path if path.is_file() else None


def download_name(params: dict) -> str:
    area = params["area"] if params["kind"] == "cpc" else f"scotland-{params['area']}s"
    audience = params["audience"] + (f"-{params['cpc']}" if params.get("cpc") else "")
    return f"bairn-report-{area}-{params['period']}-{audience}.{params['format']}"


def remove_old_reports(folder: Path) -> int:
    limit = time.time() - float(settings.BAIRN_REPORTS_KEEP_HOURS) * 3600
    removed = 0
    for path in folder.glob("report-*"):
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def commentary_for_report(params: dict) -> dict[str, str]:
    """The committee's commentary saved for the report's area and period, for non-public reports
    only: it is free text, which disclosure control does not check (docs/reports.md)."""
    from bairn.indicators.catalogue import load_catalogue
    from bairn.web.reporting.models import commentary_for

    if params["kind"] != "cpc" or params["audience"] == "public":
        return {}
    known = load_catalogue().indicators
    saved = commentary_for(params["area"], params["period"])
    return {k: v for k, v in saved.items() if k in known}


def annotations_for_report(task: Task) -> dict[str, list[dict]]:
    """Programme actions linked to the report's area (Scotland for the national report), as far
    as the person who asked may see programme work (anonymous: published programmes only)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from bairn.areas import SCOTLAND
    from bairn.web.programme.measures import annotations_by_indicator

    params = task.params
    area = params["area"] if params["kind"] == "cpc" else SCOTLAND
    asker = get_user_model().objects.filter(pk=task.created_by_id).first()
    return annotations_by_indicator(area, asker or AnonymousUser())


def prepared_for_report(params: dict):
    """The publication the statistics pages have ready for the report's audience, with the
    results it was made from: the report then shows exactly their figures and need not publish
    again (about 1 s of a CPC report on a scale-1 store). None when they are not ready for the
    latest run."""
    from bairn.web.results import publications
    from bairn.web.results.audience import Audience

    prep = publications.ready(Audience(params["audience"], params.get("cpc") or None))
    return None if prep is None else (prep.publication, prep.results)


@tasks.handler(KIND)
def build(task: Task, progress: tasks.Progress) -> dict:
    from bairn.reports import build_report
    from bairn.web.voices.aggregate import published_survey_results

    params = task.params
    progress("Waiting for the store", 0, 3)
    commentary = commentary_for_report(params)
    annotations = annotations_for_report(task)
    surveys = published_survey_results()  # the waves closed up to now, as anyone sees them
    folder = reports_dir()
    remove_old_reports(folder)
    with analytical.store_lock():
        if not analytical.store_exists():
            raise analytical.NoStore("There are no statistics to report on yet; load data first.")
        content = build_report(
            params["kind"],
            params["area"],
            params["period"],
            params["audience"],
            params["format"],
            analytical.db_path(),
            cpc=params.get("cpc") or None,
            commentary=commentary,
            annotations=annotations,
            surveys=surveys if not surveys.empty else None,
            prepared=prepared_for_report(params),
            progress=lambda step, done, total: progress(step[:1].upper() + step[1:], done, total),
        )
    if not content:
        raise BairnError("The report came out empty; make it again.")
    name = f"report-{task.pk}-{secrets.token_hex(8)}.{params['format']}"
    path = folder / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(content)
    return {
        "file": name,
        "filename": download_name(params),
        "bytes": len(content),
        "commentary": sorted(commentary),
    }
