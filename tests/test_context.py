"""The instrument's subject, read from its title, decides what generic objects mean."""

from __future__ import annotations

from pathlib import Path

import pytest

from netlint.context import read_context, title_spans
from netlint.document import parse_text
from netlint.packs import load_pack
from netlint.yamlsrc import SourceError

GRANT = "\n\n12 Access\n\n(1) An authorised officer of the Agency may authorise the disclosure of specified information.\n"


def test_title_is_the_first_line_and_the_long_title():
    doc = parse_text("Cyber Matters Act 2020\n\nNo. 4\n\nAn Act to provide for the interception of communications, and for related purposes\n", "a.txt")
    titles = [doc.text[s:e] for s, e in title_spans(doc)]
    assert titles[0] == "Cyber Matters Act 2020"
    assert titles[1].startswith("An Act to provide for the interception")


@pytest.mark.parametrize("title,subjects", [
    ("Telecommunications (Interception) Act 2001", {"communications"}),
    ("An Act to make provision about online safety", {"communications"}),
    ("Forest Management Act 1998", set()),
    ("Charter of the Riverside Hiking Club", set()),
])
def test_subjects_from_the_title(compiled, title, subjects):
    assert set(read_context(parse_text(title + GRANT, "a.txt"), compiled).subjects) == subjects


def test_a_subject_trigger_counts_only_in_documents_of_that_subject(lint):
    found = lint("Telecommunications Act 1999" + GRANT, {"NM111"}, name="a.txt")
    assert [(f.rule_id, f.region.start_line) for f in found] == [("NM111", 5)]
    assert ("document subject", "communications (title: Telecommunications Act 1999)") in found[0].evidence
    assert lint("Forest Management Act 1998" + GRANT, {"NM111"}, name="a.txt") == []


def test_unknown_subject_is_a_rule_error(tmp_path: Path):
    (tmp_path / "ORG1-x.yaml").write_text(
        "id: ORG1\nslug: x\nkind: flag\nlevel: warning\nmessage: m\nmatch:\n  - any: [intercept]\n    subject: space\n",
        encoding="utf-8")
    with pytest.raises(SourceError, match="unknown subject 'space'"):
        load_pack([tmp_path])
