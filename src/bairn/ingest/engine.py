"""The rule engine: stage the submission once in DuckDB, run every rule's SQL over it.

Staging makes one table per standard table: `_file`, `_row` (as the user sees it), every field of
the version, typed (dates and integers parsed leniently, NULL when unparseable) with the text as
written kept beside each typed field as `<field>__text`; spaces around values are trimmed and
an empty value is NULL. Rules never copy the data; each rule's
queries insert the rows they flag into one `issues` table. A rule that raises is recorded as
crashed with its traceback, its partial issues removed, and the run fails (exit code 3).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pyarrow as pa

from bairn.errors import BairnError
from bairn.ingest.context import RuleContext
from bairn.ingest.model import ISSUE_SCHEMA, CrashedRule, Submission, ValidationResult
from bairn.ingest.registry import Rule, message_sql
from bairn.periods import Period
from bairn.standard import Field, Table, load_standard

log = logging.getLogger("bairn.ingest")
Progress = Callable[[str, int, int], None]

UK_DATE = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"
MIDNIGHT = r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]00:00(:00(\.0+)?)?"


def date_sql(col: str) -> str:
    """Text to DATE: ISO `2025-01-31`, UK `31/01/2025`, or an ISO date with a midnight time.
    Cheap tests pick the parser; years outside 1000–2999 are not dates."""
    return (
        f"CASE WHEN length({col}) = 10 AND substr({col}, 5, 1) = '-' "
        f"AND left({col}, 1) IN ('1', '2') THEN TRY_CAST({col} AS DATE) "
        f"WHEN contains({col}, '/') AND regexp_full_match({col}, '{UK_DATE}') "
        f"THEN CAST(TRY_STRPTIME({col}, '%d/%m/%Y') AS DATE) "
        f"WHEN regexp_full_match({col}, '{MIDNIGHT}') THEN TRY_CAST(left({col}, 10) AS DATE) END"
    )


def integer_sql(col: str) -> str:
    return (
        f"CASE WHEN regexp_full_match({col}, '[+-]?[0-9]{{1,9}}') THEN CAST({col} AS INTEGER) END"
    )


def _typed(f: Field) -> str:
    col = f'"{f.name}"'
    if f.type == "date":
        return f'{date_sql(col)} AS {col}, {col} AS "{f.name}__text"'
    if f.type == "integer":
        return f'{integer_sql(col)} AS {col}, {col} AS "{f.name}__text"'
    return col


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class StagedSubmission:
    """One submission staged in an in-memory DuckDB database, ready for rules and for loading."""

    def __init__(
        self,
        submission: Submission,
        *,
        store_path: str | Path | None = None,
        threads: int | None = None,
        release: bool = False,
    ) -> None:
        """`release=True` drops each table's read data from `submission` once it is staged,
        so that the read copy and the staged copy are never both whole in memory."""
        self.standard = load_standard()
        self.version = self.standard.check_version(submission.version)
        self.submission = submission
        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self.store = self._attach(store_path)
        self.rows: dict[str, int] = {}
        self.present = frozenset(p.table for p in submission.parts)
        self.reader_issues = list(submission.issues)
        for table in self.standard.tables_in(self.version):
            self._stage(table)
            if release:
                submission.parts = [p for p in submission.parts if p.table != table.name]

    def _attach(self, store_path: str | Path | None) -> bool:
        if store_path is None or not Path(store_path).exists():
            return False
        try:
            self.con.execute(f"ATTACH {_quote(str(store_path))} AS store (READ_ONLY)")
            self.con.execute("SELECT count(*) FROM store.submissions").fetchall()
        except duckdb.Error as exc:
            self.close()
            first = str(exc).splitlines()[0]
            raise BairnError(
                f"Cannot read the store {store_path} to check resubmissions ({first}); "
                "close any other program using it, or point --db at the right file."
            ) from None
        return True

    def _stage(self, table: Table) -> None:
        fields = table.fields(self.version)
        parts = [p for p in self.submission.parts if p.table == table.name]
        selects = []
        for i, part in enumerate(parts):
            view = f"part_{table.name}_{i}"
            self.con.register(view, part.data)
            have = set(part.data.column_names)
            cols = ", ".join(
                f'NULLIF(trim("{f.name}"), \'\') AS "{f.name}"'
                if f.name in have
                else f'CAST(NULL AS VARCHAR) AS "{f.name}"'
                for f in fields
            )
            selects.append(
                f"SELECT {_quote(part.file)} AS _file, CAST(_row AS BIGINT) AS _row, {cols} "
                f"FROM {view}"
            )
        if not selects:
            cols = ", ".join(f'CAST(NULL AS VARCHAR) AS "{f.name}"' for f in fields)
            selects = [
                f"SELECT CAST(NULL AS VARCHAR) AS _file, CAST(NULL AS BIGINT) AS _row, "
                f"{cols} WHERE false"
            ]
        blank = " AND ".join(f'"{f.name}" IS NULL' for f in fields)
        typed = ", ".join(_typed(f) for f in fields)
        self.con.execute(
            f"CREATE TABLE {table.name} AS SELECT _file, _row, {typed} "
            f"FROM ({' UNION ALL '.join(selects)}) WHERE NOT ({blank})"
        )
        for i in range(len(parts)):
            self.con.unregister(f"part_{table.name}_{i}")
        self.rows[table.name] = self.con.execute(f"SELECT count(*) FROM {table.name}").fetchall()[
            0
        ][0]

    def context(
        self, *, as_of: dt.date | None = None, period: Period | None = None, area: str | None = None
    ) -> RuleContext:
        return RuleContext(
            standard=self.standard,
            version=self.version,
            present=self.present,
            as_of=as_of or dt.date.today(),
            period=period,
            area=area,
            store=self.store,
        )

    def validate(
        self,
        rules: Iterable[Rule] | None = None,
        *,
        as_of: dt.date | None = None,
        period: Period | None = None,
        area: str | None = None,
        progress: Progress | None = None,
    ) -> ValidationResult:
        from bairn.ingest.packs import rules_for

        started = time.perf_counter()
        rules = list(rules_for(self.version) if rules is None else rules)
        ctx = self.context(as_of=as_of, period=period, area=area)
        con = self.con
        con.execute("DROP TABLE IF EXISTS issues")
        con.execute(
            'CREATE TABLE issues (file VARCHAR, "table" VARCHAR, "row" BIGINT, '
            '"column" VARCHAR, rule VARCHAR, severity VARCHAR, message VARCHAR, value VARCHAR)'
        )
        if self.reader_issues:
            con.executemany(
                "INSERT INTO issues VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [i.file, i.table, i.row, i.column, i.rule, i.severity, i.message, i.value]
                    for i in self.reader_issues
                ],
            )
        crashed: list[CrashedRule] = []
        for n, r in enumerate(rules):
            if progress:
                progress(f"rule {r.code} {r.name}", n, len(rules))
            try:
                for sql in r.queries(ctx):
                    con.execute(
                        f"INSERT INTO issues SELECT q._file, q.tbl, q._row, q.col, "
                        f"{_quote(r.code)}, {_quote(r.severity)}, {message_sql(r.message)}, "
                        f"left(CAST(q.value AS VARCHAR), 500) FROM ({sql}) q"
                    )
            except Exception as exc:  # a broken rule must never look like a pass
                con.execute("DELETE FROM issues WHERE rule = ?", [r.code])
                tb = traceback.format_exc()
                log.error("rule %s crashed:\n%s", r.code, tb)
                first = (str(exc).splitlines() or [""])[0][:200]
                crashed.append(CrashedRule(r.code, r.name, f"{type(exc).__name__}: {first}", tb))
        if progress:
            progress("done", len(rules), len(rules))
        issues = con.sql(
            'SELECT * FROM issues ORDER BY file NULLS FIRST, "table" NULLS FIRST, '
            '"row" NULLS FIRST, "column", rule'
        ).to_arrow_table()
        return ValidationResult(
            issues=issues.cast(ISSUE_SCHEMA),
            crashed=crashed,
            rules_run=[r.code for r in rules],
            rows=dict(self.rows),
            version=self.version,
            as_of=ctx.as_of,
            period=period.label if period else None,
            area=area,
            store_checked=self.store,
            seconds=time.perf_counter() - started,
        )

    def frames(self) -> dict[str, pa.Table]:
        """The submitted tables, typed, in the standard's columns: what Store.load takes."""
        out = {}
        for table in self.standard.tables_in(self.version):
            if table.name in self.present:
                cols = ", ".join(f'"{f.name}"' for f in table.fields(self.version))
                out[table.name] = self.con.sql(
                    f"SELECT {cols} FROM {table.name} ORDER BY _file, _row"
                ).to_arrow_table()
        return out

    def close(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self.con.close()

    def __enter__(self) -> StagedSubmission:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def validate(
    submission: Submission,
    *,
    rules: Iterable[Rule] | None = None,
    as_of: dt.date | None = None,
    period: Period | None = None,
    area: str | None = None,
    store_path: str | Path | None = None,
    progress: Progress | None = None,
) -> ValidationResult:
    """Validate a submission with its version's rule pack (or the given rules)."""
    with StagedSubmission(submission, store_path=store_path) as staged:
        return staged.validate(rules, as_of=as_of, period=period, area=area, progress=progress)
