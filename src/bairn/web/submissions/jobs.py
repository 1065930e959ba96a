"""Validation and loading, as background tasks (bairn.web.tasks), through bairn.ingest.

validate: read the upload's files, run every rule of the standard's version (with the store's
resubmission checks), keep the issue report, and mark the upload valid or invalid. Nothing is
written to the store.

load: only after the analyst confirms. Validate again against the store as it is now, then
load in one transaction (bairn.ingest.load_submission), delete the uploaded files, recompute the
indicators and queue the published figures again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq

from bairn.errors import BairnError
from bairn.web import analytical, tasks
from bairn.web.submissions.models import Status, Upload
from bairn.web.tasks.models import Task


def _upload(task: Task) -> Upload:
    try:
        return Upload.objects.get(pk=task.params["upload"])
    except Upload.DoesNotExist:
        raise BairnError("The upload no longer exists.") from None


def _files(upload: Upload) -> list[Path]:
    return sorted(p for p in upload.files_folder.iterdir() if p.is_file())


def keep_report(upload: Upload, result) -> None:
    """Store the issue report beside the upload and its summary on the row."""
    from bairn.ingest.report import rule_counts, summary, verdict

    upload.folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(result.issues, upload.issues_path)
    upload.summary = {
        **summary(result),
        "verdict": verdict(result),
        "rules": rule_counts(result),
        "seconds": round(result.seconds, 2),
    }


def _read(upload: Upload, progress: tasks.Progress):
    from bairn.ingest import read_paths

    try:
        return read_paths(_files(upload), None, progress)
    except BairnError as exc:
        upload.status, upload.problem = Status.INVALID, str(exc)
        upload.summary = {"errors": 1, "warnings": 0, "verdict": str(exc), "rules": []}
        upload.save(update_fields=["status", "problem", "summary"])
        return None


@tasks.handler("validate")
def validate(task: Task, progress: tasks.Progress) -> dict:
    from bairn.ingest import StagedSubmission
    from bairn.periods import parse_period

    upload = _upload(task)
    progress("Reading the files", 0, 1)
    submission = _read(upload, progress)
    if submission is None:
        return {"errors": 1, "readable": False}
    period = parse_period(upload.period) if upload.period else None
    with analytical.store_lock():
        store = analytical.db_path() if analytical.store_exists() else None
        with StagedSubmission(submission, store_path=store) as staged:
            result = staged.validate(period=period, area=upload.area_code, progress=progress)
    keep_report(upload, result)
    upload.problem = ""
    upload.status = Status.VALID if result.exit_code == 0 else Status.INVALID
    upload.save(update_fields=["summary", "status", "problem"])
    return {"errors": result.errors, "warnings": result.warnings, "status": upload.status}


@tasks.handler("load")
def load(task: Task, progress: tasks.Progress) -> dict:
    from bairn.indicators import compute
    from bairn.ingest import load_submission

    upload = _upload(task)
    if upload.status != Status.LOADING:
        raise BairnError("This upload is not waiting to be loaded.")
    progress("Reading the files", 0, 1)
    submission = _read(upload, progress)
    if submission is None:
        return {"loaded": False}
    with analytical.store_lock():
        outcome = load_submission(
            submission,
            area=upload.area_code,
            period=upload.period or None,
            db=analytical.db_path(),
            progress=progress,
            loaded_by=upload.created_by_name or "bairn web",
        )
        keep_report(upload, outcome.validation)
        if outcome.loaded is None:
            upload.status = Status.INVALID
            upload.save(update_fields=["summary", "status"])
            return {"loaded": False, "errors": outcome.validation.errors}
        upload.loaded = [
            {k: (v if isinstance(v, (int, str)) else str(v)) for k, v in s.items()}
            for s in outcome.loaded.submissions
        ]
        upload.status = Status.LOADED
        upload.save(update_fields=["summary", "status", "loaded"])
        shutil.rmtree(upload.files_folder, ignore_errors=True)
        progress("Calculating the indicators", 0, 1)
        with analytical.open_store() as store:
            run = compute(store, progress=progress)
    analytical.forget_run()
    refresh_publications()
    return {"loaded": True, "submissions": len(upload.loaded), "run_id": run.run_id}


def refresh_publications() -> None:
    """Queue the published figures again for every audience pages were using."""
    from bairn.web.results import publications
    from bairn.web.results.audience import PUBLIC

    wanted = {PUBLIC.key: PUBLIC}
    for audience in publications.prepared_audiences():
        wanted[audience.key] = audience
    for audience in wanted.values():
        publications.request_preparation(audience)
