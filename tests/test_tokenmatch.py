"""netlint's own token matcher finds exactly what spaCy's Matcher finds, pattern by pattern.

Random patterns over a small vocabulary (values, IN lists, regexes, ?, {m,n}, +, *, sentence
start, title case, NOT_IN) are run on random sentences by both, and the sets of (start, end)
must be equal. The built-in pack is checked the same way on the sample drafts' sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.attrs import LOWER, NORM
from spacy.matcher import Matcher

from netlint.document import parse_text
from netlint.views import normalize
from netlint.provisions import segment
from netlint.match.tokenmatch import Tokens, Unsupported, compile_element, compile_pattern, find

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["the", "Minister", "may", "not", "block", "blocks", "any", "site", "shall", "(", "1", ")", ",", "Data",
         "can't", "e-mail", "UPPER", "x"]
NLP = spacy.blank("en")

values = st.sampled_from([w.lower() for w in WORDS] + ["minister", "n't", "ca", "zzz"])
ops = st.sampled_from([None, None, None, "?", "{0,2}", "{1,2}", "{2}", "+", "*", "{0,}"])


@st.composite
def tokens(draw):
    """One token pattern dict."""
    kind = draw(st.sampled_from(["lower", "norm", "in", "not_in", "regex", "text_regex", "any", "start", "title", "orth"]))
    tok: dict = {}
    if kind == "lower":
        tok["LOWER"] = draw(values)
    elif kind == "norm":
        tok["NORM"] = draw(values)
    elif kind == "in":
        tok[draw(st.sampled_from(["LOWER", "NORM"]))] = {"IN": draw(st.lists(values, min_size=1, max_size=4))}
    elif kind == "not_in":
        tok["LOWER"] = {"NOT_IN": draw(st.lists(values, min_size=1, max_size=3))}
    elif kind == "regex":
        tok["LOWER"] = {"REGEX": draw(st.sampled_from(["^s", "^(?:\\d+)$", "k", "^[a-z-]+$"]))}
    elif kind == "text_regex":
        tok["TEXT"] = {"REGEX": draw(st.sampled_from(["^[A-Z][a-z]{2,}", "^[A-Z]+$", "\\)"]))}
    elif kind == "start":
        tok["IS_SENT_START"] = draw(st.booleans())
        if draw(st.booleans()):
            tok["LOWER"] = draw(values)
    elif kind == "title":
        tok["IS_TITLE"] = draw(st.booleans())
    elif kind == "orth":
        tok["ORTH"] = draw(st.sampled_from(WORDS))
    op = draw(ops)
    if op is not None:
        tok["OP"] = op
    return tok


def spacy_matches(pattern: list[dict], doc) -> set[tuple[int, int]]:
    matcher = Matcher(NLP.vocab)
    matcher.add("P", [pattern])
    return {(s, e) for _k, s, e in matcher(doc)}


def own_matches(pattern: list[dict], doc, anchor: frozenset[int] | None = None) -> set[tuple[int, int]]:
    compiled = compile_pattern(1, pattern, NLP.vocab.strings, anchor)
    norms, lowers = doc.to_array([NORM, LOWER]).T.tolist() if len(doc) else ([], [])
    toks = Tokens(doc, norms, lowers)
    positions = None
    if compiled.anchor >= 0:
        values = compiled.elements[compiled.anchor].values
        positions = [i for i in range(len(doc)) if norms[i] in values or lowers[i] in values]
    out: set[tuple[int, int, int]] = set()
    find(compiled, toks, positions, out)
    return {(s, e) for _k, s, e in out}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(tokens(), min_size=1, max_size=5), st.lists(st.sampled_from(WORDS), max_size=14))
def test_same_matches_as_spacy(pattern, words):
    if all(t.get("OP") in ("?", "*", "{0,2}", "{0,}") for t in pattern):
        pattern = pattern + [{"LOWER": "the"}]
    doc = NLP(" ".join(words))
    assert own_matches(pattern, doc) == spacy_matches(pattern, doc)


@settings(max_examples=300, deadline=None)
@given(st.lists(tokens(), min_size=0, max_size=3), st.lists(tokens(), min_size=0, max_size=3), values,
       st.lists(st.sampled_from(WORDS), max_size=14))
def test_anchored_search_loses_nothing(before, after, anchor_word, words):
    """Starting only near the anchor's positions finds every match a full scan finds."""
    pattern = before + [{"LOWER": anchor_word}] + after
    doc = NLP(" ".join(words))
    anchor = frozenset({NLP.vocab.strings.add(anchor_word)})
    assert own_matches(pattern, doc, anchor) == spacy_matches(pattern, doc)


