"""The plain values that flow from the engine to suppression and the reporters."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    evidence: tuple[tuple[str, str], ...] = ()
    suppressed: bool = False
    suppression_reason: str = ""
    fingerprint: str = ""
    baseline_state: str = ""

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.region.start_line, self.region.start_col, self.rule_id, self.message)

    def evidence_dict(self) -> dict[str, str]:
        return dict(self.evidence)


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
