"""The indicator catalogue: one YAML (metadata) plus one SQL (definition) per indicator, as dbt
keeps a model beside its description. Loaded once, checked up front, immutable after."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from bairn.errors import BairnError

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
UNITS = {"per_1000": 1000, "percent": 100, "count": 1, "days": 1, "ratio": 1}
KINDS = ("flow", "snapshot", "duration", "timeliness")
POLARITIES = ("higher_is_better", "lower_is_better", "neither")
DISCLOSURE_CLASSES = (
    "rate_of_events",
    "rate_of_children",
    "count_of_children",
    "proportion",
    "ratio",
)
_PARAM = re.compile(r"\$\{(\w+)\}")


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    definition: str
    why_it_matters: str
    numerator: str
    denominator: str
    unit: str
    multiplier: int
    polarity: str
    kind: str
    breakdowns: tuple[str, ...]
    since: str
    guidance: tuple[str, ...]
    scrutiny_questions: tuple[str, ...]
    disclosure_class: str
    sql_template: str
    parameters: dict = field(default_factory=dict, hash=False, compare=False)
    denominator_scope: str = "category"
    total_row: bool = True
    derived: dict | None = field(default=None, hash=False, compare=False)
    population_ages: str | None = None

    @property
    def uses_population(self) -> bool:
        return self.unit == "per_1000"

    @property
    def is_derived(self) -> bool:
        return self.derived is not None

    def sql(self, **overrides: object) -> str:
        """The definition with its parameters filled in (defaults from the YAML)."""
        values = {**self.parameters, **overrides}
        unknown = set(overrides) - set(self.parameters)
        if unknown:
            raise BairnError(
                f"Indicator {self.id} has no parameter {', '.join(sorted(unknown))}; "
                f"its parameters are: {', '.join(self.parameters) or 'none'}."
            )
        return _PARAM.sub(lambda m: str(int(values[m[1]])), self.sql_template)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "definition": self.definition,
            "why_it_matters": self.why_it_matters,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "unit": self.unit,
            "multiplier": self.multiplier,
            "polarity": self.polarity,
            "kind": self.kind,
            "breakdowns": list(self.breakdowns),
            "standard_versions": {"since": self.since},
            "guidance": list(self.guidance),
            "scrutiny_questions": list(self.scrutiny_questions),
            "disclosure_class": self.disclosure_class,
            "parameters": dict(self.parameters),
        }


@dataclass(frozen=True)
class Catalogue:
    version: str
    population_ages: str
    breakdowns: dict[str, dict]
    indicators: dict[str, Indicator]

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise BairnError(
                f"There is no indicator {indicator_id!r}; `bairn catalogue` lists them."
            ) from None

    def select(self, ids: list[str] | None) -> list[Indicator]:
        if not ids:
            return list(self.indicators.values())
        return [self.get(i) for i in ids]


@cache
def load_catalogue(folder: Path = CATALOGUE_DIR) -> Catalogue:
    settings = yaml.safe_load((folder / "_catalogue.yaml").read_text(encoding="utf-8"))
    breakdowns = settings["breakdowns"]
    indicators = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        ind = _indicator(doc, folder, breakdowns)
        if ind.id != path.stem:
            raise ValueError(f"{path.name}: id {ind.id} does not match the file name")
        indicators[ind.id] = ind
    for ind in indicators.values():
        if ind.derived and ind.derived.get("from") not in indicators:
            raise ValueError(f"{ind.id}: derived from unknown indicator {ind.derived.get('from')}")
    return Catalogue(
        str(settings["catalogue_version"]), str(settings["population_ages"]), breakdowns, indicators
    )


def _indicator(doc: dict, folder: Path, breakdowns: dict) -> Indicator:
    ident = doc["id"]
    problems = []
    if doc["unit"] not in UNITS:
        problems.append(f"unit {doc['unit']}")
    if doc["kind"] not in KINDS:
        problems.append(f"kind {doc['kind']}")
    if doc["polarity"] not in POLARITIES:
        problems.append(f"polarity {doc['polarity']}")
    if doc["disclosure_class"] not in DISCLOSURE_CLASSES:
        problems.append(f"disclosure class {doc['disclosure_class']}")
    for b in doc["breakdowns"]:
        if b not in breakdowns:
            problems.append(f"breakdown {b}")
        elif doc["unit"] == "per_1000" and not breakdowns[b]["population"]:
            problems.append(f"breakdown {b} has no population to be a rate's denominator")
    if int(doc["multiplier"]) != UNITS.get(doc["unit"]):
        problems.append("multiplier does not match the unit")
    if problems:
        raise ValueError(f"indicator {ident}: unknown or inconsistent {', '.join(problems)}")
    derived = None
    if "derived" in doc:
        derived = {**doc["derived"], "from": doc["derived_from"]}
    return Indicator(
        id=ident,
        title=doc["title"],
        definition=doc["definition"],
        why_it_matters=doc["why_it_matters"],
        numerator=doc["numerator"],
        denominator=doc["denominator"],
        unit=doc["unit"],
        multiplier=int(doc["multiplier"]),
        polarity=doc["polarity"],
        kind=doc["kind"],
        breakdowns=tuple(doc["breakdowns"]),
        since=str(doc["standard_versions"]["since"]),
        guidance=tuple(str(g) for g in doc["guidance"]),
        scrutiny_questions=tuple(doc["scrutiny_questions"]),
        disclosure_class=doc["disclosure_class"],
        sql_template=(folder / doc["sql"]).read_text(encoding="utf-8"),
        parameters=dict(doc.get("parameters", {})),
        denominator_scope=doc.get("denominator_scope", "category"),
        total_row=bool(doc.get("total_row", True)),
        derived=derived,
        population_ages=doc.get("population_ages"),
    )
