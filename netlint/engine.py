"""The engine: a document and a compiled pack in, findings out. No I/O, no terminal.

Orders the stages for one document: segment into provisions and sentences, then provision by
provision tokenize and match (views.sentence_views) and judge (one evaluator per rule kind),
and last give each finding its fingerprint. A provision is the widest scope any judgement
looks at, so its views are judged and dropped before the next is matched, and memory stays
that of one provision. Only the rules still to be judged are matched: a gap check ends where it
is first satisfied, and one outside the document's profile is never judged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from netlint.context import DocContext, read_context
from netlint.document import Document
from netlint.evaluators import evaluators_for
from netlint.evaluators.evidence import fingerprint, fingerprint_basis, normalized
from netlint.evaluators.gaps import GapEvaluator
from netlint.findings import Finding
from netlint.match import PackMatcher
from netlint.packs import Rule
from netlint.provisions import segment
from netlint.views import provision_runs, sentence_views


def check_document(doc: Document, matcher: PackMatcher, rules: list[Rule],
                   profile: str) -> tuple[list[Finding], dict[str, str]]:
    """All findings for one document (before suppression), and where each gap was satisfied."""
    needs_context = any(t.subject for r in rules for t in r.triggers)
    context = read_context(doc, matcher) if needs_context else DocContext()
    evaluators = evaluators_for(doc, rules, profile, context)
    findings: list[Finding] = []
    judged = [e for e in evaluators if e.live]
    if judged:
        provisions, sentences = segment(doc)
        wide = frozenset(r.id for e in judged for r in e.rules if any(t.scope == "provision" for t in r.triggers))
        live = frozenset().union(*(e.live for e in judged))
        for start, end in provision_runs(sentences):
            views = sentence_views(doc, matcher, sentences[start:end], start, wide=wide, live=live)
            provision = provisions[sentences[start].provision]
            for evaluator in judged:
                findings += evaluator.judge(provision, views)
            now = frozenset().union(*(e.live for e in judged))
            if now != live:  # a new set only when a gap check is satisfied: the matcher caches by it
                live = now
    satisfied: dict[str, str] = {}
    for evaluator in evaluators:
        findings += evaluator.finish()
        if isinstance(evaluator, GapEvaluator):
            satisfied = evaluator.satisfied()
    return with_fingerprints(findings), satisfied


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Give each finding its fingerprint, counting repeats of the same rule and sentence."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    out = []
    for f in sorted(findings, key=lambda f: f.sort_key):
        basis = fingerprint_basis(f.kind, f.snippet, f.sentence)
        key = (f.rule_id, normalized(basis))
        out.append(replace(f, fingerprint=fingerprint(f.rule_id, basis, seen[key])))
        seen[key] += 1
    return out
