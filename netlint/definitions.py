"""What a document's defined terms stand for: its definitions, read like an analyst reads them.

Reads the sentences that segmentation found to be definitions ('"carriage service" means a service
for carrying communications ...', 'Organisation means the Australian Security Intelligence
Organisation'); writes one Definition per term, and for a sentence that uses defined terms, a
second reading of it with each term replaced by what it means, so that rules recognise a power over
"a carriage service" or a disclosure "to the Organisation" for what it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from netlint.document import Document
from netlint.provisions import Sentence

MAX_BODY_WORDS = 16
_LEAD_RE = re.compile(r"^.{0,60}?\bIn this [A-Za-z]+\b[^:—–]{0,40}[:—–]\s*", re.S)
_DEF_RE = re.compile(
    r"^[^\w“\"‘']*(?:\(\w{1,5}\)\s*)?[“\"‘']?(?P<term>[A-Za-z][A-Za-z0-9 \-]{1,60}?)[”\"’']?\s*(?:\([^)]{0,40}\)\s*)?"
    r"(?:,\s*in relation to [^,]{1,80})?,?\s+(?:means|shall mean|includes|refers to|denotes)\s+(?P<body>.+)", re.S)
_CUT_RE = re.compile(r";|:|\(|\bbut does not\b|\bbut not\b|\bexcept\b|\band includes\b|\bother than\b|\bwhether\b")
_ARTICLE_RE = re.compile(r"^(?:a|an|the|any)\s+", re.I)
_ARTICLE_BEFORE_RE = re.compile(r"\b(?:a|an|the|any)\s+$", re.I)
_NOT_A_TERM = {"the", "a", "an", "it", "this", "that", "these", "those", "which", "such", "act", "there", "each", "every"}
_PIECE_RE = re.compile(r";|(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)")
_USELESS_RE = re.compile(r"^(?:the meaning|a reference|given|as defined|has the)", re.I)


@dataclass(frozen=True)
class Definition:
    """One defined term, what its definition says it is (cut to its first clause), and its line.

    `head` is set for a name defined as a named body ("ACMA" means the Australian Communications
    and Media Authority): the body's head noun ("Authority"), which the term is read as. A name
    read as one word keeps the sentence's shape, so every word around it is judged as written."""

    term: str
    body: str
    line: int
    head: str = ""

    @property
    def reading(self) -> str:
        """What the term is replaced by in a second reading: the head noun, else the body."""
        return self.head or self.body


def read_definitions(doc: Document, sentences: list[Sentence]) -> list[Definition]:
    """The document's definitions of terms of two or more words, or of one capitalised word (an
    'Organisation', the 'ACMA'): one-word lower-case terms ('data') keep their ordinary meaning."""
    out: dict[str, Definition] = {}
    for sent in sentences:
        if sent.form != "definition":
            continue
        for piece in _PIECE_RE.split(doc.text[sent.start:sent.end]):  # "In this Act: a means ...; b means ..."
            _read_one(doc, sent, " ".join(piece.split()), out)
    return list(out.values())


def _read_one(doc: Document, sent: Sentence, text: str, out: dict[str, Definition]) -> None:
    """Add the definition that text states, if it states one."""
    m = _DEF_RE.match(_LEAD_RE.sub("", text, count=1))
    if m is None:
        return
    term = m.group("term").strip()
    body = _CUT_RE.split(m.group("body"), maxsplit=1)[0].strip(" ,.")
    body = " ".join(body.split()[:MAX_BODY_WORDS])
    if not body or _USELESS_RE.match(body) or (" " not in term and not term[0].isupper()):
        return
    if term.split()[0].lower() in _NOT_A_TERM:  # "The term ... means", "It also means"
        return
    at = _pattern(term).search(doc.text, sent.start, sent.end)
    out.setdefault(term, Definition(term, body, doc.position(at.start() if at else sent.start)[0], _head(term, body)))


def _head(term: str, body: str) -> str:
    """The head noun of a named body that a capitalised term is defined as ("the Media Council of
    X" -> "Council"), or "" when the body is not a name or the head is the term itself."""
    if not term[0].isupper():
        return ""
    words = _ARTICLE_RE.sub("", body).split()
    name = []
    for word in words:
        if not (word[:1].isupper() and word.isalpha()) and word not in ("and", "&"):
            break
        name.append(word)
    while name and not name[-1][:1].isupper():
        name.pop()
    head = name[-1] if len(name) >= 2 else ""
    return "" if head.lower() == term.lower() else head


@lru_cache(maxsize=256)
def _pattern(term: str) -> re.Pattern:
    flags = 0 if term[0].isupper() else re.I
    return re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, term.split())) + r"(?![\w-])", flags)


def term_spans(definition: Definition, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where text[start:end] uses the defined term."""
    return [m.span() for m in _pattern(definition.term).finditer(text, start, end)]


def expand(text: str, offs: list[int],
           definitions: Sequence[Definition]) -> tuple[str, list[int], tuple[Definition, ...]] | None:
    """The unit text with each defined term replaced by its definition (offsets of the replacement
    point at the term), and the definitions used; None when the text uses no defined term."""
    spots: list[tuple[int, int, Definition]] = []
    for d in definitions:
        spots.extend((m.start(), m.end(), d) for m in _pattern(d.term).finditer(text))
    if not spots:
        return None
    spots.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[str] = []
    out_offs: list[int] = []
    used: list[Definition] = []
    pos = 0
    for start, end, d in spots:
        if start < pos:
            continue
        out.append(text[pos:start])
        out_offs.extend(offs[pos:start])
        body = d.reading
        if _ARTICLE_BEFORE_RE.search(text[max(0, start - 5):start]):
            body = _ARTICLE_RE.sub("", body)
        out.append(body)
        first, last = offs[start], offs[end - 1]
        out_offs.extend([first] + [last] * (len(body) - 1))
        if d not in used:
            used.append(d)
        pos = end
    out.append(text[pos:])
    out_offs.extend(offs[pos:])
    return "".join(out), out_offs, tuple(used)
