"""Flags and safeguards: one finding per rule per operative sentence where the practice is authorized.

A safeguard rule is a flag that is cured when the same provision names one of its safeguards.
"""

from __future__ import annotations

from netlint.context import DocContext
from netlint.document import Document
from netlint.evaluators.base import Evaluator
from netlint.evaluators.evidence import collapse, describe_phrase, line_of, region
from netlint.findings import Finding
from netlint.judge import first_trigger, safeguard_in, set_aside
from netlint.packs import Rule
from netlint.provisions import Provision
from netlint.views import Hit, SentenceView, unit_display


class FlagEvaluator(Evaluator):
    """Reports each operative sentence with a trigger that counts (see judge.trigger_ok)."""

    kind = "flag"

    def __init__(self, doc: Document, rules: list[Rule], context: DocContext | None = None) -> None:
        super().__init__(doc, rules, context)
        self.reported: set[tuple[str, int, int]] = set()

    def judge(self, provision: Provision, views: list[SentenceView]) -> list[Finding]:
        """The flag findings of one provision, rule by rule, in reading order."""
        doc = self.doc
        out = []
        for rule in self.rules:
            for view in views:
                if rule.id not in view.hits or not view.operative:
                    continue
                hit = first_trigger(view, rule, views, self.context.subjects)
                if hit is None:
                    continue
                cure = self.uncured(rule, provision, views)
                if cure is None:
                    continue
                # once per sentence (a sentence with defined terms is read twice), and a lead-in's own
                # match once for all its items
                seen = {(rule.id, hit.start, hit.end), (rule.id, view.sent.start, view.sent.end)}
                if seen & self.reported:
                    continue
                self.reported |= seen
                sent_text = unit_display(doc, view.sent)
                evidence = [("matched", collapse(doc.text[hit.start:hit.end], 120)), *self.subject_evidence(rule, hit),
                            *definition_evidence(view), *cure, ("sentence", collapse(sent_text))]
                # A match that runs from a list's lead-in into an item is reported at the item.
                start = view.sent.start if view.sent.lead and hit.start < view.sent.start < hit.end else hit.start
                out.append(Finding(
                    rule_id=rule.id, slug=rule.slug, kind=rule.kind, level=rule.level, path=doc.path,
                    region=region(doc, start, hit.end), message=rule.message,
                    snippet=doc.text[start:hit.end], sentence=collapse(sent_text, 2000), evidence=tuple(evidence),
                ))
        return out

    def uncured(self, rule: Rule, provision: Provision, views: list[SentenceView]) -> list[tuple[str, str]] | None:
        """Evidence of what cure was looked for; None when the provision cures the finding (flags: never)."""
        return []

    def subject_evidence(self, rule: Rule, hit: Hit) -> list[tuple[str, str]]:
        """Why a trigger that needs the document's subject counted: the subject and the title."""
        subject = rule.triggers[hit.trigger].subject
        if not subject:
            return []
        return [("document subject", f"{subject} (title: {collapse(self.context.subjects[subject], 120)})")]


def definition_evidence(view: SentenceView) -> list[tuple[str, str]]:
    """For a sentence read with its defined terms replaced: what each term was read as, and where."""
    return [("definition", f"'{d.term}' is defined at line {d.line} as {collapse(d.body, 100)}"
             + (f" (read as '{d.head}')" if d.head else "")) for d in view.defined]


class SafeguardEvaluator(FlagEvaluator):
    """A flag that the same provision cures by naming a safeguard that is not negated."""

    kind = "safeguard"

    def uncured(self, rule: Rule, provision: Provision, views: list[SentenceView]) -> list[tuple[str, str]] | None:
        """None when a safeguard is in the provision, else what was looked for and where."""
        if safeguard_in(rule, views) is not None:
            return None
        where = f"{provision.label or 'provision'} at line {line_of(self.doc, provision.start)}".strip()
        evidence = [("safeguard looked for", "; ".join(describe_phrase(p) for p in rule.safeguards[:4])),
                    ("provision", where)]
        aside = set_aside(rule, views)
        if aside is not None:
            _view, hit = aside
            named = collapse(self.doc.text[hit.start:hit.end], 60)
            evidence.append(("safeguard set aside", f"'{named}' at line {line_of(self.doc, hit.start)} does not "
                             "govern the power (an extension, a later review or another route)"))
        return evidence
