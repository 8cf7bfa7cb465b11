"""A token-pattern matcher for the subset of spaCy's pattern language that rule packs use.

spaCy's Matcher makes a Python Token object for every token it scans, in every call, so a pack
of thousands of small patterns spends most of its time there. Here a pattern is a list of
elements (a test on one token and how many tokens it may take: 1, ?, {m,n}, +, *), matched on
plain lists of the sentence's NORM and LOWER hashes, starting only where its anchor element (a
required token of known values) can stand. It finds what the Matcher finds: every (start, end)
at which the pattern matches, each once. A pattern with anything else (an attribute or operator
it does not know) raises Unsupported, and the caller keeps spaCy's Matcher for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

INF = 1 << 30
MEMO = 4096
NORM, LOWER = 0, 1


class Unsupported(ValueError):
    """A pattern this matcher does not handle (left to spaCy's Matcher)."""


class Tokens:
    """One sentence's token values: NORM and LOWER hashes, and texts (read only when a test needs them)."""

    __slots__ = ("_text", "doc", "lower", "n", "norm")

    def __init__(self, doc, norm: list[int], lower: list[int]) -> None:
        self.doc, self.n, self.norm, self.lower = doc, len(norm), norm, lower
        self._text: list[str] | None = None

    @property
    def text(self) -> list[str]:
        """The tokens' texts, made on first use."""
        if self._text is None:
            self._text = [t.text for t in self.doc]
        return self._text


Test = Callable[[Tokens, int], bool]


@dataclass(frozen=True, slots=True)
class Element:
    """One pattern position: values (attr, set of hashes) tested inline, or a general test; lo..hi tokens."""

    attr: int
    values: frozenset[int] | None
    test: Test | None
    lo: int
    hi: int

    def ok(self, toks: Tokens, i: int) -> bool:
        if self.values is not None:
            return (toks.norm if self.attr == NORM else toks.lower)[i] in self.values
        return self.test is None or self.test(toks, i)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled pattern: its key, elements, and the anchor element's index (-1: none) with the
    fewest and most tokens that can stand before it; `fixed` is (attr, values) of each element
    when every one takes exactly one token and tests values only (most patterns). Without anchor
    positions, matches start only where `lead` (an element of exactly one token, -1: none) can
    stand, `lead_before` tokens before a token it accepts."""

    key: int
    elements: tuple[Element, ...]
    anchor: int
    before: tuple[int, int]
    fixed: tuple[tuple[int, frozenset[int]], ...] | None = None
    lead: int = -1
    lead_before: tuple[int, int] = (0, 0)


def _quantity(op) -> tuple[int, int]:
    if op is None:
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "+":
        return 1, INF
    if op == "*":
        return 0, INF
    m = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", str(op))
    if not m or not (m.group(1) or m.group(3)):
        raise Unsupported(f"operator {op!r}")
    lo = int(m.group(1) or 0)
    hi = int(m.group(3)) if m.group(3) else (INF if m.group(2) else lo)
    if hi < lo:
        raise Unsupported(f"operator {op!r}")
    return lo, hi


def _values(value, strings) -> tuple[str, frozenset[int] | str]:
    """('eq' | 'in' | 'not_in' | 'regex', hashes or the regex text) of one attribute's value."""
    if isinstance(value, str):
        return "in", frozenset({strings.add(value)})
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            return op.lower(), frozenset(strings.add(v) for v in arg)
        if op == "REGEX" and isinstance(arg, str):
            return "regex", arg
    raise Unsupported(f"value {value!r}")


def _atom(attr: str, value, strings) -> tuple[int, frozenset[int]] | Test:
    """One attribute test: (attr, hashes) for a plain set test on NORM/LOWER, else a function."""
    if attr in ("IS_SENT_START", "IS_TITLE"):
        if not isinstance(value, bool):
            raise Unsupported(f"{attr}: {value!r}")
        if attr == "IS_SENT_START":
            return (lambda toks, i: i == 0) if value else (lambda toks, i: i != 0)
        return lambda toks, i: toks.text[i].istitle() == value
    if attr not in ("NORM", "LOWER", "TEXT", "ORTH"):
        raise Unsupported(f"attribute {attr}")
    kind, arg = _values(value, strings)
    if isinstance(arg, str):
        rx = re.compile(arg)
        if attr == "LOWER":
            return _lower_regex(rx, strings)
        if attr == "NORM":
            raise Unsupported("NORM regex")
        return lambda toks, i: rx.search(toks.text[i]) is not None
    if attr in ("NORM", "LOWER"):
        if kind == "in":
            return (NORM if attr == "NORM" else LOWER), arg
        if attr == "NORM":
            return lambda toks, i: toks.norm[i] not in arg
        return lambda toks, i: toks.lower[i] not in arg
    words = frozenset(strings[h] for h in arg)
    if kind == "in":
        return lambda toks, i: toks.text[i] in words
    return lambda toks, i: toks.text[i] not in words


def _lower_regex(rx: re.Pattern, strings) -> Test:
    """A LOWER regex test, as spaCy's Matcher runs it: on the token's LOWER string, each string
    searched once while it is remembered (a pattern tests the same words over and over; at most
    MEMO strings are remembered, so memory stays bounded on any vocabulary)."""
    seen: dict[int, bool] = {}

    def test(toks: Tokens, i: int) -> bool:
        value = toks.lower[i]
        found = seen.get(value)
        if found is None:
            if len(seen) >= MEMO:
                seen.clear()
            found = seen[value] = rx.search(strings[value]) is not None
        return found

    return test


def compile_element(token: dict, strings) -> Element:
    """A pattern's token dict as an Element (Unsupported for what spaCy allows but this does not)."""
    if not isinstance(token, dict):
        raise Unsupported(f"token {token!r}")
    lo, hi = _quantity(token.get("OP"))
    atoms = [_atom(attr, value, strings) for attr, value in token.items() if attr != "OP"]
    if not atoms:
        return Element(NORM, None, None, lo, hi)
    only = atoms[0]
    if len(atoms) == 1 and isinstance(only, tuple):
        attr, values = only
        return Element(attr, values, None, lo, hi)
    if len(atoms) == 1 and not isinstance(only, tuple):
        return Element(NORM, None, only, lo, hi)
    tests: list[Test] = []
    for atom in atoms:
        if isinstance(atom, tuple):
            attr, values = atom
            tests.append((lambda vs: lambda toks, i: toks.norm[i] in vs)(values) if attr == NORM
                         else (lambda vs: lambda toks, i: toks.lower[i] in vs)(values))
        else:
            tests.append(atom)
    return Element(NORM, None, lambda toks, i: all(t(toks, i) for t in tests), lo, hi)


def compile_pattern(key: int, pattern: list[dict], strings, anchor: frozenset[int] | None = None) -> Pattern:
    """A spaCy token pattern as a Pattern; its anchor is the required element whose values are `anchor`."""
    elements = tuple(compile_element(tok, strings) for tok in pattern)
    if not elements or all(e.lo == 0 for e in elements):
        raise Unsupported("a pattern that can match nothing")
    at = -1
    if anchor is not None:
        at = next((i for i, e in enumerate(elements)
                   if e.lo == e.hi == 1 and e.values is not None and e.values == anchor), -1)
    fixed = None
    if all(e.lo == e.hi == 1 and e.values is not None for e in elements):
        fixed = tuple((e.attr, e.values) for e in elements if e.values is not None)
    single = [i for i, e in enumerate(elements) if e.lo == e.hi == 1]
    lead = next((i for i in single if elements[i].values is not None), single[0] if single else -1)
    return Pattern(key, elements, at, _before(elements, at), fixed, lead, _before(elements, lead))


def _before(elements: tuple[Element, ...], at: int) -> tuple[int, int]:
    """The fewest and most tokens the elements before element `at` take (0, 0 for none)."""
    if at < 0:
        return 0, 0
    return sum(e.lo for e in elements[:at]), min(INF, sum(e.hi for e in elements[:at]))


def ends(pattern: Pattern, toks: Tokens, start: int) -> set[int]:
    """Every end at which the pattern, begun at `start`, matches."""
    n = toks.n
    here = {start}
    for el in pattern.elements:
        nxt: set[int] = set()
        for p in here:
            if el.lo == 0:
                nxt.add(p)
            limit = min(n, p + el.hi) if el.hi < INF else n
            q = p
            while q < limit and el.ok(toks, q):
                q += 1
                if q - p >= el.lo:
                    nxt.add(q)
        if not nxt:
            return nxt
        here = nxt
    return here


def find(pattern: Pattern, toks: Tokens, positions: list[int] | None,
         out: set[tuple[int, int, int]]) -> None:
    """Add the pattern's matches (key, start, end) to `out`: begun before each anchor position
    within the reach of its leading elements, or (no positions) where its lead element can stand."""
    fixed = pattern.fixed
    if fixed is not None and positions is not None and pattern.anchor >= 0:
        at, length, n, key = pattern.anchor, len(fixed), toks.n, pattern.key
        columns = (toks.norm, toks.lower)
        for i in positions:
            s = i - at
            if s < 0 or s + length > n:
                continue
            for off, (attr, values) in enumerate(fixed):
                if columns[attr][s + off] not in values:
                    break
            else:
                out.add((key, s, s + length))
        return
    candidates: Iterable[int]
    if positions is not None and pattern.anchor >= 0:
        at, (lo, hi), candidates = pattern.anchor, pattern.before, positions
    else:
        at, (lo, hi), candidates = pattern.lead, pattern.lead_before, range(toks.n)
    starts: Iterable[int]
    if at < 0:
        starts = range(toks.n)
    else:
        element = pattern.elements[at]
        starts = sorted({s for i in candidates if element.ok(toks, i) for s in range(max(0, i - hi), i - lo + 1)})
    key = pattern.key
    first = pattern.elements[0]
    for s in starts:
        if first.lo and not first.ok(toks, s):
            continue
        for e in ends(pattern, toks, s):
            if e > s:
                out.add((key, s, e))
