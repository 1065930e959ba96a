"""The reports' contents as data (`data/reports.yaml`), the audience line printed on every page,
and the committee commentary file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bairn.areas import all_areas
from bairn.errors import BairnError
from bairn.indicators.catalogue import Catalogue, Indicator

CONFIG = Path(__file__).parent / "data" / "reports.yaml"
AUDIENCE_LINE = {
    "public": "Audience: public. Disclosure-controlled statistics; safe to publish.",
    "national": "Audience: national analysts. OFFICIAL-SENSITIVE: not for publication.",
    "area": "Audience: {cpc} CPC staff. OFFICIAL-SENSITIVE: not for publication.",
}


@dataclass(frozen=True)
class ReportConfig:
    version: str
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    similar_areas: int
    recent_periods: int

    def grouped(
        self, catalogue: Catalogue, only: list[str] | None = None
    ) -> list[tuple[str, list[Indicator]]]:
        """The indicators by group, in report order (`only`: just these, e.g. for a short
        report)."""
        for ident in only or []:
            catalogue.get(ident)  # an unknown id is an error, not a silent omission
        listed = {i for _, ids in self.groups for i in ids}
        out = [
            (title, [catalogue.indicators[i] for i in ids if i in catalogue.indicators])
            for title, ids in self.groups
        ]
        others = [ind for i, ind in catalogue.indicators.items() if i not in listed]
        if others:
            out.append(("Other indicators", others))
        if only:
            out = [(title, [i for i in inds if i.id in only]) for title, inds in out]
        return [(title, inds) for title, inds in out if inds]


@cache
def load_config(path: Path = CONFIG) -> ReportConfig:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = tuple((g["title"], tuple(g["indicators"])) for g in doc["groups"])
    return ReportConfig(
        str(doc["version"]), groups, int(doc["similar_areas"]), int(doc["recent_periods"])
    )


def audience_line(audience: str, cpc: str | None) -> str:
    cpc_name = all_areas()[cpc].name if cpc and cpc in all_areas() else str(cpc)
    return AUDIENCE_LINE[audience].format(cpc=cpc_name)


def read_commentary(path: str | Path) -> dict[str, str]:
    """A committee's commentary: JSON or YAML mapping indicator id → text (see docs/reports.md).

    Either the mapping itself, or {"commentary": {...}} with optional metadata beside it.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BairnError(f"Cannot read the commentary file {path}: {exc}.") from None
    try:
        doc = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise BairnError(
            f"The commentary file {path} is not valid {path.suffix.lstrip('.').upper() or 'YAML'}: "
            f"{str(exc).splitlines()[0]}."
        ) from None
    return check_commentary(doc, str(path))


def check_commentary(doc: object, where: str = "the commentary") -> dict[str, str]:
    if isinstance(doc, dict) and isinstance(doc.get("commentary"), dict):
        doc = doc["commentary"]
    if not isinstance(doc, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in doc.items()
    ):
        raise BairnError(
            f'{where} must map indicator ids to text, e.g. {{"register_rate": "..."}}.'
        )
    return dict(doc)
