"""Golden outputs for the shipped sample drafts: clean drafts give nothing, seeded ones what is pinned.

The pinned output is tests/golden/corpora.json; after an intended change, review and regenerate it
with `python tests/update_snapshots.py` (the test only compares).
"""

from __future__ import annotations

import pytest

from update_snapshots import GOLDEN, UPDATE, corpora_report, golden, golden_differences, load

NORVATH_FLAGS = {
    ("NM115", 76), ("NM116", 85), ("NM405", 97), ("NM202", 105), ("NM203", 111), ("NM401", 121), ("NM402", 127),
    ("NM112", 132), ("NM111", 137), ("NM110", 145), ("NM113", 150), ("NM404", 156), ("NM114", 164),
    ("NM607", 173), ("NM902", 24),
}
VANTOR_FLAGS = {("NM607", 47), ("NM613", 57), ("NM116", 71), ("NM402", 79), ("NM902", 60), ("NM902", 101)}


@pytest.fixture(scope="module")
def corpora_findings():
    return corpora_report()["findings"]


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
    diffs = golden_differences(load(GOLDEN), golden(corpora_findings))
    if diffs:
        pytest.fail("\n".join([*diffs, f"If the change is intended, review it, run `{UPDATE}` and commit {GOLDEN.name}."]), pytrace=False)
