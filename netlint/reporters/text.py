"""Linter-style text output: `path:line:col: ID [level] message`, the sentence, a caret underline."""

from __future__ import annotations

import re
from collections import Counter
from itertools import groupby

from netlint.findings import Finding, Notice, Report
from netlint.reporters._common import active, baseline_line, display_width, rel_path, summary_line, visible

MAX_LINE = 160
_SPACE_RE = re.compile(r"\s+")
_RESET = "\033[0m"
_STYLES = {
    "error": "\033[31m",
    "warning": "\033[33m",
    "note": "\033[36m",
    "bold": "\033[1m",
}


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if color and style in _STYLES else text


def _collapse(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def _window(line: str, start: int) -> tuple[str, int]:
    """Cut line to MAX_LINE code points keeping position start in view; returns (text, new start)."""
    if len(line) <= MAX_LINE:
        return line, start
    lo = max(0, min(start - 40, len(line) - MAX_LINE)) if start >= 0 else 0
    hi = lo + MAX_LINE
    text = line[lo:hi]
    if lo > 0:
        text = "…" + text[1:]
    if hi < len(line):
        text = text[:-1] + "…"
    return text, start - lo if start >= 0 else -1


def source_lines(finding: Finding) -> tuple[str, str]:
    """The sentence as one line and, when the match sits on a single line of it, its caret line."""
    sentence = _collapse(finding.sentence)
    snippet = _collapse(finding.snippet)
    if not sentence:
        sentence = snippet
    if not sentence:
        return "", ""
    single = finding.region.end_line <= finding.region.start_line
    start = sentence.find(snippet) if snippet and single else -1
    text, start = _window(sentence, start)
    if start < 0:
        return visible(text), ""
    shown = text[start:start + len(snippet)]
    pad = display_width(visible(text[:start]))
    return visible(text), " " * pad + "^" * max(1, display_width(visible(shown)))


def _finding_lines(finding: Finding, path: str, color: bool) -> list[str]:
    r = finding.region
    where = _paint(f"{visible(path)}:{max(r.start_line, 1)}:{max(r.start_col, 1)}:", "bold", color)
    level = _paint(f"[{finding.level}]", finding.level, color)
    state = f" ({finding.baseline_state})" if finding.baseline_state in ("new", "updated") else ""
    lines = [f"{where} {_paint(finding.rule_id, 'bold', color)} {level}{state} {visible(_collapse(finding.message))}"]
    sentence, carets = source_lines(finding)
    if sentence:
        lines.append(f"    | {sentence}")
    if carets:
        lines.append(f"    | {_paint(carets, finding.level, color)}")
    for key, value in finding.evidence:
        if key == "sentence" and sentence:
            continue
        lines.append(f"  = {visible(key)}: {visible(_collapse(value))}")
    return lines


def _notice_line(notice: Notice, cwd: str | None, color: bool) -> str:
    path = visible(rel_path(notice.path, cwd)) if notice.path else "netlint"
    where = f"{path}:{notice.line}:" if notice.line > 0 else f"{path}:"
    label = _paint("notice:", notice.level, color)
    return f"{_paint(where, 'bold', color)} {label} {visible(_collapse(notice.message))}"


def statistics_table(findings: list[Finding]) -> list[str]:
    """A per-check count table: ID, slug, count, most frequent first."""
    counts = Counter((f.rule_id, f.slug) for f in findings)
    rows = [("ID", "slug", "count")]
    rows += [(rid, slug, str(n)) for (rid, slug), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    w0, w1, w2 = (max(len(row[i]) for row in rows) for i in range(3))
    return [f"{a:<{w0}}  {b:<{w1}}  {c:>{w2}}" for a, b, c in rows]


def render(report: Report, *, color: bool = False, statistics: bool = False, cwd: str | None = None) -> str:
    """The text report: notices, findings grouped by file, optional statistics, a summary line."""
    blocks: list[list[str]] = []
    notices = sorted(report.notices, key=lambda n: (n.path, n.line, n.message))
    if notices:
        blocks.append([_notice_line(n, cwd, color) for n in notices])
    findings = active(report)
    for path, group in groupby(findings, key=lambda f: f.path):
        shown = rel_path(path, cwd)
        block: list[str] = []
        for finding in group:
            block.extend(_finding_lines(finding, shown, color))
        blocks.append(block)
    if statistics and findings:
        blocks.append(statistics_table(findings))
    blocks.append([_paint(line, "bold", color) for line in (summary_line(report), baseline_line(report)) if line])
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"
