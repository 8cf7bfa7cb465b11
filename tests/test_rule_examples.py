"""Every rule's examples are its tests: `fire` must report the rule, `pass` must not.

A directive rule's (NL001, NL002) examples are whole documents: checked with every built-in rule,
then their directives applied, as `netlint check` does.
"""

from __future__ import annotations

import pytest

from netlint.document import parse_text
from netlint.packs import builtin_rules_dir, load_pack
from netlint.suppression import apply_directives

PACK = load_pack([builtin_rules_dir()])
CASES = [
    pytest.param(rule.id, expect, text, id=f"{rule.id}-{'fire' if expect else 'pass'}{i}")
    for rule in sorted(PACK.rules.values(), key=lambda r: r.id)
    for expect, texts in ((True, rule.fire_examples), (False, rule.pass_examples))
    for i, text in enumerate(texts)
]


@pytest.mark.parametrize("rule_id,expect,text", CASES)
def test_example(lint, rule_id, expect, text):
    rule = PACK.rules[rule_id]
    if rule.kind == "directive":
        findings = apply_directives(parse_text(text, "doc.md"), lint(text), set(PACK.rules), set(PACK.rules))
    else:
        findings = lint(text, {rule_id}, rule.profiles[0])
    found = [f for f in findings if f.rule_id == rule_id]
    assert bool(found) == expect, f"{rule_id} {'should' if expect else 'should not'} fire on: {text}"


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
