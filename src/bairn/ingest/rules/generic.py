"""Rules generated from the standard's YAML: types, ranges, required fields, code lists, unique
keys and references. Nothing here names a table or field: add a field to the YAML and these
rules check it."""

from __future__ import annotations

from bairn.ingest.context import RuleContext
from bairn.ingest.registry import rule
from bairn.standard import Field, Standard, Table


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fields_where(pred):
    def scope(standard: Standard, version: str) -> list[str]:
        return [
            f"{t.name}.{f.name}"
            for t in standard.tables_in(version)
            for f in t.fields(version)
            if pred(t, f)
        ]

    return scope


def _issue(t: Table, f: Field, ctx: RuleContext, where: str, extra: str = "") -> str:
    return (
        f"SELECT '{t.name}' AS tbl, t._file, t._row, '{f.name}' AS col, "
        f"{ctx.text(f)} AS value{extra} FROM {t.name} t WHERE {where}"
    )


@rule(
    "G01",
    name="date",
    severity="error",
    message="'{value}' in {column} is not a date; write it as YYYY-MM-DD (or DD/MM/YYYY).",
    scope=_fields_where(lambda t, f: f.type == "date"),
)
def not_a_date(ctx: RuleContext):
    """Every date field must hold a real calendar date."""
    for t in ctx.tables():
        for f in ctx.fields(t, "date"):
            yield _issue(t, f, ctx, f'{ctx.text(f)} IS NOT NULL AND t."{f.name}" IS NULL')


@rule(
    "G02",
    name="integer",
    severity="error",
    message="'{value}' in {column} is not a whole number; give digits only.",
    scope=_fields_where(lambda t, f: f.type == "integer"),
)
def not_an_integer(ctx: RuleContext):
    """Every integer field must hold a whole number."""
    for t in ctx.tables():
        for f in ctx.fields(t, "integer"):
            yield _issue(t, f, ctx, f'{ctx.text(f)} IS NOT NULL AND t."{f.name}" IS NULL')


@rule(
    "G03",
    name="range",
    severity="error",
    message="{column} is {value} but must be between {lo} and {hi}; correct the value.",
    scope=_fields_where(lambda t, f: f.min is not None or f.max is not None),
)
def out_of_range(ctx: RuleContext):
    """Integer fields with a minimum or maximum in the standard must lie within it."""
    for t in ctx.tables():
        for f in ctx.fields(t, "integer"):
            if f.min is None and f.max is None:
                continue
            lo = "-2147483648" if f.min is None else str(f.min)
            hi = "2147483647" if f.max is None else str(f.max)
            yield _issue(
                t,
                f,
                ctx,
                f't."{f.name}" NOT BETWEEN {lo} AND {hi}',
                f", '{f.min if f.min is not None else ''}' AS lo, '{f.max or ''}' AS hi",
            )


@rule(
    "G04",
    name="required",
    severity="error",
    message="{column} is empty but every row of {table} needs it; fill it in.",
    scope=_fields_where(lambda t, f: f.required),
)
def required_missing(ctx: RuleContext):
    """Required fields must have a value in every row (the column itself may be missing: S02)."""
    for t in ctx.tables():
        for f in ctx.fields(t):
            if f.required:
                yield _issue(t, f, ctx, f"{ctx.text(f)} IS NULL")


