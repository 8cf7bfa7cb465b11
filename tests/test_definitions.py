"""Defined terms carry what their definitions say, for the document that defines them."""

from __future__ import annotations

from netlint.definitions import expand, read_definitions
from netlint.document import parse_text
from netlint.provisions import segment

ACT = """Online Services Act 2030

5 Definitions

In this Act:

category B instrument means a direction to block access to a website;

"Board", in relation to a licence, means the Independent Media Board.

data means any representation of facts.

The term "service" means nothing here.

174 Directions

(1) The Minister may issue a category B instrument to a provider.

175 Limits

(1) No category B instrument shall be issued to a provider.
"""


def _defs():
    doc = parse_text(ACT, "act.txt")
    return doc, read_definitions(doc, segment(doc)[1])


def test_definitions_are_read_with_their_line():
    _doc, defs = _defs()
    assert [(d.term, d.body, d.line) for d in defs] == [
        ("category B instrument", "a direction to block access to a website", 7),
        ("Board", "the Independent Media Board", 9),
    ]


def test_expanding_maps_the_definition_onto_the_term():
    _doc, defs = _defs()
    text = "The Minister may issue a category B instrument now."
    offs = list(range(len(text) + 1))
    out, out_offs, used = expand(text, offs, defs)
    assert out == "The Minister may issue a direction to block access to a website now."
    assert len(out_offs) == len(out) + 1 and used == (defs[0],)
    start = text.index("category")
    assert set(out_offs[out.index("direction to"):out.index(" now")]) <= {start, start + len("category B instrument") - 1}
    assert expand("Nothing defined here.", list(range(22)), defs) is None


def test_a_power_over_a_defined_term_is_a_flag_with_the_definition_as_evidence(lint):
    found = lint(ACT, {"NM203"}, name="act.txt")
    assert [(f.rule_id, f.region.start_line) for f in found] == [("NM203", 17)]
    assert ("definition", "'category B instrument' is defined at line 7 as a direction to block access to a website") \
        in found[0].evidence


NAMED = """Online Content Act 2031

2 Definitions

In this Act:

"OCRA" means the Online Content Regulatory Authority;

"Council" means the Media Council of Marrowland established under section 3.

47 Notices

(1) The OCRA may give the host a notice directing it to remove the content.

(2) No OCRA officer shall direct a host to remove any content.
"""


def test_a_name_defined_as_a_named_body_is_read_as_its_head_noun(lint):
    doc = parse_text(NAMED, "act.txt")
    defs = {d.term: d for d in read_definitions(doc, segment(doc)[1])}
    assert defs["OCRA"].head == "Authority" and defs["OCRA"].reading == "Authority"
    assert defs["Council"].head == ""  # read as itself: nothing to gain
    found = lint(NAMED, {"NM203"}, name="act.txt")
    assert [(f.rule_id, f.region.start_line) for f in found] == [("NM203", 13)]
    assert any(text.endswith("(read as 'Authority')") for label, text in found[0].evidence if label == "definition")



def test_what_the_plain_words_exclude_stays_excluded_in_the_second_reading(lint):
    """A definition must not remove the words an exclusion needs: the term's own word 'revocation'
    excludes NM203 in the plain reading, and still does when the term is read as its definition."""
    act = ("Content Act 2031\n\n2 Definitions\n\nIn this Act:\n\n"
           "TERM means a direction to block access to a website;\n\n9 Notices\n\n"
           "(1) The Minister may issue a TERM to a host.\n")
    neutral = lint(act.replace("TERM", "category B instrument"), {"NM203"}, name="a.txt")
    assert [f.region.start_line for f in neutral] == [11]
    assert lint(act.replace("TERM", "revocation instrument"), {"NM203"}, name="a.txt") == []
