"""Judging: negation scope and parity, exceptions, polarity, safeguard scope, gaps, non-operative text."""

from __future__ import annotations

from pathlib import Path

import pytest

from netlint.match import compile_pack
from netlint.document import parse_text
from netlint.engine import check_document
from netlint.packs import builtin_rules_dir, load_pack

DATA = Path(__file__).parent / "data" / "pack"


@pytest.fixture(scope="module")
def tlint():
    pack = load_pack([builtin_rules_dir(), DATA])
    rules = [r for r in pack.rules.values() if r.id.startswith("T")]
    compiled = compile_pack(pack, rules)

    def run(text: str, rid: str, name: str = "x.txt"):
        found, satisfied = check_document(parse_text(text, name), compiled, [pack.rules[rid]], "national")
        return [f for f in found if f.rule_id == rid]

    return run


@pytest.mark.parametrize("text,fires", [
    ("The Agency may carry out bulk interception of communications.", True),
    ("The Agency shall not carry out bulk interception.", False),
    ("No public authority shall conduct bulk collection of data.", False),
    ("Bulk collection is prohibited.", False),
    ("Bulk interceptions are not permitted under this Act.", False),
    ("Nothing in this Act authorizes bulk interception.", False),
    ("The State shall refrain from bulk collection.", False),
    ("The Agency shall not be prevented from carrying out bulk interception.", True),
    ("The Agency shall not delay, but may conduct bulk interception at once.", True),
    ("No authority shall conduct bulk interception except on the order of the Minister.", True),
    ("Reports are due no later than March; the Agency may order bulk collection.", True),
    ("The provision on bulk interception in section 9 of the old Act is repealed.", False),
])
def test_flag_negation(tlint, text, fires):
    assert bool(tlint(text, "T101")) == fires


@pytest.mark.parametrize("text,fires", [
    ("Providers shall not permit anonymous accounts.", True),
    ("Users may open anonymous accounts.", False),
    ("No person shall publish false news.", True),
    ("The offence of publishing false news is repealed.", False),
])
def test_polarity(tlint, text, fires):
    assert bool(tlint(text, "T102")) == fires


def test_safeguard_same_provision_cures_distant_does_not(tlint):
    same = "5. Powers\n(1) The Director may intercept any communication.\n(2) Each interception needs a warrant from a judge.\n"
    assert tlint(same, "T103") == []
    distant = ("5. Powers\nThe Director may intercept any communication.\n\n6. Other\nThe Director shall report.\n\n"
               "9. Oversight\nA judge shall issue a warrant for every interception.\n")
    found = tlint(distant, "T103")
    assert [f.region.start_line for f in found] == [2]
    assert ("provision", "5. at line 1") in found[0].evidence


def test_negated_safeguard_does_not_cure(tlint):
    assert tlint("The Director may, without a warrant, intercept any message.", "T103")


def test_flag_position_is_exact(tlint):
    text = "Title\n\n1. Powers\nThe Minister may order\nbulk   interception of all traffic.\n"
    (f,) = tlint(text, "T101")
    assert (f.region.start_line, f.region.start_col, f.region.end_line, f.region.end_col) == (5, 1, 5, 20)
    assert f.snippet == "bulk   interception"


def test_headings_and_definitions_fire_nothing(tlint):
    text = "# Bulk interception\n\n2. Interpretation\n\"bulk interception\" means interception of many.\n"
    assert tlint(text, "T101", "x.md") == []


@pytest.mark.parametrize("text,fires", [
    ("Any person may appeal to the Tribunal.", False),
    ("Decisions are final and not subject to appeal.", True),
    ("There shall be no appeal.", True),
    ("The council includes government, companies and academia.", False),
    ("The council includes government and companies.", True),
    ("# Appeals\n\nThe Board decides.", True),
])
def test_gap(tlint, text, fires):
    found = tlint(text, "T104", "x.md")
    assert bool(found) == fires
    if found:
        assert (found[0].region.start_line, found[0].region.start_col) == (1, 1)


def test_a_safeguard_that_does_not_govern_the_power_does_not_cure_it(lint):
    """A judge named only to extend the power's period (or told after the fact) is no safeguard."""
    power = "7. Access\n\n(1) An officer may require a provider to disclose traffic data relating to any user.\n\n"
    extended = lint(power + "(2) A judge may extend the period of the requirement by 30 days.\n", {"NM111"})
    assert [f.rule_id for f in extended] == ["NM111"]
    assert any(label == "safeguard set aside" and "'judge' at line 5" in text for label, text in extended[0].evidence)
    governed = lint(power + "(2) The requirement may be made only on the order of a judge.\n", {"NM111"})
    assert governed == []
