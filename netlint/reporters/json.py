"""JSON output with a stable, versioned schema.

    {
      "version": 2,
      "tool": {"name": "netlint", "version": "0.1.0"},
      "findings": [
        {"id": "NM110", "slug": "...", "kind": "flag|gap|safeguard", "level": "error|warning|note",
         "path": "docs/draft.md", "line": 12, "col": 5, "end_line": 12, "end_col": 19,
         "message": "...", "snippet": "...",
         "evidence": [{"label": "searched", "text": "..."}, {"label": "near miss", "text": "..."}],
         "suppressed": false, "fingerprint": "...", "baseline_state": ""}
      ],
      "notices": [{"path": "docs/draft.md", "line": 0, "level": "warning", "message": "..."}],
      "summary": {"files": 1, "errors": 0, "warnings": 1, "notes": 0, "suppressed": 0}
    }

Every key is always present. Findings are sorted by path, line, column, ID; suppressed findings
are listed with "suppressed": true and are counted only under summary.suppressed. baseline_state is
"" unless --baseline was given; then it is new, unchanged, updated or absent (a baseline finding
that is gone, listed after the others and counted nowhere in the summary). Lines and
columns are 1-based, columns count code points, end_col is exclusive. evidence is a list in the
order the check found it, and a label may repeat (a gap finding's near misses). `version` changes
only when a key is removed or changes meaning: version 2 made evidence a list (version 1 had a
label-to-text mapping, which kept only the last of repeated labels).
"""

from __future__ import annotations

from typing import Any

from netlint import __version__
from netlint.findings import Finding, Notice, Report, evidence_to_json
from netlint.reporters._common import active, dumps, level_counts, rel_path

SCHEMA_VERSION = 2


def finding_dict(finding: Finding, cwd: str | None = None) -> dict[str, Any]:
    """One finding as a JSON object of the documented schema."""
    r = finding.region
    return {
        "id": finding.rule_id,
        "slug": finding.slug,
        "kind": finding.kind,
        "level": finding.level,
        "path": rel_path(finding.path, cwd),
        "line": r.start_line,
        "col": r.start_col,
        "end_line": r.end_line,
        "end_col": r.end_col,
        "message": finding.message,
        "snippet": finding.snippet,
        "evidence": evidence_to_json(finding.evidence),
        "suppressed": finding.suppressed,
        "fingerprint": finding.fingerprint,
        "baseline_state": finding.baseline_state,
    }


def notice_dict(notice: Notice, cwd: str | None = None) -> dict[str, Any]:
    """One notice as a JSON object of the documented schema."""
    path = rel_path(notice.path, cwd) if notice.path else ""
    return {"path": path, "line": notice.line, "level": notice.level, "message": notice.message}


def to_dict(report: Report, cwd: str | None = None) -> dict[str, Any]:
    """The report as a JSON-ready dict of the documented schema."""
    counts = level_counts(active(report))
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "netlint", "version": __version__},
        "findings": [finding_dict(f, cwd) for f in sorted(report.findings, key=lambda f: (f.baseline_state == "absent", f.sort_key))],
        "notices": [notice_dict(n, cwd) for n in sorted(report.notices, key=lambda n: (n.path, n.line, n.message))],
        "summary": {
            "files": len(report.files),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "notes": counts["note"],
            "suppressed": sum(1 for f in report.findings if f.suppressed),
        },
    }


def render(report: Report, *, cwd: str | None = None) -> str:
    """The report as indented JSON ending with a newline."""
    return dumps(to_dict(report, cwd)) + "\n"
