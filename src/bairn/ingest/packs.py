"""Rule packs: the rules that apply to each version of the standard.

Each version's pack inherits the previous version's rules, then adds or modifies rules (a rule
with an existing code replaces it) and deletes codes that no longer apply, as the Data to
Insight validators do year by year. `rules_for("1.1")` is the 1.0 pack plus the rules of
`rules/v1_1.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from bairn.ingest.registry import Rule
from bairn.ingest.rules import (
    dates,
    generic,
    period,
    plausibility,
    resubmission,
    structure,
    v1_1,
)


def rules_in(*modules: ModuleType) -> tuple[Rule, ...]:
    return tuple(r for m in modules for r in vars(m).values() if isinstance(r, Rule))


@dataclass(frozen=True)
class Pack:
    version: str
    base: str | None
    add_or_modify: tuple[Rule, ...] = ()
    delete: tuple[str, ...] = ()


PACKS: dict[str, Pack] = {
    "1.0": Pack(
        "1.0",
        base=None,
        add_or_modify=rules_in(structure, generic, dates, plausibility, period, resubmission),
    ),
    "1.1": Pack("1.1", base="1.0", add_or_modify=rules_in(v1_1)),
}


def build_pack(version: str, packs: dict[str, Pack] | None = None) -> dict[str, Rule]:
    """Code → rule for a version, following the chain of base versions."""
    packs = PACKS if packs is None else packs
    if version not in packs:
        from bairn.errors import BairnError

        raise BairnError(
            f"There is no rule pack for version {version!r} of the standard; "
            f"use one of: {', '.join(packs)}."
        )
    spec = packs[version]
    rules = dict(build_pack(spec.base, packs)) if spec.base else {}
    for r in spec.add_or_modify:
        rules[r.code] = r
    for code in spec.delete:
        if code not in rules:
            raise ValueError(f"pack {version} deletes {code}, which it does not inherit")
        del rules[code]
    return dict(sorted(rules.items()))


def rules_for(version: str) -> list[Rule]:
    """The rules the engine runs for a version (reader checks are made by the readers)."""
    return [r for r in build_pack(version).values() if r.func is not None]


def all_checks(version: str) -> list[Rule]:
    """Every check of a version, reader checks included, in code order."""
    return list(build_pack(version).values())
