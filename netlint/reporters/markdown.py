"""A Markdown summary for $GITHUB_STEP_SUMMARY or a pull-request comment."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby

from netlint.findings import Finding, Report
from netlint.reporters._common import active, baseline_line, check_counts, rel_path, summary_line

_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]|~#])")
_SPACE_RE = re.compile(r"\s+")


def escape(text: str) -> str:
    """Text safe inside a Markdown paragraph or table cell: one line, no markup, no HTML."""
    text = _SPACE_RE.sub(" ", text).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL_RE.sub(r"\\\1", text)


def code(text: str) -> str:
    """Text as an inline code span that survives backticks, pipes and line breaks."""
    text = _SPACE_RE.sub(" ", text).strip().replace("|", "\\|")
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _table(header: tuple[str, ...], align: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _message(finding: Finding) -> str:
    text = escape(finding.message)
    if finding.snippet and finding.kind != "gap":
        text += " — " + code(finding.snippet)
    if finding.baseline_state in ("new", "updated"):
        text = f"**{finding.baseline_state}**: {text}"
    return text


def _gap_section(gaps: list[Finding], cwd: str | None) -> list[str]:
    """Gap findings first, in one table: code scanning shows them at line 1, rarely in a diff."""
    lines = ["### Missing provisions", "",
             "Gap checks fire once per document when no provision satisfies a principle. Code scanning shows "
             "them at line 1, so a pull request rarely displays them: they are listed here.", ""]
    rows = [(code(rel_path(f.path, cwd)), escape(f.rule_id), code(f.slug), escape(f.level), _message(f)) for f in gaps]
    return lines + _table(("File", "ID", "Check", "Level", "What is missing"), ("---", "---", "---", "---", "---"), rows) + [""]


def _file_section(path: str, findings: list[Finding]) -> list[str]:
    rows = [(str(f.region.start_line), escape(f.rule_id), escape(f.level), _message(f)) for f in findings]
    return [f"### {code(path)}", "", *_table(("Line", "ID", "Level", "Message"), ("---:", "---", "---", "---"), rows), ""]


def render(report: Report, *, cwd: str | None = None) -> str:
    """The Markdown summary: totals, missing provisions, counts per check, findings per file, notices."""
    lines = ["## netlint report", "", escape(summary_line(report)), ""]
    if baseline_line(report):
        lines += [escape(baseline_line(report)), ""]
    findings = active(report)
    gaps = [f for f in findings if f.kind == "gap"]
    if gaps:
        lines += _gap_section(gaps, cwd)
    if findings:
        rows = [
            (escape(rid), code(slug), escape(kind), escape(level), str(n))
            for rid, slug, kind, level, n in check_counts(findings)
        ]
        lines += ["### Counts per check", ""]
        lines += _table(("ID", "Slug", "Kind", "Level", "Count"), ("---", "---", "---", "---", "---:"), rows)
        lines.append("")
    others = [f for f in findings if f.kind != "gap"]
    for path, group in groupby(others, key=lambda f: f.path):
        lines += _file_section(rel_path(path, cwd), list(group))
    notices = sorted(report.notices, key=lambda n: (n.path, n.line, n.message))
    if notices:
        lines += ["### Notices", ""]
        for n in notices:
            where = code(rel_path(n.path, cwd)) if n.path else "netlint"
            if n.path and n.line > 0:
                where += f" line {n.line}"
            lines.append(f"- {where} ({escape(n.level)}): {escape(n.message)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
