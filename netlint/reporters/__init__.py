"""Output formats: each a pure function from a Report to a string, in its own module."""

from __future__ import annotations

from netlint.findings import Report
from netlint.reporters import github, json, markdown, sarif, text

FORMATS = ("text", "json", "sarif", "github", "markdown")


def render(fmt: str, report: Report, *, color: bool = False, statistics: bool = False, cwd: str | None = None) -> str:
    """Render a report in one of FORMATS; color and statistics apply to the text format only."""
    if fmt == "text":
        return text.render(report, color=color, statistics=statistics, cwd=cwd)
    modules = {"json": json, "sarif": sarif, "github": github, "markdown": markdown}
    if fmt not in modules:
        raise ValueError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    return modules[fmt].render(report, cwd=cwd)
