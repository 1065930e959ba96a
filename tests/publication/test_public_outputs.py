"""Every output path publishes through disclosure control: on the national synthetic store, no
public output holds a count from 1 to 4, the public tables pass the audit, and the analyses
show nothing the public tables suppress."""

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from bairn.analysis import mask_for_audience, trend, variation
from bairn.areas import SCOTLAND
from bairn.disclosure import audit, load_policy
from bairn.disclosure.relations import scotland_geography
from bairn.errors import BairnError
from bairn.indicators import load_catalogue, read_results
from bairn.publication import CPCS_A_READ, publish_for_cpcs, publish_results
from bairn.store import Store

THRESHOLD = load_policy().rules("public").threshold


@pytest.fixture(scope="module")
def public(national_store):
    db, _ = national_store
    return publish_results(db, audience="public")


def _small_counts(frame: pd.DataFrame) -> pd.DataFrame:
    counts = pd.to_numeric(frame["numerator"], errors="coerce")
    record_den = frame["unit"].ne("per_1000") if "unit" in frame else True
    dens = pd.to_numeric(frame["denominator"], errors="coerce").where(record_den)
    small = counts.between(1, THRESHOLD - 1) | dens.between(1, THRESHOLD - 1)
    return frame[small]


def test_public_tables_hold_no_small_count_and_pass_the_audit(public):
    frame = public.protected.frame
    assert len(frame) > 1000
    assert _small_counts(frame).empty
    assert set(frame.period.str[:2]) == {"SY"}
    report = audit(frame, policy=load_policy())
    assert report.passed, report.sentence()
    assert 0 < public.protected.share_suppressed < 0.5


def test_cached_publication_is_the_same(national_store, public):
    db, _ = national_store
    again = publish_results(db, audience="public")
    pd.testing.assert_frame_equal(
        again.protected.frame.astype(str), public.protected.frame.astype(str)
    )


