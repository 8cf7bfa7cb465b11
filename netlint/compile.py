"""Compiling a rule pack into anchored token patterns: phrases become inflection-aware spaCy token patterns.

Phrase syntax (documented in rules/README.md):
  word        the word and its inflections (lemminflect), British and American spellings
  =word       exactly this form
  a|b|c       alternatives at one position
  word?       optional position
  ~N          up to N arbitrary tokens
  @lexicon    any entry of a lexicon from rules/_lexicons.yaml
  /regex/     a token whose lower-case text matches the regex
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from netlint.packs import Pack, Rule
from netlint.tokenmatch import Pattern, Tokens, Unsupported, compile_pattern, find
from netlint.yamlsrc import SourceError

UNINFLECTED = {
    "shall", "should", "may", "might", "must", "will", "would", "can", "could", "no", "not", "nor", "the", "a",
    "an", "of", "to", "in", "on", "at", "by", "for", "with", "without", "from", "as", "or", "and", "any", "all",
    "every", "each", "its", "his", "her", "their", "this", "that", "these", "those", "such", "other", "than",
    "whether", "which", "who", "whom", "whose", "unless", "except", "under", "upon", "into", "only", "data",
}
_SPELLING_RULES = [
    (r"is(e|ed|es|ing|ation|ations|er|ers)$", r"iz\1"),
    (r"iz(e|ed|es|ing|ation|ations|er|ers)$", r"is\1"),
    (r"yse(s|d)?$", r"yze\1"),
    (r"yze(s|d)?$", r"yse\1"),
    (r"([a-z]{3,})our(s|ed|ing|able)?$", r"\1or\2"),
    (r"licen[cs]e(s|d)?$", r"licence\1"),
    (r"licen[cs]e(s|d)?$", r"license\1"),
    (r"licen[cs]ing$", r"licensing"),
    (r"centre(s)?$", r"center\1"),
    (r"programme(s)?$", r"program\1"),
    (r"judgement(s)?$", r"judgment\1"),
    (r"defence(s)?$", r"defense\1"),
    (r"offence(s)?$", r"offense\1"),
    (r"(?<=[a-z])lled$", r"led"),
    (r"(?<=[a-z])lling$", r"ling"),
]


@dataclass(frozen=True)
class KeyInfo:
    """What a matcher key stands for: which rule, which part of it, which alternative."""

    rule: str
    role: str
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


class ClassNorm:
    """A vocabulary NORM getter: the inflection class key of a known form, else the usual norm."""

    def __init__(self, norms: dict[str, str], fallback) -> None:
        self.norms, self.fallback = norms, fallback

    def __call__(self, text: str) -> str | None:
        key = self.norms.get(text)
        if key is not None:
            return key
        return self.fallback(text) if self.fallback is not None else None


def install_norms(vocab, norms: dict[str, str]) -> None:
    """Give every form its class NORM: lexemes made later through the getter, existing ones now."""
    from spacy.attrs import NORM

    vocab.lex_attr_getters[NORM] = ClassNorm(norms, vocab.lex_attr_getters.get(NORM))
    for lex in list(vocab):
        key = norms.get(lex.orth_)
        if key is not None:
            lex.norm_ = key


Entry = tuple[Pattern, int, "frozenset[int] | None"]
Prepared = tuple[Tokens, dict[int, list[int]], int, list[int]]


def _positions(anchor: frozenset[int] | None, where: dict[int, list[int]]) -> list[int] | None:
    """Where the anchor's values stand in the sentence (None: no anchor, try every token)."""
    if anchor is None:
        return None
    if len(anchor) < len(where):
        return [i for v in anchor if v in where for i in where[v]]
    return [i for v in where if v in anchor for i in where[v]]


