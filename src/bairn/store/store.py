"""The analytical store: one embedded DuckDB file per deployment.

A submission is one council × period. Loading replaces, in one transaction, every row the council
had whose event date falls in the period, so a load interrupted at any instant leaves the store as
it was, and a resubmission replaces its predecessor, which stays in the submissions history.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bairn.errors import BairnError
from bairn.periods import parse_period
from bairn.standard import Standard, load_standard
from bairn.store.child_keys import number_unnumbered_store
from bairn.store.schema import SCHEMA_VERSION, create_statements

DEFAULT_DB = Path("bairn-data") / "bairn.duckdb"


def resolve_db_path(db: str | Path | None = None) -> Path:
    """`--db` wins, then the BAIRN_DB environment variable, then bairn-data/bairn.duckdb here."""
    if db:
        return Path(db)
    if env := os.environ.get("BAIRN_DB"):
        return Path(env)
    return DEFAULT_DB


@dataclass(frozen=True)
class SourceFile:
    name: str
    sha256: str


@dataclass(frozen=True)
class LoadResult:
    submissions: list[dict]
    rows: dict[str, int]


class Store:
    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = resolve_db_path(path)
        self.standard: Standard = load_standard()
        if read_only:
            if not self.path.exists():
                raise BairnError(
                    f"There is no Bairn store at {self.path}; load data first (bairn load or "
                    "bairn demo), or point --db / BAIRN_DB at an existing store."
                )
            self.con = _connect(self.path, read_only=True)
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise BairnError(
                    f"Cannot create the folder for the store {self.path}: {exc}."
                ) from None
            self.con = _connect(self.path, read_only=False)
            self._ensure_schema()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_schema(self) -> None:
        for statement in create_statements(self.standard):
            self.con.execute(statement)
        number_unnumbered_store(self.con, self.standard)
        self.con.execute(
            "INSERT OR REPLACE INTO store_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def record_tables(self) -> list[str]:
        return [t.name for t in sorted(self.standard.tables.values(), key=lambda t: t.order)]

    def row_counts(self) -> dict[str, int]:
        return {
            t: self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
            for t in self.record_tables()
        }

    def submissions(self, current_only: bool = False) -> list[dict]:
        where = "WHERE status = 'current'" if current_only else ""
        cur = self.con.execute(f"SELECT * FROM submissions {where} ORDER BY submission_id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def load(
        self,
        frames: Mapping[str, object],
        *,
        files: list[SourceFile],
        version: str,
        area: str | None = None,
        period: str | None = None,
        loaded_by: str | None = None,
    ) -> LoadResult:
        """Replace the submitted councils × periods with `frames` (table name → Arrow table or
        DataFrame in the standard's columns, already validated) in one transaction."""
        from bairn.store.replace import replace_submissions

        target = parse_period(period) if period else None
        who = loaded_by or _current_user()
        with self.transaction() as con:
            return replace_submissions(
                con,
                self.standard,
                frames,
                files=files,
                version=version,
                area=area,
                period=target,
                loaded_by=who,
                loaded_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            )


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise BairnError(
                f"The store {path} is in use by another Bairn process (a load, a computation or "
                "the web server); try again when it has finished, or stop it."
            ) from None
        raise BairnError(f"Cannot open the store {path}: {exc}.") from None
    except duckdb.Error as exc:
        raise BairnError(
            f"{path} is not a Bairn store DuckDB can open ({exc}); point --db at a store file."
        ) from None
    # DuckDB's own progress bar would write into commands' output and the server's log; long
    # steps report through bairn.progress instead
    con.execute("SET enable_progress_bar = false")
    return con


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def describe(store: Store) -> dict:
    """A short summary for the CLI: rows per table and current submissions."""
    subs = store.submissions(current_only=True)
    return {
        "path": str(store.path),
        "rows": store.row_counts(),
        "submissions": len(subs),
        "councils": len({s["area_code"] for s in subs}),
        "files": sorted({f["name"] for s in subs for f in json.loads(s["files"])}),
    }
