"""The chart renderer (Vega under Node.js) draws what the reference, vl-convert, draws from the
same spec, byte for byte: the charts themselves, and any text in the font's layout (advances,
kerning, spaces, labels cut at their limit). It starts again if it dies, gives plain messages,
and a forked process gets its own."""

from __future__ import annotations

import multiprocessing
import re

import pytest
import vl_convert
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bairn.analysis import trend, variation
from bairn.analysis.across_areas import funnel_curve
from bairn.charts import funnel_spec, style, trend_spec
from bairn.charts.common import area_name
from bairn.charts.node import RENDERER, Renderer
from bairn.errors import BairnError
from bairn.indicators import load_catalogue
from tests.charts.conftest import HIGH_AREA, SHIFT_AREA, suppress


def reference(spec: dict) -> str:
    """vl-convert's SVG, its clip paths numbered from 1 as each chart of ours is (vl-convert's
    count runs on from the charts it drew before)."""
    svg = vl_convert.vegalite_to_svg(spec, vl_version=style.VL_VERSION)
    ids = list(dict.fromkeys(re.findall(r'id="clip(\d+)"', svg)))
    renumbered = {old: str(n) for n, old in enumerate(ids, start=1)}
    return re.sub(r"clip(\d+)\b", lambda m: "clip" + renumbered.get(m[1], m[1]), svg)


def test_the_renderer_bundles_the_reference_versions():
    RENDERER.draw({"mark": "point"})
    assert RENDERER.versions["vega"] == vl_convert.get_vega_version()
    assert RENDERER.versions["vega-lite"].startswith(style.VL_VERSION + ".")


def _charts(results) -> list[dict]:
    ind = load_catalogue().get("register_rate")
    var = variation(results, ind, "2025Q2", "cpc")
    curve = funnel_curve(ind, float(var.baseline.iloc[0]) / 1000, var.denominator.to_numpy(float))
    series = trend(results, ind, SHIFT_AREA)
    notes = [{"period": "2021Q1", "label": "Neglect improvement programme starts in the area"}]
    return [
        funnel_spec(var, curve, title="Children on the register", unit_label="per 1,000"),
        funnel_spec(var, curve, title="Register", unit_label="per 1,000", highlight=HIGH_AREA),
        funnel_spec(suppress(var, {HIGH_AREA}, "area_code"), curve, title="t", unit_label="%"),
        trend_spec(series, title="Register: Clackmannanshire and Stirling", unit_label="%"),
        trend_spec(series, title="With a note", unit_label="per 1,000", annotations=notes),
        trend_spec(suppress(series, {"2019Q2"}, "period"), title="Gap", unit_label="%"),
    ]


def test_funnel_and_spc_charts_are_drawn_as_the_reference_draws_them(results):
    for spec in _charts(results):
        assert RENDERER.draw(spec) == reference(spec), spec["title"]


def _same_chart_for_other_areas(results) -> list[tuple[str, dict]]:
    ind = load_catalogue().get("register_rate")
    var = variation(results, ind, "2025Q2", "cpc")
    curve = funnel_curve(ind, float(var.baseline.iloc[0]) / 1000, var.denominator.to_numpy(float))
    codes = [HIGH_AREA, SHIFT_AREA, "CPC-S12000049", HIGH_AREA, "CPC-S12000006"]
    funnels = [
        (code, funnel_spec(var, curve, title="Register", unit_label="per 1,000", highlight=code))
        for code in codes
    ]
    notes = [{"period": "2021Q1", "label": "Neglect improvement programme starts"}]
    # SPC charts of areas with only common-cause variation share a shape; their values differ
    ordinary = ["CPC-S12000034", "CPC-S12000041", "CPC-S12000042"]
    trends = [
        (code, trend_spec(trend(results, ind, code), title=f"Register: {area_name(code)}",
                          unit_label="per 1,000", annotations=notes))
        for code in [*codes, *ordinary]
    ]  # fmt: skip
    return funnels + trends


