"""How findings describe themselves: regions, collapsed text, readable phrases, fingerprints."""

from __future__ import annotations

import hashlib
import re

from netlint.document import Document
from netlint.findings import Region

_WS_RE = re.compile(r"\s+")


def describe_phrase(phrase: str) -> str:
    """A phrase of the rule syntax for people: 'protect ~5 privacy|anonymity' -> 'protect … privacy/anonymity'."""
    words: list[str] = []
    for tok in phrase.split():
        if re.fullmatch(r"~\d+", tok):
            if words and words[-1] != "…":
                words.append("…")
            continue
        alts = [a.lstrip("=").rstrip("?") for a in tok.split("|")]
        alts = [f"<{a[1:].split('_', 1)[-1].replace('_', ' ')}>" if a.startswith("@") else a for a in alts]
        words.append("/".join(alts[:4]) + ("/…" if len(alts) > 4 else ""))
    return " ".join(words)


def collapse(text: str, limit: int = 400) -> str:
    """Text on one line with single spaces, cut to `limit` characters with an ellipsis."""
    s = _WS_RE.sub(" ", text).strip()
    return s if len(s) <= limit else s[: limit - 1] + "…"


def region(doc: Document, start: int, end: int) -> Region:
    """The region of the file as stored that the character offsets [start, end) cover."""
    sl, sc = doc.position(start)
    el, ec = doc.position(end)
    return Region(sl, sc, el, ec, start, end)


def line_of(doc: Document, offset: int) -> int:
    """The 1-based line of a character offset."""
    return doc.position(offset)[0]


def fingerprint(rule_id: str, sentence: str, occurrence: int) -> str:
    """A line-independent identity: rule, normalized sentence text and occurrence index."""
    return hashlib.sha256(f"{rule_id}\x00{normalized(sentence)}\x00{occurrence}".encode()).hexdigest()[:32]


def fingerprint_basis(kind: str, snippet: str, sentence: str) -> str:
    """What a finding's identity rests on: the document for a gap, else the match in its sentence."""
    return "document" if kind == "gap" else f"{snippet}|{sentence}"


def normalized(text: str) -> str:
    """Lower-case text with single spaces, for counting repeats of the same finding."""
    return _WS_RE.sub(" ", text).strip().lower()
