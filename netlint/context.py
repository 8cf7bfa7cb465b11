"""What an analyst reads before the provisions: the instrument's subject, from its title.

Reads the document's title (its first line, and a long title such as "An Act to provide for the
interception of communications" near the top) and the `subjects:` cues of the rule pack; writes a
DocContext that judging consults: a trigger with `subject:` counts only in documents of that
subject, so that generic objects ("information or a document", "such data") mean communications
data in an interception Act and nothing in a charter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from netlint.document import Document
from netlint.match import PackMatcher, Role
from netlint.views import normalize

TITLE_CHARS = 300
LONG_TITLE_SPAN = 4000
_LONG_TITLE_RE = re.compile(
    r"^[ \t#*_]*(?:An?|The)[ \t]+(?:Act|Bill|Law|Ordinance|Decree|Proclamation|Regulations?|Directive|Order)"
    r"[ \t]+(?:to|for|relating|concerning|on|about|that)\b[^\n]*", re.M | re.I)


@dataclass(frozen=True)
class DocContext:
    """Document-level facts that judging consults: each subject found, with the title that tells it."""

    subjects: dict[str, str] = field(default_factory=dict)


def title_spans(doc: Document) -> list[tuple[int, int]]:
    """Where the title is: the first non-empty line (at most TITLE_CHARS), and the first long title
    ("An Act to ...") in the first LONG_TITLE_SPAN characters."""
    spans = []
    masked = doc.masked
    m = re.search(r"\S[^\n]*", masked)
    if m:
        spans.append((m.start(), min(m.end(), m.start() + TITLE_CHARS)))
    long_title = _LONG_TITLE_RE.search(masked, 0, LONG_TITLE_SPAN)
    if long_title and (not spans or long_title.start() >= spans[0][1]):
        spans.append((long_title.start(), min(long_title.end(), long_title.start() + TITLE_CHARS)))
    return spans


def read_context(doc: Document, matcher: PackMatcher) -> DocContext:
    """The subjects whose title cues match the document's title."""
    subjects: dict[str, str] = {}
    tokenize = matcher.nlp.tokenizer
    for start, end in title_spans(doc):
        text = normalize(doc.masked, start, end)[0]
        for key, _s, _e in matcher.cues(matcher.prepare(tokenize(text))):
            info = matcher.info(key)
            if info.role is Role.SUBJECT:
                subjects.setdefault(info.cls, " ".join(doc.text[start:end].split()))
    return DocContext(subjects)
