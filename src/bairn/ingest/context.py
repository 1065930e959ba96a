"""What a rule can see: the standard and version, which tables were submitted, the period and
area being loaded, the date the data is checked against, and whether the store is attached.
The helpers build the SQL fragments that many rules share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bairn.periods import Period
from bairn.standard import Field, Standard, Table


@dataclass(frozen=True)
class RuleContext:
    standard: Standard
    version: str
    present: frozenset[str]
    as_of: dt.date
    period: Period | None = None
    area: str | None = None
    store: bool = False

    def tables(self) -> list[Table]:
        """The version's tables that were submitted, in the standard's order."""
        return [t for t in self.standard.tables_in(self.version) if t.name in self.present]

    def table(self, name: str) -> Table:
        return self.standard.tables[name]

    def has(self, *names: str) -> bool:
        return all(n in self.present for n in names)

    def fields(self, table: Table, type: str | None = None) -> list[Field]:
        return [f for f in table.fields(self.version) if type is None or f.type == type]

    def has_field(self, table: str, name: str) -> bool:
        return any(f.name == name for f in self.standard.tables[table].fields(self.version))

    @staticmethod
    def text(field: Field, alias: str = "t") -> str:
        """The value as the user wrote it (typed fields keep their text beside them)."""
        if field.type in ("date", "integer"):
            return f'{alias}."{field.name}__text"'
        return f'{alias}."{field.name}"'

    def child_tables(self) -> list[Table]:
        """Submitted record tables that name the child directly (everything but `children`)."""
        return [
            t for t in self.tables() if t.name != "children" and self.has_field(t.name, "child_id")
        ]

    def child_dates(self, starts_only: bool = False) -> list[tuple[Table, Field]]:
        """(table, date field) of every dated event about a child, from the standard: every date
        field of a table with child_id. `starts_only` leaves out the end_date fields."""
        out = []
        for t in self.child_tables():
            for f in self.fields(t, "date"):
                if not (starts_only and f.name == "end_date"):
                    out.append((t, f))
        return out

    def placed(self) -> str | None:
        """SQL for every submitted record row with the council and date that place it in a
        period (as the store places it), or None if no record table was submitted."""
        parts = []
        for t in self.tables():
            pd = t.period_date
            if pd is None:
                continue
            key_text = " || ' / ' || ".join(
                f"coalesce(CAST(s.{k} AS VARCHAR), '')" for k in t.primary_key
            )
            if pd.table is None:
                date_expr, join = f"s.{pd.field}", ""
                date_col = pd.field
            else:
                if pd.table not in self.present:
                    continue
                date_expr = f"p.{pd.field}"
                parent = (
                    f"SELECT {pd.key}, any_value({pd.field}) AS {pd.field}, "
                    f"any_value(child_id) AS child_id FROM {pd.table} GROUP BY {pd.key}"
                )
                join = f"LEFT JOIN ({parent}) p ON p.{pd.key} = s.{pd.key}"
                date_col = f"{pd.field} of {pd.table}"
            owner = "s.child_id" if self.has_field(t.name, "child_id") else "p.child_id"
            children = (
                "SELECT child_id, any_value(council_code) AS council_code "
                "FROM children GROUP BY child_id"
            )
            child_join = (
                f"LEFT JOIN ({children}) c ON c.child_id = {owner}"
                if "children" in self.present
                else ""
            )
            council = "c.council_code" if child_join else "CAST(NULL AS VARCHAR)"
            parts.append(
                f"SELECT '{t.name}' AS tbl, s._file, s._row, {key_text} AS record_key, "
                f"'{date_col}' AS date_col, {council} AS council_code, {date_expr} AS event_date "
                f"FROM {t.name} s {join} {child_join}"
            )
        return " UNION ALL ".join(parts) if parts else None
