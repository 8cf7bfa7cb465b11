"""Fuzzing the document reader, the config loader and the rule-pack loader with Hypothesis.

A short run is part of the suite. For a long run:
    NETLINT_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py
Seeds live in tests/fuzz_seeds/ and are mutated byte-wise.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netlint.config import load_config
from netlint.document import DocumentError, decode, parse_text
from netlint.packs import parse_rule
from netlint.provisions import segment
from netlint.yamlsrc import SourceError, load_yaml_text

SEEDS = Path(__file__).parent / "fuzz_seeds"
EXAMPLES = int(os.environ.get("NETLINT_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    buf = bytearray(data)
    for pos, cut, insert in edits:
        pos = pos % (len(buf) + 1)
        buf[pos:pos + cut] = insert
    return bytes(buf)


edits = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 8), st.binary(max_size=8)), max_size=6)


@FUZZ
@given(seed=st.sampled_from(sorted(SEEDS.glob("*.md"))), changes=edits)
def test_reader_and_segmenter(seed, changes):
    data = _mutate(seed.read_bytes(), changes)
    try:
        text, enc, bom = decode(data, seed.name)
        doc = parse_text(text, seed.name, enc, bom)
    except (DocumentError, SourceError):
        return
    assert len(doc.masked) == len(doc.text)
    provisions, sentences = segment(doc)
    for s in sentences:
        assert 0 <= s.start <= s.end <= len(doc.text)


@FUZZ
@given(changes=edits)
def test_config_loader(tmp_path_factory, changes):
    path = tmp_path_factory.mktemp("cfg") / ".netlint.yaml"
    path.write_bytes(_mutate((SEEDS / "config.yaml").read_bytes(), changes))
    try:
        load_config(path)
    except SourceError as exc:
        assert exc.line >= 0 and exc.message


@FUZZ
@given(changes=edits)
def test_rule_loader(changes):
    data = _mutate((SEEDS / "NM613-rule.yaml").read_bytes(), changes)
    try:
        text = data.decode("utf-8")
        parse_rule(load_yaml_text(text, "NM613-rule.yaml"), "NM613-rule.yaml")
    except UnicodeDecodeError:
        return
    except SourceError as exc:
        assert exc.line >= 1 and exc.message
