"""In-document suppression: directives filter findings after checking and report their own misuse."""

from __future__ import annotations

from dataclasses import replace

from netlint.document import Document
from netlint.findings import Finding, Region
from netlint.packs import Rule
from netlint.selector import Selector

UNUSED = Rule(
    id="NL001", slug="unused-directive", kind="flag", level="warning",
    message="This netlint directive suppressed nothing; remove it or correct its IDs.",
    principle="netlint housekeeping", why="Stale directives hide future findings of the same check.",
    fix="Delete the directive, or name the check it was meant for.", tags=("netlint",), precision="very-high",
)
UNKNOWN = Rule(
    id="NL002", slug="unknown-directive-id", kind="flag", level="warning",
    message="This netlint directive names an unknown check ID.",
    principle="netlint housekeeping", why="A misspelt ID suppresses nothing.",
    fix="Use an ID listed by `netlint rules`.", tags=("netlint",), precision="very-high",
)
META_RULES = (UNUSED, UNKNOWN)


def _covers(ids: tuple[str, ...], rule_id: str) -> bool:
    """Whether a directive's IDs (none: every rule) cover the rule; IDs are case-insensitive."""
    return not ids or Selector(ids).matches(rule_id)


def _next_content_line(doc: Document, line: int) -> int:
    n = len(doc.line_starts)
    for ln in range(line + 1, n + 1):
        start = doc.line_starts[ln - 1]
        if doc.masked[start:doc.line_end(ln)].strip():
            return ln
    return line + 1


def _meta(rule: Rule, doc: Document, line: int, col: int, detail: str) -> Finding:
    return Finding(rule_id=rule.id, slug=rule.slug, kind="flag", level=rule.level, path=doc.path,
                   region=Region(line, col, line, col + 1), message=f"{rule.message} ({detail})",
                   snippet=doc.text[doc.line_starts[line - 1] + col - 1: doc.line_end(line)].strip(),
                   sentence=detail)


def apply_directives(doc: Document, findings: list[Finding], known_ids: set[str],
                     active_ids: set[str]) -> list[Finding]:
    """Mark suppressed findings; add NL001/NL002 findings for unused or unknown directives."""
    scopes = []  # (directive, first line, last line)
    open_ranges: dict[str, tuple] = {}
    last = len(doc.line_starts)
    meta: list[Finding] = []
    for d in doc.directives:
        for rid in d.ids:
            if Selector([rid]).unknown(known_ids):
                meta.append(_meta(UNKNOWN, doc, d.line, d.col, f"unknown ID {rid}"))
        if d.action == "disable-file":
            scopes.append((d, 1, last))
        elif d.action == "disable-next-line":
            nxt = _next_content_line(doc, d.line)
            scopes.append((d, nxt, nxt))
        elif d.action == "disable":
            for rid in d.ids or ("",):
                open_ranges[rid.upper()] = d
        elif d.action == "enable":
            for rid in d.ids or tuple(open_ranges):
                start = open_ranges.pop(rid.upper(), None)
                if start is not None:
                    scopes.append((start, start.line, d.line))
    for d in dict.fromkeys(open_ranges.values()):
        scopes.append((d, d.line, last))
    used: set[int] = set()
    out = []
    for f in findings:
        hit = None
        for k, (d, lo, hi) in enumerate(scopes):
            if _covers(d.ids, f.rule_id) and lo <= f.region.start_line <= hi:
                hit = k
                break
        if hit is None:
            out.append(f)
        else:
            used.add(id(scopes[hit][0]))
            d = scopes[hit][0]
            out.append(replace(f, suppressed=True, suppression_reason=f"netlint-{d.action} at line {d.line}"))
    for d, _lo, _hi in scopes:
        if id(d) not in used and (not d.ids or Selector(d.ids).selects_any(active_ids)):
            meta.append(_meta(UNUSED, doc, d.line, d.col, f"netlint-{d.action} {' '.join(d.ids) or '(all)'}"))
    seen = set()
    for m in meta:
        key = (m.region.start_line, m.region.start_col, m.rule_id, m.message)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
