"""The Python API: check a text or paths and get the findings as the JSON report has them.

    import netlint
    report = netlint.check_paths(["drafts/"], profile="national")
    for finding in report["findings"]:
        print(finding["path"], finding["line"], finding["id"], finding["message"])

Both functions run the same stages as `netlint check` (pipeline.run) and return plain values of
the JSON report's documented schema (see reporters/json.py); usage errors raise SourceError.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from netlint.pipeline import Request, run
from netlint.pipeline import check_text as _check_text
from netlint.reporters.json import finding_dict, to_dict
from netlint.selector import Selector


def _request(profile: str | None, select: Iterable[str] | None, ignore: Iterable[str] | None,
             rules: Iterable[str], config: str | Path | None, **more: Any) -> Request:
    return Request(profile=profile, select=Selector.parse(select) if select is not None else None,
                   ignore=Selector.parse(ignore) if ignore is not None else None, rules_dirs=[str(r) for r in rules],
                   config=Path(config) if config is not None else None, **more)


def check_paths(paths: Iterable[str | Path], *, profile: str | None = None, select: Iterable[str] | None = None,
                ignore: Iterable[str] | None = None, rules: Iterable[str] = (), config: str | Path | None = None,
                cwd: str | Path | None = None, jobs: int = 1) -> dict[str, Any]:
    """Check files and directories as `netlint check --format json` does (config found from
    `cwd`, default the working directory) and return that report as a dict."""
    where = Path(cwd) if cwd is not None else Path.cwd()
    request = _request(profile, select, ignore, rules, config, paths=[str(p) for p in paths], cwd=where, jobs=jobs)
    return to_dict(run(request).report, str(where))


def check_text(text: str, *, name: str = "document.md", profile: str | None = None,
               select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
               rules: Iterable[str] = (), config: str | Path | None = None) -> list[dict[str, Any]]:
    """Check one text as if it were the file `name` (its suffix tells Markdown from plain text)
    and return its unsuppressed findings, each a dict of the JSON report's schema."""
    result = _check_text(text, name, _request(profile, select, ignore, rules, config))
    return [finding_dict(f) for f in result.report.findings]
