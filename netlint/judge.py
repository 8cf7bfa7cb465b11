"""Judging matches: whether a sentence is operative, negation and prohibition scope, exceptions
that re-open a prohibition, and the scope a rule's context and safeguards are looked for in.

Pure functions over the cue positions of one sentence (token indexes) and the views of one
provision, so every rule kind shares one notion of what "negated" means (negspacy's idea, with
parity for double negation) and of what counts as the same provision.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from netlint.match import Role
from netlint.provisions import NONOPERATIVE_FORMS, Sentence

if TYPE_CHECKING:
    from netlint.packs import Rule, Trigger
    from netlint.views import Hit, SentenceView

AFTER_WINDOW = 14
PROHIBITION_REACH = 14
FLAG_CLASSES = frozenset({"prohibition", "strong"})
STRONG_ONLY = frozenset({"strong"})
SAFEGUARD_CLASSES = frozenset({"prohibition", "strong", "absence"})


@dataclass
class Cues:
    """Negation-relevant spans of one sentence, in token indexes (end exclusive)."""

    before: list[tuple[int, int, str]] = field(default_factory=list)
    after: list[tuple[int, int, str]] = field(default_factory=list)
    terminators: list[int] = field(default_factory=list)
    exceptions: list[int] = field(default_factory=list)
    nonoperative: bool = False
    not_governing: bool = False


def _drop_overlaps(spans: list[tuple[int, int, str]], blocked: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Keep the longest of overlapping cue spans, and none that overlaps a pseudo-negation."""
    kept: list[tuple[int, int, str]] = []
    if not spans:
        return kept
    for s, e, c in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        if any(s < be and bs < e for bs, be in blocked):
            continue
        if any(s < ke and ks < e for ks, ke, _ in kept):
            continue
        kept.append((s, e, c))
    return kept


def build_cues(before: list[tuple[int, int, str]], after: list[tuple[int, int, str]], pseudo: list[tuple[int, int]],
               terminators: list[int], exceptions: list[int], nonoperative: bool, not_governing: bool = False) -> Cues:
    """Assemble a sentence's cues, resolving overlaps and pseudo-negations ("no later than")."""
    return Cues(_drop_overlaps(before, pseudo), _drop_overlaps(after, pseudo), sorted(terminators),
                sorted(exceptions), nonoperative, not_governing)


def _blocked(terminators: list[int], lo: int, hi: int) -> bool:
    return any(lo <= t < hi for t in terminators)


def negation_count(cues: Cues, start: int, end: int, classes: frozenset[str],
                   skip: tuple[int, int] | None = None) -> int:
    """How many cues of the given classes govern the span [start, end).

    A cue that starts before the span governs it even if it runs into it ("No person shall" +
    "shall store"); cues that start inside `skip` (the trigger's own words) are left out.
    """
    n = 0
    for s, e, c in cues.before:
        if skip and skip[0] <= s < skip[1]:
            continue
        if (c in classes and s < start and not _blocked(cues.terminators, min(e, start), start)
                and (c != "prohibition" or start - e <= PROHIBITION_REACH)):
            n += 1
    for s, _e, c in cues.after:
        if skip and skip[0] <= s < skip[1]:
            continue
        if c in classes and s >= end and s - end <= AFTER_WINDOW and not _blocked(cues.terminators, end, s):
            n += 1
    return n


def is_negated(cues: Cues, start: int, end: int, classes: frozenset[str] = FLAG_CLASSES,
               skip: tuple[int, int] | None = None) -> bool:
    """Whether the span is negated: an odd number of governing cues ("not prevented" is affirmed)."""
    return negation_count(cues, start, end, classes, skip) % 2 == 1


def context_ok(cues: Cues, start: int, end: int, trigger: tuple[int, int] | None) -> bool:
    """Whether a context word counts: not negated, except by the trigger's own words or an exception."""
    return not is_negated(cues, start, end, skip=trigger) or reopened(cues, end)


def reopened(cues: Cues, end: int) -> bool:
    """Whether an exception in the same clause after the span re-opens a prohibition ("No one shall X except ...")."""
    return any(x >= end and not _blocked(cues.terminators, end, x) for x in cues.exceptions)


def polarity_ok(polarity: str, cues: Cues, start: int, end: int) -> bool:
    """Whether a match of a trigger with this polarity counts as the practice (or provision)."""
    if polarity == "any":
        return not is_negated(cues, start, end, STRONG_ONLY)
    negated = is_negated(cues, start, end, FLAG_CLASSES) and not reopened(cues, end)
    return negated if polarity == "negated" else not negated


