"""Rule selection by ID or ID prefix, case-insensitive: the one type the command line, the
config, per-file ignores and in-document directives all use.

`NM6` selects NM601 … NM613, `nm613` is NM613, and `ALL` selects every rule. Between a select
and an ignore, the more specific (longer) prefix wins, as in flake8: `--select NM6 --ignore NM610`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ALL = "ALL"
_SPLIT_RE = re.compile(r"[\s,]+")


class Selector:
    """A set of rule IDs and ID prefixes, kept upper-case; empty selects nothing."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[str] = ()) -> None:
        self.items: tuple[str, ...] = tuple(dict.fromkeys(i.strip().upper() for i in items if i.strip()))

    @classmethod
    def parse(cls, values: Iterable[str]) -> Selector:
        """From command-line values, each a list separated by commas or spaces ("NM6,NM110")."""
        return cls(part for value in values for part in _SPLIT_RE.split(value))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)

    def __repr__(self) -> str:
        return f"Selector({list(self.items)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Selector) and other.items == self.items

    def __hash__(self) -> int:
        return hash(self.items)

    def specificity(self, rule_id: str) -> int:
        """The length of the longest item that selects the rule (ALL counts 0), or -1 for none."""
        rule_id = rule_id.upper()
        best = -1
        for item in self.items:
            if item == ALL:
                best = max(best, 0)
            elif rule_id.startswith(item):
                best = max(best, len(item))
        return best

    def matches(self, rule_id: str) -> bool:
        """Whether any item selects the rule."""
        return self.specificity(rule_id) >= 0

    def selects_any(self, ids: Iterable[str]) -> bool:
        """Whether some item selects one of the given rule IDs."""
        return any(self.matches(i) for i in ids)

    def unknown(self, known: Iterable[str]) -> list[str]:
        """The items that select none of the known rule IDs (ALL is always known)."""
        ids = [k.upper() for k in known]
        return [i for i in self.items if i != ALL and not any(k.startswith(i) for k in ids)]


def is_selected(rule_id: str, select: Selector, ignore: Selector, extend_select: Selector | None = None) -> bool:
    """flake8's decision: a rule runs when its most specific select beats its most specific ignore
    (an empty select means ALL; extend-select adds to it)."""
    chosen = Selector((*(select.items or (ALL,)), *(extend_select.items if extend_select else ())))
    s = chosen.specificity(rule_id)
    i = ignore.specificity(rule_id)
    return s >= 0 and s >= i if i >= 0 else s >= 0
