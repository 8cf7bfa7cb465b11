"""Segmentation: numbered provisions (articles, sections, clauses, headings) and their sentences.

A provision runs from one marker to the next. Subsections "(1)", "(a)" and bullets stay in
their provision, so a safeguard in a later subsection cures a power in an earlier one, while
separately numbered sections (5.2 and 8.2, Art. 21 and Art. 26) never share a safeguard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netlint.document import Document

_LABEL = (
    r"(?:ARTICLE|Article|ART\.|Art\.|Arts?|SECTION|Section|SEC\.|Sec\.|CLAUSE|Clause|REGULATION|Regulation|"
    r"Reg\.|RULE|Rule|PARAGRAPH|Paragraph|Para\.)"
)
_NUM = r"(?:\d+[A-Za-z]?(?:\.\d+[A-Za-z]?)*|[IVXLC]+)(?:[ \t]+(?:bis|ter|quater|quinquies|sexies))?"
_LABELLED_RE = re.compile(rf"^[ \t]*{_LABEL}[ \t]*{_NUM}\.?(?=[ \t]*(?:[.:)\-–—]|$))", re.M)
_WORDED_RE = re.compile(r"^[ \t]*(?:ARTICLE|Article|Art\.)[ \t]+(?:[A-Za-z]+(?:[- ][A-Za-z]+)?[ \t]*)?\(\d+\)")
_DIVISION_RE = re.compile(r"^[ \t]*(?:PART|Part|CHAPTER|Chapter|SCHEDULE|Schedule|TITLE|Title|ANNEX|Annex|DIVISION|Division|SUBDIVISION|Subdivision)[ \t]+[0-9IVXLC]+[A-Z]?\b(?![ \t]+(?:of|to|and|in)\b)")
_NUMBERED_RE = re.compile(r"^[ \t]*(\d{1,4}(?:\.\d{1,3})+\.?|\d{1,4}[A-Z]{0,2}\.)(?=[ \t]+\S|[ \t]*$|[—–-]+[ \t]*\()")
_BARE_SECTION_RE = re.compile(r"^[ \t]{0,3}(\d{1,4}[A-Z]{0,3})[ \t]+(?=[A-Z])")  # "174 Voluntary disclosure"
_MD_HEADING_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]")
_BOLD_LEAD_RE = re.compile(r"^[ \t]*(?:[A-Za-z0-9§().-]{1,12}[ \t]+)?(\*\*|__)(.+?)\1")
_LETTERED_RE = re.compile(r"^[ \t]*[A-Z]\d{0,2}\.(?=[ \t]+[A-Z(\[*_])")
_DEFINING_RE = re.compile(r"\b(means|mean|includes|include|has the (?:same )?meaning|refers? to|shall be construed)\b", re.I)
_TABLE_RE = re.compile(r"^[ \t]*\|")
_BLOCKQUOTE_RE = re.compile(r"^[ \t]*>")
_SENT_END_RE = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")
_ABBREV = {
    "art", "arts", "s", "ss", "sec", "no", "nos", "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "co", "ltd",
    "para", "paras", "cf", "vs", "v", "u.s", "reg", "regs", "p", "pp", "ch", "inc", "jr", "sr", "approx", "dept",
    "govt", "fig", "vol", "op", "cit", "al", "viz", "sch", "subs", "cl", "r", "rr", "min", "max", "ibid",
}
_DEFINITION_HEAD_RE = re.compile(r"\b(definitions?|interpretation|glossary|terms used|short title|citation)\b", re.I)
_DEFINITION_RE = re.compile(
    r"[\"“'‘][^\"”'’\n]{1,80}[\"”'’]\s*(?:\([^)]{0,40}\)\s*)?,?\s*(?:means|mean|includes|has the meaning|refers to|shall mean"
    r"|denotes|is understood|(?:is|are) (?:a|an|any|every)\b)|\bby [\"“'‘][^\"”'’\n]{1,80}[\"”'’] is meant\b", re.I)
_IN_THIS_RE = re.compile(  # "In this section: senior officer, in relation to ..., means ..."
    r"\bIn this (?:Act|Ordinance|Law|Code|section|Part|Division|Subdivision|Schedule|Chapter|regulation|clause|article)\b"
    r"[^:—–]{0,40}[:—–]\s*[^.;]{1,160}?\b(?:means|includes)\b")
_RESERVED_RE = re.compile(r"\[\s*(?:reserved|repealed|deleted|omitted)\.?\s*\]", re.I)
_GLOSSARY_RE = re.compile(r"(?:^|[\n•·*-]\s*|\b[IVXLC]+\s*[-–—.)]\s*)[\"“]?[A-Z][\w’'\"” ()/-]{1,60}:\s+\S|following (?:definitions|terms)", re.M)
_MODAL_RE = re.compile(r"\b(shall|may|must|will|should|is|are)\b", re.I)
_ASCII_LOWER_RE = re.compile(r"[a-z]")
MAX_SENTENCE = 20000


@dataclass(frozen=True)
class Provision:
    """A numbered unit of the document: the scope in which a safeguard cures a power."""

    index: int
    start: int
    end: int
    label: str
    heading: str


NONOPERATIVE_FORMS = frozenset({"heading", "definition", "quotation", "reserved"})


@dataclass(frozen=True)
class Sentence:
    """A sentence (or heading, or table cell) with its provision and its form: body, table,
    heading, definition, quotation or reserved (whether that makes it operative: judge.is_operative).

    A list item is a unit of its own, read with its lead-in (`lead`, the span of "The Authority
    may—"), so that its siblings' words neither cancel nor complete its match."""

    start: int
    end: int
    provision: int
    form: str = "body"
    lead: tuple[int, int] | None = None

    @property
    def heading(self) -> bool:
        """Whether the sentence is a heading (of a provision or a section of the document)."""
        return self.form == "heading"


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _is_caps_heading(line: str) -> bool:
    if len(line.split()) > 14 or line.rstrip().endswith((",", ";")):
        return False
    if len(_ASCII_LOWER_RE.findall(line)) > 0.15 * len(line):  # too many small letters (most lines): leave early
        return False
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.85


def _short_title(rest: str, next_line: str) -> bool:
    """Whether the text after a provision label is a title ("1. Short title") rather than body."""
    rest = rest.lstrip(" \t.:-–—").rstrip()
    if not rest.strip(" \t.:-–—"):
        return True
    words = rest.split()
    if len(words) > 10 or rest.endswith((",", ";", ":", ".", "!", "?")) or _SENT_END_RE.search(rest + " "):
        return False
    if _MODAL_RE.search(rest):
        return False
    nxt = next_line.strip()
    return not nxt or nxt[0].isupper() or nxt[0] in "(\"“[" or nxt[0].isdigit()


def _bare_section(masked_line: str, next_line: str, after_blank: bool) -> bool:
    """Whether a line is a section heading numbered without a label or a dot, as Commonwealth
    statutes number theirs ("174 Voluntary disclosure", "59A Special notices"): a title after a
    blank line, not a sentence."""
    m = _BARE_SECTION_RE.match(masked_line)
    return m is not None and after_blank and _short_title(masked_line[m.end():], next_line)


def _marker(masked_line: str, raw_line: str) -> tuple[bool, str]:
    """(starts a provision, its label) for one line."""
    if _MD_HEADING_RE.match(raw_line):
        return True, masked_line.strip(" #\t")
    for rx in (_LABELLED_RE, _WORDED_RE, _DIVISION_RE, _NUMBERED_RE, _LETTERED_RE):
        m = rx.match(masked_line)
        if m:
            return True, m.group(0).strip()
    return False, ""


def segment(doc: Document) -> tuple[list[Provision], list[Sentence]]:
    """Split a document into provisions and sentences, with offsets into its text."""
    text, masked = doc.text, doc.masked
    lines = _lines(text)
    provisions: list[Provision] = []
    sentences: list[Sentence] = []
    # First pass: which lines start provisions and which character spans are headings.
    starts: list[tuple[int, str]] = []
    heading_spans: list[tuple[int, int]] = []
    special_lines: dict[int, str] = {}
    for i, (ls, le) in enumerate(lines):
        raw, mline = text[ls:le], masked[ls:le]
        if not mline.strip():
            continue
        nxt = masked[lines[i + 1][0]:lines[i + 1][1]] if i + 1 < len(lines) else ""
        if doc.markdown and _TABLE_RE.match(raw):
            special_lines[i] = "table"
            continue
        if doc.markdown and _BLOCKQUOTE_RE.match(raw):
            special_lines[i] = "quote"
        is_start, label = _marker(mline, raw)
        if doc.markdown and _MD_HEADING_RE.match(raw):
            starts.append((ls, label))
            heading_spans.append((ls, le))
            continue
        bold = _BOLD_LEAD_RE.match(raw) if doc.markdown else None
        if is_start:
            starts.append((ls, label))
            if bold:
                heading_spans.append((ls, ls + bold.end()))
            else:
                m_end = mline.find(label) + len(label)
                if _short_title(mline[m_end:], nxt) or _is_caps_heading(mline):
                    heading_spans.append((ls, le))
                else:
                    heading_spans.append((ls, ls + m_end))
        elif _bare_section(mline, nxt, i == 0 or not masked[lines[i - 1][0]:lines[i - 1][1]].strip()):
            starts.append((ls, mline.split()[0]))
            heading_spans.append((ls, le))
        elif _is_caps_heading(mline) and (i == 0 or not masked[lines[i - 1][0]:lines[i - 1][1]].strip()
                                            or (heading_spans and heading_spans[-1][1] == lines[i - 1][1])):
            starts.append((ls, mline.strip()))
            heading_spans.append((ls, le))
        elif bold and bold.end() < len(raw.rstrip()) and raw[bold.end():].strip()[:1].isupper():
            heading_spans.append((ls, ls + bold.end()))
    if not starts or starts[0][0] > 0:
        starts.insert(0, (0, ""))
    bounds = [s for s, _ in starts] + [len(text)]
    head_idx = 0
    for p, (pstart, label) in enumerate(starts):
        pend = bounds[p + 1]
        heads = []
        while head_idx < len(heading_spans) and heading_spans[head_idx][0] < pend:
            if heading_spans[head_idx][0] >= pstart:
                heads.append(heading_spans[head_idx])
            head_idx += 1
        heading_text = " ".join(masked[a:b].strip() for a, b in heads)
        is_defs = bool(_DEFINITION_HEAD_RE.search(heading_text))
        provisions.append(Provision(p, pstart, pend, label, heading_text))
        sentences.extend(_split_provision(doc, p, pstart, pend, heads, lines, special_lines, is_defs))
    return provisions, sentences


def _split_provision(doc: Document, p: int, start: int, end: int, heads: list[tuple[int, int]],
                     lines: list[tuple[int, int]], special: dict[int, str], is_defs: bool) -> list[Sentence]:
    masked = doc.masked
    out: list[Sentence] = []
    reserved = end - start < 300 and bool(_RESERVED_RE.search(doc.text, start, end))
    pieces: list[tuple[int, int, str]] = []  # (start, end, kind) kind: body|heading|table|quote
    cursor = start
    for hs, he in heads:
        if hs > cursor:
            pieces.append((cursor, hs, "body"))
        pieces.append((hs, he, "heading"))
        cursor = he
    if cursor < end:
        pieces.append((cursor, end, "body"))
    for pstart, pend, kind in pieces:
        if kind == "heading":
            if masked[pstart:pend].strip():
                out.append(Sentence(*_trim(masked, pstart, pend), p, "heading"))
            continue
        for a, b, sub in _special_split(pstart, pend, lines, special):
            if sub == "table":
                for cs, ce in _cells(doc.text, a, b):
                    if masked[cs:ce].strip():
                        out.append(Sentence(*_trim(masked, cs, ce), p, "definition" if is_defs else "table"))
                continue
            for ss, se in split_sentences(masked, a, b):
                form = _form(doc, ss, se, sub, reserved, is_defs)
                out.extend(Sentence(us, ue, p, form, lead) for us, ue, lead in list_units(masked, ss, se))
    return out


def _form(doc: Document, start: int, end: int, sub: str, reserved: bool, is_defs: bool) -> str:
    """What a body sentence is: a quotation, a reserved clause, a definition, or body text."""
    body = doc.masked[start:end]
    if sub == "quote":
        return "quotation"
    if reserved or _RESERVED_RE.search(doc.text[start:end]):
        return "reserved"
    if (_DEFINITION_RE.search(body) or _IN_THIS_RE.search(body)
            or (is_defs and (_DEFINING_RE.search(body) or _GLOSSARY_RE.search(body)))):
        return "definition"
    return "body"


def _special_split(start: int, end: int, lines: list[tuple[int, int]], special: dict[int, str]):
    """Cut a body span into runs of ordinary, table and quoted lines."""
    if not special:
        yield start, end, "body"
        return
    run_start, run_kind = start, "body"
    first = _first_line(lines, start)
    for i in range(first, len(lines)):
        ls, le = lines[i]
        if ls >= end:
            break
        if le < start:
            continue
        kind = special.get(i, "body")
        if kind != run_kind:
            a = max(run_start, start)
            if ls > a:
                yield a, ls, run_kind
            run_start, run_kind = max(ls, start), kind
    if end > run_start:
        yield run_start, end, run_kind


def _first_line(lines: list[tuple[int, int]], offset: int) -> int:
    """Index of the line holding offset (binary search over line spans)."""
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid][0] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _cells(text: str, start: int, end: int):
    for ls, le in _lines_in(text, start, end):
        pos = ls
        for m in re.finditer(r"\|", text[ls:le]):
            cut = ls + m.start()
            if cut > pos:
                yield pos, cut
            pos = cut + 1
        if le > pos:
            yield pos, le


