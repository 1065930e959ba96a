"""The record-level standard as Python objects, loaded from the versioned YAML in `data/`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
FIELD_TYPES = ("string", "date", "integer", "code")


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    extra: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class CodeList:
    name: str
    description: str
    codes: tuple[Code, ...]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.codes)

    def label(self, code: str) -> str:
        for c in self.codes:
            if c.code == code:
                return c.label
        raise KeyError(code)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str
    since: str
    until: str | None = None
    codelist: str | None = None
    references: str | None = None
    min: int | None = None
    max: int | None = None

    @property
    def referenced_table(self) -> str | None:
        return self.references.split(".")[0] if self.references else None


@dataclass(frozen=True)
class PeriodDate:
    """The date that places a row in a period: its own field, or a parent's through a key."""

    field: str
    table: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    order: int
    primary_key: tuple[str, ...]
    since: str
    all_fields: tuple[Field, ...]
    aliases: tuple[str, ...] = ()
    until: str | None = None
    period_date: PeriodDate | None = None

    def fields(self, version: str) -> tuple[Field, ...]:
        return tuple(f for f in self.all_fields if _in_version(f.since, f.until, version))

    def field_names(self, version: str) -> list[str]:
        return [f.name for f in self.fields(version)]

    def field(self, name: str) -> Field:
        for f in self.all_fields:
            if f.name == name:
                return f
        raise KeyError(f"table {self.name} has no field {name}")


@dataclass(frozen=True)
class Standard:
    versions: tuple[str, ...]
    current: str
    version_notes: dict[str, dict]
    tables: dict[str, Table]
    codelists: dict[str, CodeList]

    def tables_in(self, version: str | None = None) -> list[Table]:
        version = self.check_version(version)
        return sorted(
            (t for t in self.tables.values() if _in_version(t.since, t.until, version)),
            key=lambda t: t.order,
        )

    def check_version(self, version: str | None) -> str:
        version = version or self.current
        if version not in self.versions:
            known = ", ".join(self.versions)
            from bairn.errors import BairnError

            raise BairnError(
                f"Version {version!r} of the standard does not exist; use one of: {known}."
            )
        return version

    def table_for(self, name: str) -> Table | None:
        """The table called `name` or one of its former names (case- and space-insensitive)."""
        key = normalise_name(name)
        for t in self.tables.values():
            if key == t.name or key in t.aliases:
                return t
        return None


def normalise_name(name: str) -> str:
    """Column and table names compare case- and space-insensitively: ' Child ID ' == 'child_id'."""
    return "_".join(name.strip().lower().replace("-", " ").split())


_VERSION_ORDER: dict[str, int] = {}


def _in_version(since: str, until: str | None, version: str) -> bool:
    order = _VERSION_ORDER
    return order[since] <= order[version] and (until is None or order[version] < order[until])


def _load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _codelist(doc: dict) -> CodeList:
    codes = []
    for c in doc["codes"]:
        extra = {k: v for k, v in c.items() if k not in ("code", "label")}
        codes.append(Code(str(c["code"]), str(c["label"]), extra))
    return CodeList(doc["codelist"], doc.get("description", ""), tuple(codes))


def _table(doc: dict) -> Table:
    fields = []
    for f in doc["fields"]:
        if f["type"] not in FIELD_TYPES:
            raise ValueError(f"{doc['table']}.{f['name']}: unknown type {f['type']}")
        fields.append(
            Field(
                name=f["name"],
                type=f["type"],
                required=bool(f["required"]),
                description=f["description"],
                since=str(f.get("since", doc["since"])),
                until=f.get("until"),
                codelist=f.get("codelist"),
                references=f.get("references"),
                min=f.get("min"),
                max=f.get("max"),
            )
        )
    return Table(
        name=doc["table"],
        title=doc["title"],
        description=doc["description"],
        order=int(doc["order"]),
        primary_key=tuple(doc["primary_key"]),
        since=str(doc["since"]),
        until=doc.get("until"),
        all_fields=tuple(fields),
        aliases=tuple(doc.get("aliases", ())),
        period_date=_period_date(doc.get("period_date")),
    )


