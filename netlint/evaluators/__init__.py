"""Judging, one evaluator per rule kind behind one interface (base.Evaluator).

    flags.py   flag and safeguard rules: per operative sentence where the practice is authorized
    gaps.py    gap rules: once per document when nothing satisfies the principle
    text.py    text checks on the raw text (invisible characters, placeholders)
    evidence.py  regions, readable phrases and fingerprints that findings carry
"""

from __future__ import annotations

from netlint.context import DocContext
from netlint.document import Document
from netlint.evaluators.base import Evaluator
from netlint.evaluators.flags import FlagEvaluator, SafeguardEvaluator
from netlint.evaluators.gaps import GapEvaluator
from netlint.evaluators.text import TextEvaluator
from netlint.packs import Rule

EVALUATORS: dict[str, type[Evaluator]] = {
    "text": TextEvaluator, "flag": FlagEvaluator, "safeguard": SafeguardEvaluator, "gap": GapEvaluator,
}


def evaluator_kind(rule: Rule) -> str | None:
    """Which evaluator judges a rule: its text check, else its kind; None for rules with neither
    a text check nor triggers (netlint's own directive checks, reported by suppression)."""
    if rule.text is not None:
        return "text"
    if not rule.triggers:
        return None
    return rule.kind if rule.kind in EVALUATORS else None


def evaluators_for(doc: Document, rules: list[Rule], profile: str, context: DocContext | None = None) -> list[Evaluator]:
    """One evaluator per kind that has rules here, in a fixed order; gap rules only of the profile."""
    by_kind: dict[str, list[Rule]] = {}
    for rule in rules:
        kind = evaluator_kind(rule)
        if kind is not None and (kind != "gap" or profile in rule.profiles):
            by_kind.setdefault(kind, []).append(rule)
    return [EVALUATORS[kind](doc, by_kind[kind], context) for kind in EVALUATORS if kind in by_kind]


__all__ = ["EVALUATORS", "Evaluator", "evaluator_kind", "evaluators_for"]
