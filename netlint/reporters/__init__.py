"""Output formats: each a pure function from a Report to a string, in its own module."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from netlint.findings import Report
from netlint.reporters import github, json, markdown, sarif, text

if TYPE_CHECKING:
    from netlint.document import Document

FORMATS = ("text", "json", "sarif", "github", "markdown")


def render(fmt: str, report: Report, *, color: bool = False, statistics: bool = False, cwd: str | None = None,
           sources: Mapping[str, Document] | None = None) -> str:
    """Render a report in one of FORMATS; color and statistics apply to text, sources to SARIF."""
    if fmt == "text":
        return text.render(report, color=color, statistics=statistics, cwd=cwd)
    if fmt == "sarif":
        return sarif.render(report, cwd=cwd, sources=sources)
    modules = {"json": json, "github": github, "markdown": markdown}
    if fmt not in modules:
        raise ValueError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    return modules[fmt].render(report, cwd=cwd)
