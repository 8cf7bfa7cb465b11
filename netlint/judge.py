"""Judging matches: negation and prohibition scope, exceptions that re-open a prohibition.

Pure functions over the cue positions of one sentence (token indexes), so every rule kind
shares one notion of what "negated" means (negspacy's idea, with parity for double negation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
               terminators: list[int], exceptions: list[int], nonoperative: bool) -> Cues:
    """Assemble a sentence's cues, resolving overlaps and pseudo-negations ("no later than")."""
    return Cues(_drop_overlaps(before, pseudo), _drop_overlaps(after, pseudo), sorted(terminators),
                sorted(exceptions), nonoperative)


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
    for s, e, c in cues.after:
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
