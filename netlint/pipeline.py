"""One run of netlint, in the order of its stages: the only place that orders them.

    config → baseline → discover files → load and select rules → check each file
    (read → segment → tokenize and match → judge → suppress) → report → compare with baseline

`run(Request)` is what `netlint check` does and what the Python API calls; it returns a Result
and never prints or exits. Usage errors (bad config, unknown IDs, missing paths) raise
SourceError, which names the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from netlint.findings import LEVEL_RANK, Finding, Notice, Report
from netlint.selector import Selector
from netlint.yamlsrc import SourceError

if TYPE_CHECKING:
    from netlint.document import Document

FAIL_ON = ("error", "warning", "note", "never", "new")


@dataclass
class Request:
    """What to check and how; None means "let the config decide"."""

    paths: list[str] = field(default_factory=lambda: ["."])
    cwd: Path | None = None
    config: Path | None = None
    profile: str | None = None
    select: Selector | None = None
    ignore: Selector | None = None
    extend_select: Selector | None = None
    rules_dirs: list[str] = field(default_factory=list)
    model: str | None = None
    include_suppressed: bool = False
    jobs: int | None = None
    baseline: Path | None = None
    fail_on: str | None = None
    keep_documents: bool = False


@dataclass
class Result:
    """What a run produced: the report, where gap checks were satisfied, the documents of the
    reported findings (when asked for: SARIF context), and the failure threshold that applies."""

    report: Report
    satisfied: dict[str, dict[str, str]] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    threshold: str = "warning"

    @property
    def failed(self) -> bool:
        """Whether the run fails: an unsuppressed, present finding at or above the threshold level
        ("new" counts only findings new since the baseline, at warning level or above)."""
        return failing(self.report.findings, self.threshold)


def failing(findings: list[Finding], threshold: str) -> bool:
    """Whether any unsuppressed, present finding is at or above the threshold level."""
    if threshold == "never":
        return False
    limit = LEVEL_RANK.get(threshold, LEVEL_RANK["warning"])
    return any(not f.suppressed and f.baseline_state != "absent" and LEVEL_RANK[f.level] >= limit
               and (threshold != "new" or f.baseline_state == "new") for f in findings)


def run(request: Request) -> Result:
    """Check the requested paths and return the result (see the module docstring for the stages)."""
    from netlint import runner
    from netlint.discover import collect

    cwd = request.cwd or Path.cwd()
    cfg = _config(request, cwd)
    threshold = request.fail_on or cfg.fail_on or "warning"
    if threshold == "new" and request.baseline is None:
        raise SourceError("--fail-on", 0, "fail-on new needs --baseline FILE")
    old = read_baseline(request.baseline) if request.baseline is not None else None
    files, notices = collect(request.paths or ["."], cwd, cfg.exclude)
    rules, checker = _checker(request, cfg)
    jobs = request.jobs or runner.default_jobs(len(files))
    checked = runner.run(checker, files, jobs)
    report = make_report(checked.findings, notices + checked.notices, [d for _, d in files], rules,
                         request.include_suppressed)
    if old is not None:
        from netlint.baseline import compare

        report.findings = compare(report.findings, old, str(cwd))
    reported = {f.path for f in report.findings}
    documents = {path: doc for path, doc in checked.documents.items() if path in reported}
    return Result(report, checked.satisfied, documents, threshold)


def check_text(text: str, name: str, request: Request) -> Result:
    """Check one text as if it were the file `name` (no file is read; no config is looked for
    unless the request names one): the same stages as run, for one document."""
    from netlint.document import parse_text

    cfg = _config(request, None)
    rules, checker = _checker(request, cfg)
    findings, notices, satisfied, _doc = checker.check_doc(parse_text(text, name), name)
    report = make_report(findings, notices, [name], rules, request.include_suppressed)
    return Result(report, {name: satisfied}, {}, request.fail_on or cfg.fail_on or "warning")


def _config(request: Request, cwd: Path | None):
    """The config the request names, else the nearest one from cwd (None: defaults)."""
    from netlint import config as config_mod

    if request.config is not None and not request.config.is_file():
        raise SourceError(str(request.config), 0, "config file not found")
    found = request.config or (config_mod.find_config(cwd) if cwd is not None else None)
    return config_mod.load_config(found)


def _checker(request: Request, cfg):
    """The selected rules, and a checker with them compiled (from the cache when unchanged)."""
    from netlint.runner import Checker
    from netlint.selection import active_rules, load_rules

    pack = load_rules(cfg, request.rules_dirs)
    rules = active_rules(pack, cfg, request.select, request.ignore, request.extend_select)
    return rules, Checker(pack, rules, cfg, request.profile, request.model, request.keep_documents)


def read_baseline(path: Path) -> list[Finding]:
    """The findings of a baseline SARIF log; a missing or unreadable one is a usage error."""
    from netlint.baseline import BaselineError, parse_baseline

    try:
        return parse_baseline(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(str(path), 0, f"cannot read baseline ({exc.strerror or exc})") from None
    except BaselineError as exc:
        raise SourceError(str(path), 0, str(exc)) from None


def make_report(findings: list[Finding], notices: list[Notice], files: list[str], rules: list,
                include_suppressed: bool) -> Report:
    """The report a reporter renders: suppressed findings dropped unless asked for, and netlint's
    own directive checks described when they reported something."""
    from netlint.suppression import meta_rules

    shown = [f for f in findings if include_suppressed or not f.suppressed]
    used_meta = [r for r in meta_rules() if any(f.rule_id == r.id for f in shown)]
    return Report(findings=shown, notices=notices, files=files, rules=list(rules) + used_meta)