def _period_date(spec: str | dict | None) -> PeriodDate | None:
    if spec is None:
        return None
    if isinstance(spec, str):
        return PeriodDate(spec)
    return PeriodDate(spec["field"], spec["table"], spec["key"])


@cache
def load_standard(data_dir: Path = DATA_DIR) -> Standard:
    """Read the standard's YAML once; every caller shares the same immutable objects."""
    versions_doc = _load_yaml(data_dir / "versions.yaml")
    versions = tuple(str(v["version"]) for v in versions_doc["versions"])
    _VERSION_ORDER.update({v: i for i, v in enumerate(versions)})
    notes = {str(v["version"]): v for v in versions_doc["versions"]}
    codelists = {}
    for path in sorted((data_dir / "codelists").glob("*.yaml")):
        cl = _codelist(_load_yaml(path))
        codelists[cl.name] = cl
    tables = {}
    for path in sorted((data_dir / "tables").glob("*.yaml")):
        t = _table(_load_yaml(path))
        tables[t.name] = t
    standard = Standard(versions, str(versions_doc["current"]), notes, tables, codelists)
    _check_integrity(standard)
    return standard


def _check_integrity(standard: Standard) -> None:
    """A broken standard is a programming error in the data files: fail at load, loudly."""
    for t in standard.tables.values():
        names = [f.name for f in t.all_fields]
        for key in t.primary_key:
            if key not in names:
                raise ValueError(f"{t.name}: primary key {key} is not a field")
        for f in t.all_fields:
            if f.codelist and f.codelist not in standard.codelists:
                raise ValueError(f"{t.name}.{f.name}: unknown code list {f.codelist}")
            if f.type == "code" and not f.codelist:
                raise ValueError(f"{t.name}.{f.name}: a code field needs a code list")
            if f.references:
                rt, rf = f.references.split(".")
                if rt not in standard.tables or rf not in [
                    x.name for x in standard.tables[rt].all_fields
                ]:
                    raise ValueError(f"{t.name}.{f.name}: reference {f.references} not found")
            for v in (f.since, f.until):
                if v is not None and v not in standard.versions:
                    raise ValueError(f"{t.name}.{f.name}: unknown version {v}")
            if not (f.name.endswith("_id") or f.type != "string"):
                raise ValueError(f"{t.name}.{f.name}: free-text fields are not allowed")
            if f.type == "date" and not f.name.endswith("_date"):
                raise ValueError(f"{t.name}.{f.name}: date fields end in _date")


@dataclass(frozen=True)
class TimescaleStandard:
    stage: str
    description: str
    limit: int
    unit: str
    anchor: str


@dataclass(frozen=True)
class Guidance:
    id: str
    title: str
    in_force_from: dt.date
    in_force_until: dt.date | None
    meeting_term: str
    source: str
    standards: dict[str, TimescaleStandard]


@cache
def load_timescales(data_dir: Path = DATA_DIR) -> tuple[Guidance, ...]:
    doc = _load_yaml(data_dir / "timescales.yaml")
    out = []
    for g in doc["guidance"]:
        standards = {
            stage: TimescaleStandard(
                stage, s["description"], int(s["limit"]), s["unit"], s["anchor"]
            )
            for stage, s in g["standards"].items()
        }
        out.append(
            Guidance(
                str(g["id"]),
                g["title"],
                g["in_force_from"],
                g["in_force_until"],
                g["meeting_term"],
                g["source"],
                standards,
            )
        )
    return tuple(sorted(out, key=lambda g: g.in_force_from))


def guidance_in_force(on: dt.date) -> Guidance | None:
    for g in load_timescales():
        if g.in_force_from <= on and (g.in_force_until is None or on < g.in_force_until):
            return g
    return None