@rule(
    "G05",
    name="code-list",
    severity="error",
    message="'{value}' is not a code of the {codelist} list{suggest}; use {codes}.",
    scope=_fields_where(lambda t, f: f.codelist is not None),
)
def not_in_code_list(ctx: RuleContext):
    """Coded fields must hold one of the codes of their code list, exactly as written there."""
    for t in ctx.tables():
        for f in ctx.fields(t, "code"):
            codes = ctx.standard.codelists[f.codelist].values
            listing = (
                "one of " + ", ".join(codes)
                if len(codes) <= 8
                else f"a code from the {f.codelist} list in docs/standard.md"
            )
            values = ", ".join(f"({_q(c)})" for c in codes)
            codes_sql = ", ".join(_q(c) for c in codes)
            norm = "regexp_replace(lower(trim({x})), '[^a-z0-9]+', '_', 'g')"
            yield f"""
                WITH bad AS (
                    SELECT _file, _row, "{f.name}" AS value FROM {t.name}
                    WHERE "{f.name}" IS NOT NULL AND "{f.name}" NOT IN ({codes_sql})
                )
                SELECT '{t.name}' AS tbl, b._file, b._row, '{f.name}' AS col, b.value,
                       '{f.codelist}' AS codelist, {_q(listing)} AS codes,
                       CASE WHEN s.code IS NULL THEN ''
                            ELSE ' (did you mean ''' || s.code || '''?)' END AS suggest
                FROM bad b
                LEFT JOIN (SELECT code FROM (VALUES {values}) v(code)) s
                  ON {norm.format(x="s.code")} = {norm.format(x="b.value")}
            """


@rule(
    "G06",
    name="unique-key",
    severity="error",
    message=(
        "{column} {value} appears more than once in {table} (first in row {first_row}); "
        "give each record its own identifier or remove the repeated row."
    ),
    scope=lambda s, v: [f"{t.name}.{'+'.join(t.primary_key)}" for t in s.tables_in(v)],
)
def duplicate_key(ctx: RuleContext):
    """The primary key of each table must be unique; every repeat after the first is flagged."""
    for t in ctx.tables():
        keys = ", ".join(f'"{k}"' for k in t.primary_key)
        not_null = " AND ".join(f'"{k}" IS NOT NULL' for k in t.primary_key)
        match = " AND ".join(f't."{k}" = d."{k}"' for k in t.primary_key)
        value = " || ' / ' || ".join(f'CAST(t."{k}" AS VARCHAR)' for k in t.primary_key)
        # find the repeated keys with a hash aggregate first; only their rows are ranked
        yield f"""
            SELECT tbl, _file, _row, col, value, first_row FROM (
                SELECT '{t.name}' AS tbl, t._file, t._row, '{"+".join(t.primary_key)}' AS col,
                       {value} AS value,
                       row_number() OVER w AS n, first_value(t._row) OVER w AS first_row
                FROM {t.name} t
                SEMI JOIN (SELECT {keys} FROM {t.name} WHERE {not_null}
                           GROUP BY {keys} HAVING count(*) > 1) d ON {match}
                WINDOW w AS (PARTITION BY {", ".join(f't."{k}"' for k in t.primary_key)}
                             ORDER BY t._file, t._row)
            ) WHERE n > 1
        """


def placing(table: Table, f: Field) -> bool:
    """A reference the store needs to place a row (its child, or its parent for the date)."""
    if f.references == "children.child_id":
        return True
    pd = table.period_date
    return bool(pd and pd.table and f.name == pd.key and f.referenced_table == pd.table)


def _refs(ctx: RuleContext, placing_only: bool):
    for t in ctx.tables():
        for f in ctx.fields(t):
            if f.references and placing(t, f) == placing_only:
                rt, rf = f.references.split(".")
                yield t, f, rt, rf


def _known(ctx: RuleContext, rt: str, cols: str) -> str:
    """The rows of `rt` in this submission, and in the store when it is attached."""
    sub = f"SELECT {cols} FROM {rt}"
    return f"({sub} UNION ALL SELECT {cols} FROM store.{rt})" if ctx.store else f"({sub})"


@rule(
    "G07",
    name="reference",
    severity="error",
    message="{column} '{value}' matches no row of {ref_table}; add that record to {ref_table} "
    "or correct the identifier.",
    scope=_fields_where(lambda t, f: f.references is not None and placing(t, f)),
)
def unknown_reference(ctx: RuleContext):
    """A row's child (and a meeting's concerns' meeting) must be in the same submission: the
    store places each row by its child's council and its parent's date."""
    for t, f, rt, rf in _refs(ctx, placing_only=True):
        if rt in ctx.present:
            yield f"""
                SELECT '{t.name}' AS tbl, t._file, t._row, '{f.name}' AS col, t."{f.name}" AS value,
                       '{rt}' AS ref_table
                FROM {t.name} t ANTI JOIN {rt} r ON r."{rf}" = t."{f.name}"
                WHERE t."{f.name}" IS NOT NULL
            """


