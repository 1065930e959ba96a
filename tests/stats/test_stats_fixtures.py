"""Published PHEindicatormethods fixture values (docs: methods.md §2.3), reproduced to 1e-9."""

import numpy as np
import pytest

from bairn import stats

REL = 1e-9

BYAR = [
    # x, confidence, lower, upper
    (65, 0.95, 50.163187710459454, 82.849138545939837),
    (1045, 0.95, 982.59320180733255, 1110.3312129856499),
    (1, 0.95, 0.013072132901504351, 5.5637555824752605),
    (65, 0.998, 42.880261471480203, 94.000290844318016),
    (1045, 0.998, 947.94070356103737, 1148.8061609880331),
    (10, 0.998, 2.916318374695686, 24.193724927880535),
    (1, 0.998, np.nan, 9.362180217908362),
]

WILSON = [
    # x, n, confidence, lower, upper
    (65, 100, 0.95, 0.55254443296887967, 0.73635751756902468),
    (1045, 5000, 0.95, 0.19795549880013297, 0.22049130373189027),
    (0.445, 1, 0.95, 0.043817447720588223, 0.93346212769791559),
    (65, 100, 0.998, 0.49549465740704313, 0.77835406140896968),
    (1045, 5000, 0.998, 0.19179381799015244, 0.22731562902525818),
    (0.445, 1, 0.998, 0.019347006132900975, 0.97022599470195414),
]

PROPORTION = [
    # x, n, value, lower95, upper95 (multiplier 1)
    (1, 100, 0.01, 0.0017674320641406511, 0.054486196178705294),
    (5, 100, 0.05, 0.02154367915436798, 0.11175046923191911),
    (20, 100, 0.2, 0.1333669333310325, 0.28882916559315885),
    (9856, 12345, 0.79837991089509919, 0.79121017529090687, 0.80536400736149094),
    (7776456, 7564336677, 7776456 / 7564336677, 0.0010273201001641094, 0.0010287644578977231),
    (222, 3215, 222 / 3215, 0.060791690363636595, 0.078339566813836331),
    (999, 3456, 0.2890625, 0.27418951080009873, 0.30440389662818057),
]

RATE = [
    # x, n, multiplier, value, lower95, upper95, method
    (1, 100, 100, 1.0, 0.025317807984289897, 5.571643390938898, "Exact"),
    (5, 100, 100, 5.0, 1.62348639011842, 11.668332079322669, "Exact"),
    (20, 100, 100, 20.0, 12.211428834875937, 30.889880369197066, "Byars"),
    (65, 100, 100, 65.0, 50.163187710459454, 82.849138545939837, "Byars"),
    (9856, 12345, 100, 79.837991089509913, 78.269490589767571, 81.430016542721404, "Byars"),
    (222, 3215, 100, 6.9051321928460334, 6.0265748776526751, 7.8757293708718503, "Byars"),
    (250, 220, 100_000, 250 / 220 * 100_000, 99984.947385328764, 128631.14487455782, "Byars"),
]


def _approx(expected):
    return pytest.approx(expected, rel=REL, nan_ok=True)


@pytest.mark.parametrize(("x", "confidence", "lower", "upper"), BYAR)
def test_byar_matches_fixture(x, confidence, lower, upper):
    got_lower, got_upper = stats.byar(x, confidence)
    assert float(got_lower) == _approx(lower)
    assert float(got_upper) == _approx(upper)


def test_byar_vectorised_over_the_whole_fixture_table():
    x = np.array([row[0] for row in BYAR if row[1] == 0.998])
    lower, upper = stats.byar(x, 0.998)
    assert lower.tolist() == _approx([row[2] for row in BYAR if row[1] == 0.998])
    assert upper.tolist() == _approx([row[3] for row in BYAR if row[1] == 0.998])


@pytest.mark.parametrize(("x", "n", "confidence", "lower", "upper"), WILSON)
def test_wilson_matches_fixture(x, n, confidence, lower, upper):
    got_lower, got_upper = stats.wilson(x, n, confidence)
    assert float(got_lower) == _approx(lower)
    assert float(got_upper) == _approx(upper)


def test_proportion_matches_fixture_table_in_one_call():
    x = [row[0] for row in PROPORTION]
    n = [row[1] for row in PROPORTION]
    got = stats.proportion(x, n, multiplier=1)
    assert got["value"].tolist() == _approx([row[2] for row in PROPORTION])
    assert got["lower"].tolist() == _approx([row[3] for row in PROPORTION])
    assert got["upper"].tolist() == _approx([row[4] for row in PROPORTION])


def test_proportion_998_fixture_and_percentage_rows():
    both = stats.proportion([1], [100], confidence=(0.95, 0.998), multiplier=1)
    assert both["lower998"].iloc[0] == _approx(0.000873065697299977)
    assert both["upper998"].iloc[0] == _approx(0.10455445283705821)
    assert both["lower95"].iloc[0] == _approx(0.0017674320641406511)
    percent = stats.proportion([999], [3456])
    assert percent["value"].iloc[0] == _approx(28.90625)
    assert percent["lower"].iloc[0] == _approx(27.418951080009873)
    assert percent["upper"].iloc[0] == _approx(30.440389662818057)


def test_proportion_missing_rows_are_nan_like_the_fixture():
    got = stats.proportion([1, np.nan, 5], [100, 100, np.nan], multiplier=1)
    assert got["value"].iloc[0] == _approx(0.01)
    assert got.iloc[1:].isna().all().all()


@pytest.mark.parametrize(("x", "n", "multiplier", "value", "lower", "upper", "method"), RATE)
def test_rate_matches_fixture(x, n, multiplier, value, lower, upper, method):
    got = stats.rate(x, n, multiplier=multiplier).iloc[0]
    assert got["value"] == _approx(value)
    assert got["lower"] == _approx(lower)
    assert got["upper"] == _approx(upper)
    assert got["method"] == method


def test_rate_998_fixture_for_one_event():
    got = stats.rate([1], [100], confidence=0.998, multiplier=100).iloc[0]
    assert got["lower"] == _approx(0.0010005003335835344)
    assert got["upper"] == _approx(9.2334134764515845)


def test_rate_zero_events_follow_r():
    got = stats.rate([0], [1], multiplier=1).iloc[0]
    assert got["lower"] == 0.0
    # methods.md §2.2: x = 0 gives an upper limit of 3.688879 events at 95%.
    assert got["upper"] == pytest.approx(3.688879, abs=5e-7)
    assert got["method"] == "Exact"
