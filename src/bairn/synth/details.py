"""What was recorded at each meeting: the child's participation, the areas of concern, and any
referral to the Children's Reporter. Drawn by the child's age at the meeting."""

from __future__ import annotations

import numpy as np

from bairn.synth.calibration import Calibration
from bairn.synth.dates import NEVER, age_in_years
from bairn.synth.draws import categorical_by_group, uniform_int
from bairn.synth.process import age_band_index

# meetings section bands: unborn, 0-2, 3-4, 5-7, 8-11, 12-17
MEETING_BANDS = (0, 3, 5, 8, 12)
# concerns section bands: unborn, 0-10, 11-17
CONCERN_BANDS = (0, 11)
VIEWS = ("yes", "no", "not_applicable")
YES_NO = ("yes", "no", "not_known")
GROUNDS = ("care_and_protection", "offence")


def participation(
    rng: np.random.Generator, cal: Calibration, birth: np.ndarray, day: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(child_views_presented, child_attended, advocate_present) as indexes into VIEWS/YES_NO."""
    m = cal.model["meetings"]
    band = age_band_index(birth, day, MEETING_BANDS)
    n = len(day)
    u = rng.random(n)
    p_yes = np.array(m["views_presented_yes"])[band]
    p_na = np.array(m["views_not_applicable"])[band]
    views = np.where(u < p_na, 2, np.where(u < p_na + p_yes * (1 - p_na), 0, 1))
    attended = np.where(rng.random(n) < np.array(m["attended"])[band], 0, 1)
    # A few records do not say whether a child old enough to take part did.
    unknown = (band >= 3) & (rng.random(n) < float(m["attended_not_known"]))
    attended = np.where(unknown, 2, attended)
    advocate = np.where(rng.random(n) < np.array(m["advocate_present"])[band], 0, 1)
    return views, attended, advocate


def concern_matrix(
    rng: np.random.Generator, cal: Calibration, birth: np.ndarray, day: np.ndarray, codes: list[str]
) -> np.ndarray:
    """Areas of concern identified at each meeting, shape (meetings, len(codes)); at least one."""
    c = cal.model["concerns"]
    band = age_band_index(birth, day, CONCERN_BANDS)
    p = np.array([c[code] for code in codes], dtype=np.float64).T  # (bands, codes)
    hit = rng.random((len(day), len(codes))) < p[band]
    none = np.nonzero(~hit.any(axis=1))[0]
    # A meeting always records some area of concern: draw one in proportion to the age's rates.
    hit[none, categorical_by_group(rng, p, band[none])] = True
    return hit


def referrals(
    rng: np.random.Generator,
    cal: Calibration,
    birth: np.ndarray,
    eighteenth: np.ndarray,
    meeting_day: np.ndarray,
    registered: np.ndarray,
    end_day: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(meeting index, referral day, grounds index) for meetings followed by a Reporter referral."""
    r = cal.model["reporter"]
    d = cal.model["delays"]
    n = len(meeting_day)
    p = np.where(
        registered, float(r["referral_when_registered"]), float(r["referral_when_not_registered"])
    )
    lo, hi = d["reporter_referral_days"]
    day = meeting_day + uniform_int(rng, lo, hi, n)
    age = age_in_years(np.where(birth == NEVER, day, birth), day)
    offence = (
        (day >= birth) & (age >= 12) & (rng.random(n) < float(r["offence_share_aged_12_plus"]))
    )
    keep = (rng.random(n) < p) & (day <= end_day) & (day < eighteenth)
    idx = np.nonzero(keep)[0]
    return idx, day[idx], offence[idx].astype(np.int64)
