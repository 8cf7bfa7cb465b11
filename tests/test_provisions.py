"""Segmentation into provisions and sentences, across drafting styles."""

from __future__ import annotations

from netlint.document import parse_text
from netlint.provisions import NONOPERATIVE_FORMS, segment


def _prov_of(text: str, name: str = "x.txt"):
    doc = parse_text(text, name)
    provs, sents = segment(doc)
    return doc, provs, sents


def _provision_of(doc, provs, sents, phrase):
    off = doc.text.index(phrase)
    for s in sents:
        if s.start <= off < s.end:
            return s.provision
    raise AssertionError(phrase)


def test_subsections_share_a_section_separate_sections_do_not():
    text = ("11. Retention\n(1) A provider shall retain data.\n(2) An officer may require disclosure.\n\n"
            "12. Oversight\nA judge shall approve every request.\n")
    doc, provs, sents = _prov_of(text)
    assert _provision_of(doc, provs, sents, "(1) A provider") == _provision_of(doc, provs, sents, "An officer")
    assert _provision_of(doc, provs, sents, "An officer") != _provision_of(doc, provs, sents, "A judge")


def test_civil_law_articles():
    text = "Art. 12. - The Authority may order X.\nIt shall give reasons.\nArt. 13. - A court may review.\n"
    doc, provs, sents = _prov_of(text)
    assert _provision_of(doc, provs, sents, "The Authority") == _provision_of(doc, provs, sents, "It shall")
    assert _provision_of(doc, provs, sents, "The Authority") != _provision_of(doc, provs, sents, "A court")


def test_nested_numbering_and_markdown_bold_clauses():
    text = ("## Part 2\n\n**Clause 7 — Bulk warrants.**\n\n(1) The Minister may issue a warrant.\n\n"
            "(2) A judge shall approve it.\n\n**Clause 8 — Other.** Text here.\n")
    doc, provs, sents = _prov_of(text, "x.md")
    assert _provision_of(doc, provs, sents, "(1) The Minister") == _provision_of(doc, provs, sents, "(2) A judge")
    assert _provision_of(doc, provs, sents, "(2) A judge") != _provision_of(doc, provs, sents, "Text here")
    headings = [doc.text[s.start:s.end] for s in sents if s.heading]
    assert any("Bulk warrants" in h for h in headings)


def test_dotted_numbers_are_separate_provisions():
    text = "4.2.1 The Board may suspend a member.\n(a) after notice;\n4.2.2 An appeal lies to the Assembly.\n"
    doc, provs, sents = _prov_of(text)
    assert _provision_of(doc, provs, sents, "The Board") == _provision_of(doc, provs, sents, "(a) after")
    assert _provision_of(doc, provs, sents, "The Board") != _provision_of(doc, provs, sents, "An appeal")


def test_wrapped_reference_is_not_a_new_section():
    text = "1. Powers\nThe Minister may act under\nSection 4 of the Act and shall give notice.\n"
    doc, provs, sents = _prov_of(text)
    assert len(provs) == 1


def test_sentences_respect_abbreviations():
    doc, provs, sents = _prov_of("Under s. 4 of the Act, e.g. a fine may apply. The Court may review it.\n")
    texts = [doc.text[s.start:s.end] for s in sents if not s.heading]
    assert texts == ["Under s. 4 of the Act, e.g. a fine may apply.", "The Court may review it."]


def test_definitions_and_titles_are_not_operative():
    text = ("2. Interpretation\nIn this Act \"appeal\" means a request for review.\n\n"
            "3. Appeals\nA person may appeal to the Tribunal.\n")
    doc, provs, sents = _prov_of(text)
    op = [doc.text[s.start:s.end] for s in sents if s.form not in NONOPERATIVE_FORMS]
    assert op == ["A person may appeal to the Tribunal."]


def test_table_cells_are_sentences():
    text = "| Action | Deadline |\n|---|---|\n| Publish the plan | [TBD] |\n"
    doc, provs, sents = _prov_of(text, "x.md")
    cells = [doc.text[s.start:s.end] for s in sents]
    assert "Publish the plan" in cells and "[TBD]" in cells


