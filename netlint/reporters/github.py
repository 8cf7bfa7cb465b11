"""GitHub Actions workflow commands: one `::error|warning|notice file=…::message` line per finding."""

from __future__ import annotations

from netlint.findings import Finding, Notice, Report
from netlint.reporters._common import active, rel_path

COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message: % and line breaks."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value: as data, plus : and ,."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: object) -> str:
    """One workflow command line; properties with value None are left out."""
    name = COMMANDS.get(level, "warning")
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items() if value is not None)
    return f"::{name} {fields}::{escape_data(message)}" if fields else f"::{name}::{escape_data(message)}"


def finding_command(finding: Finding, cwd: str | None = None) -> str:
    """The workflow command for one finding; evidence follows the message on its own lines."""
    r = finding.region
    message = "\n".join([finding.message, *(f"{key}: {value}" for key, value in finding.evidence)])
    return command(
        finding.level,
        message,
        file=rel_path(finding.path, cwd),
        line=max(r.start_line, 1),
        col=max(r.start_col, 1),
        endLine=r.end_line if r.end_line >= 1 else None,
        endColumn=r.end_col if r.end_line >= 1 and r.end_col >= 1 else None,
        title=f"{finding.rule_id} {finding.slug}".strip(),
    )


def notice_command(notice: Notice, cwd: str | None = None) -> str:
    """The workflow command for one tool notice."""
    return command(
        notice.level,
        notice.message,
        file=rel_path(notice.path, cwd) if notice.path else None,
        line=notice.line if notice.path and notice.line > 0 else None,
        title="netlint",
    )


def render(report: Report, *, cwd: str | None = None) -> str:
    """Workflow commands for every notice and unsuppressed finding, one per line."""
    notices = sorted(report.notices, key=lambda n: (n.path, n.line, n.message))
    lines = [notice_command(n, cwd) for n in notices]
    lines += [finding_command(f, cwd) for f in active(report)]
    return "".join(line + "\n" for line in lines)
