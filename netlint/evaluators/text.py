"""Text checks: invisible characters at exact positions, and placeholder patterns, on the raw text."""

from __future__ import annotations

import re
from functools import lru_cache

from netlint.document import Document
from netlint.evaluators.base import Evaluator
from netlint.evaluators.evidence import region
from netlint.findings import Finding
from netlint.packs import Rule
from netlint.saferegex import RegexTimeout, compile_user_regex, finditer_bounded


class TextEvaluator(Evaluator):
    """Runs each rule's `text:` check on the whole document; no provision is needed."""

    kind = "text"

    @property
    def live(self) -> frozenset[str]:
        """Text checks match no token pattern."""
        return frozenset()

    def finish(self) -> list[Finding]:
        """The findings of every text check (RegexTimeout names a rule whose regex ran too long)."""
        return check_text(self.doc, self.rules)


def check_text(doc: Document, rules: list[Rule]) -> list[Finding]:
    """Raw-text checks: invisible characters at exact positions, and placeholder patterns."""
    out = []
    for rule in rules:
        try:
            out.extend(_check_text_rule(doc, rule))
        except TimeoutError:
            raise RegexTimeout(rule.id) from None
    return out


@lru_cache(maxsize=64)
def _char_class(ranges: tuple[tuple[int, int], ...]) -> re.Pattern:
    """One regex character class for a rule's code-point ranges (above ASCII, as the rule format says)."""
    parts = [f"{re.escape(chr(max(lo, 0x80)))}-{re.escape(chr(hi))}" for lo, hi in ranges if hi >= 0x80]
    return re.compile(f"[{''.join(parts)}]" if parts else r"(?!)")


def _check_text_rule(doc: Document, rule: Rule) -> list[Finding]:
    tc = rule.text
    if tc is None:
        return []
    spans: list[tuple[int, int, str]] = []
    if tc.characters:
        for m in _char_class(tc.characters).finditer(doc.text):
            i, cp = m.start(), ord(m.group(0))
            if not (i == 0 and cp in tc.allow_leading):
                spans.append((i, i + 1, f"U+{cp:04X}"))
    if tc.regex:
        excluded: list[tuple[int, int]] | None = None  # found only once something matched (most texts: never)
        for pat in tc.regex:
            for m in finditer_bounded(compile_user_regex(pat), doc.text):
                if m.end() <= m.start():
                    continue
                if excluded is None:
                    excluded = [(x.start(), x.end()) for rx in tc.exclude
                                for x in finditer_bounded(compile_user_regex(rx), doc.text)]
                if not any(a <= m.start() < b for a, b in excluded):
                    spans.append((m.start(), m.end(), m.group(0)))
    out = []
    last_end = -1
    for s, e, what in sorted(spans):
        if s < last_end:
            continue
        last_end = e
        line = doc.position(s)[0]
        line_text = doc.text[doc.line_starts[line - 1]:doc.line_end(line)]
        out.append(Finding(
            rule_id=rule.id, slug=rule.slug, kind=rule.kind, level=rule.level, path=doc.path,
            region=region(doc, s, e), message=f"{rule.message} ({what})" if tc.characters else rule.message,
            snippet=doc.text[s:e], sentence=line_text, evidence=(("matched", what),),
        ))
    return out
