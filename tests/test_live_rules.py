"""Only the rules still to be judged are matched, and that changes no finding.

A gap check ends at the first provision that satisfies it, and a gap check outside the
document's profile is never judged, so their patterns are not run there (performance).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from netlint import engine
from netlint.document import parse_text
from netlint.engine import check_document
from netlint.views import normalize
from netlint.provisions import segment

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "corpora").iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md")


def _sentences(compiled):
    for path in SAMPLES:
        doc = parse_text(path.read_text(encoding="utf-8"), path.name)
        for sent in segment(doc)[1]:
            yield compiled.prepare(compiled.nlp.tokenizer(normalize(doc.masked, sent.start, sent.end)[0]))


def test_triggers_of_live_rules_only(compiled, pack):
    gap = frozenset(r.id for r in pack.rules.values() if r.kind == "gap")
    flag = frozenset(r.id for r in pack.rules.values() if r.kind != "gap")
    some = frozenset(sorted(gap)[::3])
    seen = set()
    for state in _sentences(compiled):
        every = compiled.triggers(state)
        seen |= {compiled.info(k).rule for k, _s, _e in every}
        for live in (gap, flag, some, frozenset()):
            assert compiled.triggers(state, live) == [f for f in every if compiled.info(f[0]).rule in live]
    assert seen & gap and seen & flag


def _examples_draft(pack) -> str:
    """Every example of every rule as a provision of its own, in a fixed shuffled order."""
    texts = [t for r in sorted(pack.rules.values(), key=lambda r: r.id) for t in r.fire_examples + r.pass_examples]
    random.Random(6).shuffle(texts)
    return "".join(f"{i}. Provision\n{t}\n\n" for i, t in enumerate(texts, 1))


def _check_both_ways(text: str, name: str, profile: str, compiled, pack, monkeypatch):
    """check_document as it runs, and with every rule matched everywhere; with each run's hits."""
    rules = list(pack.rules.values())
    doc = parse_text(text, name)
    original = engine.sentence_views

    def run(every: bool):
        hits: list[str] = []

        def recording(*args, **kwargs):
            views = original(*args, **({**kwargs, "live": None} if every else kwargs))
            hits.extend(rid for v in views for rid, found in v.hits.items() for _ in found)
            return views

        monkeypatch.setattr(engine, "sentence_views", recording)
        return check_document(doc, compiled, rules, profile), hits

    return run(every=False), run(every=True)


@pytest.mark.parametrize("profile", ["national", "charter"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_same_findings(path, profile, compiled, pack, monkeypatch):
    (fast, _), (full, _) = _check_both_ways(path.read_text(encoding="utf-8"), path.name, profile, compiled, pack,
                                            monkeypatch)
    assert fast == full


@pytest.mark.parametrize("profile", ["national", "charter"])
def test_satisfied_and_out_of_profile_gap_checks_are_not_matched(profile, compiled, pack, monkeypatch):
    (fast, fast_hits), (full, full_hits) = _check_both_ways(_examples_draft(pack), "examples.txt", profile,
                                                            compiled, pack, monkeypatch)
    assert fast == full
    satisfied = set(fast[1])
    outside = {r.id for r in pack.rules.values() if r.kind == "gap" and profile not in r.profiles}
    gap = {r.id for r in pack.rules.values() if r.kind == "gap"}
    assert len(satisfied) >= 10 and outside & set(full_hits)
    assert not outside & set(fast_hits)
    for rid in satisfied:
        assert fast_hits.count(rid) < full_hits.count(rid), rid
    assert [h for h in fast_hits if h not in gap] == [h for h in full_hits if h not in gap]