def _lines_in(text: str, start: int, end: int):
    pos = start
    for m in re.finditer(r"\r\n|\r|\n", text[start:end]):
        yield pos, start + m.start()
        pos = start + m.end()
    if pos < end:
        yield pos, end


def _trim(masked: str, a: int, b: int) -> tuple[int, int]:
    while a < b and masked[a].isspace():
        a += 1
    while b > a and masked[b - 1].isspace():
        b -= 1
    return a, b


def _is_abbrev(masked: str, dot: int) -> bool:
    j = dot
    while j > 0 and (masked[j - 1].isalpha() or masked[j - 1] == "."):
        j -= 1
    word = masked[j:dot].lower()
    return word in _ABBREV


_ITEM_RE = re.compile(r"(?m)^[ \t]*(?:\((?:[a-z]{1,2}|[ivx]{1,5}|[A-Z]|\d{1,3})\)|[a-z]\)|[-•*·])[ \t]+(?=\S)")
_TAIL_RE = re.compile(r"[;,]?[ \t]*(?:\b(?:and|or)\b)?[ \t]*(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)?[ \t]*(?=[a-z])")


def list_units(masked: str, start: int, end: int) -> list[tuple[int, int, tuple[int, int] | None]]:
    """A sentence as the units it is read in: itself, or, when it is a lead-in followed by list
    items on their own lines ("The Authority may—" / "(a) ...;" / "(b) ..."), each item with the
    lead-in, and a tail after the last item ("...; may authorise the disclosure of ...") with the
    lead-in and all the items before it. Each unit is (start, end, lead-in span or None)."""
    # _ITEM_RE is anchored at line starts; an item needs a lead-in before it
    items = [m for m in _ITEM_RE.finditer(masked, start, end) if m.start() > start and masked[start:m.start()].strip()]
    if not items:
        return [(start, end, None)]
    top = lead = _trim(masked, start, items[0].start())
    bounds = [m.start() for m in items] + [end]
    units: list[tuple[int, int, tuple[int, int] | None]] = []
    sub_kind = ""  # the kind of marker of the sub-items under an item that is itself a lead-in
    for i, m in enumerate(items):
        kind = _marker_kind(m.group(0))
        if sub_kind and kind != sub_kind:  # back at the level of the item that led them in
            lead, sub_kind = top, ""
        a, b = m.start(), bounds[i + 1]
        if i == len(items) - 1:
            tail = _TAIL_RE.search(masked, m.end(), b)
            if tail and "\n" in masked[tail.start():tail.end()]:
                # the items were the tail's subject ("The following persons: (a) ...; may authorise")
                units.append((*_trim(masked, a, tail.start()), lead))
                lead, a = _trim(masked, start, tail.start()), tail.end()
        a, b = _trim(masked, a, b)
        if b > a:
            units.append((a, b, lead))
            if not sub_kind and i + 1 < len(items) and masked[a:b].rstrip().endswith((":", "—", "–")):
                # "(b) the court may issue an order authorising an officer to:" leads in "(i) ..."
                lead, sub_kind = (a, b), _marker_kind(items[i + 1].group(0))
    return units


