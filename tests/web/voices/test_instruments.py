"""Instruments as data: loading, routing (skip logic), scoring and readability."""

from __future__ import annotations

import pytest

from bairn.web.voices.instrument import (
    InstrumentError,
    available,
    load_instrument,
    parse_instrument,
)
from bairn.web.voices.readability import flesch_reading_ease, syllables

CHILDREN = ("children-8plus", "children-pictures")


def test_built_in_instruments_load():
    keys = {i.key for i in available()}
    assert {"practitioner-v1", "children-8plus-v1", "children-pictures-v1"} <= keys
    assert load_instrument("children-pictures", 1).variant == "pictures"
    assert load_instrument("children-8plus", 1).variant == "easy_read"


def test_scales_have_the_published_wording():
    inst = load_instrument("practitioner", 1)
    labels = [o.label for o in inst.questions()["confident_neglect"].options]
    assert labels == ["Strongly agree", "Agree", "Disagree", "Strongly disagree", "Don't know"]
    freq = [o.label for o in inst.questions()["views_sought"].options]
    assert freq == ["Always", "Usually", "Sometimes", "Not usually", "Never", "Don't know"]


def test_routing_skips_pages_whose_condition_fails():
    inst = load_instrument("children-8plus", 1)
    went = inst.route({"meeting_went": "yes"})
    assert "meeting_help" in went and "meeting_views" not in went
    not_went = inst.route({"meeting_went": "no"})
    assert "meeting_help" not in not_went and "meeting_views" in not_went
    assert inst.next_page("meeting", {"meeting_went": "yes"}).id == "meeting_help"
    assert inst.next_page("meeting", {"meeting_went": "dont_know"}).id == "meeting_views"
    assert inst.next_page("meeting_help", {"meeting_went": "yes"}).id == "safer"
    assert inst.next_page("comments", {}) is None


def test_practitioner_routing_by_role_and_training():
    inst = load_instrument("practitioner", 1)
    assert "practice" not in inst.route({"role": "other", "trained": "no"})
    assert "training" not in inst.route({"role": "other", "trained": "no"})
    assert {"practice", "training"} <= set(inst.route({"role": "frontline", "trained": "yes"}))


def test_clean_drops_answers_off_the_route_and_unknown_options():
    inst = load_instrument("children-8plus", 1)
    kept = inst.clean(
        {"meeting_went": "no", "meeting_help": "yes", "listened": "banana", "safer": "yes"}
    )
    assert kept == {"meeting_went": "no", "safer": "yes"}


def test_scoring_means_points_and_leaves_out_dont_know():
    inst = load_instrument("practitioner", 1)
    scores = inst.score(
        {
            "confident_act": "strongly_agree",  # 4
            "confident_neglect": "disagree",  # 2
            "confident_share": "dont_know",  # left out
            "know_signs": "dont_know",
        }
    )
    assert scores["confidence"] == 3.0
    assert scores["knowledge"] is None


def test_alert_reasons_come_from_the_instrument():
    inst = load_instrument("children-8plus", 1)
    assert inst.alert_reasons({"safe_now": "no"}) == ["safe_now=no"]
    assert inst.alert_reasons({"safe_now": "yes"}) == []
    assert load_instrument("practitioner", 1).alert_reasons({"safe_now": "no"}) == []


def test_a_route_on_a_later_question_is_refused():
    raw = {
        "id": "x", "version": 1, "title": "X",
        "pages": [
            {"id": "a", "title": "A", "show_if": {"question": "b", "in": ["yes"]},
             "questions": [{"id": "a", "type": "text", "text": "A?"}]},
            {"id": "b", "title": "B", "questions": [{"id": "b", "type": "text", "text": "B?"}]},
        ],
    }  # fmt: skip
    with pytest.raises(InstrumentError, match="routed on a question not asked before"):
        parse_instrument(raw)


def test_flesch_reading_ease_matches_hand_counts():
    assert [syllables(w) for w in ("safe", "listened", "Childline", "adults", "0800")] == [
        1, 2, 2, 2, 1,
    ]  # fmt: skip
    # "The cat sat on the mat." 6 words, 6 syllables, 1 sentence: 206.835 - 6.09 - 84.6
    assert flesch_reading_ease("The cat sat on the mat.") == pytest.approx(116.145)
    hard = "Multidisciplinary safeguarding arrangements necessitate comprehensive documentation."
    assert flesch_reading_ease(hard) < 0


def _as_sentences(texts: list[str]) -> str:
    return " ".join(t if t.rstrip()[-1:] in ".?!" else t + "." for t in texts)


@pytest.mark.parametrize("instrument", CHILDREN)
def test_childrens_forms_read_at_about_age_eight(instrument):
    inst = load_instrument(instrument, 1)
    assert flesch_reading_ease(_as_sentences(inst.child_text())) >= 80
    # The safety words alone, too: what happens if you say you are not safe, and where to get help.
    for text in [*inst.confidentiality.values(), inst.help]:
        assert flesch_reading_ease(text) >= 80, text


@pytest.mark.parametrize("instrument", CHILDREN)
def test_childrens_forms_state_the_limits_of_confidentiality_and_where_to_get_help(instrument):
    inst = load_instrument(instrument, 1)
    assert set(inst.confidentiality) == {"anonymous", "identified"}
    assert "safe" in inst.confidentiality["identified"]
    assert "secret" in inst.confidentiality["identified"]
    assert "Childline on 0800 1111" in inst.help and "999" in inst.help
