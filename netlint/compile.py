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


def _split_alternatives(tok: str) -> list[str]:
    return [a for a in tok.split("|") if a]


def phrase_patterns(phrase: str, nlp, lexicons: dict[str, tuple[str, ...]], depth: int = 0) -> list[list[dict]]:
    """Compile one phrase of the mini-syntax into one or more spaCy token patterns."""
    if depth > 3:
        raise PhraseError("lexicons nest too deeply")
    positions: list[list[list[dict]]] = []  # each position: a list of alternative token sequences
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
            single: set[str] = set()
            seqs = []
            for alt in _split_alternatives(tok):
                if alt.startswith("@"):
                    name = alt[1:]
                    if name not in lexicons:
                        raise PhraseError(f"unknown lexicon @{name}")
                    for entry in lexicons[name]:
                        sub = phrase_patterns(entry, nlp, lexicons, depth + 1)
                        for pat in sub:
                            if len(pat) == 1 and set(pat[0]) == {"LOWER"} and isinstance(pat[0]["LOWER"], dict):
                                single.update(pat[0]["LOWER"]["IN"])
                            else:
                                seqs.append(pat)
                    continue
                exact = alt.startswith("=")
                word = alt[1:] if exact else alt
                pieces = [t.text for t in nlp.tokenizer(word)]
                if not pieces:
                    raise PhraseError(f"empty word in {phrase!r}")
                if len(pieces) == 1:
                    single.update({word.lower()} if exact else inflections(word))
                else:
                    seqs.append([{"LOWER": {"IN": sorted({p.lower()} if exact or not p.isalpha() else inflections(p))}}
                                 for p in pieces])
            if single:
                seqs.insert(0, [{"LOWER": {"IN": sorted(single)}}])
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


def compile_pack(pack: Pack, rules: list[Rule], nlp=None) -> Compiled:
    """Compile the selected rules and the shared negation cues into one Matcher."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher

    nlp = nlp or make_nlp()
    matcher = Matcher(nlp.vocab, validate=True)
    keys: dict[int, KeyInfo] = {}
    counter = itertools.count()

    def add(info: KeyInfo, phrase: str | None, src: str, tokens: list | None = None) -> None:
        name = f"{info.rule}#{info.role}#{next(counter)}"
        try:
            pats = [list(tokens)] if tokens is not None else phrase_patterns(phrase, nlp, pack.lexicons)
            matcher.add(name, pats)
        except PhraseError as exc:
            raise SourceError(src, 1, f"in phrase {phrase!r}: {exc}") from None
        except (MatchPatternError, ValueError, KeyError, TypeError) as exc:
            detail = str(exc).strip().splitlines()
            raise SourceError(src, 1, f"invalid spaCy pattern {tokens or phrase!r}: {detail[-1] if detail else exc}") from None
        keys[nlp.vocab.strings[name]] = info

    neg = pack.negation
    nsrc = "rules/_negation.yaml"
    for i, (phrase, cls) in enumerate(neg.cues):
        add(KeyInfo("", "cue", alt=i, cls=cls), phrase, nsrc)
    for i, (phrase, cls) in enumerate(neg.after):
        add(KeyInfo("", "after", alt=i, cls=cls), phrase, nsrc)
    for role, items in (("pseudo", neg.pseudo), ("term", neg.terminators), ("exc", neg.exceptions),
                        ("nonop", neg.nonoperative)):
        for i, phrase in enumerate(items):
            add(KeyInfo("", role, alt=i), phrase, nsrc)
    for rule in rules:
        for t, trig in enumerate(rule.triggers):
            for a, phrase in enumerate(trig.phrases):
                add(KeyInfo(rule.id, "t", t, alt=a), phrase, rule.source)
            for a, pat in enumerate(trig.tokens):
                add(KeyInfo(rule.id, "t", t, alt=len(trig.phrases) + a), None, rule.source, tokens=list(pat))
            for g, group in enumerate(trig.with_):
                for a, phrase in enumerate(group):
                    add(KeyInfo(rule.id, "w", t, g, a), phrase, rule.source)
            for a, phrase in enumerate(trig.without):
                add(KeyInfo(rule.id, "x", t, alt=a), phrase, rule.source)
        for a, phrase in enumerate(rule.safeguards):
            add(KeyInfo(rule.id, "s", alt=a), phrase, rule.source)
    return Compiled(nlp, matcher, keys, pack)
