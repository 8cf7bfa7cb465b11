"""Small helpers shared by the reporters: paths, counts, and safe display of document text."""

from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter

from netlint.findings import Finding, Report


def rel_path(path: str, cwd: str | None) -> str:
    """The path relative to cwd with forward slashes when it lies under cwd; otherwise as given."""
    if cwd and os.path.isabs(path):
        base = os.path.abspath(cwd)
        full = os.path.abspath(path)
        try:
            if os.path.commonpath([base, full]) == base:
                path = os.path.relpath(full, base)
        except ValueError:
            pass
    return path.replace(os.sep, "/") if os.sep != "/" else path


def dumps(value) -> str:
    """Indented JSON (two spaces, non-ASCII kept, no final newline), exactly as
    json.dumps(value, indent=2, ensure_ascii=False) writes it.

    orjson writes it ten times faster (json's indented output is pure Python); json takes over
    for what orjson refuses (lone surrogates, integers past 64 bits, keys that are not strings)
    or when orjson is not installed. orjson spells the exponent of a float below 1e-4 or from
    1e16 otherwise (1e-7, not 1e-07): the reports have no such numbers.
    """
    try:
        import orjson
    except ImportError:
        orjson = None  # type: ignore[assignment]
    if orjson is not None:
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):
            pass
    return json.dumps(value, indent=2, ensure_ascii=False)


def active(report: Report) -> list[Finding]:
    """The unsuppressed findings that are still there (not absent since a baseline), sorted."""
    shown = (f for f in report.findings if not f.suppressed and f.baseline_state != "absent")
    return sorted(shown, key=lambda f: f.sort_key)


def level_counts(findings: list[Finding]) -> Counter:
    """How many findings there are of each level."""
    return Counter(f.level for f in findings)


def plural(n: int, word: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(report: Report) -> str:
    """`Found N problems (E errors, W warnings, N notes) in F files.` or `No problems found in F files.`"""
    found = active(report)
    files = plural(len(report.files), "file")
    suppressed = sum(1 for f in report.findings if f.suppressed)
    tail = f" {plural(suppressed, 'finding')} suppressed." if suppressed else ""
    if not found:
        return f"No problems found in {files}.{tail}"
    c = level_counts(found)
    parts = ", ".join((plural(c["error"], "error"), plural(c["warning"], "warning"), plural(c["note"], "note")))
    return f"Found {plural(len(found), 'problem')} ({parts}) in {files}.{tail}"


def baseline_line(report: Report) -> str:
    """`Compared with the baseline: N new, N unchanged, N updated, N absent.`, or "" without a baseline."""
    counts = Counter(f.baseline_state for f in report.findings if f.baseline_state and not f.suppressed)
    if not counts:
        return ""
    parts = ", ".join(f"{counts[state]} {state}" for state in ("new", "unchanged", "updated", "absent"))
    return f"Compared with the baseline: {parts}."


def check_counts(findings: list[Finding]) -> list[tuple[str, str, str, str, int]]:
    """(ID, slug, kind, level, count) per check, most frequent first."""
    counts: Counter = Counter((f.rule_id, f.slug, f.kind, f.level) for f in findings)
    return sorted(((*key, n) for key, n in counts.items()), key=lambda row: (-row[4], row[0], row[3]))


def visible(text: str) -> str:
    """Text safe for a terminal: control, format and separator characters shown as <U+XXXX>."""
    out = []
    for ch in text:
        if ch in " \t" or unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn"):
            out.append(ch)
        else:
            out.append(f"<U+{ord(ch):04X}>")
    return "".join(out)


def display_width(text: str) -> int:
    """Terminal columns taken by text: wide characters count two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width