def test_cli_public_output_is_the_publication(national_store, public):
    db, _ = national_store
    out = subprocess.run(
        [sys.executable, "-m", "bairn.cli", "indicators", "--db", str(db), "--format", "csv",
         "--indicator", "registrations_rate"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    body = "\n".join(line for line in out.stdout.splitlines() if not line.startswith("#"))
    cli = pd.read_csv(io.StringIO(body), dtype=str)
    expected = public.select(indicators=["registrations_rate"]).frame
    assert len(cli) == len(expected) > 0
    assert _small_counts(cli.assign(unit="per_1000")).empty
    assert (cli["numerator"].to_numpy() == expected["numerator"].astype(str).to_numpy()).all()


def test_analyses_hide_what_the_tables_suppress(national_store, public):
    db, _ = national_store
    ind = load_catalogue().get("reregistrations_18m")
    with Store(db, read_only=True) as store:
        results = read_results(store, indicators=[ind.id], breakdown="total")
    shown = mask_for_audience(variation(results, ind, "SY2023-24", "council"), public.protected)
    published = public.select(indicators=[ind.id], periods=["SY2023-24"]).frame
    hidden = set(published[published.numerator.astype(str) == "c"].area_code)
    assert hidden, "the test needs suppressed councils"
    rows = shown.set_index("area_code")
    for code in hidden & set(rows.index):
        assert rows.loc[code, "value"] == "c" and rows.loc[code, "significance"] == "c"
    series = mask_for_audience(
        trend(results, ind, SCOTLAND, period_kind="statistics_year"), public.protected
    )
    assert len(series) > 5
    with pytest.raises(Exception, match="not published for the public"):
        mask_for_audience(trend(results, ind, SCOTLAND, period_kind="quarter"), public.protected)


def test_area_audience_sees_its_own_detail_and_public_elsewhere(national_store, public):
    db, _ = national_store
    area = publish_results(db, audience="area", cpc="CPC-ELML")
    frame = area.protected.frame
    own = frame[frame.area_code.isin(["CPC-ELML", "S12000010", "S12000019"])]
    assert {"quarter" for p in own.period if "Q" in p} == {"quarter"}
    others = frame[~frame.index.isin(own.index)].reset_index(drop=True)
    public_others = public.protected.frame[
        ~public.protected.frame.area_code.isin(["CPC-ELML", "S12000010", "S12000019"])
    ].reset_index(drop=True)
    pd.testing.assert_frame_equal(others.astype(str), public_others.astype(str))
    assert "OFFICIAL-SENSITIVE" in area.protected.record.marking
    assert json.loads(area.protected.record.to_json())["audience"] == "area"


def test_every_cpc_published_in_one_go_is_each_published_alone(national_store, public):
    db, _ = national_store
    cpcs = ["CPC-ELML", "CPC-S12000036", "CPC-CLST", "CPC-S12000049", "CPC-S12000006"]
    cpcs += ["CPC-S12000042", "CPC-ELML"]  # more than one read's worth, and one asked twice
    assert len(cpcs) > CPCS_A_READ
    together = list(publish_for_cpcs(db, cpcs))
    assert [cpc for cpc, _ in together] == cpcs
    for cpc, publication in together:
        alone = publish_results(db, audience="area", cpc=cpc).protected
        pd.testing.assert_frame_equal(publication.protected.frame, alone.frame)
        assert publication.protected.record.to_json() == alone.record.to_json()
        assert publication.protected.record.area == cpc
    with pytest.raises(BairnError, match="not a Child Protection Committee code"):
        publish_for_cpcs(db, ["CPC-ELML", "S12000010"])


@pytest.mark.parametrize(
    "args",
    [
        ["variation", "--indicator", "registrations_rate", "--period", "SY2023-24"],
        ["trend", "--indicator", "registrations_rate", "--area", SCOTLAND],
        ["baseline", "--indicator", "registrations_rate", "--period", "SY2023-24"],
    ],
    ids=["variation", "trend", "baseline"],
)
def test_analysis_commands_print_masked_public_figures(national_store, public, args):
    db, _ = national_store
    out = subprocess.run(
        [sys.executable, "-m", "bairn.cli", *args, "--db", str(db), "--format", "csv"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    body = "\n".join(line for line in out.stdout.splitlines() if not line.startswith("#"))
    frame = pd.read_csv(io.StringIO(body), dtype=str)
    assert len(frame) > 5
    assert set(frame.period) <= set(public.protected.frame.period)
    numbers = pd.to_numeric(frame.numerator, errors="coerce")
    assert not numbers.between(1, THRESHOLD - 1).any()


def test_analysis_command_refuses_unpublished_detail_plainly(national_store, public):
    db, _ = national_store
    out = subprocess.run(
        [sys.executable, "-m", "bairn.cli", "trend", "--indicator", "registrations_rate",
         "--area", "S12000039", "--period-kind", "quarter", "--db", str(db)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 2
    assert "not published for the public" in out.stderr
    assert "Traceback" not in out.stderr


def test_secondary_suppression_never_hides_a_scotland_total(public):
    cells = public.protected.record.cells
    sec = cells[cells["reason"].eq("secondary") & cells["breakdown"].eq("total")]
    assert public.protected.record.n_secondary > 0
    # a Scotland total is never a complement: small ones are primary, zeros are shown, and
    # any other is hidden only if no council could be instead (none in this catalogue)
    assert sec[sec["area_code"].eq(SCOTLAND)].empty
    # a CPC total is hidden only when every one of its councils is hidden too
    members = scotland_geography().cpc_members
    cpcs = sec[sec["area_code"].map(lambda c: len(members.get(c, ())) > 1)]
    frame = public.protected.frame.set_index(["indicator_id", "period", "area_code"])
    for row in cpcs.itertuples(index=False):
        shown = [
            frame.loc[(row.indicator_id, row.period, m), row.column] for m in members[row.area_code]
        ]
        assert all(str(v) == "c" for v in shown), row


def test_a_masked_trend_still_says_its_limits_are_fixed_on_the_baseline(national_store):
    """Masking keeps what the analysis says about itself (the join it once was dropped it, and
    the reports' SPC charts lost the sentence)."""
    from bairn.charts import trend_spec

    db, _ = national_store
    ind = load_catalogue().get("registrations_rate")
    with Store(db, read_only=True) as store:
        results = read_results(store, indicators=[ind.id], breakdown="total")
    series = trend(results, ind, "CPC-ELML", period_kind="quarter")
    fixed = series.attrs["fixed_on_baseline_points"]
    assert fixed and fixed >= 12, "the store should reach back far enough to fix the limits"
    area = publish_results(db, audience="area", cpc="CPC-ELML")
    shown = mask_for_audience(series, area.protected)
    assert shown.attrs["fixed_on_baseline_points"] == fixed
    spec = trend_spec(shown, title="Registrations", unit_label="per 1,000 children")
    assert f"Limits are fixed on the first {fixed} periods" in spec["description"]


def test_a_publication_written_twice_is_the_same_workbook(national_store, public, tmp_path):
    """An XLSX of a publication is dated by the indicator run, not the clock, so the same figures
    make the same bytes (a release's checksum holds)."""
    import time
    import zipfile

    from bairn.indicators.storage import latest_run
    from bairn.publication import write_xlsx

    db, _ = national_store
    with Store(db, read_only=True) as store:
        computed_at = latest_run(store)["computed_at"]
    part = public.select(indicators=["registrations_rate"])
    first = write_xlsx(part, tmp_path / "a.xlsx").read_bytes()
    time.sleep(1.1)
    again = write_xlsx(publish_results(db, audience="public").select(
        indicators=["registrations_rate"]), tmp_path / "b.xlsx").read_bytes()  # fmt: skip
    assert first == again
    with zipfile.ZipFile(tmp_path / "a.xlsx") as book:
        core = book.read("docProps/core.xml").decode()
    assert f"{computed_at:%Y-%m-%dT%H:%M:%S}Z" in core