def test_lower_regex_searches_each_word_once_and_forgets_beyond_its_bound(monkeypatch):
    """A LOWER regex is searched once per word (its LOWER string, as spaCy's Matcher does) while
    remembered; past MEMO words it starts over, with the same answers."""
    import re

    import netlint.match.tokenmatch as tm

    searched: list[str] = []

    class Counting:
        def search(self, text):
            searched.append(text)
            return re.search("^s", text)

    doc = NLP("Site shall not block the site . Shall sites shall")
    norms, lowers = doc.to_array([NORM, LOWER]).T.tolist()
    toks = Tokens(doc, norms, lowers)
    expected = [t.lower_.startswith("s") for t in doc]
    test = tm._lower_regex(Counting(), NLP.vocab.strings)
    assert [test(toks, i) for i in range(len(doc))] * 2 == expected * 2 == [test(toks, i % len(doc)) for i in range(2 * len(doc))]
    assert sorted(searched) == sorted({t.lower_ for t in doc})
    monkeypatch.setattr(tm, "MEMO", 2)
    searched.clear()
    test = tm._lower_regex(Counting(), NLP.vocab.strings)
    assert [test(toks, i) for i in range(len(doc))] == expected
    assert len(searched) > len({t.lower_ for t in doc})


def test_unsupported_parts_are_refused():
    for token in ({"POS": "NOUN"}, {"LOWER": "a", "OP": "!"}, {"LOWER": {"FUZZY": "a"}}, {"OP": "{,}"},
                  {"IS_TITLE": "yes"}, {"NORM": {"REGEX": "a"}}):
        with pytest.raises(Unsupported):
            compile_element(token, NLP.vocab.strings)
    with pytest.raises(Unsupported):
        compile_pattern(1, [{"LOWER": "a", "OP": "?"}], NLP.vocab.strings)


def _every_match(matcher, doc):
    """Every match of every rule part in a sentence, and the cues."""
    prepared = matcher.prepare(doc)
    rules = {info.rule for info in matcher.keys.values() if info.rule}
    return matcher.triggers(prepared) + matcher.context(prepared, rules, rules) + matcher.cues(prepared)


def test_builtin_pack_matches_like_spacy(compiled):
    """Every sentence of the sample drafts: the pack's matches, with netlint's matcher and with spaCy's."""
    sentences = []
    for path in sorted((ROOT / "corpora").glob("*.*[dt]")):
        doc = parse_text(path.read_text(encoding="utf-8"), path.name)
        sentences += [normalize(doc.masked, s.start, s.end)[0] for s in segment(doc)[1]]
    assert len(sentences) > 100
    spacy_only = type(compiled)(compiled.nlp, compiled.plan)
    spacy_only._fast = {m: None for m in range(len(compiled.plan.groups))}
    total = 0
    for text in sentences:
        doc = compiled.nlp.tokenizer(text)
        own = sorted(set(_every_match(compiled, doc)))
        assert own == sorted(set(_every_match(spacy_only, doc))), text
        total += len(own)
    assert total > 1000


FALLBACK_RULE = """id: ORG9
slug: org-fallback
kind: flag
level: warning
message: A block by anyone but one who shall.
match:
  - tokens:
      - [{LOWER: minister}, {LOWER: shall, OP: "!"}, {LOWER: block}]
"""


def test_patterns_it_cannot_run_fall_back_to_spacy(tmp_path):
    """A `tokens:` pattern with an operator netlint's matcher lacks ('!') still matches, through spaCy's Matcher."""
    from netlint.match import compile_pack
    from netlint.engine import check_document
    from netlint.packs import load_pack

    rules = tmp_path / "pack"
    rules.mkdir()
    (rules / "ORG9-org-fallback.yaml").write_text(FALLBACK_RULE, encoding="utf-8")
    pack = load_pack([rules])
    compiled = compile_pack(pack, [pack.rules["ORG9"]])
    text = "1. The Minister may block a site.\n\n2. The Minister shall block a site.\n"
    findings, _ = check_document(parse_text(text, "doc.md"), compiled, [pack.rules["ORG9"]], "national")
    assert [(f.rule_id, f.region.start_line) for f in findings] == [("ORG9", 1)]
    assert any(compiled.fast(m) is None for m in range(len(compiled.plan.groups)))
