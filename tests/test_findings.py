"""The finding record: what a report stores of a finding and reads back, evidence in order and repeats kept."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netlint.findings import Finding, Region, evidence_from_json, evidence_to_json

NEAR_MISSES = (("searched", "appeal"), ("near miss", "'a' at line 4"), ("near miss", "'b' at line 9"))
_text = st.text(max_size=30)
_labels = st.sampled_from(["matched", "sentence", "searched", "near miss", "provision", ""])


@st.composite
def findings(draw) -> Finding:
    line = draw(st.integers(1, 10_000))
    return Finding(
        rule_id=draw(st.sampled_from(["NM103", "NM606", "T104"])), slug=draw(_text),
        kind=draw(st.sampled_from(["gap", "flag", "safeguard"])), level=draw(st.sampled_from(["error", "warning", "note"])),
        path=draw(_text), region=Region(line, draw(st.integers(1, 500)), line + draw(st.integers(0, 3)), draw(st.integers(1, 500))),
        message=draw(_text), snippet=draw(_text), evidence=tuple(draw(st.lists(st.tuples(_labels, _text), max_size=5))),
        suppressed=draw(st.booleans()), suppression_reason=draw(_text), fingerprint=draw(_text),
    )


@given(findings())
def test_a_record_reads_back_as_the_finding_written(finding):
    record = json.loads(json.dumps(finding.to_record()))
    assert Finding.from_record(record) == finding


def test_repeated_labels_keep_their_order_through_a_record():
    finding = Finding("NM606", "review", "gap", "error", "a.md", Region(1, 1, 1, 9), "No review.", evidence=NEAR_MISSES)
    record = finding.to_record()
    assert record["evidence"] == [{"label": "searched", "text": "appeal"}, {"label": "near miss", "text": "'a' at line 4"},
                                  {"label": "near miss", "text": "'b' at line 9"}]
    assert record["text"] == "No review. (searched: appeal; near miss: 'a' at line 4; near miss: 'b' at line 9)"
    assert Finding.from_record(record).evidence == NEAR_MISSES


def test_sentence_and_baseline_state_are_not_recorded():
    finding = Finding("NM110", "bulk", "flag", "error", "a.md", Region(2, 3, 2, 9), "Bulk.", sentence="It may.",
                      baseline_state="new")
    assert Finding.from_record(finding.to_record()) == replace(finding, sentence="", baseline_state="")


def test_evidence_of_older_logs_as_a_mapping_reads_in_order():
    assert evidence_from_json({"matched": "bulk", "sentence": "It may."}) == (("matched", "bulk"), ("sentence", "It may."))
    assert evidence_from_json(None) == () == evidence_from_json([])
    assert evidence_from_json(evidence_to_json(NEAR_MISSES)) == NEAR_MISSES


@pytest.mark.parametrize("value", ["matched", [["matched", "bulk"]], [{"label": "matched"}], [{"label": 1, "text": 2, "x": 3}]])
def test_evidence_in_another_shape_is_refused(value):
    with pytest.raises(ValueError, match="not a list of label and text objects"):
        evidence_from_json(value)
