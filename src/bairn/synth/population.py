"""Who the children are: how activity spreads over councils, and each child's attributes.

Activity in a council is proportional to its children (NRS mid-2022, aged 0-17) weighted by the
SIMD deciles they live in, so councils with more children in deprived data zones have higher
rates; each child's decile is drawn from the same weights, which gives the national deprivation
gradient of registered children.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bairn.synth.calibration import Calibration
from bairn.synth.dates import NEVER, anniversary
from bairn.synth.draws import categorical
from bairn.synth.reference import Councils

SEXES = ("male", "female", "not_known")


@dataclass(frozen=True)
class Population:
    councils: Councils
    share: np.ndarray  # expected share of national child protection activity, per council
    decile_p: np.ndarray  # (councils, 10): SIMD decile of a child in the council's activity


def build_population(cal: Calibration, councils: Councils) -> Population:
    rate = np.array(cal.model["population"]["simd_relative_rate"], dtype=np.float64)
    pop_share = councils.simd_pop / councils.simd_pop.sum(axis=1, keepdims=True)
    weight = pop_share * councils.pop_0_17[:, None] * rate
    return Population(
        councils=councils,
        share=weight.sum(axis=1) / weight.sum(),
        decile_p=weight / weight.sum(axis=1, keepdims=True),
    )


@dataclass
class Kids:
    """Children of one simulation, one entry each; `birth` is NEVER until an unborn child's
    birth is drawn (after its pre-birth work is known)."""

    first_day: np.ndarray
    unborn_first: np.ndarray
    birth: np.ndarray
    edd: np.ndarray
    eighteenth: np.ndarray
    sex: np.ndarray
    ethnic: np.ndarray
    disability: np.ndarray
    simd: np.ndarray

    def __len__(self) -> int:
        return len(self.first_day)

    def take(self, idx: np.ndarray) -> Kids:
        return Kids(**{k: v[idx] for k, v in self.__dict__.items()})

    @staticmethod
    def concat(parts: list[Kids]) -> Kids:
        return Kids(
            **{k: np.concatenate([getattr(p, k) for p in parts]) for k in Kids.__annotations__}
        )


def codes_of(cal: Calibration, key: str) -> list[str]:
    return list(cal.model["population"][key])


def draw_simd(rng: np.random.Generator, decile_p: np.ndarray, n: int) -> np.ndarray:
    return (categorical(rng, decile_p, n) + 1).astype(np.int8)


def new_children(
    rng: np.random.Generator, cal: Calibration, first_day: np.ndarray, decile_p: np.ndarray
) -> Kids:
    """Children first known to child protection on `first_day` (one per entry)."""
    pop = cal.model["population"]
    n = len(first_day)
    unborn = rng.random(n) < float(pop["unborn_share_of_new_children"])
    age = categorical(rng, np.array(pop["age_weights"]), n)
    birth = first_day - np.floor((age + rng.random(n)) * 365.25).astype(np.int64)
    # A first concern in the last months before 18 goes to adult services instead.
    buffer = int(cal.model["funnel"]["no_new_episode_within_days_of_18"])
    birth = np.maximum(birth, anniversary(first_day, -18) + buffer + 1)
    birth = np.where(unborn, NEVER, birth)
    eighteenth = np.where(unborn, NEVER, anniversary(np.where(unborn, 0, birth), 18))
    male = rng.random(n) < float(pop["male_share"])
    _, p_eth = cal.probs("population", "ethnic_groups")
    _, p_dis = cal.probs("population", "disability")
    disability = categorical(rng, p_dis, n)
    # Disability is not known before birth.
    disability = np.where(unborn, codes_of(cal, "disability").index("not_known"), disability)
    return Kids(
        first_day=first_day.astype(np.int64),
        unborn_first=unborn,
        birth=birth.astype(np.int64),
        edd=np.full(n, NEVER, dtype=np.int64),
        eighteenth=eighteenth.astype(np.int64),
        sex=np.where(male, 0, 1).astype(np.int8),
        ethnic=categorical(rng, p_eth, n).astype(np.int8),
        disability=disability.astype(np.int8),
        simd=draw_simd(rng, decile_p, n),
    )
