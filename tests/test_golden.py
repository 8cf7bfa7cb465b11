"""Golden outputs for the shipped sample drafts: clean drafts give nothing, seeded ones what is pinned.

Regenerate after an intended change with: NETLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "corpora.json"

NORVATH_FLAGS = {
    ("NM115", 76), ("NM116", 85), ("NM405", 97), ("NM202", 105), ("NM203", 111), ("NM401", 121), ("NM402", 127),
    ("NM112", 132), ("NM111", 137), ("NM110", 145), ("NM113", 150), ("NM404", 156), ("NM114", 164),
    ("NM607", 173), ("NM902", 24),
}
VANTOR_FLAGS = {("NM607", 47), ("NM613", 57), ("NM116", 71), ("NM402", 79), ("NM902", 60), ("NM902", 101)}


@pytest.fixture(scope="module")
def corpora_findings(run_cli_module):
    r = run_cli_module("check", "--format", "json", "--jobs", "1", "corpora")
    assert r.returncode == 1, r.stderr
    return json.loads(r.stdout)["findings"]


@pytest.fixture(scope="module")
def run_cli_module():
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "netlint", *args], capture_output=True, text=True, cwd=ROOT,
                              env=dict(os.environ, NO_COLOR="1"), timeout=300)

    return run


def _by_file(findings, name):
    return [f for f in findings if f["path"].endswith(name)]


def _near(found, rid, line, slack=3):
    return any(f["id"] == rid and abs(f["line"] - line) <= slack for f in found)


def test_clean_drafts_have_no_findings(corpora_findings):
    for name in ("sorrel-internet-freedom-act.md", "tessaly-internet-forum-charter.md"):
        got = [(f["id"], f["line"]) for f in _by_file(corpora_findings, name)]
        assert got == [], f"{name}: {got}"


def test_bad_national_bill(corpora_findings):
    found = _by_file(corpora_findings, "norvath-online-order-bill.txt")
    missing = [(rid, line) for rid, line in sorted(NORVATH_FLAGS) if not _near(found, rid, line)]
    assert not missing, missing
    gaps = {f["id"] for f in found if f["kind"] == "gap"}
    assert {"NM101", "NM103", "NM104", "NM601", "NM606", "NM608"} <= gaps


def test_bad_charter(corpora_findings):
    found = _by_file(corpora_findings, "vantor-registry-bylaws.txt")
    missing = [(rid, line) for rid, line in sorted(VANTOR_FLAGS) if not _near(found, rid, line)]
    assert not missing, missing
    gaps = {f["id"] for f in found if f["kind"] == "gap"}
    assert {"NM601", "NM603", "NM604", "NM605", "NM606", "NM611"} <= gaps
    assert "NM612" not in gaps  # a national-only gap never fires on a charter


def test_golden_output_is_unchanged(corpora_findings):
    got = [{k: f[k] for k in ("path", "line", "col", "end_line", "end_col", "id", "level")} for f in corpora_findings]
    if os.environ.get("NETLINT_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1) + "\n", encoding="utf-8")
    assert GOLDEN.exists(), "run with NETLINT_UPDATE_GOLDEN=1 to create the golden file"
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))
