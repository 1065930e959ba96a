"""The published targets and the model's parameters, read from `data/calibration.yaml`.

Numbers live in the YAML with their sources, not here: this module only reads and shapes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

CALIBRATION_YAML = Path(__file__).parent / "data" / "calibration.yaml"


def stats_year_label(year_end: int) -> str:
    return f"{year_end - 1}-{year_end % 100:02d}"


def _year_end(label: str | int) -> int:
    """'2012-13' -> 2013."""
    text = str(label)
    first = int(text.split("-")[0])
    return first + 1 if "-" in text else first


@dataclass(frozen=True, eq=False)  # hashed by identity: loaded once, used as a cache key
class Calibration:
    targets: dict[str, Any]
    model: dict[str, Any]
    signals: dict[str, Any]

    def register_targets(self) -> dict[int, tuple[int, int]]:
        """31 July snapshot year -> (low, high) children on the register."""
        return {
            int(t["year"]): (int(t["low"]), int(t["high"]))
            for t in self.targets["register_at_31_july"]
        }

    def registration_targets(self) -> dict[int, int]:
        """Statistics year (named by its end) -> registrations."""
        return {_year_end(t["year"]): int(t["value"]) for t in self.targets["registrations"]}

    def population_0_15(self, year: int) -> int:
        pop = self.targets["scotland_population_0_15"]
        return int(pop["values"].get(year, pop["later"]))

    def probs(self, section: str, key: str) -> tuple[list[str], np.ndarray]:
        """A {code: probability} mapping as (codes, normalised probabilities)."""
        mapping = self.model[section][key]
        codes = list(mapping)
        p = np.array([float(mapping[c]) for c in codes])
        return codes, p / p.sum()

    def ranges(self, key: str) -> np.ndarray:
        """A delay given as [[low, high, probability], ...]."""
        return np.array(self.model["delays"][key], dtype=np.float64)


@cache
def load_calibration(path: Path = CALIBRATION_YAML) -> Calibration:
    with path.open(encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    return Calibration(targets=doc["targets"], model=doc["model"], signals=doc["signals"])
