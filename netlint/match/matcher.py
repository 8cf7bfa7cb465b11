"""The runtime matcher: a compiled plan run on one sentence's tokens.

Reads a Plan and a tokenized sentence; writes (key, start, end) matches, and tells what a key
stands for (its KeyInfo) so that callers never decode the plan. Patterns run on netlint's own
matcher (tokenmatch) from the positions of their anchor values, each only when every value set
it needs occurs in the sentence; a group with a pattern part tokenmatch does not know runs on
spaCy's Matcher, in windows around the anchor. Both are built on first use.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Set
from typing import NamedTuple

from netlint.match.plan import KeyInfo, Plan, Role, class_norms, class_table, compile_plan, make_nlp
from netlint.match.tokenmatch import Pattern, Tokens, Unsupported, compile_pattern, find
from netlint.packs import Pack, Rule

Entry = tuple[Pattern, int, "frozenset[int] | None"]
Match = tuple[int, int, int]


class Prepared(NamedTuple):
    """A sentence ready for matching: its token values, where each value stands, the value sets
    present (as plan bits) and the values under which patterns are filed."""

    toks: Tokens
    where: dict[int, list[int]]
    present: int
    values: list[int]


class _Filed(NamedTuple):
    """The patterns filed under one value: leads (each rule's triggers; the cues under ""), each
    rule's context (keyed by rule and whether it is a safeguard), and the spaCy-run groups."""

    leads: dict[str, list[Entry]]
    context: dict[tuple[str, bool], list[Entry]]
    spacy_groups: list[int]


def _positions(anchor: frozenset[int] | None, where: dict[int, list[int]]) -> list[int] | None:
    """Where the anchor's values stand in the sentence (None: no anchor, try every token)."""
    if anchor is None:
        return None
    if len(anchor) < len(where):
        return [i for v in anchor if v in where for i in where[v]]
    return [i for v in where if v in anchor for i in where[v]]


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


class PackMatcher:
    """A compiled pack: the tokenizer, the patterns, and what each key stands for."""

    def __init__(self, nlp, plan: Plan, matchers: list | None = None) -> None:
        self.nlp, self.plan = nlp, plan
        self.keys, self.segments, self.gaps = plan.keys, plan.segments, plan.gaps
        self.classes = class_table(plan.norms, nlp.vocab.strings)
        self.matchers = matchers if matchers is not None else [None] * len(plan.groups)
        self._fast: dict[int, list[Pattern] | None] = {}
        self._by_value: tuple[dict, dict] = ({}, {})
        self._unkeyed: list[_Filed | None] = [None, None]
        self._live: tuple[frozenset[str] | None, dict[int | None, list[list[Entry]]]] = (None, {})

    def info(self, key: int) -> KeyInfo:
        """What a match key stands for (a `~N` segment's key stands for its whole phrase)."""
        return self.keys[self.segments.get(key, (key, 0))[0]]

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
        """The spaCy Matcher of group m, built on first use (patterns from a plan need no validation)."""
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
                self._filed(neg, value)

    def _filed(self, neg: bool, value: int | None) -> _Filed:
        """The patterns filed under `value` (None: those that need nothing), sorted on first use."""
        if value is None:
            found = self._unkeyed[neg]
            if found is None:
                found = self._unkeyed[neg] = self._sort_entries(self.plan.unkeyed[neg])
            return found
        cache = self._by_value[neg]
        found = cache.get(value)
        if found is None:
            found = cache[value] = self._sort_entries(self.plan.keyed[neg].get(value, ()))
        return found

    def _sort_entries(self, items) -> _Filed:
        filed = _Filed({}, {}, [])
        for m, j in items:
            patterns = self.fast(m)
            if patterns is None:
                if m not in filed.spacy_groups:
                    filed.spacy_groups.append(m)
                continue
            entry = (patterns[j], self.plan.masks[m][j], self.plan.groups[m].anchor)
            info = self.info(entry[0].key)
            if info.role is Role.TRIGGER or info.role.is_cue:
                filed.leads.setdefault(info.rule, []).append(entry)
            else:
                filed.context.setdefault((info.rule, info.role is Role.SAFEGUARD), []).append(entry)
        return filed

    def prepare(self, doc) -> Prepared:
        """A tokenized sentence's values (inflection classes as NORM), where each occurs, the value
        sets present, and the values under which triggers or context patterns are filed."""
        norms, lowers = class_norms(doc, self.classes)
        where: dict[int, list[int]] = {}
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
        return Prepared(Tokens(doc, norms, lowers), where, present, [v for v in where if v in keyed])

    def triggers(self, prepared: Prepared, live: frozenset[str] | None = None) -> list[Match]:
        """The trigger matches in a prepared sentence of the `live` rules (None: of every rule)."""
        if live is not None and self._live[0] is not live:
            self._live = (live, {})
        live_lists = self._live[1]
        lists: list[list[Entry]] = []
        spacy_groups: set[int] = set()
        for value in (None, *prepared.values):
            filed = self._filed(False, value)
            spacy_groups.update(filed.spacy_groups)
            if not filed.leads:
                continue
            if live is None:
                lists.extend(filed.leads.values())
                continue
            chosen = live_lists.get(value)
            if chosen is None:
                chosen = live_lists[value] = [e for r, e in filed.leads.items() if r in live]
            lists.extend(chosen)

        def keep(info: KeyInfo) -> bool:
            return info.role is Role.TRIGGER and (live is None or info.rule in live)

        return self._join(self._run(prepared, lists, spacy_groups, keep))

    def context(self, prepared: Prepared, rules: Set[str], safeguards: Set[str] = frozenset()) -> list[Match]:
        """The with and without matches of `rules`, and the safeguard matches of `safeguards`."""
        if not rules and not safeguards:
            return []

        def wanted(rule: str, safeguard: bool) -> bool:
            return rule in (safeguards if safeguard else rules)

        lists: list[list[Entry]] = []
        spacy_groups: set[int] = set()
        for value in (None, *prepared.values):
            filed = self._filed(False, value)
            spacy_groups.update(filed.spacy_groups)
            lists.extend(e for part, e in filed.context.items() if wanted(*part))

        def keep(info: KeyInfo) -> bool:
            return info.role in (Role.WITH, Role.WITHOUT, Role.SAFEGUARD) and wanted(
                info.rule, info.role is Role.SAFEGUARD)

        return self._join(self._run(prepared, lists, spacy_groups, keep))

    def cues(self, prepared: Prepared) -> list[Match]:
        """The negation and other cue matches (needed only where a rule matched)."""
        keyed = self.plan.keyed[True]
        lists: list[list[Entry]] = []
        spacy_groups: set[int] = set()
        for value in (None, *(v for v in prepared.where if v in keyed)):
            filed = self._filed(True, value)
            spacy_groups.update(filed.spacy_groups)
            lists.extend(filed.leads.values())
        return self._join(self._run(prepared, lists, spacy_groups, lambda _info: True))

    def _run(self, prepared: Prepared, lists: list[list[Entry]], spacy_groups: set[int],
             keep: Callable[[KeyInfo], bool]) -> list[Match]:
        """Try each listed pattern whose needs are all present, once, from the positions of its
        anchor values (for patterns without an anchor, see find); then the spaCy-run groups whose
        common needs are present, keeping the matches `keep` accepts. Sorted by position."""
        toks, where, present = prepared.toks, prepared.where, prepared.present
        found: set[Match] = set()
        columns = (toks.norm, toks.lower)
        tried: set[int] = set()
        spots: dict[int, list[int] | None] = {}  # the positions of each anchor, found once per call
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
        for m in spacy_groups:
            need = group_masks[m]
            if need & present == need:
                found.update(f for f in self._spacy_run(m, toks, _positions(self.plan.groups[m].anchor, where))
                             if keep(self.info(f[0])))
        return sorted(found, key=lambda f: (f[1], f[2], f[0]))

    def _spacy_run(self, m: int, toks: Tokens, positions: list[int] | None) -> list[Match]:
        """Run group m's spaCy Matcher on windows around the anchor positions (the whole doc for
        unbounded ones), on the sentence's own doc with netlint's NORM values set on its tokens."""
        doc = toks.doc
        strings = doc.vocab.strings
        for token, norm in zip(doc, toks.norm):
            if token.norm != norm:
                token.norm_ = strings[norm]
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

    def _join(self, raw: list[Match]) -> list[Match]:
        """Join the segments of phrases with `~N` gaps: each next segment starts within N tokens."""
        if not self.segments:
            return raw
        out: list[Match] = []
        parts: dict[int, dict[int, list[tuple[int, int]]]] = {}
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


def compile_pack(pack: Pack, rules: list[Rule], nlp=None) -> PackMatcher:
    """Compile the selected rules and the shared negation cues into a matcher."""
    nlp = nlp or make_nlp()
    plan, matchers = compile_plan(pack, rules, nlp)
    return PackMatcher(nlp, plan, matchers)
