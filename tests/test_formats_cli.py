"""Every output format as users get it from the command line, on a test pack whose findings are stable."""

from __future__ import annotations

import json
import re
from pathlib import Path

from netlint.reporters.json import finding_dict
from netlint.reporters.sarif import FINGERPRINT_KEY, HELP_URI

from test_reporters import _finding

ROOT = Path(__file__).resolve().parents[1]
PACK = str(ROOT / "tests" / "data" / "pack")
DRAFT = ("1. Powers\nThe Agency may carry out bulk interception of communications.\n\n"
         "2. Review\nThe Director may intercept any communication.\n")
OTHER = "Scope\n\nThe Agency may carry out bulk collection of data.\n"


def _write(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")


def _check(run_cli, *args: str):
    return run_cli("check", "--rules", PACK, "--select", "T1", *args)


def _fingerprints(run_cli) -> dict[str, tuple[str, int]]:
    run = json.loads(_check(run_cli, "--format", "sarif", "draft.md").stdout)["runs"][0]
    return {r["partialFingerprints"][FINGERPRINT_KEY]: (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in run["results"]}


def test_fingerprints_survive_lines_inserted_above(tmp_path, run_cli):
    _write(tmp_path, "draft.md", DRAFT)
    before = _fingerprints(run_cli)
    _write(tmp_path, "draft.md", "Title\n\nAn unrelated preamble sentence.\n\n" + DRAFT)
    after = _fingerprints(run_cli)
    assert len(before) >= 3 and before.keys() == after.keys()
    moved = [fp for fp in before if before[fp][1] > 1]
    assert moved and all(after[fp][1] == before[fp][1] + 4 for fp in moved)


def test_github_workflow_commands(tmp_path, run_cli):
    _write(tmp_path, "draft.md", DRAFT)
    (tmp_path / "blob.txt").write_bytes(b"\x00binary")
    r = _check(run_cli, "--format", "github", "blob.txt", "draft.md")
    lines = r.stdout.splitlines()
    assert r.returncode == 1
    assert lines[0].startswith("::warning file=blob.txt,title=netlint::binary file")
    assert "::error file=draft.md,line=2,col=26,endLine=2,endColumn=43,title=T101 test-bulk::Bulk interception.%0A" \
           "matched: bulk interception%0Asentence: The Agency may carry out bulk interception of communications." in lines
    assert any(line.startswith("::error file=draft.md,line=1,col=1,") and "title=T104 test-appeal::" in line for line in lines)
    assert all(re.match(r"^::(error|warning|notice) [^:]+::", line) for line in lines)


def test_text_groups_by_file_with_carets_statistics_and_no_colour(tmp_path, run_cli):
    _write(tmp_path, "draft.md", DRAFT)
    _write(tmp_path, "other.md", OTHER)
    r = _check(run_cli, "--statistics", "--no-color", "draft.md", "other.md")
    out = r.stdout
    assert "\x1b[" not in out
    blocks = out.split("\n\n")
    assert all(line.startswith(("draft.md:", "    |", "  =")) for line in blocks[0].splitlines())
    assert all(line.startswith(("other.md:", "    |", "  =")) for line in blocks[1].splitlines())
    lines = out.splitlines()
    i = lines.index("draft.md:2:26: T101 [error] Bulk interception.")
    assert lines[i + 1] == "    | The Agency may carry out bulk interception of communications."
    assert lines[i + 2] == "    |                          ^^^^^^^^^^^^^^^^^"
    assert ["T101", "test-bulk", "2"] in [line.split() for line in lines]
    assert lines[-1] == "Found 6 problems (6 errors, 0 warnings, 0 notes) in 2 files."


def test_markdown_puts_gaps_first(tmp_path, run_cli):
    _write(tmp_path, "draft.md", DRAFT)
    out = _check(run_cli, "--format", "markdown", "draft.md").stdout
    assert out.index("### Missing provisions") < out.index("### Counts per check") < out.index("### `draft.md`")
    assert "| `draft.md` | T104 | `test-appeal` | error | No appeal. |" in out


def test_sarif_rules_carry_github_metadata(tmp_path, run_cli):
    _write(tmp_path, "draft.md", "Nothing to see.\n")
    run = json.loads(run_cli("check", "--format", "sarif", "draft.md").stdout)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(rules) >= 1
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["helpUri"] == HELP_URI
        assert rule["properties"]["precision"] in ("very-high", "high", "medium", "low")
        assert 1 <= len(rule["properties"]["tags"]) <= 10


def test_readme_has_the_help_anchor_and_the_json_keys():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    anchor = HELP_URI.split("#")[1]
    assert any(re.sub(r"[^a-z0-9 -]", "", h.lower()).strip().replace(" ", "-") == anchor
               for h in re.findall(r"^#+ (.+)$", readme, re.M))
    for key in finding_dict(_finding()):
        assert f'"{key}"' in readme, key
