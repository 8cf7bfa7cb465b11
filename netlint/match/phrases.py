"""The phrase language of rule packs: a phrase becomes spaCy token patterns.

  word        the word and its inflections (lemminflect), British and American spellings
  =word       exactly this form
  a|b|c       alternatives at one position
  word?       optional position
  ~N          up to N arbitrary tokens
  @lexicon    any entry of a lexicon from rules/_lexicons.yaml
  /regex/     a token whose lower-case text matches the regex

Reads a phrase, the lexicons and the tokenizer; writes token patterns (and, when collecting,
the words whose inflection classes the patterns will need).
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import Any

from netlint.match.inflect import UNINFLECTED, WordClasses


class PhraseError(ValueError):
    """A phrase that cannot be compiled."""



def _split_alternatives(tok: str) -> list[str]:
    return [a for a in tok.split("|") if a]


@cache
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
            seqs: list[list[dict[str, Any]]] = [[{"LOWER": {"REGEX": f"^(?:{rx})$"}}]]
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
            one_token = all(len(s) == 1 for s in seqs)
            seqs = [[{**s[0], "OP": "?"}] for s in seqs] if one_token else [*seqs, []]
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
