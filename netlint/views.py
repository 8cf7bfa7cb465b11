"""Tokenize and match: the sentences of one provision become views, with their rule hits and cues.

Reads the document's masked text, the provision's sentences and the pack matcher; writes one
SentenceView per sentence (its hits by rule, its negation cues, whether it is operative). What
no judgement reads is not matched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from netlint.definitions import Definition, expand, term_spans
from netlint.document import Document
from netlint.judge import Cues, build_cues, is_operative
from netlint.match import PackMatcher, Role
from netlint.provisions import NONOPERATIVE_FORMS, Sentence


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
    defined: tuple[Definition, ...] = ()


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


def _defined_only(hits: dict[str, list[Hit]], plain: set[tuple[str, int, int]], used: tuple[Definition, ...],
                  doc: Document, sent: Sentence) -> dict[str, list[Hit]]:
    """In a sentence's second reading (defined terms replaced), the hits of the rules whose trigger
    covers a defined term: a trigger the plain reading also found is judged there, where the
    words around it (a "No" before the replaced term) stand as written. Where every term was read
    as one word (a named body's head noun), the sentence keeps its shape, and a rule counts if any
    of its hits covers a term ("the ACMA may direct" read as "the Authority may direct")."""
    if all(d.head for d in used):
        return {rule: found for rule, found in hits.items() if any(_overlaps(h, used, doc, sent) for h in found)}
    out: dict[str, list[Hit]] = {}
    for rule, found in hits.items():
        triggers = [h for h in found if h.role is Role.TRIGGER and (rule, h.start, h.end) not in plain
                    and _overlaps(h, used, doc, sent)]
        if triggers:
            out[rule] = [h for h in found if h.role is not Role.TRIGGER or h in triggers]
    return out


def _overlaps(hit: Hit, used: tuple[Definition, ...], doc: Document, sent: Sentence) -> bool:
    """Whether a hit covers a use of one of the defined terms that its reading replaced."""
    lo = sent.lead[0] if sent.lead else sent.start
    return any(start < hit.end and hit.start < end for d in used for start, end in term_spans(d, doc.text, lo, sent.end))


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
                   wide: frozenset[str] | None = None, live: frozenset[str] | None = None,
                   definitions: Sequence[Definition] = ()) -> list[SentenceView]:
    """Tokenize and match the sentences of one provision (`first`: the index of the first one).

    Triggers are matched first, of the `live` rules only (None: of every rule). A rule's with and
    without phrases are matched only in sentences with its trigger, or in the whole provision for
    the rules in `wide` (those with a trigger of provision scope; None: every rule); its safeguards
    in the provision where its trigger matched; the cues only in sentences where something matched.
    What no judgement reads is not matched. An operative sentence that uses defined terms is read a
    second time, with each term replaced by its definition (a view of its own, `defined` set).
    """
    from spacy.attrs import IDX, LENGTH

    info, keys = compiled.info, compiled.keys
    nlp = compiled.nlp
    tokenize = nlp if len(nlp.pipe_names) else nlp.tokenizer
    prepared = []
    rules: set[str] = set()
    units: list[tuple[int, Sentence, tuple[Definition, ...]]] = []
    by_sentence: dict[int, set[str]] = {}
    for i, sent in enumerate(sentences, first):
        norm, offs = unit_text(doc, sent)
        readings: list[tuple[str, list[int], tuple[Definition, ...]]] = [(norm, offs, ())]
        if definitions and sent.form not in NONOPERATIVE_FORMS:
            expanded = expand(norm, offs, definitions)
            if expanded is not None:
                readings.append(expanded)
        for text, text_offs, used in readings:
            sdoc = tokenize(text)
            state = compiled.prepare(sdoc)
            found = compiled.triggers(state, live)
            own = {info(key).rule for key, _s, _e in found}
            rules |= own
            by_sentence.setdefault(i, set()).update(own)  # both readings look for the same rules' context
            prepared.append((sdoc, text_offs, state, found, by_sentence[i]))
            units.append((i, sent, used))
    shared = {r for r in rules if wide is None or r in wide}
    views = []
    plain_triggers: set[tuple[str, int, int]] = set()
    plain_exclusions: dict[str, list[Hit]] = {}
    for (i, sent, used), (sdoc, offs, state, found, own) in zip(units, prepared):
        found = found + compiled.context(state, shared | own, rules)
        if found:
            found += compiled.cues(state)
        before, after, pseudo, terms, excs = [], [], [], [], []
        nonop = not_governing = False
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
            elif role is Role.NOT_GOVERNING:
                not_governing = True
            else:
                if spans is None:
                    spans = sdoc.to_array([IDX, LENGTH]).tolist()
                cs = offs[spans[ts][0]]
                last, length = spans[te - 1]
                ce = offs[last + length - 1] + 1
                hits[key_info.rule].append(Hit(role, key_info.trigger, key_info.group, key_info.alt, ts, te, cs, ce))
        if used:
            hits = _defined_only(hits, plain_triggers, used, doc, sent)
            for rule, excluded in plain_exclusions.items():  # what the plain words exclude stays excluded
                if rule in hits:
                    hits[rule] = hits[rule] + excluded
        else:
            plain_triggers = {(rule, h.start, h.end) for rule, hs in hits.items() for h in hs if h.role is Role.TRIGGER}
            plain_exclusions = {rule: [h for h in hs if h.role is Role.WITHOUT] for rule, hs in hits.items()}
        cues = build_cues(before, after, pseudo, terms, excs, nonop, not_governing)
        views.append(SentenceView(i, sent, cues, dict(hits), doc.text, is_operative(sent, cues), used))
    return views
