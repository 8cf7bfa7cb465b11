"""The matcher keeps its inflection classes to itself: spaCy's shared vocabulary is never changed."""

from __future__ import annotations

import spacy
from spacy.attrs import NORM

from netlint.match import Role, compile_pack


def test_compiling_leaves_the_vocabulary_norms_alone(pack):
    """A `--model` pipeline's own components read NORM from the shared vocabulary: compiling the
    pack must not replace it with netlint's class keys (it did: 'appeals' became 'nl:appeal')."""
    nlp = spacy.blank("en")
    getter = nlp.vocab.lex_attr_getters.get(NORM)
    before = {w: nlp.vocab[w].norm_ for w in ("appeals", "Appealed", "intercepting", "surveillance")}
    matcher = compile_pack(pack, list(pack.rules.values()), nlp)
    assert nlp.vocab.lex_attr_getters.get(NORM) is getter
    assert {w: nlp.vocab[w].norm_ for w in before} == before
    assert nlp.vocab["appealing"].norm_ == "appealing"
    doc = nlp("Any person may appeal; appeals are heard.")
    assert [t.norm_ for t in doc] == [t.lower_ for t in doc]
    # ... while the matcher still folds the inflections into one class of its own
    prepared = matcher.prepare(doc)
    assert prepared.toks.norm[3] == prepared.toks.norm[5] != doc[3].norm


def test_key_roles_are_typed(compiled):
    """Every key says its role as a Role; rule parts name their rule, shared cues name none."""
    roles = {compiled.info(k).role for k in compiled.keys}
    assert Role.TRIGGER in roles and Role.CUE in roles and all(isinstance(r, Role) for r in roles)
    for key in compiled.keys:
        info = compiled.info(key)
        assert bool(info.rule) != info.role.is_cue
