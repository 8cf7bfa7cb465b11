"""In-document suppression directives and their misuse."""

from __future__ import annotations

import json

TEXT = """<!-- netlint-disable-next-line NM613 -->
The Board may expel a member at its sole discretion.

The Board may suspend a member at its sole discretion.

<!-- netlint-disable NM613 -->
The Chair may close a meeting at her absolute discretion.
<!-- netlint-enable NM613 -->
<!-- netlint-disable-next-line NM110 -->
The Council meets yearly.
<!-- netlint-disable-file NM999 -->
"""


def test_directives(tmp_path, run_cli):
    (tmp_path / "c.md").write_text(TEXT, encoding="utf-8")
    r = run_cli("check", "--select", "NM613,NM110", "--format", "json", "c.md")
    found = [(f["id"], f["line"]) for f in json.loads(r.stdout)["findings"]]
    assert ("NM613", 4) in found
    assert ("NM613", 2) not in found and ("NM613", 7) not in found
    assert ("NL001", 9) in found  # suppressed nothing
    assert ("NL002", 11) in found  # unknown ID


def test_include_suppressed_marks_sarif(tmp_path, run_cli):
    (tmp_path / "c.md").write_text(TEXT, encoding="utf-8")
    r = run_cli("check", "--select", "NM613", "--format", "sarif", "--include-suppressed", "c.md")
    results = json.loads(r.stdout)["runs"][0]["results"]
    sup = [res for res in results if res.get("suppressions")]
    assert len(sup) == 2 and all(s["suppressions"][0]["kind"] == "inSource" for s in sup)


def test_suppressed_findings_do_not_fail_the_run(tmp_path, run_cli):
    (tmp_path / "c.txt").write_text("# netlint-disable-next-line NM613\nThe Board may act at its sole discretion.\n", encoding="utf-8")
    r = run_cli("check", "--select", "NM613", "c.txt")
    assert r.returncode == 0, r.stdout


def test_disable_file_for_gap(tmp_path, run_cli):
    (tmp_path / "c.md").write_text("<!-- netlint-disable-file NM104 -->\nThe Board meets.\n", encoding="utf-8")
    r = run_cli("check", "--select", "NM104", "--format", "json", "c.md")
    assert json.loads(r.stdout)["findings"] == []


def test_nl_rules_come_from_the_registry():
    from netlint.document import parse_text
    from netlint.suppression import apply_directives, meta_rules

    unused, unknown = meta_rules()
    assert (unused.id, unknown.id) == ("NL001", "NL002")
    assert unused.kind == unknown.kind == "directive" and unused.source.endswith("NL001-unused-directive.yaml")
    doc = parse_text("<!-- netlint-disable-file NM613 XX9 -->\nThe Council meets.\n", "d.md")
    found = {f.rule_id: f for f in apply_directives(doc, [], {"NM613"}, {"NM613"})}
    assert found["NL001"].message == f"{unused.message} (netlint-disable-file NM613 XX9)"
    assert found["NL002"].message == f"{unknown.message} (unknown ID XX9)"
    assert found["NL001"].kind == "flag" and found["NL001"].slug == unused.slug


def test_rules_and_explain_show_nl_rules(run_cli):
    listed = run_cli("rules").stdout
    assert "NL001   unused-directive" in listed and "NL002   unknown-directive-id" in listed
    e = run_cli("explain", "nl001")
    assert e.returncode == 0 and "Stale directives" in e.stdout and "No directive suppresses it" in e.stdout
