"""Disclosure-control policy: versioned YAML rules per audience, loaded into frozen objects."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bairn.errors import BairnError

POLICY_DIR = Path(__file__).parent / "policies"
DEFAULT_POLICY = "default"
AUDIENCES = ("public", "national", "area")


@dataclass(frozen=True)
class Dominance:
    units: tuple[str, ...] = ("days", "ratio")
    nk_n: int = 2
    nk_k: float = 0.90
    p_ratio: float = 0.10


@dataclass(frozen=True)
class AudienceRules:
    """The rules one audience gets. `suppress=False` means counts are shown as they are."""

    audience: str
    description: str = ""
    suppress: bool = True
    threshold: int = 5
    zeros: str = "show"
    min_base: dict[str, int] = field(default_factory=dict)
    dominance: Dominance = field(default_factory=Dominance)
    secondary: bool = True
    insiders: bool = True
    prefer_previous: bool = True
    max_rounds: int = 30
    audit_required: bool = True
    min_width: float = 5
    insider_audit: bool = False
    rounding_base: int | None = None
    own_scope: str | None = None
    marking: str | None = None
    # the measures a shown count below the threshold fails the audit in (the survey policy
    # shows small numerators of percentages on enough answers: only answers must be 5 or more)
    small_counts_in: tuple[str, ...] = ("numerator", "denominator")
    # the audit asks of a hidden part of a shown whole no wider a range than [0, whole]
    within_shown_wholes: bool = False

    def is_primary_count(self, value: float) -> bool:
        """True when a count of children/events must be suppressed by the threshold rule."""
        if value != value:  # NaN
            return False
        if value == 0:
            return self.zeros == "suppress"
        return value < self.threshold


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    description: str
    audiences: dict[str, AudienceRules]
    multi_response_breakdowns: tuple[str, ...] = ()
    source: str = ""
    # Scotland is the sum of the CPCs a table shows where it shows no council (surveys)
    scotland_of_cpcs_shown: bool = False

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"

    def rules(self, audience: str) -> AudienceRules:
        if audience not in self.audiences:
            known = ", ".join(sorted(self.audiences))
            raise BairnError(
                f"Audience {audience!r} is not in policy {self.label}; use one of: {known}."
            )
        return self.audiences[audience]


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _read(name_or_path: str | Path) -> tuple[dict, str]:
    path = Path(name_or_path)
    if not path.suffix:
        path = POLICY_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        bundled = ", ".join(sorted(p.stem for p in POLICY_DIR.glob("*.yaml")))
        raise BairnError(
            f"Disclosure policy {str(name_or_path)!r} was not found; give a YAML file or one of: "
            f"{bundled}."
        )
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BairnError(f"Disclosure policy {path} is not valid YAML: {exc}.") from None
    if not isinstance(doc, dict) or "name" not in doc or "version" not in doc:
        raise BairnError(f"Disclosure policy {path} must be a mapping with a name and a version.")
    if "extends" in doc:
        parent, _ = _read(doc["extends"])
        doc = _merge(parent, {k: v for k, v in doc.items() if k != "extends"})
    return doc, str(path)


def _audience(name: str, doc: dict, all_docs: dict) -> AudienceRules:
    if "inherits" in doc:
        doc = _merge(all_docs[doc["inherits"]], {k: v for k, v in doc.items() if k != "inherits"})
    primary = doc.get("primary", {})
    secondary = doc.get("secondary", {})
    audit = doc.get("audit", {})
    dom = primary.get("dominance", {})
    threshold = int(primary.get("threshold", 5))
    zeros = str(primary.get("zeros", "show"))
    if zeros not in ("show", "suppress"):
        raise BairnError(f"Audience {name}: primary.zeros must be 'show' or 'suppress'.")
    if threshold < 1:
        raise BairnError(f"Audience {name}: primary.threshold must be a positive whole number.")
    return AudienceRules(
        audience=name,
        description=str(doc.get("description", "")).strip(),
        suppress=bool(doc.get("suppress", True)),
        threshold=threshold,
        zeros=zeros,
        min_base={str(k): int(v) for k, v in (primary.get("min_base") or {}).items()},
        dominance=Dominance(
            units=tuple(dom.get("units", ("days", "ratio"))),
            nk_n=int(dom.get("nk_n", 2)),
            nk_k=float(dom.get("nk_k", 0.9)),
            p_ratio=float(dom.get("p_ratio", 0.1)),
        ),
        secondary=bool(secondary.get("enabled", True)),
        insiders=bool(secondary.get("insiders", True)),
        prefer_previous=bool(secondary.get("prefer_previous", True)),
        max_rounds=int(secondary.get("max_rounds", 30)),
        audit_required=bool(audit.get("required", True)),
        min_width=float(audit.get("min_width", threshold)),
        insider_audit=bool(audit.get("insiders", False)),
        rounding_base=(doc.get("rounding") or {}).get("base"),
        own_scope=doc.get("own_scope"),
        marking=doc.get("marking"),
        small_counts_in=_measures(name, primary.get("small_counts_in")),
        within_shown_wholes=bool(audit.get("within_shown_wholes", False)),
    )


def _measures(audience: str, listed) -> tuple[str, ...]:
    known = ("numerator", "denominator")
    if listed is None:
        return known
    if not isinstance(listed, list) or not set(listed) <= set(known):
        raise BairnError(
            f"Audience {audience}: primary.small_counts_in must list numerator and/or denominator."
        )
    return tuple(listed)


def policy_from_dict(doc: dict[str, Any], source: str = "<dict>") -> Policy:
    """Build a policy from a mapping shaped like the YAML files (used for overrides in tests)."""
    audiences_doc = doc.get("audiences") or {}
    audiences = {
        name: _audience(name, sub or {}, audiences_doc) for name, sub in audiences_doc.items()
    }
    if "public" not in audiences:
        raise BairnError(f"Disclosure policy {source} must define the 'public' audience.")
    return Policy(
        name=str(doc["name"]),
        version=str(doc["version"]),
        description=str(doc.get("description", "")).strip(),
        audiences=audiences,
        multi_response_breakdowns=tuple(doc.get("multi_response_breakdowns") or ()),
        source=source,
        scotland_of_cpcs_shown=bool(doc.get("scotland_of_cpcs_shown", False)),
    )


def load_policy(
    name_or_path: str | Path | Policy | None = None, overrides: dict[str, Any] | None = None
) -> Policy:
    """Load a bundled policy by name ("default", "trusted-research") or a YAML file by path.

    `overrides` is merged into the document before it is read, e.g.
    ``{"audiences": {"public": {"primary": {"threshold": 10}}}}``; the version gets a "+local"
    suffix so the record shows the rules were changed.
    """
    if isinstance(name_or_path, Policy) and not overrides:
        return name_or_path
    if isinstance(name_or_path, Policy):
        name_or_path = name_or_path.source
    doc, source = _read(name_or_path or DEFAULT_POLICY)
    if overrides:
        doc = _merge(doc, overrides)
        doc["version"] = f"{doc['version']}+local"
    return policy_from_dict(doc, source)
