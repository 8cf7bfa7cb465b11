"""Reading documents: decoding, positions of the file as stored, masking, front matter, directives."""

from __future__ import annotations

import codecs

import pytest

from netlint.document import DocumentError, decode, front_matter_profile, parse_text
from netlint.yamlsrc import SourceError


@pytest.mark.parametrize("data,enc,bom", [
    ("Grüße".encode("utf-8"), "utf-8", False),
    (codecs.BOM_UTF8 + "Grüße".encode("utf-8"), "utf-8", True),
    (codecs.BOM_UTF16_LE + "Grüße".encode("utf-16-le"), "utf-16-le", True),
    (codecs.BOM_UTF16_BE + "Grüße".encode("utf-16-be"), "utf-16-be", True),
])
def test_decode_boms_and_utf8(data, enc, bom):
    text, got_enc, got_bom = decode(data, "x.txt")
    assert text == "Grüße" and got_enc == enc and got_bom == bom


def test_decode_legacy_single_byte():
    data = "The Minister’s decision shall be published – café.".encode("cp1252")
    text, enc, _ = decode(data, "x.txt")
    assert "café" in text and "’" in text


def test_binary_is_refused():
    with pytest.raises(DocumentError, match="binary"):
        decode(b"PK\x03\x04\x00\x00binary", "x.txt")


@pytest.mark.parametrize("sep", ["\n", "\r\n", "\r"])
def test_positions_for_every_line_ending(sep):
    doc = parse_text(sep.join(["first line", "second", "third line here"]), "x.txt")
    off = doc.text.index("line here")
    assert doc.position(off) == (3, 7)
    assert doc.position(0) == (1, 1)


def test_columns_count_code_points():
    doc = parse_text("a😀b é\nx", "x.txt")
    assert doc.position(doc.text.index("b")) == (1, 3)


def test_masking_keeps_offsets_and_hides_markup():
    text = "---\nnetlint:\n  profile: charter\n---\n# Title\n\n**Clause 1.** See [the law](http://x.org/a).\n<!-- netlint-disable NM110 -->\n"
    doc = parse_text(text, "x.md")
    assert len(doc.masked) == len(text)
    assert doc.masked.count("\n") == text.count("\n")
    assert "http" not in doc.masked and "**" not in doc.masked and "netlint-disable" not in doc.masked
    assert front_matter_profile(doc) == "charter"
    assert [(d.action, d.ids, d.line) for d in doc.directives] == [("disable", ("NM110",), 8)]


def test_text_and_rst_comment_directives():
    doc = parse_text("# netlint-disable-next-line NM613, NM607\nThe Board may act as it deems fit.\n.. netlint-disable-file NM104\n", "x.txt")
    assert [(d.action, d.ids) for d in doc.directives] == [("disable-next-line", ("NM613", "NM607")), ("disable-file", ("NM104",))]


def test_bad_front_matter_profile_is_an_error():
    doc = parse_text("---\nnetlint:\n  profile: galactic\n---\ntext\n", "x.md")
    with pytest.raises(SourceError, match="profile"):
        front_matter_profile(doc)


def test_malformed_front_matter_is_reported_not_fatal():
    doc = parse_text("---\nnetlint: [unclosed\n---\ntext\n", "x.md")
    assert doc.front_error.startswith("line 2: front matter ignored")
    assert doc.masked.strip() == "text"