def test_a_chart_drawn_again_for_another_area_is_what_a_fresh_view_draws(results):
    # The renderer keeps a chart's view and changes its data and title for the next chart of the
    # same shape (the same funnel, another area marked; the same SPC chart for another area):
    # the bytes must be a fresh view's, and the reference's.
    charts = _same_chart_for_other_areas(results)
    kept = Renderer()
    again = [kept.draw(spec) for _, spec in charts[:5]]
    assert (kept.drawn, kept.redrawn) == (5, 4)  # the funnels: all but the first drawn again
    again += [kept.draw(spec) for _, spec in charts[5:]]
    assert kept.redrawn >= 7  # the same area's again, and the ordinary areas' but the first
    kept.close()
    for (code, spec), drawn in zip(charts, again, strict=True):
        fresh = Renderer()
        assert drawn == fresh.draw(spec) == reference(spec), code
        assert f"{area_name(code)}</text>" in drawn
        fresh.close()


LIBERATION = st.characters(
    codec="latin-1", exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn")
) | st.sampled_from(list("–—‘’“”£€½±≥≤×…"))


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(LIBERATION, min_size=1, max_size=40),
    size=st.sampled_from([8, 9, 10.5, 11, 13, 16]),
    weight=st.sampled_from(["normal", "bold", 400, 700]),
    limit=st.sampled_from([0, 40, 90, 180]),
)
def test_text_is_measured_as_the_reference_measures_it(text, size, weight, limit):
    # The chart's width follows the text's; a label over its limit is cut where the width says.
    # Known difference: Vega's Node bundle draws the text "__proto__" as nothing, vl-convert's
    # (the same Vega, loaded as separate modules) draws it; no chart of Bairn's says that.
    assume(text.strip() != "__proto__")
    spec = {
        "data": {"values": [{"label": text}]},
        "mark": {"type": "text", "font": style.FONT, "fontSize": size, "fontWeight": weight},
        "encoding": {"text": {"field": "label"}},
        "title": {"text": text, "fontSize": size, "fontWeight": weight, "limit": limit},
        "config": {"view": {"stroke": None}, "text": {"limit": limit}},
    }
    assert outcome(RENDERER.draw, spec) == outcome(reference, spec)


def outcome(draw, spec: dict) -> str:
    """The SVG, or that the spec could not be drawn (a title such as "if" is read by Vega as an
    expression, by both renderers alike)."""
    try:
        return draw(spec)
    except (BairnError, ValueError):  # ours, vl-convert's
        return "not drawn"


def test_a_spec_vega_lite_cannot_compile_gets_one_plain_sentence():
    with pytest.raises(BairnError, match=r"^The chart could not be drawn: ") as caught:
        RENDERER.draw({"mark": "point", "encoding": {"x": {"field": "a", "type": "wrong"}}})
    assert "\n" not in str(caught.value)
    assert RENDERER.draw({"mark": "point"}).startswith("<svg")  # and the renderer goes on


def test_a_renderer_that_died_is_started_again():
    renderer = Renderer()
    first = renderer.draw({"mark": "point"})
    renderer._process.kill()
    renderer._process.wait()
    assert renderer.draw({"mark": "point"}) == first
    renderer.close()


def test_without_node_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(BairnError, match=r"Node\.js, which was not found; run `make install`"):
        Renderer().draw({"mark": "point"})


def _draw_in_child(queue) -> None:
    queue.put(RENDERER.draw({"mark": "bar"}))


def test_a_forked_process_draws_with_its_own_renderer():
    RENDERER.draw({"mark": "point"})
    parent = RENDERER._process.pid
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_draw_in_child, args=(queue,))
    child.start()
    drawn = queue.get(timeout=60)
    child.join(timeout=60)
    assert child.exitcode == 0 and drawn.startswith("<svg")
    assert RENDERER._process.pid == parent  # the parent's renderer was not touched
    assert RENDERER.draw({"mark": "bar"}) == drawn