def is_operative(sent: Sentence, cues: Cues) -> bool:
    """Whether a sentence can authorize or provide anything: not a heading, definition, quotation
    or reserved clause (its form, from segmentation), nor a citation or commencement formula (a
    `nonoperative` cue of _negation.yaml)."""
    return sent.form not in NONOPERATIVE_FORMS and not cues.nonoperative


def _scope_hits(view: SentenceView, provision: list[SentenceView], rule_id: str, trig: Trigger,
                t: int) -> list[tuple[SentenceView, Hit]]:
    """The hits of trigger t's parts in its scope: the sentence, or the whole provision."""
    scope = provision if trig.scope == "provision" else [view]
    return [(v, h) for v in scope for h in v.hits.get(rule_id, ()) if h.trigger == t]


def trigger_ok(view: SentenceView, hit: Hit, trig: Trigger, rule_id: str, t: int,
               provision: list[SentenceView], subjects: Container[str] = ()) -> bool:
    """Whether a trigger hit counts: the document is of the trigger's subject (if it names one),
    its polarity holds, no `without` phrase and every `with` group is in scope (not negated, for
    affirmed triggers), and enough distinct things matched."""
    if trig.subject and trig.subject not in subjects:
        return False
    if not polarity_ok(trig.polarity, view.cues, hit.tok_start, hit.tok_end):
        return False
    scoped = _scope_hits(view, provision, rule_id, trig, t)
    if any(h.role is Role.WITHOUT for _, h in scoped):
        return False
    for g in range(len(trig.with_)):
        if not any(h.role is Role.WITH and h.group == g and (trig.polarity != "affirmed" or context_ok(
                   v.cues, h.tok_start, h.tok_end, (hit.tok_start, hit.tok_end) if v is view else None))
                   for v, h in scoped):
            return False
    return trig.min_distinct <= 1 or _distinct(scoped, trig) >= trig.min_distinct


def _distinct(scoped: list[tuple[SentenceView, Hit]], trig: Trigger) -> int:
    """How many different things the trigger matched in scope (overlaps counted once, plurals folded)."""
    kept: list[Hit] = []
    names: set[str] = set()
    hits = [(v, h) for v, h in scoped
            if h.role is Role.TRIGGER and polarity_ok(trig.polarity, v.cues, h.tok_start, h.tok_end)]
    for v, h in sorted(hits, key=lambda vh: (vh[0].index, vh[1].start, -(vh[1].end - vh[1].start))):
        if any(k.start < h.end and h.start < k.end for k in kept):
            continue
        kept.append(h)
        names.add(v.doc_text[h.start:h.end].lower().rstrip("s"))
    return len(names)


def first_trigger(view: SentenceView, rule: Rule, provision: list[SentenceView],
                  subjects: Container[str] = ()) -> Hit | None:
    """The first hit (in reading order) of the rule's triggers in the sentence that counts."""
    for hit in sorted(view.hits.get(rule.id, ()), key=lambda h: (h.start, -h.end)):
        if hit.role is Role.TRIGGER and trigger_ok(view, hit, rule.triggers[hit.trigger], rule.id, hit.trigger,
                                                   provision, subjects):
            return hit
    return None


def safeguard_in(rule: Rule, provision: list[SentenceView]) -> tuple[SentenceView, Hit] | None:
    """The first of the rule's safeguards in the provision that governs the power: not negated
    ("without a warrant"), and not in a sentence that only extends it, reviews it after the fact
    or offers it as another route (a `not_governing` cue of _negation.yaml)."""
    return next(((v, h) for v, h in _safeguard_hits(rule, provision) if not v.cues.not_governing
                 and not is_negated(v.cues, h.tok_start, h.tok_end, SAFEGUARD_CLASSES)), None)


def set_aside(rule: Rule, provision: list[SentenceView]) -> tuple[SentenceView, Hit] | None:
    """The first safeguard of the rule in the provision that does not govern the power (see safeguard_in)."""
    return next(((v, h) for v, h in _safeguard_hits(rule, provision) if v.cues.not_governing), None)


def _safeguard_hits(rule: Rule, provision: list[SentenceView]) -> Iterator[tuple[SentenceView, Hit]]:
    """The rule's safeguard matches in the provision, in reading order."""
    return ((v, h) for v in provision for h in v.hits.get(rule.id, ()) if h.role is Role.SAFEGUARD)