def test_sections_numbered_without_label_or_dot():
    """Commonwealth statutes number sections "174 Voluntary disclosure": each starts a provision,
    and its title is a heading; a sentence that starts with a number does not."""
    text = ("Division 3--The Agency\n\n174 Voluntary disclosure\n\n(1) An officer may authorise a disclosure.\n\n"
            "(2) 30 days after notice, the officer may act.\n\n175 Judicial review\n\n(1) A judge must approve it.\n")
    doc, provs, sents = _prov_of(text)
    first = _provision_of(doc, provs, sents, "An officer may")
    assert first == _provision_of(doc, provs, sents, "30 days after")
    assert first != _provision_of(doc, provs, sents, "A judge must")
    assert [p.label for p in provs if p.label][-2:] == ["174", "175"]
    headings = [doc.text[s.start:s.end] for s in sents if s.heading]
    assert "174 Voluntary disclosure" in headings and "175 Judicial review" in headings


LIST = """The Authority may—
(a) revoke a licence;
(b) direct a provider to block access to any website; and
(c) publish guidance.
"""


def test_list_items_are_read_with_their_lead_in():
    doc, provs, sents = _prov_of(LIST)
    units = [(doc.text[s.start:s.end], s.lead and doc.text[s.lead[0]:s.lead[1]]) for s in sents]
    assert units == [("(a) revoke a licence;", "The Authority may—"),
                     ("(b) direct a provider to block access to any website; and", "The Authority may—"),
                     ("(c) publish guidance.", "The Authority may—")]


def test_a_tail_after_the_items_is_read_with_all_of_them():
    text = ("(2) The following persons:\n\n  (a) the Director;\n\n  (b) an approved officer;\n\n"
            "may authorise the disclosure of specified information.\n")
    doc, provs, sents = _prov_of(text)
    tail = sents[-1]
    assert doc.text[tail.start:tail.end] == "may authorise the disclosure of specified information."
    assert tail.lead is not None and doc.text[tail.lead[0]:tail.lead[1]].endswith("(b) an approved officer")


def test_a_sibling_item_neither_cancels_nor_completes_a_match(lint):
    """'revoke' in item (a) used to cancel the blocking power of item (b) (NM203's exclusions)."""
    found = lint("1. Powers\n\n" + LIST, {"NM203"})
    assert [(f.rule_id, f.region.start_line) for f in found] == [("NM203", 5)]
    assert found[0].snippet.startswith("(b)") or "block" in found[0].snippet
    assert "The Authority may— … (b) direct a provider" in dict(found[0].evidence)["sentence"]


def test_sections_numbered_with_a_letter_suffix():
    """'45H.' (an inserted section) starts a provision of its own: an appeal in section 45 does not
    cure a blocking power in section 45H."""
    text = ("45. Appeals\n\nAny person aggrieved may appeal to the Minister.\n\n"
            "45H. Blocking\n\nThe Authority may direct any access provider to block access to a website.\n")
    doc, provs, sents = _prov_of(text)
    assert _provision_of(doc, provs, sents, "Any person") != _provision_of(doc, provs, sents, "The Authority")
    assert "45H." in [p.label for p in provs]


def test_a_nested_list_reads_its_items_with_the_item_that_leads_them_in():
    text = ("(1) A judge may, on application—\n(a) hear the officer; and\n"
            "(b) issue an order authorising an officer to:\n(i) search a computer system; or\n"
            "(ii) seize a computer system; and\n(c) give directions.\n")
    doc, provs, sents = _prov_of(text)
    leads = {doc.text[s.start:s.end].split()[0]: doc.text[s.lead[0]:s.lead[1]].split()[0] for s in sents if s.lead}
    assert leads == {"(a)": "(1)", "(b)": "(1)", "(i)": "(b)", "(ii)": "(b)", "(c)": "(1)"}
