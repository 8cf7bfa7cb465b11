"""Baselines: compare a run with an earlier netlint SARIF log and give each result its SARIF baselineState.

A current finding and a baseline result are the same when their rule ID, path (as a URI relative to
the working directory, which should be the one the baseline was written from) and fingerprint
agree; results without a fingerprint fall back to line and message. A matched finding is `unchanged`, or `updated` when its level, message or
suppression changed; an unmatched one is `new`; a baseline result that no longer appears comes back
as an `absent` finding. Pure functions: the command line reads and writes the files.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from netlint.findings import Finding, Region
from netlint.reporters.sarif import BASE_ID, FINGERPRINT_KEY, evidence_suffix, uri_of


class BaselineError(ValueError):
    """A baseline that is not a netlint SARIF log."""


def _path(location: dict[str, Any], bases: dict[str, Any]) -> str:
    """The path of an artifactLocation: relative to SRCROOT as written, else a local absolute path."""
    uri = str(location.get("uri", ""))
    base_id = location.get("uriBaseId")
    if base_id == BASE_ID:
        return unquote(uri)
    if base_id in bases:
        uri = str(bases[base_id].get("uri", "")) + uri
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return url2pathname(parsed.path).replace("\\", "/")
    return unquote(uri)


def _message(result: dict[str, Any], evidence: dict[str, str]) -> str:
    """The finding's own message: the result's text without the evidence netlint appends to it."""
    text = str(result.get("message", {}).get("text", ""))
    suffix = evidence_suffix(tuple(evidence.items()))
    return text[: -len(suffix)] if suffix and text.endswith(suffix) else text


def _finding(result: dict[str, Any], levels: dict[str, str], bases: dict[str, Any]) -> Finding:
    """One SARIF result as the finding it was written from."""
    physical = (result.get("locations") or [{}])[0].get("physicalLocation", {})
    region = physical.get("region", {})
    props = result.get("properties", {})
    evidence = {str(k): str(v) for k, v in (props.get("evidence") or {}).items()}
    rule_id = str(result.get("ruleId", ""))
    start_line = int(region.get("startLine", 1))
    suppressions = result.get("suppressions") or []
    return Finding(
        rule_id=rule_id, slug=str(props.get("slug", "")), kind=str(props.get("kind", "flag")),
        level=str(result.get("level") or levels.get(rule_id, "warning")),
        path=_path(physical.get("artifactLocation", {}), bases),
        region=Region(start_line, int(region.get("startColumn", 1)), int(region.get("endLine", start_line)),
                      int(region.get("endColumn", 1))),
        message=_message(result, evidence), snippet=str(region.get("snippet", {}).get("text", "")),
        evidence=tuple(evidence.items()), suppressed=bool(suppressions),
        suppression_reason=str(suppressions[0].get("justification", "")) if suppressions else "",
        fingerprint=str((result.get("partialFingerprints") or {}).get(FINGERPRINT_KEY, "")),
    )


def parse_baseline(text: str) -> list[Finding]:
    """The results of a netlint SARIF log as findings; results marked absent are left out."""
    try:
        log = json.loads(text)
    except ValueError as exc:
        raise BaselineError(f"not a SARIF log: {exc}") from None
    runs = log.get("runs") if isinstance(log, dict) else None
    if not isinstance(runs, list):
        raise BaselineError("not a SARIF log: no 'runs'")
    out: list[Finding] = []
    for run in runs:
        driver = run.get("tool", {}).get("driver", {})
        if driver.get("name") != "netlint":
            raise BaselineError(f"not a netlint SARIF log (tool {driver.get('name')!r})")
        levels = {r.get("id"): r.get("defaultConfiguration", {}).get("level", "warning") for r in driver.get("rules", [])}
        bases = run.get("originalUriBaseIds") or {}
        out += [_finding(r, levels, bases) for r in run.get("results", []) if r.get("baselineState") != "absent"]
    return out


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
