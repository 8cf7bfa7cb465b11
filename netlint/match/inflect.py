"""Inflection classes: every form of a rule word maps to one class key, in netlint's own table.

`walk` and `walked` share a class, so a pattern tests one value ({"NORM": key}) instead of a long
IN list. The table is netlint's: the matcher applies it to a sentence's token values itself and
never writes it into spaCy's shared vocabulary, so a `--model` pipeline's components see the NORM
values spaCy gave them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

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

COMMON = frozenset(UNINFLECTED | {"be", "is", "are", "was", "were", "been", "have", "has", "had", "do", "does"})


@lru_cache(maxsize=1)
def _spelling_rules() -> list[tuple[re.Pattern, str]]:
    """The spelling-variant rules, compiled when first needed (not at every start-up)."""
    return [(re.compile(rx), rep) for rx, rep in _SPELLING_RULES]


def _spellings(word: str) -> set[str]:
    out = {word}
    for rx, rep in _spelling_rules():
        out |= {rx.sub(rep, w) for w in out}
    return out


@cache
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
    for lemma in lemmas:
        for forms in getAllInflections(lemma).values():
            out.update(f.lower() for f in forms)
    for w in list(out):
        out |= _spellings(w)
    return frozenset(out)


class WordClasses:
    """Inflection classes of the pack's words (a union-find over their forms).

    Every inflected form of a word (in lower, Title and UPPER case) gets its class key as NORM,
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
        """Put every form of the word in one class, merging classes that share a form."""
        forms = sorted(inflections(word))
        first = self._find(forms[0])
        for f in forms[1:]:
            other = self._find(f)
            if other != first:
                self.parent[max(other, first)] = min(other, first)
                first = min(other, first)

    def key(self, word: str) -> str:
        """The class key of a word: `nl:` and the class's first form."""
        return "nl:" + self._find(word.lower())

    def norms(self) -> dict[str, str]:
        """The NORM of every form, in all three casings: its class key (later forms win a clash)."""
        out: dict[str, str] = {}
        for form in list(self.parent):
            key = self.key(form)
            for variant in (form, form.capitalize(), form.upper()):
                out[variant] = key
        return out
