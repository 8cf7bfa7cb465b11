"""Baselines: matching by fingerprint (pure functions) and the round trip through the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from netlint.baseline import BaselineError, compare, match_key, parse_baseline
from netlint.findings import Finding, Region, Report
from netlint.reporters import sarif

PACK = str(Path(__file__).parent / "data" / "pack")
CWD = "/srv/repo"
DRAFT = ("1. Powers\nThe Agency may carry out bulk interception of communications.\n\n"
         "2. Review\nThe Director may intercept any communication.\n")
NEW_SENTENCE = "\n3. More\nThe Agency may carry out bulk collection of data.\n"
NEAR_MISSES = (("searched", "appeal/review; <groups>"), ("near miss", "'Appeals' at line 4: not operative"),
               ("near miss", "'appeal' at line 5: negated"))


def _f(rule_id: str = "T101", line: int = 2, fp: str = "fp1", **kw) -> Finding:
    base = dict(rule_id=rule_id, slug="test-bulk", kind="flag", level="error", path="docs/a b.md",
                region=Region(line, 26, line, 43), message="Bulk interception.", snippet="bulk interception",
                evidence=(("matched", "bulk interception"),), fingerprint=fp)
    base.update(kw)
    return Finding(**base)


def _states(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.fingerprint, f.baseline_state) for f in findings]


def test_matching_is_by_fingerprint_not_line():
    out = compare([_f(line=9), _f(fp="fp2", line=12)], [_f(line=2), _f(fp="gone", line=5)], CWD)
    assert _states(out) == [("fp1", "unchanged"), ("fp2", "new"), ("gone", "absent")]
    assert out[0].region.start_line == 9 and out[2].region.start_line == 5


def test_level_message_or_suppression_change_is_updated():
    old = [_f(fp="a"), _f(fp="b"), _f(fp="c")]
    new = [_f(fp="a", level="warning"), _f(fp="b", message="Other."), _f(fp="c", suppressed=True)]
    assert [f.baseline_state for f in compare(new, old, CWD)] == ["updated"] * 3


def test_rule_and_path_are_part_of_the_key():
    out = compare([_f(rule_id="T102"), _f(path="other.md")], [_f()], CWD)
    assert sorted(f.baseline_state for f in out) == ["absent", "new", "new"]


def test_repeated_keys_match_one_to_one():
    out = compare([_f(), _f()], [_f()], CWD)
    assert sorted(f.baseline_state for f in out) == ["new", "unchanged"]


def test_without_fingerprint_line_and_message_decide():
    assert match_key(_f(fp=""), CWD) == ("T101", "docs/a%20b.md", "line 2: Bulk interception.")


def test_paths_match_as_uris_from_the_working_directory():
    out = compare([_f(path="/srv/elsewhere/x.md"), _f(path="/srv/repo/docs/a b.md", fp="in")],
                  [_f(path="../elsewhere/x.md"), _f(fp="in")], CWD)
    assert [f.baseline_state for f in out] == ["unchanged", "unchanged"]


def test_parse_round_trips_a_netlint_log():
    findings = [_f(), _f(rule_id="T104", kind="gap", fp="g", region=Region(1, 1, 1, 7), evidence=(), snippet="Powers"),
                _f(path="/elsewhere/x.md", fp="abs", suppressed=True, suppression_reason="ok")]
    log = sarif.render(Report(findings=findings, files=["docs/a b.md"]), cwd=CWD)
    parsed = parse_baseline(log)
    assert sorted((f.path, f.rule_id, f.fingerprint) for f in parsed) == [
        ("../../elsewhere/x.md", "T101", "abs"), ("docs/a b.md", "T101", "fp1"), ("docs/a b.md", "T104", "g")]
    flag = next(f for f in parsed if f.fingerprint == "fp1")
    assert (flag.message, flag.level, flag.snippet, flag.evidence) == (
        "Bulk interception.", "error", "bulk interception", (("matched", "bulk interception"),))
    assert next(f for f in parsed if f.fingerprint == "abs").suppressed
    assert all(f.baseline_state == "unchanged" for f in compare(findings, parsed, CWD))


def test_a_gap_with_several_near_misses_reads_back_unchanged():
    """Near misses share one evidence label: the log keeps each, so the finding read back is the one written."""
    gap = _f(rule_id="T104", kind="gap", fp="g", region=Region(1, 1, 1, 7), message="No appeal.", evidence=NEAR_MISSES)
    parsed = parse_baseline(sarif.render(Report(findings=[gap]), cwd=CWD))
    assert [(f.message, f.evidence) for f in parsed] == [("No appeal.", NEAR_MISSES)]
    assert [f.baseline_state for f in compare([gap], parsed, CWD)] == ["unchanged"]


def test_an_older_baseline_with_evidence_as_a_mapping_still_reads():
    log = json.loads(sarif.render(Report(findings=[_f(evidence=(("matched", "bulk"), ("sentence", "It may.")))]), cwd=CWD))
    result = log["runs"][0]["results"][0]
    result["properties"]["evidence"] = {"matched": "bulk", "sentence": "It may."}
    parsed = parse_baseline(json.dumps(log))
    assert [(f.message, f.evidence) for f in parsed] == [("Bulk interception.", (("matched", "bulk"), ("sentence", "It may.")))]


def test_reading_a_baseline_does_not_load_the_sarif_reporter():
    code = "import sys, netlint.baseline; print(sorted(m for m in sys.modules if m.endswith('sarif') or 'sarif_om' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_absent_results_of_a_baseline_are_not_carried_on():
    log = sarif.render(Report(findings=[_f(), _f(fp="x", baseline_state="absent")]), cwd=CWD)
    assert [f.fingerprint for f in parse_baseline(log)] == ["fp1"]


@pytest.mark.parametrize("text,message", [
    ("not json", "not a SARIF log"),
    ('{"version": "2.1.0"}', "no 'runs'"),
    ('{"runs": [{"tool": {"driver": {"name": "other"}}, "results": []}]}', "not a netlint SARIF log"),
    ('{"runs": ["netlint"]}', "not a netlint SARIF log"),
    ('{"runs": [{"tool": {"driver": {"name": "netlint"}}, "results": [{"properties": {"evidence": "x"}}]}]}',
     "not a netlint SARIF log: a result does not read back"),
])
def test_bad_baselines_are_refused(text, message):
    with pytest.raises(BaselineError, match=message):
        parse_baseline(text)


# the command line


def _check(run_cli, *args: str):
    return run_cli("check", "--rules", PACK, "--select", "T101,T103", *args)


def test_round_trip_unchanged_then_one_new_sentence(tmp_path, run_cli):
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    first = _check(run_cli, "--write-baseline", "base.sarif", "draft.md")
    assert first.returncode == 1 and "T101" in first.stdout
    assert (tmp_path / "base.sarif").is_file()

    again = _check(run_cli, "--baseline", "base.sarif", "--fail-on", "new", "--format", "json", "draft.md")
    states = [f["baseline_state"] for f in json.loads(again.stdout)["findings"]]
    assert again.returncode == 0, again.stdout + again.stderr
    assert states and set(states) == {"unchanged"}

    draft.write_text("Preamble.\n\n" + DRAFT + NEW_SENTENCE, encoding="utf-8")
    more = _check(run_cli, "--baseline", "base.sarif", "--fail-on", "new", "--format", "sarif", "draft.md")
    assert more.returncode == 1
    results = json.loads(more.stdout)["runs"][0]["results"]
    new = [r for r in results if r["baselineState"] == "new"]
    assert len(new) == 1 and new[0]["ruleId"] == "T101"
    assert new[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 10
    assert {r["baselineState"] for r in results} == {"new", "unchanged"}


def test_a_baseline_read_back_on_the_same_files_is_all_unchanged(tmp_path, run_cli):
    """The same run against its own baseline: a gap with several near misses is unchanged, not updated."""
    draft = DRAFT + "\n3. Appeals\nNo person may appeal against an order.\n\n4. Review\nNo person may appeal it.\n"
    (tmp_path / "draft.md").write_text(draft, encoding="utf-8")
    first = run_cli("check", "--rules", PACK, "--select", "T101,T104", "--write-baseline", "base.sarif", "draft.md")
    assert first.stdout.count("  = near miss: ") >= 2 and "T104" in first.stdout
    again = run_cli("check", "--rules", PACK, "--select", "T101,T104", "--baseline", "base.sarif", "draft.md")
    assert "Compared with the baseline: 0 new, 2 unchanged, 0 updated, 0 absent." in again.stdout, again.stdout


def test_removed_finding_is_absent_and_does_not_fail(tmp_path, run_cli):
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    _check(run_cli, "--write-baseline", "base.sarif", "draft.md")
    (tmp_path / "draft.md").write_text(DRAFT.replace("The Director may intercept any communication.", "Nothing."),
                                       encoding="utf-8")
    r = _check(run_cli, "--baseline", "base.sarif", "--fail-on", "new", "draft.md")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Compared with the baseline: 0 new, 2 unchanged, 0 updated, 1 absent." in r.stdout
    assert "Director" not in r.stdout.split("Found")[0]


def test_fail_on_new_needs_a_baseline_and_bad_baselines_are_usage_errors(tmp_path, run_cli):
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "bad.sarif").write_text("{}", encoding="utf-8")
    for args in (["--fail-on", "new"], ["--baseline", "missing.sarif"], ["--baseline", "bad.sarif"]):
        r = _check(run_cli, *args, "draft.md")
        assert r.returncode == 2 and "Traceback" not in r.stderr, (args, r.stderr)