@rule(
    "G08",
    name="reference-elsewhere",
    severity="warning",
    message="{column} '{value}' matches no row of {ref_table} in this submission or the store; "
    "load the period that holds it first, or correct the identifier.",
    scope=_fields_where(lambda t, f: f.references is not None and not placing(t, f)),
)
def reference_not_found(ctx: RuleContext):
    """Other references (an IRD's concern, a registration's meeting) may point to an earlier
    period, so they are looked up in the submission and the store; a miss is a warning."""
    for t, f, rt, rf in _refs(ctx, placing_only=False):
        if rt in ctx.present or ctx.store:
            known = _known(ctx, rt, f'"{rf}"') if rt in ctx.present else f"store.{rt}"
            yield f"""
                SELECT '{t.name}' AS tbl, t._file, t._row, '{f.name}' AS col, t."{f.name}" AS value,
                       '{rt}' AS ref_table
                FROM {t.name} t ANTI JOIN {known} r ON r."{rf}" = t."{f.name}"
                WHERE t."{f.name}" IS NOT NULL
            """


@rule(
    "G09",
    name="same-child",
    severity="error",
    message="{column} '{value}' is a {ref_table} record of child '{other_child}', not of this "
    "row's child '{child}'; correct one of the two identifiers.",
    scope=_fields_where(
        lambda t, f: (
            bool(f.references)
            and f.name != "child_id"
            and any(x.name == "child_id" for x in t.all_fields)
        )
    ),
)
def other_childs_record(ctx: RuleContext):
    """When a row refers to another record (a registration to its meeting), both must be about
    the same child."""
    for t in ctx.tables():
        if not ctx.has_field(t.name, "child_id"):
            continue
        for f in ctx.fields(t):
            if not f.references or f.name == "child_id":
                continue
            rt, rf = f.references.split(".")
            if not ctx.has_field(rt, "child_id") or not (rt in ctx.present or ctx.store):
                continue
            known = (
                _known(ctx, rt, f'"{rf}", child_id')
                if rt in ctx.present
                else f'(SELECT "{rf}", child_id FROM store.{rt})'
            )
            yield f"""
                SELECT DISTINCT '{t.name}' AS tbl, t._file, t._row, '{f.name}' AS col,
                       t."{f.name}" AS value, '{rt}' AS ref_table, r.child_id AS other_child,
                       t.child_id AS child
                FROM {t.name} t JOIN {known} r ON r."{rf}" = t."{f.name}"
                WHERE r.child_id <> t.child_id
                  AND NOT EXISTS (SELECT 1 FROM {known} r2
                                  WHERE r2."{rf}" = t."{f.name}" AND r2.child_id = t.child_id)
            """


@rule(
    "S07",
    name="missing-table",
    severity="error",
    message="{table} rows refer to {ref_table} through {column}, but no {ref_table} file was "
    "given; include it in the submission.",
    scope=_fields_where(lambda t, f: f.references is not None and placing(t, f)),
)
def missing_table(ctx: RuleContext):
    """A table the store needs to place rows (children, and meetings for meeting_concerns)
    must be submitted whenever a table that depends on it is."""
    for t, f, rt, _ in _refs(ctx, placing_only=True):
        if rt not in ctx.present:
            yield f"""
                SELECT '{t.name}' AS tbl, min(_file) AS _file, CAST(NULL AS BIGINT) AS _row,
                       '{f.name}' AS col, CAST(NULL AS VARCHAR) AS value, '{rt}' AS ref_table
                FROM {t.name} HAVING count(*) > 0
            """
