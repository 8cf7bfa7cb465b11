"""The plan: a rule pack compiled into anchored token-pattern groups and an index, as plain data.

Reads the selected rules, the shared negation cues and the lexicons (through the phrase
language); writes a Plan (what the cache stores) and, for validation, spaCy Matchers. Each
pattern is filed under its rarest required value, so that a sentence visits only the patterns
whose needs it can meet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum

from netlint.match.inflect import COMMON, WordClasses
from netlint.match.phrases import PhraseError, pattern_reach, phrase_patterns, split_gaps
from netlint.packs import Pack, Rule
from netlint.yamlsrc import SourceError


class Role(StrEnum):
    """Which part of a rule a pattern comes from, or which list of shared cues."""

    TRIGGER = "t"
    WITH = "w"
    WITHOUT = "x"
    SAFEGUARD = "s"
    CUE = "cue"
    AFTER = "after"
    PSEUDO = "pseudo"
    TERMINATOR = "term"
    EXCEPTION = "exc"
    NONOPERATIVE = "nonop"
    SUBJECT = "subject"
    NOT_GOVERNING = "notgov"

    @property
    def is_cue(self) -> bool:
        """A shared negation or scope cue (from _negation.yaml), not a part of a rule."""
        return self not in _RULE_ROLES


_RULE_ROLES = frozenset({Role.TRIGGER, Role.WITH, Role.WITHOUT, Role.SAFEGUARD})


@dataclass(frozen=True)
class KeyInfo:
    """What a matcher key stands for: which rule, which part of it, which alternative."""

    rule: str
    role: Role
    trigger: int = -1
    group: int = -1
    alt: int = -1
    cls: str = ""


@dataclass
class Group:
    """The patterns that share one anchor: one Matcher, run only where the anchor occurs."""

    neg: bool
    anchor: frozenset[int] | None
    reach: int = 1
    patterns: str = "[]"


@dataclass
class Plan:
    """A compiled pack as plain data (what the cache stores): no spaCy object, string hashes as ints.

    `bits[value]` has a bit for every value set (a required token of a pattern, or of another
    `~N` segment of its phrase) that holds the value; `masks[m]` are the sets each pattern of
    group m needs (every one must occur in the sentence for it to match at all) and
    `group_masks[m]` those that all of them need. A pattern whose needs are not all met is not run.
    `keyed[neg]` files each pattern (group, position in group) under the values of the one set it
    needs that is least frequent in the pack's example sentences, so that a sentence visits only
    patterns whose rarest need it meets; `unkeyed[neg]` are the patterns that need nothing.
    """

    norms: dict[str, str] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    keys: dict[int, KeyInfo] = field(default_factory=dict)
    segments: dict[int, tuple[int, int]] = field(default_factory=dict)
    gaps: dict[int, tuple[int, ...]] = field(default_factory=dict)
    bits: dict[int, int] = field(default_factory=dict)
    masks: list[tuple[int, ...]] = field(default_factory=list)
    group_masks: list[int] = field(default_factory=list)
    keyed: tuple[dict[int, tuple[tuple[int, int], ...]], dict[int, tuple[tuple[int, int], ...]]] = field(
        default_factory=lambda: ({}, {}))
    unkeyed: tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]] = ((), ())


def make_nlp(model: str | None = None):
    """The tokenizer pipeline: spaCy's blank English by default, or a named installed pipeline."""
    import spacy

    if model:
        try:
            return spacy.load(model, exclude=["ner", "textcat"])
        except OSError:
            raise SourceError(model, 1, "spaCy pipeline not installed; install it or drop --model") from None
    return spacy.blank("en")


def _phrases(pack: Pack, rules: list[Rule]):
    """Every phrase to compile, with its key info and source file (tokens: raw spaCy patterns)."""
    neg = pack.negation
    nsrc = "_negation.yaml"
    for i, (phrase, cls) in enumerate(neg.cues):
        yield KeyInfo("", Role.CUE, alt=i, cls=cls), phrase, nsrc, None
    for i, (phrase, cls) in enumerate(neg.after):
        yield KeyInfo("", Role.AFTER, alt=i, cls=cls), phrase, nsrc, None
    for i, (phrase, subject) in enumerate(neg.subjects):
        yield KeyInfo("", Role.SUBJECT, alt=i, cls=subject), phrase, nsrc, None
    for role, items in ((Role.PSEUDO, neg.pseudo), (Role.TERMINATOR, neg.terminators),
                        (Role.EXCEPTION, neg.exceptions), (Role.NONOPERATIVE, neg.nonoperative),
                        (Role.NOT_GOVERNING, neg.not_governing)):
        for i, phrase in enumerate(items):
            yield KeyInfo("", role, alt=i), phrase, nsrc, None
    for rule in rules:
        for t, trig in enumerate(rule.triggers):
            for a, phrase in enumerate(trig.phrases):
                yield KeyInfo(rule.id, Role.TRIGGER, t, alt=a), phrase, rule.source, None
            for a, pat in enumerate(trig.tokens):
                yield KeyInfo(rule.id, Role.TRIGGER, t, alt=len(trig.phrases) + a), None, rule.source, list(pat)
            for g, group in enumerate(trig.with_):
                for a, phrase in enumerate(group):
                    yield KeyInfo(rule.id, Role.WITH, t, g, a), phrase, rule.source, None
            for a, phrase in enumerate(trig.without):
                yield KeyInfo(rule.id, Role.WITHOUT, t, alt=a), phrase, rule.source, None
        for a, phrase in enumerate(rule.safeguards):
            yield KeyInfo(rule.id, Role.SAFEGUARD, alt=a), phrase, rule.source, None


