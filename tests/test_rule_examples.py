"""Every rule's examples are its tests: `fire` must report the rule where the reviewed snapshot
(tests/snapshots/rule_examples.json) says, `pass` must not, and a gap's pass is satisfied where it says."""

from __future__ import annotations

import pytest

from conftest import builtin
from update_snapshots import RULE_EXAMPLES, UPDATE, dumps, entry_differences, load, observe, rule_entry

PACK = builtin()[0]
RULES = sorted(PACK.rules)
CASES = [
    pytest.param(rule.id, expect, text, id=f"{rule.id}-{'fire' if expect else 'pass'}{i}")
    for rule in (PACK.rules[rid] for rid in RULES)
    for expect, texts in ((True, rule.fire_examples), (False, rule.pass_examples))
    for i, text in enumerate(texts)
]
HOW = f"If the change is intended, review it, run `{UPDATE}` and commit the snapshot."


@pytest.fixture(scope="module")
def snapshot():
    data = load(RULE_EXAMPLES)
    assert data is not None, f"{RULE_EXAMPLES} is missing. {HOW}"
    return data


@pytest.mark.parametrize("rule_id,expect,text", CASES)
def test_example(rule_id, expect, text):
    spots, _ = observe(rule_id, text)
    assert bool(spots) == expect, f"{rule_id} {'should' if expect else 'should not'} fire on: {text}"


@pytest.mark.parametrize("rule_id", RULES)
def test_examples_fire_and_are_satisfied_where_the_snapshot_says(snapshot, rule_id):
    diffs = entry_differences(rule_id, snapshot.get(rule_id), rule_entry(PACK.rules[rule_id]))
    if diffs:
        pytest.fail("\n".join([*diffs, HOW]), pytrace=False)


def test_a_missing_or_stale_example_is_a_difference(snapshot):
    rule = PACK.rules["NM603"]
    entry = rule_entry(rule)
    first_fire, first_pass = rule.fire_examples[0], rule.pass_examples[0]
    stale = {"fire": {**entry["fire"], "An example since removed.": []},
             "satisfied": {k: v for k, v in entry["satisfied"].items() if k != first_pass}}
    del stale["fire"][first_fire]
    diffs = entry_differences("NM603", stale, entry)
    assert len(diffs) == 3
    assert any("no longer an example" in d and "since removed" in d for d in diffs)
    assert sum("example not in the snapshot" in d for d in diffs) == 2
    assert entry_differences("NM603", snapshot["NM603"], entry) == []


def test_snapshot_has_no_rule_that_is_gone(snapshot):
    gone = sorted(set(snapshot) - set(PACK.rules))
    assert not gone, f"the snapshot has entries for rules that no longer exist: {gone}. {HOW}"


def test_snapshot_is_laid_out_as_the_update_command_writes_it(snapshot):
    assert RULE_EXAMPLES.read_text(encoding="utf-8") == dumps(snapshot), f"edited by hand? {HOW}"


def test_every_rule_has_examples():
    for rule in PACK.rules.values():
        assert len(rule.fire_examples) >= 5 and len(rule.pass_examples) >= 5, rule.id


def test_every_rule_has_help():
    for rule in PACK.rules.values():
        assert rule.why and rule.fix and rule.example, f"{rule.id} needs help.why, help.fix and help.example"


def test_directive_rules_are_registered():
    assert {r.id for r in PACK.rules.values() if r.kind == "directive"} == {"NL001", "NL002"}


def test_catalog_ids_all_present():
    expected = {f"NM10{i}" for i in range(1, 7)} | {f"NM11{i}" for i in range(0, 7)} | {"NM201", "NM202", "NM203", "NM301"}
    expected |= {f"NM40{i}" for i in range(1, 8)} | {"NM501"} | {f"NM6{i:02d}" for i in range(1, 14)} | {"NM901", "NM902"}
    assert expected <= set(PACK.rules)
    assert len(expected) == 40
