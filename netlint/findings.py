"""The plain values that flow from the engine to suppression and the reporters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Evidence = tuple[tuple[str, str], ...]
LEVELS = ("error", "warning", "note")
PROFILES = ("national", "charter")
LEVEL_RANK = {"note": 1, "warning": 2, "error": 3}


@dataclass(frozen=True)
class Region:
    """A span of the file as stored: 1-based lines, 1-based code-point columns, end exclusive."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Finding:
    """One result of one rule on one document."""

    rule_id: str
    slug: str
    kind: str
    level: str
    path: str
    region: Region
    message: str
    snippet: str = ""
    sentence: str = ""
    evidence: Evidence = ()
    suppressed: bool = False
    suppression_reason: str = ""
    fingerprint: str = ""
    baseline_state: str = ""

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.region.start_line, self.region.start_col, self.rule_id, self.message)

    @property
    def shown_message(self) -> str:
        """The message with its evidence appended, `message (label: text; ...)`, as one-line formats show it."""
        return self.message + _evidence_suffix(self.evidence)

    def to_record(self) -> dict[str, Any]:
        """The finding as a JSON-ready record: the one model a report stores and a baseline reads back."""
        r = self.region
        return {
            "rule_id": self.rule_id, "slug": self.slug, "kind": self.kind, "level": self.level, "path": self.path,
            "region": {"start_line": r.start_line, "start_col": r.start_col, "end_line": r.end_line, "end_col": r.end_col},
            "text": self.shown_message, "snippet": self.snippet, "evidence": evidence_to_json(self.evidence),
            "suppressed": self.suppressed, "suppression_reason": self.suppression_reason, "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Finding:
        """The finding to_record was given (sentence and baseline state are not recorded); missing keys take defaults.

        The message is the record's text without the evidence that to_record appended to it.
        """
        region = record.get("region") or {}
        start_line = int(region.get("start_line", 1))
        evidence = evidence_from_json(record.get("evidence"))
        text, suffix = str(record.get("text", "")), _evidence_suffix(evidence)
        return cls(
            rule_id=str(record.get("rule_id", "")), slug=str(record.get("slug", "")), kind=str(record.get("kind", "flag")),
            level=str(record.get("level", "warning")), path=str(record.get("path", "")),
            region=Region(start_line, int(region.get("start_col", 1)), int(region.get("end_line", start_line)),
                          int(region.get("end_col", 1))),
            message=text[: len(text) - len(suffix)] if suffix and text.endswith(suffix) else text,
            snippet=str(record.get("snippet", "")), evidence=evidence, suppressed=bool(record.get("suppressed", False)),
            suppression_reason=str(record.get("suppression_reason", "")), fingerprint=str(record.get("fingerprint", "")),
        )


def _evidence_suffix(evidence: Evidence) -> str:
    """What a shown message adds to the finding's message: ` (label: text; ...)`, or nothing."""
    return " (" + "; ".join(f"{label}: {text}" for label, text in evidence) + ")" if evidence else ""


def evidence_to_json(evidence: Evidence) -> list[dict[str, str]]:
    """Evidence as JSON: `{"label", "text"}` objects in order, so a label may repeat (a gap's near misses)."""
    return [{"label": label, "text": text} for label, text in evidence]


def evidence_from_json(value: Any) -> Evidence:
    """Evidence read back from evidence_to_json's list; also reads the label-to-text mapping of older logs.

    A mapping kept one entry per label, so a finding read from one can differ from the finding written.
    """
    if value is None:
        return ()
    if isinstance(value, Mapping):
        return tuple((str(label), str(text)) for label, text in value.items())
    if isinstance(value, list) and all(isinstance(item, Mapping) and set(item) == {"label", "text"} for item in value):
        return tuple((str(item["label"]), str(item["text"])) for item in value)
    raise ValueError(f"evidence is not a list of label and text objects: {str(value)[:80]}")


@dataclass(frozen=True)
class Notice:
    """A tool-level notification: a file skipped, a directive misused, a decoding used."""

    path: str
    message: str
    level: str = "warning"
    line: int = 0


@dataclass
class Report:
    """Everything one `netlint check` run produced, ready for a reporter."""

    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    rules: list = field(default_factory=list)
