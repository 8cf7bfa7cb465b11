"""Property-based tests: on arbitrary text netlint never raises and every region is exact."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netlint.document import decode, parse_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "corpora").glob("*.*[dt]"))
WORDS = ["shall", "not", "the", "Minister", "may", "intercept", "all", "communications", "without", "a", "warrant",
         "\n", "\r\n", "\r", "1.", "Article", "(2)", "—", "**", "#", "|", "<!--", "-->", "\u202e", "\u200b", "\ufeff",
         "[TBD]", "XX", "sole", "discretion", "appeal", "final", "é", "😀", "\u0301", "\t", ";", ".", "\"", "means"]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=80).map("".join),
)


def _check_regions(text: str, name: str, lint) -> None:
    doc = parse_text(text, name)
    for f in lint(text, None, "national", name):
        r = f.region
        assert 0 <= r.start <= r.end <= len(doc.text)
        assert doc.position(r.start) == (r.start_line, r.start_col)
        assert doc.position(r.end) == (r.end_line, r.end_col)
        if f.kind != "gap" and f.rule_id.startswith("NM"):
            assert doc.text[r.start:r.end] == f.snippet
            assert f.snippet.strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, suffix=st.sampled_from(["x.md", "x.txt", "x.rst"]))
def test_arbitrary_text_never_raises_and_regions_are_exact(lint, text, suffix):
    _check_regions(text, suffix, lint)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_samples(lint, data):
    if not SAMPLES:
        return
    path = data.draw(st.sampled_from(SAMPLES))
    text = path.read_text(encoding="utf-8")
    cut = data.draw(st.integers(0, len(text)))
    insert = data.draw(st.sampled_from(WORDS))
    mutated = text[:cut] + insert + text[cut:]
    _check_regions(mutated, path.name, lint)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_decode_never_raises_unexpectedly(data):
    from netlint.document import DocumentError

    try:
        text, _enc, _bom = decode(data, "x.txt")
    except DocumentError:
        return
    assert isinstance(text, str)
