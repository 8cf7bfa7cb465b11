"""Gaps: a principle the document never provides for, reported once at line 1.

A gap check is satisfied by the first operative sentence where one of its triggers counts; it
is then no longer matched. Sentences that matched a trigger but did not count are near misses.
"""

from __future__ import annotations

from netlint.context import DocContext
from netlint.document import Document
from netlint.evaluators.base import Evaluator
from netlint.evaluators.evidence import collapse, describe_phrase, line_of
from netlint.findings import Finding, Region
from netlint.judge import first_trigger
from netlint.match import Role
from netlint.packs import Rule
from netlint.provisions import Provision
from netlint.views import Hit, SentenceView, unit_display

MAX_NEAR = 3


class GapEvaluator(Evaluator):
    """Records, per gap rule, where it was satisfied or its first near misses."""

    kind = "gap"

    def __init__(self, doc: Document, rules: list[Rule], context: DocContext | None = None) -> None:
        super().__init__(doc, rules, context)
        self.found: dict[str, tuple[SentenceView, Hit]] = {}
        self.near: dict[str, list[str]] = {r.id: [] for r in rules}

    def judge(self, provision: Provision, views: list[SentenceView]) -> list[Finding]:
        """Look for each unsatisfied rule in this provision; a satisfied one is no longer live."""
        for rule in self.rules:
            if rule.id not in self.found:
                hit = self._scan(rule, views, self.near[rule.id])
                if hit is not None:
                    self.found[rule.id] = hit
                    self._live = self._live - {rule.id}
        return []

    def _scan(self, rule: Rule, views: list[SentenceView], near: list[str]) -> tuple[SentenceView, Hit] | None:
        """The first view (in order) that satisfies the rule; near misses before it go into `near`
        (at most MAX_NEAR: the first trigger of each sentence that matched one but did not count)."""
        doc = self.doc
        for view in views:
            if rule.id not in view.hits or view.defined:  # a definition describes; it provides nothing
                continue
            hit = first_trigger(view, rule, views, self.context.subjects)
            if hit is not None and view.operative:
                return view, hit
            triggers = [h for h in view.hits[rule.id] if h.role is Role.TRIGGER]
            if triggers and len(near) < MAX_NEAR:
                h = min(triggers, key=lambda h: (h.start, -h.end))  # the sentence's first, in reading order
                why = ("not operative (heading, definition or quotation)" if not view.operative
                       else "negated, excluded or missing its context")
                miss = f"'{collapse(doc.text[h.start:h.end], 60)}' at line {line_of(doc, h.start)}: {why}"
                if miss not in near:  # a sentence with defined terms is read twice
                    near.append(miss)
        return None

    def satisfied(self) -> dict[str, str]:
        """Where each satisfied rule was satisfied: `line N: sentence`."""
        doc = self.doc
        return {rid: f"line {line_of(doc, hit.start)}: {collapse(unit_display(doc, view.sent), 200)}"
                for rid, (view, hit) in self.found.items()}

    def finish(self) -> list[Finding]:
        """A finding at line 1 for every rule not satisfied, with what was searched and the near misses."""
        doc = self.doc
        out = []
        for rule in self.rules:
            if rule.id in self.found:
                continue
            searched = [describe_phrase(p) for trig in rule.triggers for p in trig.phrases[:1]][:4]
            evidence = [("searched", "; ".join(searched))]
            evidence += [("near miss", n) for n in self.near[rule.id]]
            end_col = max(1, doc.line_end(1) + 1) if doc.text else 1
            out.append(Finding(
                rule_id=rule.id, slug=rule.slug, kind="gap", level=rule.level, path=doc.path,
                region=Region(1, 1, 1, end_col, 0, max(0, end_col - 1)), message=rule.message,
                snippet=doc.text[: max(0, end_col - 1)], evidence=tuple(evidence),
            ))
        return out
