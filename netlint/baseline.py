"""Baselines: compare a run with an earlier netlint SARIF log and give each result its SARIF baselineState.

A current finding and a baseline result are the same when their rule ID, path (as a URI relative to
the working directory, which should be the one the baseline was written from) and fingerprint
agree; results without a fingerprint fall back to line and message. A matched finding is `unchanged`,
or `updated` when its level, message or suppression changed; an unmatched one is `new`; a baseline
result that no longer appears comes back as an `absent` finding. A result is read back through
Finding.from_record, the record the SARIF reporter wrote it from. Pure functions: the command line
reads and writes the files.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from typing import Any

from netlint.findings import Finding
from netlint.reporters.sarif_layout import (
    FINGERPRINT_KEY,
    RESULT_PROPERTIES,
    path_of,
    uri_of,
)


class BaselineError(ValueError):
    """A baseline that is not a netlint SARIF log."""


def _finding(result: dict[str, Any], levels: dict[str, str], bases: dict[str, Any]) -> Finding:
    """One SARIF result as the finding it was written from: its record, gathered from where the reporter put it."""
    physical = (result.get("locations") or [{}])[0].get("physicalLocation", {})
    region = physical.get("region", {})
    props = result.get("properties") or {}
    rule_id = str(result.get("ruleId", ""))
    start_line = int(region.get("startLine", 1))
    suppressions = result.get("suppressions") or []
    record = {key: props[key] for key in RESULT_PROPERTIES if key in props}
    record.update(
        rule_id=rule_id, level=result.get("level") or levels.get(rule_id, "warning"),
        path=path_of(physical.get("artifactLocation", {}), bases),
        region={"start_line": start_line, "start_col": region.get("startColumn", 1),
                "end_line": region.get("endLine", start_line), "end_col": region.get("endColumn", 1)},
        text=(result.get("message") or {}).get("text", ""), snippet=(region.get("snippet") or {}).get("text", ""),
        suppressed=bool(suppressions),
        suppression_reason=suppressions[0].get("justification", "") if suppressions else "",
        fingerprint=(result.get("partialFingerprints") or {}).get(FINGERPRINT_KEY, ""),
    )
    return Finding.from_record(record)


def parse_baseline(text: str) -> list[Finding]:
    """The results of a netlint SARIF log as findings; results marked absent are left out."""
    try:
        log = json.loads(text)
    except ValueError as exc:
        raise BaselineError(f"not a SARIF log: {exc}") from None
    runs = log.get("runs") if isinstance(log, dict) else None
    if not isinstance(runs, list):
        raise BaselineError("not a SARIF log: no 'runs'")
    try:
        return [finding for run in runs for finding in _run_findings(run)]
    except BaselineError:
        raise
    except (AttributeError, TypeError, ValueError) as exc:
        raise BaselineError(f"not a netlint SARIF log: a result does not read back ({exc})") from None


def _run_findings(run: dict[str, Any]) -> list[Finding]:
    """The findings of one run of a netlint log, absent results left out."""
    driver = run.get("tool", {}).get("driver", {})
    if driver.get("name") != "netlint":
        raise BaselineError(f"not a netlint SARIF log (tool {driver.get('name')!r})")
    levels = {r.get("id"): r.get("defaultConfiguration", {}).get("level", "warning") for r in driver.get("rules", [])}
    bases = run.get("originalUriBaseIds") or {}
    return [_finding(r, levels, bases) for r in run.get("results", []) if r.get("baselineState") != "absent"]


def match_key(finding: Finding, cwd: str) -> tuple[str, str, str]:
    """What makes two results the same: rule, path as a URI from cwd, and fingerprint (else line and message)."""
    identity = finding.fingerprint or f"line {finding.region.start_line}: {finding.message}"
    return finding.rule_id, uri_of(finding.path, cwd)[0], identity


def compare(current: list[Finding], baseline: list[Finding], cwd: str) -> list[Finding]:
    """The current findings with their baselineState, then the baseline's absent results."""
    waiting: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    for old in baseline:
        waiting[match_key(old, cwd)].append(old)
    out = []
    for finding in sorted(current, key=lambda f: f.sort_key):
        candidates = waiting.get(match_key(finding, cwd))
        if not candidates:
            out.append(replace(finding, baseline_state="new"))
            continue
        old = candidates.pop(0)
        same = (old.level, old.message, old.suppressed) == (finding.level, finding.message, finding.suppressed)
        out.append(replace(finding, baseline_state="unchanged" if same else "updated"))
    gone = [replace(old, baseline_state="absent") for olds in waiting.values() for old in olds]
    return out + sorted(gone, key=lambda f: f.sort_key)
