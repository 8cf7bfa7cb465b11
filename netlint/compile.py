"""Compiling a rule pack into one spaCy Matcher: phrases become inflection-aware token patterns.

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
import re
from dataclasses import dataclass, field
from functools import lru_cache

from netlint.packs import Pack, Rule
from netlint.yamlsrc import SourceError

UNINFLECTED = {
    "shall", "should", "may", "might", "must", "will", "would", "can", "could", "no", "not", "nor", "the", "a",
    "an", "of", "to", "in", "on", "at", "by", "for", "with", "without", "from", "as", "or", "and", "any", "all",
    "every", "each", "its", "his", "her", "their", "this", "that", "these", "those", "such", "other", "than",
    "whether", "which", "who", "whom", "whose", "unless", "except", "under", "upon", "into", "only", "data",
}
_SPELLING = [
    (re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"iz(e|ed|es|ing|ation|ations|er|ers)$"), r"is\1"),
    (re.compile(r"yse(s|d)?$"), r"yze\1"),
    (re.compile(r"yze(s|d)?$"), r"yse\1"),
    (re.compile(r"([a-z]{3,})our(s|ed|ing|able)?$"), r"\1or\2"),
    (re.compile(r"licen[cs]e(s|d)?$"), r"licence\1"),
    (re.compile(r"licen[cs]e(s|d)?$"), r"license\1"),
    (re.compile(r"licen[cs]ing$"), r"licensing"),
    (re.compile(r"centre(s)?$"), r"center\1"),
    (re.compile(r"programme(s)?$"), r"program\1"),
    (re.compile(r"judgement(s)?$"), r"judgment\1"),
    (re.compile(r"defence(s)?$"), r"defense\1"),
    (re.compile(r"offence(s)?$"), r"offense\1"),
    (re.compile(r"(?<=[a-z])lled$"), r"led"),
    (re.compile(r"(?<=[a-z])lling$"), r"ling"),
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
class Compiled:
    """A compiled pack: the tokenizer pipeline, one Matcher, and the meaning of each key."""

    nlp: object
    matcher: object
    keys: dict[int, KeyInfo] = field(default_factory=dict)
    pack: Pack | None = None


def _spellings(word: str) -> set[str]:
    out = {word}
    for rx, rep in _SPELLING:
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

    def install(self, vocab) -> None:
        """Set the NORM of every form (all three casings) to its class key."""
        for form in list(self.parent):
            key = self.key(form)
            for variant in {form, form.capitalize(), form.upper()}:
                vocab[variant].norm_ = key


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


def compile_pack(pack: Pack, rules: list[Rule], nlp=None) -> Compiled:
    """Compile the selected rules and the shared negation cues into one Matcher."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher

    nlp = nlp or make_nlp()
    classes = WordClasses()
    items = list(_phrases(pack, rules))
    for info, phrase, src, tokens in items:
        if tokens is None:
            try:
                phrase_patterns(phrase, nlp, pack.lexicons, classes, collect=True)
            except PhraseError as exc:
                raise SourceError(src, _line_of(src, phrase), f"in phrase {phrase!r}: {exc}") from None
    classes.install(nlp.vocab)
    matcher = Matcher(nlp.vocab, validate=True)
    keys: dict[int, KeyInfo] = {}
    for n, (info, phrase, src, tokens) in enumerate(items):
        name = f"{info.rule}#{info.role}#{n}"
        try:
            pats = [tokens] if tokens is not None else phrase_patterns(phrase, nlp, pack.lexicons, classes)
            matcher.add(name, pats)
        except (MatchPatternError, ValueError, KeyError, TypeError) as exc:
            detail = str(exc).strip().splitlines()
            raise SourceError(src, _line_of(src, phrase or str(tokens[0])[:20]),
                              f"invalid spaCy pattern {tokens or phrase!r}: {detail[-1] if detail else exc}") from None
        keys[nlp.vocab.strings[name]] = info
    return Compiled(nlp, matcher, keys, pack)
