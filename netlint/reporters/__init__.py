"""Output formats: each a pure function from a Report to a string, in its own module."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING

from netlint.findings import Report

if TYPE_CHECKING:
    from netlint.document import Document

FORMATS = ("text", "json", "sarif", "github", "markdown")


def render(fmt: str, report: Report, *, color: bool = False, statistics: bool = False, cwd: str | None = None,
           sources: Mapping[str, Document] | None = None) -> str:
    """Render a report in one of FORMATS; color and statistics apply to text, sources to SARIF."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    module = import_module(f"netlint.reporters.{fmt}")  # only the format asked for: sarif_om is slow to import
    if fmt == "text":
        return module.render(report, color=color, statistics=statistics, cwd=cwd)
    if fmt == "sarif":
        return module.render(report, cwd=cwd, sources=sources)
    return module.render(report, cwd=cwd)
