"""The whole synthetic catalogue at scale 0.2 (many small counts): Bairn's own public outputs
pass the audit, show no count from 1 to 4, and never hide a Scotland total as a complement."""

import datetime as dt

import pytest

from bairn.areas import SCOTLAND
from bairn.disclosure import audit, load_policy
from bairn.publication import publish_results

THRESHOLD = load_policy().rules("public").threshold


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    from tests.stores import synthetic_store

    folder = tmp_path_factory.mktemp("scale02")
    db, _ = synthetic_store(folder, seed=5, scale=0.2, end=dt.date(2025, 6, 30))
    return db


@pytest.mark.slow
def test_public_outputs_at_scale_0_2_pass_the_audit(small_store):
    protected = publish_results(small_store, audience="public").protected
    frame = protected.frame
    assert protected.audit is not None and protected.audit.passed  # audited as protected
    report = audit(frame.astype(str), policy=load_policy())  # and again from the frame alone
    assert report.passed, report.sentence()
    assert report.suppressed == protected.record.n_suppressed > 0
    counts = frame["numerator"].astype(str)
    numbers = counts[counts.ne("c") & counts.ne(":")].astype(float)
    assert not numbers.between(1, THRESHOLD - 1).any()
    dens = frame.loc[frame["unit"].isin(["percent", "days", "ratio"]), "denominator"].astype(str)
    dens = dens[dens.ne("c") & dens.ne(":") & dens.ne("z")].astype(float)
    assert not dens.between(1, THRESHOLD - 1).any()
    # small counts: far more suppression than at scale 1, and reported
    assert 0.05 < protected.share_suppressed < 0.6
    cells = protected.record.cells
    hidden_totals = cells[
        cells["reason"].eq("secondary")
        & cells["area_code"].eq(SCOTLAND)
        & cells["breakdown"].eq("total")
    ]
    assert hidden_totals.empty, hidden_totals
