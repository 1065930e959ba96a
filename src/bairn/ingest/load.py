"""Validated loading: read, validate against the store, and only when no error stands hand the
typed tables to Store.load, which replaces council × period submissions in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bairn.errors import BairnError
from bairn.ingest.model import Submission, ValidationResult

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LoadOutcome:
    validation: ValidationResult
    loaded: object | None  # bairn.store.LoadResult, or None when validation refused the load
    db: Path


def check_area(code: str | None) -> str | None:
    if code is None:
        return None
    from bairn.areas import area

    a = area(code)
    if a.type != "council":
        raise BairnError(
            f"{code} is a {a.type.replace('cpc', 'Child Protection Committee')}, but a submission "
            "belongs to one council; give the council's code (S12…) with --area."
        )
    return a.code


def load_submission(
    submission: Submission,
    *,
    area: str | None = None,
    period: str | None = None,
    db: str | Path | None = None,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    loaded_by: str | None = None,
) -> LoadOutcome:
    """Validate `submission` (with the store's resubmission checks) and load it if clean."""
    from bairn.ingest.engine import StagedSubmission
    from bairn.periods import parse_period
    from bairn.store import SourceFile, Store, resolve_db_path

    area = check_area(area)
    target = parse_period(period) if period else None
    db_path = resolve_db_path(db)
    sources = list(submission.sources)
    with StagedSubmission(submission, store_path=db_path, release=True) as staged:
        result = staged.validate(as_of=as_of, period=target, area=area, progress=progress)
        if result.exit_code != 0:
            return LoadOutcome(result, None, db_path)
        frames = staged.frames()
    if progress:
        progress("writing the store", 0, 1)
    files = [SourceFile(s.name, s.sha256) for s in sources]
    with Store(db_path) as store:
        loaded = store.load(
            frames,
            files=files,
            version=submission.version,
            area=area,
            period=target.label if target else None,
            loaded_by=loaded_by,
        )
    if progress:
        progress("loaded", 1, 1)
    return LoadOutcome(result, loaded, db_path)


def load_paths(
    paths: Iterable[str | Path],
    *,
    version: str | None = None,
    **kwargs: object,
) -> LoadOutcome:
    from bairn.ingest.readers import read_paths

    return load_submission(read_paths(paths, version), **kwargs)  # type: ignore[arg-type]
