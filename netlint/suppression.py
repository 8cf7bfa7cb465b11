"""In-document suppression: directives filter findings after checking and report their own misuse."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from netlint.document import Directive, Document
from netlint.findings import Finding, Region
from netlint.packs import Rule, builtin_rules_dir, parse_rule
from netlint.selector import Selector
from netlint.yamlsrc import load_yaml_file

UNUSED_ID, UNKNOWN_ID = "NL001", "NL002"


@lru_cache(maxsize=1)
def meta_rules() -> tuple[Rule, Rule]:
    """NL001 (unused directive) and NL002 (unknown ID), as rules/NL00*.yaml define them (kind: directive)."""
    rules = {}
    for path in sorted(builtin_rules_dir().glob("NL*.yaml")):
        rule = parse_rule(load_yaml_file(path), str(path))
        rules[rule.id] = rule
    return rules[UNUSED_ID], rules[UNKNOWN_ID]


def how_to_suppress(rule: Rule) -> tuple[str, str]:
    """How a rule's finding is suppressed in a document (for `netlint explain` and SARIF help): the
    Markdown directive and where it goes, or ("", why nothing does) for NL rules."""
    if rule.kind == "directive":
        return "", "No directive suppresses it (directives are checked after suppression): correct or delete the directive it reports."
    if rule.kind == "gap":
        return f"<!-- netlint-disable-file {rule.id} -->", "anywhere in the document (a gap finding is about the whole document)"
    return f"<!-- netlint-disable-next-line {rule.id} -->", "on the line before the finding"


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
    open_ranges: dict[str, Directive] = {}
    last = len(doc.line_starts)
    meta: list[Finding] = []
    unused, unknown = meta_rules()
    for d in doc.directives:
        for rid in d.ids:
            if Selector([rid]).unknown(known_ids):
                meta.append(_meta(unknown, doc, d.line, d.col, f"unknown ID {rid}"))
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
            meta.append(_meta(unused, doc, d.line, d.col, f"netlint-{d.action} {' '.join(d.ids) or '(all)'}"))
    seen = set()
    for m in meta:
        key = (m.region.start_line, m.region.start_col, m.rule_id, m.message)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
