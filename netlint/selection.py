"""Which rules run: select / extend-select / ignore by ID or prefix; the longest prefix wins."""

from __future__ import annotations


def _longest(rule_id: str, prefixes: list[str]) -> int:
    best = -1
    for p in prefixes:
        if p == "ALL":
            best = max(best, 0)
        elif rule_id.startswith(p):
            best = max(best, len(p))
    return best


def is_selected(rule_id: str, select: list[str], ignore: list[str], extend_select: list[str] | None = None) -> bool:
    """flake8's decision: a rule runs when its most specific select beats its most specific ignore."""
    chosen = (select or ["ALL"]) + list(extend_select or [])
    s = _longest(rule_id, chosen)
    i = _longest(rule_id, ignore)
    return s >= 0 and s >= i if i >= 0 else s >= 0
