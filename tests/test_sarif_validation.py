"""netlint's SARIF checked by the real validators: Microsoft's SARIF Multitool and the OASIS JSON schema.

The logs: one per sample draft in corpora/, one of a directory run, and one of edge cases (a file
outside the working directory, a suppressed finding, an unused directive, a skipped binary file,
a baseline with new and absent results, rules without a principle or explanation).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "spec" / "sarif-schema-2.1.0.json"
PACK = ROOT / "tests" / "data" / "pack"
MULTITOOL = ROOT / ".tools" / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
DRAFTS = sorted(p.name for p in (ROOT / "corpora").iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md")
LOGS = [*DRAFTS, "directory", "edge-cases"]

# Notes that remain, and why (README, "SARIF validation"). Everything else must be clean.
ALLOWED_NOTES = {
    "SARIF2002": "message.text is what code scanning shows (GH1007 requires it) and carries each finding's evidence",
    "SARIF2003": "netlint reads files, not version control; upload-sarif records the commit and ref",
    "SARIF2006": "the validator fetches each URL, and CI has no network",
    "SARIF2011": "a result absent since the baseline has no text left around it",
    "SARIF2013": "embedding whole drafts would multiply the log's size for no reader that needs it",
}
BAD = "1. Powers\nThe Agency may carry out bulk interception of communications.\n"


def _run(args: list[str], cwd: Path) -> None:
    r = invoke(*args, cwd=cwd)
    assert r.returncode in (0, 1), r.stderr


def _edge_case_jobs(work: Path, out: Path) -> list[tuple[list[str], Path]]:
    """Files and a baseline that exercise every part of the log netlint can write."""
    project, outside = work / "project", work / "outside"
    project.mkdir()
    outside.mkdir()
    (project / "draft.md").write_text(BAD + "\n2. Review\nThe Director may intercept any communication.\n", encoding="utf-8")
    (project / "quiet.md").write_text("<!-- netlint-disable-next-line T101 -->\nThe Agency may carry out bulk "
                                      "interception of communications.\n\n<!-- netlint-disable-next-line T102 -->\n"
                                      "Nothing here.\n", encoding="utf-8")
    (project / "blob.txt").write_bytes(b"\x00\x01binary")
    (outside / "far away.md").write_text(BAD, encoding="utf-8")
    common = ["check", "--rules", str(PACK), "--select", "T1,NL", "--include-suppressed", "--format", "sarif"]
    base = work / "old.sarif"
    _run(common + ["--output", str(base), "draft.md"], project)
    (project / "draft.md").write_text(BAD + "\nThe Agency may carry out bulk collection of data.\n", encoding="utf-8")
    files = ["draft.md", "quiet.md", "blob.txt", str(outside / "far away.md")]
    return [(common + ["--baseline", str(base), "--output", str(out)] + files, project)]


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> dict[str, Path]:
    """The SARIF logs under test, by name; written by netlint's CLI run in this process."""
    work = tmp_path_factory.mktemp("sarif")
    out = {name: work / f"{name}.sarif" for name in LOGS}
    jobs = [(["check", "--format", "sarif", "--output", str(out[d]), f"corpora/{d}"], ROOT) for d in DRAFTS]
    jobs.append((["check", "--format", "sarif", "--output", str(out["directory"]), "corpora/"], ROOT))
    jobs += _edge_case_jobs(work, out["edge-cases"])
    for args, cwd in jobs:
        _run(args, cwd)
    return out


def _multitool() -> str:
    """The Multitool: CI must have it (.ci/run installs it); elsewhere a missing one skips, saying why."""
    path = Path(os.environ.get("NETLINT_SARIF_MULTITOOL") or MULTITOOL)
    if path.is_file() and os.access(path, os.X_OK):
        return str(path)
    if os.environ.get("NETLINT_NO_NPM"):
        pytest.skip("npm is not installed, so .ci/run could not install the SARIF Multitool")
    if os.environ.get("CI"):
        pytest.fail(f"SARIF Multitool not found at {path}; .ci/run installs it")
    pytest.skip(f"SARIF Multitool not installed: npm install --prefix .tools @microsoft/sarif-multitool "
                f"&& chmod u+x {MULTITOOL}")


@pytest.fixture(scope="module")
def verdicts(logs, tmp_path_factory) -> dict[str, list[tuple[str, str, str]]]:
    """Per log: (rule, level, JSON pointer) of each Multitool result, all logs in one validator run."""
    tool = _multitool()
    report = tmp_path_factory.mktemp("multitool") / "validation.sarif"
    r = subprocess.run([tool, "validate", "--rule-kind", "Gh;Sarif", "--level", "Error;Warning;Note",
                        "--output", str(report), *map(str, logs.values())], capture_output=True, text=True, timeout=600)
    assert report.is_file(), r.stdout + r.stderr
    run = json.loads(report.read_text(encoding="utf-8"))["runs"][0]
    defaults = {rule["id"]: rule.get("defaultConfiguration", {}).get("level", "warning")
                for rule in run["tool"]["driver"].get("rules", [])}
    by_file: dict[str, list[tuple[str, str, str]]] = {name: [] for name in logs}
    names = {path.name: name for name, path in logs.items()}
    for result in run.get("results", []):
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        name = names[Path(uri).name.replace("%20", " ")]
        pointer = (result["message"].get("arguments") or [""])[0]
        by_file[name].append((result["ruleId"], result.get("level", defaults.get(result["ruleId"], "warning")), pointer))
    return by_file


def _result_at(log: dict, pointer: str) -> dict:
    m = re.match(r"runs\[(\d+)\]\.results\[(\d+)\]", pointer)
    assert m, pointer
    return log["runs"][int(m[1])]["results"][int(m[2])]


@pytest.mark.parametrize("name", LOGS)
def test_multitool_finds_no_error_or_warning(name, logs, verdicts):
    found = verdicts[name]
    assert [v for v in found if v[1] != "note"] == []
    log = json.loads(logs[name].read_text(encoding="utf-8"))
    for rule, _level, pointer in found:
        assert rule in ALLOWED_NOTES, (rule, pointer)
        if rule == "SARIF2011":
            assert _result_at(log, pointer).get("baselineState") == "absent", pointer


def test_edge_case_log_has_what_it_should(logs):
    run = json.loads(logs["edge-cases"].read_text(encoding="utf-8"))["runs"][0]
    states = {r.get("baselineState") for r in run["results"]}
    assert {"new", "unchanged", "absent"} <= states
    assert any("suppressions" in r for r in run["results"])
    assert any(r["ruleId"] == "NL001" for r in run["results"])
    assert any(a["location"]["uri"].startswith("../outside/") for a in run["artifacts"])
    assert run["invocations"][0]["toolExecutionNotifications"]
    assert all(rule.get("fullDescription", {}).get("text") for rule in run["tool"]["driver"]["rules"])


@pytest.mark.parametrize("name", LOGS)
def test_json_schema_accepts_log(name, logs):
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA}")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(json.loads(logs[name].read_text(encoding="utf-8"))))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
