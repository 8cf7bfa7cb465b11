"""Tokenize and match: the sentences of one provision become views, with their rule hits and cues.

Reads the document's masked text, the provision's sentences and the pack matcher; writes one
SentenceView per sentence (its hits by rule, its negation cues, whether it is operative). What
no judgement reads is not matched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from netlint.document import Document
from netlint.judge import Cues, build_cues, is_operative
from netlint.match import PackMatcher, Role
from netlint.provisions import Sentence


@dataclass(slots=True)
class Hit:
    """One rule-pattern match in a sentence: token span and original character span."""

    role: Role
    trigger: int
    group: int
    alt: int
    tok_start: int
    tok_end: int
    start: int
    end: int


@dataclass(slots=True)
class SentenceView:
    """A sentence with its cues and rule hits, ready for judging."""

    index: int
    sent: Sentence
    cues: Cues
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    doc_text: str = ""
    operative: bool = True


_INVISIBLE_RE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]+")
_DASH_RE = re.compile("[\u2013\u2014\u2015]")
_GAP_RE = re.compile(r"\s{2,}|[^\S ]|" + _INVISIBLE_RE.pattern + "|" + _DASH_RE.pattern)  # what normalize changes
_SPECIAL_GAP_RE = re.compile(r"[^\S ]|  |" + _INVISIBLE_RE.pattern + "|" + _DASH_RE.pattern)


def normalize(masked: str, start: int, end: int) -> tuple[str, list[int]]:
    """Collapse whitespace to one space, drop invisible format characters (so "pub\u200blished"
    matches "published") and space out dashes ("Savings.—Nothing" is three tokens); return the
    text and each character's original offset."""
    out: list[str] = []
    offs: list[int] = []
    pos = start
    if _SPECIAL_GAP_RE.search(masked, start, end) is None:
        return masked[start:end], list(range(start, end + 1))
    for m in _GAP_RE.finditer(masked, start, end):  # single spaces stay as they are
        if m.start() > pos:
            out.append(masked[pos:m.start()])
            offs.extend(range(pos, m.start()))
        if _DASH_RE.fullmatch(m.group(0)):
            if out and not out[-1].endswith(" "):
                out.append(" ")
                offs.append(m.start())
            out.append(m.group(0))
            offs.append(m.start())
            if m.end() < end and not masked[m.end()].isspace():
                out.append(" ")
                offs.append(m.end())
        elif not _INVISIBLE_RE.fullmatch(m.group(0)):
            out.append(" ")
            offs.append(m.start())
        pos = m.end()
    if pos < end:
        out.append(masked[pos:end])
        offs.extend(range(pos, end))
    offs.append(end)
    return "".join(out), offs


def unit_text(doc: Document, sent: Sentence) -> tuple[str, list[int]]:
    """The normalized text a sentence is matched as, with each character's original offset: a
    list item is read after its lead-in ("The Authority may— (h) block access to ...")."""
    norm, offs = normalize(doc.masked, sent.start, sent.end)
    if sent.lead is None:
        return norm, offs
    lead, lead_offs = normalize(doc.masked, *sent.lead)
    return f"{lead} {norm}", [*lead_offs[:len(lead)], sent.lead[1], *offs]


def unit_display(doc: Document, sent: Sentence) -> str:
    """A sentence as findings quote it: a list item after its lead-in and an ellipsis."""
    text = doc.text[sent.start:sent.end]
    return text if sent.lead is None else f"{doc.text[sent.lead[0]:sent.lead[1]]} … {text}"


def provision_runs(sentences: list[Sentence]) -> list[tuple[int, int]]:
    """The [start, end) index range of each provision's sentences (they come provision by provision)."""
    ends = [i + 1 for i in range(len(sentences))
            if i + 1 == len(sentences) or sentences[i + 1].provision != sentences[i].provision]
    return list(zip([0, *ends[:-1]], ends))


def sentence_views(doc: Document, compiled: PackMatcher, sentences: list[Sentence], first: int = 0,
                   wide: frozenset[str] | None = None, live: frozenset[str] | None = None) -> list[SentenceView]:
    """Tokenize and match the sentences of one provision (`first`: the index of the first one).

    Triggers are matched first, of the `live` rules only (None: of every rule). A rule's with and
    without phrases are matched only in sentences with its trigger, or in the whole provision for
    the rules in `wide` (those with a trigger of provision scope; None: every rule); its safeguards
    in the provision where its trigger matched; the cues only in sentences where something matched.
    What no judgement reads is not matched.
    """
    from spacy.attrs import IDX, LENGTH

    info, keys = compiled.info, compiled.keys
    nlp = compiled.nlp
    tokenize = nlp if len(nlp.pipe_names) else nlp.tokenizer
    prepared = []
    rules: set[str] = set()
    for sent in sentences:
        norm, offs = unit_text(doc, sent)
        sdoc = tokenize(norm)
        state = compiled.prepare(sdoc)
        found = compiled.triggers(state, live)
        own = {info(key).rule for key, _s, _e in found}
        rules |= own
        prepared.append((sdoc, offs, state, found, own))
    shared = {r for r in rules if wide is None or r in wide}
    views = []
    for i, (sent, (sdoc, offs, state, found, own)) in enumerate(zip(sentences, prepared), first):
        found = found + compiled.context(state, shared | own, rules)
        if found:
            found += compiled.cues(state)
        before, after, pseudo, terms, excs = [], [], [], [], []
        nonop = False
        hits: dict[str, list[Hit]] = defaultdict(list)
        spans = None
        for key, ts, te in found:
            key_info = keys[key]
            role = key_info.role
            if role is Role.CUE:
                before.append((ts, te, key_info.cls))
            elif role is Role.AFTER:
                after.append((ts, te, key_info.cls))
            elif role is Role.PSEUDO:
                pseudo.append((ts, te))
            elif role is Role.TERMINATOR:
                terms.append(ts)
            elif role is Role.EXCEPTION:
                excs.append(ts)
            elif role is Role.NONOPERATIVE:
                nonop = True
            elif role is Role.SUBJECT:  # read from the title only (context.py)
                continue
            else:
                if spans is None:
                    spans = sdoc.to_array([IDX, LENGTH]).tolist()
                cs = offs[spans[ts][0]]
                last, length = spans[te - 1]
                ce = offs[last + length - 1] + 1
                hits[key_info.rule].append(Hit(role, key_info.trigger, key_info.group, key_info.alt, ts, te, cs, ce))
        cues = build_cues(before, after, pseudo, terms, excs, nonop)
        views.append(SentenceView(i, sent, cues, dict(hits), doc.text, is_operative(sent, cues)))
    return views