def _line_of(src: str, phrase: str | None) -> int:
    """The first line of a rule file that holds the phrase (for FILE:LINE errors)."""
    try:
        with open(src, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return 1
    needle = (phrase or "").strip()[:40]
    for i, line in enumerate(lines, 1):
        if needle and needle in line:
            return i
    return 1


def _required(pattern: list[dict]) -> list[tuple[tuple[bool, int], set[tuple[str, str]]]]:
    """The value sets of the pattern's required tokens, each with its rarity score (lower: rarer)."""
    out = []
    for tok in pattern:
        if tok.get("OP") not in (None, "+", "!") and not str(tok.get("OP", "")).startswith("{1"):
            continue
        if tok.get("OP") == "!":
            continue
        for attr in ("NORM", "LOWER"):
            if attr in tok and len(tok) <= 2:
                val = tok[attr]
                vals = [val] if isinstance(val, str) else val.get("IN") if isinstance(val, dict) and set(val) == {"IN"} else None
                if not vals:
                    continue
                common = all(v.lower() in COMMON or (v.startswith("nl:") and v[3:] in COMMON) for v in vals)
                out.append(((common, len(vals)), {(attr, v) for v in vals}))
    return out


def _anchor(pattern: list[dict]) -> set[tuple[str, str]] | None:
    """Values of one required token of the pattern (the least common), or None if none can anchor."""
    required = _required(pattern)
    return min(required, key=lambda r: r[0])[1] if required else None


def _segment_needs(pats: list[list[dict]]) -> list[set[tuple[str, str]]]:
    """What any match of a segment needs: all required sets of its one pattern, or for several
    patterns the union of their anchors (nothing, if one of them needs nothing)."""
    if len(pats) == 1:
        return [vals for _score, vals in _required(pats[0])]
    union: set[tuple[str, str]] = set()
    for pat in pats:
        anchor = _anchor(pat)
        if anchor is None:
            return []
        union |= anchor
    return [union]


def compile_plan(pack: Pack, rules: list[Rule], nlp) -> tuple[Plan, list]:
    """Compile the selected rules and the shared negation cues: the plan, and its Matchers, validated."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher

    classes = WordClasses()
    items = list(_phrases(pack, rules))
    for _info, phrase, src, tokens in items:
        if tokens is None:
            try:
                phrase_patterns(phrase, nlp, pack.lexicons, classes, collect=True)
            except PhraseError as exc:
                raise SourceError(src, _line_of(src, phrase), f"in phrase {phrase!r}: {exc}") from None
    plan = Plan(norms=classes.norms())
    strings = nlp.vocab.strings
    matchers: list = []
    patterns: list[list[tuple[str, list[dict]]]] = []
    by_anchor: dict[tuple[bool, frozenset | None], int] = {}

    def group_for(neg: bool, anchor: frozenset | None) -> int:
        key = (neg, anchor)
        if key not in by_anchor:
            by_anchor[key] = len(plan.groups)
            plan.groups.append(Group(neg, anchor))
            matchers.append(Matcher(nlp.vocab, validate=True))
            patterns.append([])
        return by_anchor[key]

    units: list[tuple[str, KeyInfo, str | None, str, list[dict] | None, bool, str | None]] = []
    seg_pats: dict[int, dict[int, list[list[dict]]]] = {}
    pattern_heads: list[list[int]] = []
    for n, (info, phrase, src, tokens) in enumerate(items):
        head = f"{info.rule}#{info.role.value}#{n}"
        if tokens is None:
            segs, gaps = split_gaps(phrase)
            if not segs:
                raise SourceError(src, _line_of(src, phrase), f"phrase {phrase!r} has nothing but gaps")
            if gaps:
                plan.gaps[strings.add(head)] = tuple(gaps)
            for i, seg in enumerate(segs):
                name = head if i == 0 else f"{head}#{i}"
                if gaps:
                    plan.segments[strings.add(name)] = (strings.add(head), i)
                units.append((name, info, seg, src, None, i == 0, phrase))
        else:
            units.append((head, info, None, src, tokens, True, None))
    for name, info, phrase, src, tokens, is_head, whole in units:
        head_id, seg_no = plan.segments.get(strings.add(name), (strings.add(name), 0))
        try:
            pats = [tokens] if tokens is not None else phrase_patterns(phrase or "", nlp, pack.lexicons, classes)
            seg_pats.setdefault(head_id, {})[seg_no] = pats
            for pat in pats:
                anchor = _anchor(pat)
                anchor_set = frozenset(strings.add(v) for _a, v in anchor) if anchor else None
                mid = group_for(not info.rule, anchor_set)
                while len(pattern_heads) <= mid:
                    pattern_heads.append([])
                pattern_heads[mid].append(head_id)
                matchers[mid].add(name, [pat])
                patterns[mid].append((name, pat))
                group = plan.groups[mid]
                reach = pattern_reach(pat) if anchor_set else 0
                group.reach = 0 if reach == 0 or group.reach == 0 else max(group.reach, reach)
        except PhraseError as exc:
            raise SourceError(src, _line_of(src, whole), f"in phrase {whole!r}: {exc}") from None
        except (MatchPatternError, ValueError, KeyError, TypeError) as exc:
            detail = str(exc).strip().splitlines()
            raise SourceError(src, _line_of(src, whole or (str(tokens[0]) if tokens else "")[:20]),
                              f"invalid spaCy pattern {tokens or whole!r}: {detail[-1] if detail else exc}") from None
        if is_head:
            plan.keys[strings[name]] = info
    for group, group_patterns in zip(plan.groups, patterns):
        group.patterns = json.dumps(group_patterns)
    _plan_needs(plan, seg_pats, pattern_heads, patterns, strings, _example_counts(pack, nlp, class_table(plan.norms, strings)))
    return plan, matchers


def class_table(norms: dict[str, str], strings) -> dict[int, int]:
    """Each known form's hash mapped to its inflection class key's hash: how netlint's NORM column
    differs from spaCy's (applied to token values, never to the shared vocabulary)."""
    return {strings.add(form): strings.add(key) for form, key in norms.items()}


def class_norms(doc, table: dict[int, int]) -> tuple[list[int], list[int]]:
    """A tokenized text's NORM values (inflection class keys for known forms) and LOWER values."""
    from spacy.attrs import LOWER, NORM, ORTH

    if not len(doc):
        return [], []
    orths, norms, lowers = doc.to_array([ORTH, NORM, LOWER]).T.tolist()
    get = table.get
    return [get(o, n) for o, n in zip(orths, norms)], lowers


def _example_counts(pack: Pack, nlp, table: dict[int, int]) -> dict[int, int]:
    """How often each NORM and LOWER value occurs in the pack's example sentences (a sample of
    policy text, to tell rare words from common ones)."""
    counts: dict[int, int] = {}
    for rule in pack.rules.values():
        for text in (*rule.fire_examples, *rule.pass_examples):
            for norm, lower in zip(*class_norms(nlp.tokenizer(text), table)):
                counts[norm] = counts.get(norm, 0) + 1
                if lower != norm:
                    counts[lower] = counts.get(lower, 0) + 1
    return counts


def _plan_needs(plan: Plan, seg_pats: dict[int, dict[int, list[list[dict]]]], pattern_heads: list[list[int]],
                patterns: list[list[tuple[str, list[dict]]]], strings, counts: dict[int, int]) -> None:
    """Fill the plan's value bits, each pattern's needs (its own required tokens and what the other
    `~N` segments of its phrase need), and the index of patterns by their rarest need."""
    ids: dict[frozenset[int], int] = {}

    def sets(items) -> list[frozenset[int]]:
        return [frozenset(strings.add(v) for _a, v in vals) for vals in items]

    def mask(needs: list[frozenset[int]]) -> int:
        out = 0
        for key in needs:
            out |= 1 << ids.setdefault(key, len(ids))
        return out

    phrase_needs = {head: sets(need for pats in segs.values() for need in _segment_needs(pats))
                    for head, segs in seg_pats.items()}
    keyed: tuple[dict[int, list[tuple[int, int]]], dict[int, list[tuple[int, int]]]] = ({}, {})
    unkeyed: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
    plan.masks = []
    for m, (heads, pats) in enumerate(zip(pattern_heads, patterns)):
        neg = plan.groups[m].neg
        group_masks = []
        for j, (head, (_name, pat)) in enumerate(zip(heads, pats)):
            needs = sets(vals for _score, vals in _required(pat)) + phrase_needs.get(head, [])
            group_masks.append(mask(needs))
            if not needs:
                unkeyed[neg].append((m, j))
                continue
            rarest = min(needs, key=lambda k: (sum(counts.get(v, 0) for v in k), len(k)))
            for value in rarest:
                keyed[neg].setdefault(value, []).append((m, j))
        plan.masks.append(tuple(group_masks))
    plan.keyed = ({v: tuple(items) for v, items in keyed[0].items()}, {v: tuple(items) for v, items in keyed[1].items()})
    plan.unkeyed = (tuple(unkeyed[0]), tuple(unkeyed[1]))
    plan.group_masks = []
    for group_mask in plan.masks:
        common = group_mask[0] if group_mask else 0
        for m in group_mask[1:]:
            common &= m
        plan.group_masks.append(common)
    bits: dict[int, int] = {}
    for key, bit in ids.items():
        for value in key:
            bits[value] = bits.get(value, 0) | 1 << bit
    plan.bits = bits
