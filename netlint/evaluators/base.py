"""The one interface every rule kind's evaluator implements, and the dispatch by kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netlint.context import DocContext

if TYPE_CHECKING:
    from netlint.document import Document
    from netlint.findings import Finding
    from netlint.packs import Rule
    from netlint.provisions import Provision
    from netlint.views import SentenceView


class Evaluator:
    """Judges the rules of one kind on one document, provision by provision.

    `live` are the rules whose triggers still need matching; `judge` reads one provision's
    views (a provision is the widest scope any judgement looks at, so nothing is kept between
    provisions but what the evaluator records); `finish` returns the findings.
    """

    kind = ""

    def __init__(self, doc: Document, rules: list[Rule], context: DocContext | None = None) -> None:
        self.doc, self.rules = doc, rules
        self.context = context or DocContext()
        self._live = frozenset(r.id for r in rules)

    @property
    def live(self) -> frozenset[str]:
        """The rules whose triggers must still be matched."""
        return self._live

    def judge(self, provision: Provision, views: list[SentenceView]) -> list[Finding]:
        """Findings of this provision (evaluators that report per sentence)."""
        return []

    def finish(self) -> list[Finding]:
        """Findings once every provision was judged (evaluators that report per document)."""
        return []
