"""Rule selection: one Selector type, case-insensitive IDs, the longest prefix wins."""

from __future__ import annotations

import pytest

from netlint.selector import Selector, is_selected

IDS = ["NM110", "NM601", "NM610", "NM613"]


def test_parse_splits_commas_and_spaces_and_upper_cases():
    assert list(Selector.parse(["nm6, NM110", "nm613  nm6"])) == ["NM6", "NM110", "NM613"]


@pytest.mark.parametrize("select,ignore,expected", [
    ([], [], IDS),
    (["NM6"], ["NM610"], ["NM601", "NM613"]),
    (["nm610"], ["NM6"], ["NM610"]),
    (["ALL"], ["nm6"], ["NM110"]),
    (["NM6"], ["ALL"], ["NM601", "NM610", "NM613"]),
])
def test_most_specific_wins(select, ignore, expected):
    assert [i for i in IDS if is_selected(i, Selector(select), Selector(ignore))] == expected


def test_extend_select_adds_to_select():
    assert [i for i in IDS if is_selected(i, Selector(["NM110"]), Selector(), Selector(["nm613"]))] == ["NM110", "NM613"]


def test_unknown_names_items_that_select_nothing():
    assert Selector(["nm6", "XX1", "ALL", "NM9"]).unknown(IDS) == ["XX1", "NM9"]
    assert Selector(["nm61"]).selects_any(IDS) and not Selector(["NM62"]).selects_any(IDS)


def test_lower_case_directive_suppresses_and_is_reported_when_unused(lint):
    """`netlint-disable-next-line nm613` used to neither suppress the finding nor report NL001."""
    from netlint.document import parse_text
    from netlint.suppression import apply_directives

    text = ("1. Powers\n\n<!-- netlint-disable-next-line nm613 -->\n"
            "The Minister may at his absolute discretion do anything he considers fit.\n\n"
            "<!-- netlint-disable-next-line nm110 -->\nThe Board shall meet once a year.\n")
    findings = lint(text, {"NM613", "NM110"})
    assert any(f.rule_id == "NM613" for f in findings)
    out = apply_directives(parse_text(text, "doc.md"), findings, {"NM613", "NM110", "NL001", "NL002"},
                           {"NM613", "NM110", "NL001", "NL002"})
    assert [f.suppressed for f in out if f.rule_id == "NM613"] == [True]
    assert [(f.rule_id, f.region.start_line) for f in out if f.rule_id.startswith("NL")] == [("NL001", 6)]