class Compiled:
    """A compiled pack: the tokenizer, the patterns, and the meaning of each key.

    Patterns are grouped by anchor (the values of one token a pattern cannot match without) and
    run by netlint's own matcher (tokenmatch) from the anchor's positions, each only when all the
    value sets it needs occur in the sentence. A group with a pattern part that matcher does not
    know gets a spaCy Matcher, run on windows around the anchor. Both are built on first use.
    """

    def __init__(self, nlp, plan: Plan, pack: Pack | None = None, matchers: list | None = None) -> None:
        self.nlp, self.plan, self.pack = nlp, plan, pack
        self.keys, self.segments, self.gaps = plan.keys, plan.segments, plan.gaps
        self.matchers = matchers if matchers is not None else [None] * len(plan.groups)
        self._fast: dict[int, list[Pattern] | None] = {}
        self._by_value: tuple[dict, dict] = ({}, {})
        self._tags: dict[int, str | None] = {}
        self._unkeyed: list = [None, None]
        self._live: tuple[frozenset[str] | None, dict[int | None, list[list[Entry]]]] = (None, {})
        rules = {info.rule for info in plan.keys.values() if info.rule}
        self._all_context = rules | {"+" + r for r in rules}
        from spacy.attrs import LOWER, NORM

        self._norm_lower = [NORM, LOWER]

    def fast(self, m: int) -> list[Pattern] | None:
        """Group m's patterns for netlint's own matcher, or None if one of them needs spaCy's Matcher."""
        if m in self._fast:
            return self._fast[m]
        group = self.plan.groups[m]
        strings = self.nlp.vocab.strings
        try:
            found: list[Pattern] | None = [compile_pattern(strings.add(name), pattern, strings, group.anchor)
                                           for name, pattern in json.loads(group.patterns)]
        except Unsupported:
            found = None
        self._fast[m] = found
        return found

    def matcher(self, m: int):
        """The Matcher of group m, built on first use (patterns from a compiled plan need no validation)."""
        matcher = self.matchers[m]
        if matcher is None:
            from spacy.matcher import Matcher

            matcher = self.matchers[m] = Matcher(self.nlp.vocab, validate=False)
            for name, pattern in json.loads(self.plan.groups[m].patterns):
                matcher.add(name, [pattern])
        return matcher

    def build_all(self) -> None:
        """Compile every group now (spaCy Matchers only where needed): before forking workers, so
        that they share the result instead of each building its own."""
        for m in range(len(self.plan.groups)):
            if self.fast(m) is None:
                self.matcher(m)
        for neg in (False, True):
            for value in self.plan.keyed[neg]:
                self._entries(neg, value)

    def tag(self, key: int) -> str | None:
        """Which part of a match a key belongs to: None for negation cues, "" for triggers, the
        rule's ID for its with and without phrases, "+" and the ID for its safeguards."""
        tag = self._tags.get(key, 0)
        if tag == 0:
            info = self.keys[self.segments.get(key, (key, 0))[0]]
            tag = (None if not info.rule else "" if info.role == "t" else "+" + info.rule if info.role == "s"
                   else info.rule)
            self._tags[key] = tag
        return tag

    def owner(self, key: int) -> str:
        """The ID of the rule a key belongs to ("" for negation and other cues)."""
        return self.keys[self.segments.get(key, (key, 0))[0]].rule

    def _entries(self, neg: bool, value: int) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]], list[int]]:
        """The patterns filed under `value` as (pattern, needs, anchor values): each rule's triggers
        (cues under ""), each rule's context, and the groups among them that spaCy's Matcher runs;
        built on first use."""
        cache = self._by_value[neg]
        found = cache.get(value)
        if found is None:
            found = cache[value] = self._sort_entries(self.plan.keyed[neg].get(value, ()))
        return found

    def _sort_entries(self, items) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]], list[int]]:
        first: dict[str, list[Entry]] = {}
        context: dict[str, list[Entry]] = {}
        spacy_groups: list[int] = []
        for m, j in items:
            patterns = self.fast(m)
            if patterns is None:
                if m not in spacy_groups:
                    spacy_groups.append(m)
                continue
            entry = (patterns[j], self.plan.masks[m][j], self.plan.groups[m].anchor)
            tag = self.tag(entry[0].key)
            if tag:
                context.setdefault(tag, []).append(entry)
            else:
                first.setdefault(self.owner(entry[0].key), []).append(entry)
        return first, context, spacy_groups

    def _run(self, toks: Tokens, where: dict[int, list[int]], values: list[int], neg: bool, present: int,
             rules: set[str] | None = None, live: frozenset[str] | None = None) -> list[tuple[int, int, int]]:
        """Try each pattern filed under one of the sentence's `values` (or under none) whose needs
        are all `present`, from the positions of its anchor values (for patterns without an
        anchor, see find): the cues (neg), the triggers of the `live` rules (no `rules`; live
        None: every rule's), or the context of the given rules; groups netlint cannot match run
        spaCy's Matcher."""
        found: set[tuple[int, int, int]] = set()
        columns = (toks.norm, toks.lower)
        spacy_groups: set[int] = set()
        tried: set[int] = set()
        spots: dict[int, list[int]] = {}  # the positions of each anchor, found once per call
        unkeyed = self._unkeyed[neg]
        if unkeyed is None:
            unkeyed = self._unkeyed[neg] = self._sort_entries(self.plan.unkeyed[neg])
        cache = self._by_value[neg]
        if rules is None and live is not None and self._live[0] is not live:
            self._live = (live, {})
        live_lists = self._live[1]
        for value in (None, *values):
            if value is None:
                entry = unkeyed
            else:
                entry = cache.get(value)
                if entry is None:
                    entry = self._entries(neg, value)
            first, context, others = entry
            if others:
                spacy_groups.update(others)
            if rules is None:
                if not first:
                    continue
                if live is None:
                    lists = first.values()
                else:
                    lists = live_lists.get(value)
                    if lists is None:
                        lists = live_lists[value] = [e for r, e in first.items() if r in live]
            elif not context:
                continue
            else:
                lists = [e for r, e in context.items() if r in rules]
            for entries in lists:
                for pattern, need, anchor in entries:
                    if need & present != need:
                        continue
                    ident = id(pattern)
                    if ident in tried:
                        continue
                    tried.add(ident)
                    if anchor is None:
                        positions = None
                    else:
                        positions = spots.get(id(anchor))
                        if positions is None:
                            positions = spots[id(anchor)] = _positions(anchor, where)
                    fixed = pattern.fixed
                    if positions is not None and fixed is not None and len(fixed) == 1:
                        column, wanted = columns[fixed[0][0]], fixed[0][1]
                        for i in positions:
                            if column[i] in wanted:
                                found.add((pattern.key, i, i + 1))
                    else:
                        find(pattern, toks, positions, found)
        group_masks = self.plan.group_masks
        extra: set[tuple[int, int, int]] = set()
        for m in spacy_groups:
            need = group_masks[m]
            if need & present == need:
                extra.update(self._spacy_run(m, toks.doc, _positions(self.plan.groups[m].anchor, where)))
        if extra:
            tag, owner = self.tag, self.owner
            found.update(f for f in extra if neg or (
                not tag(f[0]) and (live is None or owner(f[0]) in live) if rules is None else tag(f[0]) in rules))
        return sorted(found, key=lambda f: (f[1], f[2], f[0]))

    def _spacy_run(self, m: int, doc, positions: list[int] | None) -> list[tuple[int, int, int]]:
        """Run group m's spaCy Matcher on windows around the anchor positions (the whole doc for unbounded ones)."""
        matcher = self.matcher(m)
        reach = self.plan.groups[m].reach
        if positions is None or reach <= 0:
            return list(matcher(doc))
        n = len(doc)
        out = []
        windows: list[list[int]] = []
        for i in sorted(set(positions)):
            lo, hi = max(0, i - reach + 1), min(n, i + reach)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        for lo, hi in windows:
            if hi - lo == n:
                out.extend(matcher(doc))
            else:
                out.extend((key, s + lo, e + lo) for key, s, e in matcher(doc[lo:hi]))
        return out

    def prepare(self, doc) -> Prepared:
        """A sentence's tokens, where each NORM and LOWER value occurs, the value sets present, and
        the values under which triggers or context patterns are filed."""
        where: dict[int, list[int]] = {}
        if len(doc):
            norms, lowers = doc.to_array(self._norm_lower).T.tolist()
        else:
            norms, lowers = [], []
        for i, (norm, lower) in enumerate(zip(norms, lowers)):
            where.setdefault(norm, []).append(i)
            if lower != norm:
                where.setdefault(lower, []).append(i)
        bits = self.plan.bits
        present = 0
        for value in where:
            bit = bits.get(value)
            if bit is not None:
                present |= bit
        keyed = self.plan.keyed[False]
        return Tokens(doc, norms, lowers), where, present, [v for v in where if v in keyed]

    def triggers(self, prepared: Prepared, live: frozenset[str] | None = None) -> list[tuple[int, int, int]]:
        """The trigger matches in a prepared sentence of the `live` rules (None: of every rule)."""
        toks, where, present, values = prepared
        return self._join(self._run(toks, where, values, False, present, None, live))

    def context(self, prepared: Prepared, rules: set[str]) -> list[tuple[int, int, int]]:
        """The with and without matches of the given rules, and the safeguard matches of those
        given as "+" and their ID (see tag)."""
        if not rules:
            return []
        toks, where, present, values = prepared
        return self._join(self._run(toks, where, values, False, present, rules))

    def cues(self, prepared: Prepared) -> list[tuple[int, int, int]]:
        """The negation and other cue matches (needed only where a rule matched)."""
        toks, where, present, _values = prepared
        keyed = self.plan.keyed[True]
        return self._join(self._run(toks, where, [v for v in where if v in keyed], True, present))

    def match(self, doc) -> list[tuple[int, int, int]]:
        """All (key, start, end) matches of the rules, then of the negation cues if any rule matched."""
        prepared = self.prepare(doc)
        out = self.triggers(prepared) + self.context(prepared, self._all_context)
        if out:
            out.extend(self.cues(prepared))
        return out

    def _join(self, raw: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Join the segments of phrases with `~N` gaps: each next segment starts within N tokens."""
        if not self.segments:
            return raw
        out, parts = [], {}
        for key, start, end in raw:
            seg = self.segments.get(key)
            if seg is None:
                out.append((key, start, end))
            else:
                parts.setdefault(seg[0], {}).setdefault(seg[1], []).append((start, end))
        for head, found in parts.items():
            gaps = self.gaps[head]
            if len(found) <= len(gaps):
                continue
            for start, end in found.get(0, ()):
                last = _chain(found, gaps, 1, end)
                if last is not None:
                    out.append((head, start, last))
        return out


@lru_cache(maxsize=1)
def _spelling_rules() -> list[tuple[re.Pattern, str]]:
    """The spelling-variant rules, compiled when first needed (not at every start-up)."""
    return [(re.compile(rx), rep) for rx, rep in _SPELLING_RULES]


def _spellings(word: str) -> set[str]:
    out = {word}
    for rx, rep in _spelling_rules():
        for w in list(out):
            out.add(rx.sub(rep, w))
    return out


@lru_cache(maxsize=None)
def inflections(word: str) -> frozenset[str]:
    """Every inflected form of a word (all its lemmas' forms), with spelling variants."""
    word = word.lower()
    if not word.isalpha() or word in UNINFLECTED:
        return frozenset({word})
    from lemminflect import getAllInflections, getAllLemmas

    lemmas = {word}
    for forms in getAllLemmas(word).values():
        lemmas.update(forms)
    out = set(lemmas)
    for lemma in list(lemmas):
        for forms in getAllInflections(lemma).values():
            out.update(f.lower() for f in forms)
    for w in list(out):
        out |= _spellings(w)
    return frozenset(out)


class PhraseError(ValueError):
    """A phrase that cannot be compiled."""


class WordClasses:
    """Inflection classes of the pack's words, carried by the vocabulary's NORM attribute.

    Every inflected form of a word (in lower, Title and UPPER case) gets the NORM of its class,
    so a pattern needs one equality test ({"NORM": key}) instead of a long IN list: cheaper to
    compile and to match. Forms shared by two words (found: find/found) merge their classes.
    """

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def _find(self, x: str) -> str:
        root = x
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def add(self, word: str) -> None:
        forms = sorted(inflections(word))
        first = self._find(forms[0])
        for f in forms[1:]:
            other = self._find(f)
            if other != first:
                self.parent[max(other, first)] = min(other, first)
                first = min(other, first)

    def key(self, word: str) -> str:
        return "nl:" + self._find(word.lower())

    def norms(self) -> dict[str, str]:
        """The NORM of every form, in all three casings: its class key (later forms win a clash)."""
        out: dict[str, str] = {}
        for form in list(self.parent):
            key = self.key(form)
            for variant in (form, form.capitalize(), form.upper()):
                out[variant] = key
        return out


def _split_alternatives(tok: str) -> list[str]:
    return [a for a in tok.split("|") if a]


@lru_cache(maxsize=None)
def _pieces(tokenizer, word: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenizer(word))


def phrase_patterns(phrase: str, nlp, lexicons: dict[str, tuple[str, ...]], classes: WordClasses,
                    collect: bool = False, depth: int = 0) -> list[list[dict]]:
    """Compile one phrase of the mini-syntax into spaCy token patterns (collect: only record words)."""
    if depth > 3:
        raise PhraseError("lexicons nest too deeply")

    def word_pred(word: str, exact: bool) -> tuple[str, str]:
        if exact or not word.isalpha() or word.lower() in UNINFLECTED:
            return ("LOWER", word.lower())
        if collect:
            classes.add(word)
            return ("NORM", "")
        return ("NORM", classes.key(word))

    positions: list[list[list[dict]]] = []
    for raw in phrase.split():
        optional = raw.endswith("?") and len(raw) > 1
        tok = raw[:-1] if optional else raw
        m = re.fullmatch(r"~(\d{1,2})", tok)
        if m:
            positions.append([[{"OP": "{0," + m.group(1) + "}"}]])
            continue
        if tok.startswith("/") and tok.endswith("/") and len(tok) > 2:
            rx = tok[1:-1]
            try:
                re.compile(rx)
            except re.error as exc:
                raise PhraseError(f"bad token regex {rx!r}: {exc}") from None
            seqs = [[{"LOWER": {"REGEX": f"^(?:{rx})$"}}]]
        else:
            single: dict[str, set[str]] = {"LOWER": set(), "NORM": set()}
            seqs = []
            for alt in _split_alternatives(tok):
                if alt.startswith("@"):
                    name = alt[1:]
                    if name not in lexicons:
                        raise PhraseError(f"unknown lexicon @{name}")
                    for entry in lexicons[name]:
                        for pat in phrase_patterns(entry, nlp, lexicons, classes, collect, depth + 1):
                            only = pat[0] if len(pat) == 1 else None
                            if only and len(only) == 1 and next(iter(only)) in single and isinstance(next(iter(only.values())), str):
                                attr, val = next(iter(only.items()))
                                single[attr].add(val)
                            else:
                                seqs.append(pat)
                    continue
                exact = alt.startswith("=")
                word = alt[1:] if exact else alt
                pieces = _pieces(nlp.tokenizer, word)
                if not pieces:
                    raise PhraseError(f"empty word in {phrase!r}")
                preds = [word_pred(p, exact) for p in pieces]
                if len(preds) == 1:
                    single[preds[0][0]].add(preds[0][1])
                else:
                    seqs.append([{a: v} for a, v in preds])
            for attr in ("NORM", "LOWER"):
                vals = sorted(single[attr])
                if vals:
                    seqs.insert(0, [{attr: vals[0] if len(vals) == 1 else {"IN": vals}}])
        if optional:
            if all(len(s) == 1 for s in seqs):
                seqs = [[dict(s[0], OP="?")] for s in seqs]
            else:
                seqs = seqs + [[]]
        positions.append(seqs)
    if not positions:
        raise PhraseError("empty phrase")
    out = []
    for combo in itertools.product(*positions):
        pat = [t for seq in combo for t in seq]
        if pat and any(t.get("OP") not in ("?", "*") and not t.get("OP", "").startswith("{0") for t in pat):
            out.append(pat)
        if len(out) > 2000:
            raise PhraseError("phrase expands to too many patterns; use fewer lexicons or alternatives")
    if not out:
        raise PhraseError("phrase can match nothing but optional tokens")
    return out


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
        yield KeyInfo("", "cue", alt=i, cls=cls), phrase, nsrc, None
    for i, (phrase, cls) in enumerate(neg.after):
        yield KeyInfo("", "after", alt=i, cls=cls), phrase, nsrc, None
    for role, items in (("pseudo", neg.pseudo), ("term", neg.terminators), ("exc", neg.exceptions),
                        ("nonop", neg.nonoperative)):
        for i, phrase in enumerate(items):
            yield KeyInfo("", role, alt=i), phrase, nsrc, None
    for rule in rules:
        for t, trig in enumerate(rule.triggers):
            for a, phrase in enumerate(trig.phrases):
                yield KeyInfo(rule.id, "t", t, alt=a), phrase, rule.source, None
            for a, pat in enumerate(trig.tokens):
                yield KeyInfo(rule.id, "t", t, alt=len(trig.phrases) + a), None, rule.source, list(pat)
            for g, group in enumerate(trig.with_):
                for a, phrase in enumerate(group):
                    yield KeyInfo(rule.id, "w", t, g, a), phrase, rule.source, None
            for a, phrase in enumerate(trig.without):
                yield KeyInfo(rule.id, "x", t, alt=a), phrase, rule.source, None
        for a, phrase in enumerate(rule.safeguards):
            yield KeyInfo(rule.id, "s", alt=a), phrase, rule.source, None


def _line_of(src: str, phrase: str | None) -> int:
    """The first line of a rule file that holds the phrase (for FILE:LINE errors)."""
    try:
        lines = open(src, encoding="utf-8").read().splitlines()
    except OSError:
        return 1
    needle = (phrase or "").strip()[:40]
    for i, line in enumerate(lines, 1):
        if needle and needle in line:
            return i
    return 1


def _chain(found: dict[int, list[tuple[int, int]]], gaps: tuple[int, ...], i: int, end: int) -> int | None:
    """The end of the shortest chain of segments i.. that starts within gaps[i-1] tokens of `end`."""
    if i > len(gaps):
        return end
    best = None
    for s, e in sorted(found.get(i, ())):
        if end <= s <= end + gaps[i - 1]:
            last = _chain(found, gaps, i + 1, e)
            if last is not None and (best is None or last < best):
                best = last
    return best


def split_gaps(phrase: str) -> tuple[list[str], list[int]]:
    """Cut a phrase at its `~N` gaps: the segments and the gap after each (leading/trailing gaps dropped)."""
    segs: list[list[str]] = [[]]
    gaps: list[int] = []
    for tok in phrase.split():
        m = re.fullmatch(r"~(\d{1,2})", tok)
        if m:
            if segs[-1]:
                segs.append([])
                gaps.append(int(m.group(1)))
            elif gaps:
                gaps[-1] += int(m.group(1))
        else:
            segs[-1].append(tok)
    merged: list[list[str]] = [segs[0]]
    merged_gaps: list[int] = []
    for seg, gap in zip(segs[1:], gaps):
        optional = bool(seg) and all(t.endswith("?") and len(t) > 1 for t in seg)
        if not merged[-1]:
            merged_gaps[-1] += gap + (len(seg) if optional else 0)
            if not optional:
                merged[-1] = seg
        elif optional:
            merged_gaps.append(gap + len(seg))
            merged.append([])
        else:
            merged_gaps.append(gap)
            merged.append(seg)
    while merged and not merged[-1]:
        merged.pop()
    return [" ".join(seg) for seg in merged], merged_gaps[: max(0, len(merged) - 1)]


def pattern_reach(pattern: list[dict]) -> int:
    """How many tokens a pattern can span at most; 0 when unbounded (+ or *)."""
    total = 0
    for tok in pattern:
        op = str(tok.get("OP", ""))
        if op in ("+", "*"):
            return 0
        m = re.fullmatch(r"\{(\d*),?(\d*)\}", op)
        if m:
            if op.endswith(",}"):
                return 0
            total += int(m.group(2) or m.group(1) or 0)
        else:
            total += 1  # one token, "!" included: it takes a token that does not match
    return total


COMMON = frozenset(UNINFLECTED | {"be", "is", "are", "was", "were", "been", "have", "has", "had", "do", "does"})


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
                common = all(v.lower() in COMMON or v.startswith("nl:") and v[3:] in COMMON for v in vals)
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
    for info, phrase, src, tokens in items:
        if tokens is None:
            try:
                phrase_patterns(phrase, nlp, pack.lexicons, classes, collect=True)
            except PhraseError as exc:
                raise SourceError(src, _line_of(src, phrase), f"in phrase {phrase!r}: {exc}") from None
    plan = Plan(norms=classes.norms())
    install_norms(nlp.vocab, plan.norms)
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

    units = []
    seg_pats: dict[int, dict[int, list[list[dict]]]] = {}
    pattern_heads: list[list[int]] = []
    for n, (info, phrase, src, tokens) in enumerate(items):
        head = f"{info.rule}#{info.role}#{n}"
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
            pats = [tokens] if tokens is not None else phrase_patterns(phrase, nlp, pack.lexicons, classes)
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
            raise SourceError(src, _line_of(src, whole or str(tokens[0])[:20]),
                              f"invalid spaCy pattern {tokens or whole!r}: {detail[-1] if detail else exc}") from None
        if is_head:
            plan.keys[strings[name]] = info
    for group, pats in zip(plan.groups, patterns):
        group.patterns = json.dumps(pats)
    _plan_needs(plan, seg_pats, pattern_heads, patterns, strings, _example_counts(pack, nlp))
    return plan, matchers


def _example_counts(pack: Pack, nlp) -> dict[int, int]:
    """How often each NORM and LOWER value occurs in the pack's example sentences (a sample of
    policy text, to tell rare words from common ones)."""
    from spacy.attrs import LOWER, NORM

    counts: dict[int, int] = {}
    for rule in pack.rules.values():
        for text in (*rule.fire_examples, *rule.pass_examples):
            doc = nlp.tokenizer(text)
            if len(doc):
                for norm, lower in doc.to_array([NORM, LOWER]).tolist():
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
    plan.keyed = tuple({v: tuple(items) for v, items in index.items()} for index in keyed)
    plan.unkeyed = tuple(tuple(items) for items in unkeyed)
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


def from_plan(nlp, plan: Plan, pack: Pack | None = None) -> Compiled:
    """A compiled pack from a plan (e.g. cached): vocabulary NORMs installed, Matchers built on demand."""
    install_norms(nlp.vocab, plan.norms)
    return Compiled(nlp, plan, pack)


def compile_pack(pack: Pack, rules: list[Rule], nlp=None) -> Compiled:
    """Compile the selected rules and the shared negation cues into anchored pattern groups."""
    nlp = nlp or make_nlp()
    plan, matchers = compile_plan(pack, rules, nlp)
    return Compiled(nlp, plan, pack, matchers)