def _marker_kind(marker: str) -> str:
    """What numbers a list item: digit, roman, letter, capital or bullet ("(ii)" is roman)."""
    label = marker.strip().strip("()")
    if label.isdigit():
        return "digit"
    if label and set(label) <= set("ivx"):
        return "roman"
    if label.islower():
        return "letter"
    return "capital" if label.isupper() else "bullet"


def split_sentences(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in masked[start:end]: at . ! ? before a capital, and at paragraph breaks."""
    spans: list[tuple[int, int]] = []
    cut_points: list[int] = []
    seg = masked[start:end]
    for m in _SENT_END_RE.finditer(seg):
        dot = start + m.start()
        after = start + m.end()
        k = after
        while k < end and masked[k].isspace():
            k += 1
        if k >= end:
            continue
        nxt = masked[k]
        if masked[dot] == "." and _is_abbrev(masked, dot):
            continue
        if masked[dot] == "." and dot > start and masked[dot - 1].isdigit() and nxt.isdigit():
            continue
        if nxt.isupper() or nxt.isdigit() or nxt in "(\"“‘'[§*-•·":
            cut_points.append(after)
    for m in re.finditer(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)", seg):
        before = seg[max(0, m.start() - 40):m.start()].rstrip()
        if before and before[-1] not in ",;:-–—" and not re.search(r"\b(and|or)$", before):
            cut_points.append(start + m.start())
    pos = start
    for cut in sorted(set(cut_points)):
        if cut > pos:
            spans.append(_trim(masked, pos, cut))
        pos = cut
    spans.append(_trim(masked, pos, end))
    out = []
    for a, b in spans:
        if b <= a:
            continue
        while b - a > MAX_SENTENCE:
            cut = masked.rfind(" ", a, a + MAX_SENTENCE)
            cut = cut if cut > a else a + MAX_SENTENCE
            out.append((a, cut))
            a, _ = _trim(masked, cut, b)
        out.append((a, b))
    return out
