"""SARIF 2.1.0 output: the log is built with sarif_om and written by a small serializer of our own.

The serializer keeps every value a builder passed explicitly, even when it equals the schema
default (a result's level "warning", kind "fail"), and drops None and empty lists, maps and
objects. Values left at their sarif_om defaults (rank -1, the driver's language) are not written.

The log keeps within GitHub code scanning's limits: one run, one location per result, at most
MAX_TAGS tags per rule and MAX_RESULTS results per run (the most severe are kept, and a
notification says how many were left out).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import attr
import sarif_om as om

from netlint import __version__
from netlint.findings import LEVEL_RANK, Finding, Notice, Report
from netlint.packs import Rule
from netlint.reporters._common import dumps
from netlint.reporters.sarif_layout import (
    BASE_ID,
    FINGERPRINT_KEY,
    RESULT_PROPERTIES,
    uri_of,
)
from netlint.suppression import how_to_suppress

if TYPE_CHECKING:
    from netlint.document import Document

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/netlint/netlint"
HELP_URI = "https://github.com/netlint/netlint/blob/main/README.md#rules"
MAX_RESULTS = 5000
MAX_TAGS = 10
CONTEXT_CHARS = 300
MIME_TYPES = {".md": "text/markdown", ".markdown": "text/markdown", ".rst": "text/x-rst", ".txt": "text/plain"}
KIND_TEXT = {
    "gap": "A gap check: it fires once per document, at line 1, when no affirmative, operative provision satisfies it.",
    "flag": "A flag: it fires on each operative sentence that authorizes, mandates or permits the practice.",
    "safeguard": "A safeguard check: it fires where a power is granted without the named safeguard in the same provision.",
}
_EXPLICIT = "_netlint_explicit"


def make(cls: type, **kwargs: Any) -> Any:
    """Build a sarif_om object and remember which fields were set explicitly, in order."""
    obj = cls(**kwargs)
    object.__setattr__(obj, _EXPLICIT, tuple(kwargs))
    return obj


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, (dict, list)) and not value)


def _fields(value: Any) -> list[Any]:
    """The attrs fields to write: the explicit ones in the order given, then any changed from default."""
    explicit = getattr(value, _EXPLICIT, ())
    by_name = {field.name: field for field in attr.fields(type(value))}
    chosen = [by_name[name] for name in explicit]
    for field in by_name.values():
        if field.name in explicit:
            continue
        default = field.default
        if isinstance(default, attr.Factory):  # type: ignore[arg-type]
            default = default.factory()
        if default is attr.NOTHING or getattr(value, field.name) != default:
            chosen.append(field)
    return chosen


def to_jsonable(value: Any) -> Any:
    """Map sarif_om objects, dicts and lists to JSON values; None and empty containers become None."""
    if attr.has(type(value)):
        out: dict[str, Any] = {}
        for field in _fields(value):
            item = to_jsonable(getattr(value, field.name))
            if not _is_empty(item):
                out[field.metadata.get("schema_property_name", field.name)] = item
        return out or None
    if isinstance(value, dict):
        out = {str(k): to_jsonable(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if not _is_empty(v)} or None
    if isinstance(value, (list, tuple)):
        items = [to_jsonable(v) for v in value]
        return [v for v in items if not _is_empty(v)] or None
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def _directory_uri(directory: str) -> str:
    uri = PurePath(directory).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _artifact_location(path: str, cwd: str, index: int | None = None) -> Any:
    uri, base = uri_of(path, cwd)
    kwargs: dict[str, Any] = {"uri": uri}
    if base:
        kwargs["uri_base_id"] = base
    if index is not None:
        kwargs["index"] = index
    return make(om.ArtifactLocation, **kwargs)


def _artifact(path: str, cwd: str, doc: Document | None) -> Any:
    kwargs: dict[str, Any] = {"location": _artifact_location(path, cwd), "roles": ["analysisTarget"]}
    mime = MIME_TYPES.get(PurePath(path).suffix.lower())
    if mime:
        kwargs["mime_type"] = mime
    if doc is not None:
        kwargs["encoding"] = doc.encoding
    return make(om.Artifact, **kwargs)


def _rule_tags(rule: Rule) -> list[str]:
    tags: list[str] = []
    for tag in (rule.kind, *rule.tags, "netmundial"):
        if tag and tag not in tags:
            tags.append(tag)
    return tags[:MAX_TAGS]


def _help(rule: Rule) -> tuple[str, str]:
    """The plain-text and Markdown help of a rule."""
    suppress, where = how_to_suppress(rule)
    text: list[str] = []
    md: list[str] = []
    if rule.principle:
        text.append(f"NETmundial principle: {rule.principle}")
        md.append(f"**NETmundial principle: {rule.principle}**")
    if rule.quote:
        text.append(f'"{rule.quote}"')
        md.append("\n".join("> " + line if line else ">" for line in rule.quote.splitlines()))
    if rule.why:
        text.append(rule.why)
        md.append(rule.why)
    if rule.fix:
        text.append(f"How to fix: {rule.fix}")
        md.append(f"**How to fix:** {rule.fix}")
    if rule.example:
        text.append(f"Example: {rule.example}")
        md.append("**Example:**\n\n" + "\n".join("> " + line if line else ">" for line in rule.example.splitlines()))
    text.append(f"To suppress one finding, put {suppress} {where}." if suppress else where)
    md.append(f"**How to suppress:** put `{suppress}` {where}." if suppress else f"**How to suppress:** {where}")
    return "\n\n".join(text), "\n\n".join(md)


def full_description(rule: Rule) -> str:
    """The rule's principle and why it matters; else its message and what its kind means."""
    parts = [part for part in (rule.principle, rule.why) if part]
    if not rule.why:
        parts += [part for part in (rule.message, KIND_TEXT.get(rule.kind, "")) if part and part not in parts]
    return "\n\n".join(parts) or rule.id


def _descriptor(rule: Rule) -> Any:
    short = rule.message or rule.principle or rule.id
    text, markdown = _help(rule)
    return make(
        om.ReportingDescriptor,
        id=rule.id,
        name=rule.friendly_name,
        short_description=make(om.MultiformatMessageString, text=short),
        full_description=make(om.MultiformatMessageString, text=full_description(rule)),
        help=make(om.MultiformatMessageString, text=text, markdown=markdown),
        help_uri=HELP_URI,
        default_configuration=make(om.ReportingConfiguration, level=rule.level),
        properties={
            "tags": _rule_tags(rule),
            "precision": rule.precision,
            "kind": rule.kind,
            "profiles": list(rule.profiles),
        },
    )


def _stub_rule(finding: Finding) -> Rule:
    """A rule for a result whose rule is not in the report (so ruleIndex stays valid)."""
    return Rule(id=finding.rule_id, slug=finding.slug or finding.rule_id.lower(), kind=finding.kind,
                level=finding.level, message=finding.message or finding.rule_id, precision="low")


def _offset(doc: Document, line: int, col: int) -> int:
    """The character offset of a 1-based line and column."""
    return doc.line_starts[line - 1] + max(col, 1) - 1


def _neighbour(doc: Document, line: int, step: int) -> int:
    """The nearest line with text before (step -1) or after (step 1) line; line itself when none."""
    k = line + step
    while 1 <= k <= len(doc.line_starts):
        if doc.text[doc.line_starts[k - 1]:doc.line_end(k)].strip():
            return k
        k += step
    return line


def _context_region(finding: Finding, doc: Document | None) -> Any:
    """The result with the lines of text either side of it (at most CONTEXT_CHARS each way), with its text."""
    r = finding.region
    last = max(r.end_line, r.start_line)
    if doc is None or finding.baseline_state == "absent" or not 1 <= r.start_line <= last <= len(doc.line_starts):
        return None
    text = doc.text
    start = _offset(doc, r.start_line, r.start_col)
    end = _offset(doc, r.end_line, r.end_col) if r.end_line >= 1 and r.end_col >= 1 else doc.line_end(r.start_line)
    first_start = doc.line_starts[_neighbour(doc, r.start_line, -1) - 1]
    last_end = doc.line_end(_neighbour(doc, last, 1))
    if not first_start <= start <= end <= last_end:
        return None
    lo, hi = max(first_start, start - CONTEXT_CHARS), min(last_end, end + CONTEXT_CHARS)
    space = text.find(" ", lo, start) if lo > first_start else -1
    lo = space + 1 if space >= 0 else lo
    space = text.rfind(" ", end, hi) if hi < last_end else -1
    hi = space if space > end else hi
    while lo < start and text[lo].isspace():
        lo += 1
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    if (lo, hi) == (start, end):
        return None
    (sl, sc), (el, ec) = doc.position(lo), doc.position(hi)
    return make(om.Region, start_line=sl, start_column=sc, end_line=el, end_column=ec,
                snippet=make(om.ArtifactContent, text=text[lo:hi]))


def _region(finding: Finding) -> Any:
    r = finding.region
    kwargs: dict[str, Any] = {"start_line": max(r.start_line, 1)}
    if r.start_col >= 1:
        kwargs["start_column"] = r.start_col
    if r.end_line >= 1:
        kwargs["end_line"] = max(r.end_line, kwargs["start_line"])
        if r.end_col >= 1:
            kwargs["end_column"] = r.end_col
    if finding.snippet:
        kwargs["snippet"] = make(om.ArtifactContent, text=finding.snippet)
    return make(om.Region, **kwargs)


def _result(finding: Finding, rule_index: int, cwd: str, artifact_index: int | None, doc: Document | None) -> Any:
    """A finding's result, written from its record (Finding.to_record), which a baseline reads back."""
    record = finding.to_record()
    kwargs: dict[str, Any] = {
        "rule_id": record["rule_id"],
        "rule_index": rule_index,
        "level": record["level"],
        "kind": "fail",
        "message": make(om.Message, text=record["text"]),
        "locations": [make(om.Location, physical_location=make(
            om.PhysicalLocation,
            artifact_location=_artifact_location(finding.path, cwd, artifact_index),
            region=_region(finding),
            context_region=_context_region(finding, doc),
        ))],
        "properties": {key: record[key] for key in RESULT_PROPERTIES},
    }
    if record["fingerprint"]:
        kwargs["partial_fingerprints"] = {FINGERPRINT_KEY: record["fingerprint"]}
    if finding.baseline_state:
        kwargs["baseline_state"] = finding.baseline_state
    if record["suppressed"]:
        kwargs["suppressions"] = [make(
            om.Suppression, kind="inSource",
            justification=record["suppression_reason"] or "netlint-disable directive",
        )]
    return make(om.Result, **kwargs)


def _notification(notice: Notice, cwd: str) -> Any:
    kwargs: dict[str, Any] = {"message": make(om.Message, text=notice.message), "level": notice.level}
    if notice.path:
        physical: dict[str, Any] = {"artifact_location": _artifact_location(notice.path, cwd)}
        if notice.line > 0:
            physical["region"] = make(om.Region, start_line=notice.line)
        kwargs["locations"] = [make(om.Location, physical_location=make(om.PhysicalLocation, **physical))]
    return make(om.Notification, **kwargs)


def capped(findings: list[Finding], limit: int | None) -> tuple[list[Finding], int]:
    """The findings to write, sorted, at most limit of them (current before absent, most severe first)."""
    ordered = sorted(findings, key=lambda f: f.sort_key)
    if limit is None or len(ordered) <= limit:
        return ordered, 0
    priority = sorted(ordered, key=lambda f: (f.baseline_state == "absent", -LEVEL_RANK.get(f.level, 0)))
    kept = priority[:limit]
    return sorted(kept, key=lambda f: f.sort_key), len(ordered) - limit


def _truncation_notice(total: int, dropped: int, limit: int) -> Notice:
    """The notification that says how many results the cap left out."""
    return Notice("", f"{total:,} results, but GitHub code scanning keeps at most {limit:,} per run: "
                      f"the {limit:,} most severe are in this log and {dropped:,} were left out; "
                      "`--format json` or `--format text` lists them all.")


def build_log(report: Report, cwd: str | None = None, sources: Mapping[str, Document] | None = None,
              max_results: int | None = MAX_RESULTS) -> Any:
    """The sarif_om SarifLog for a report; paths are made relative to cwd (default: the process cwd).

    sources maps a finding's path to its document, for context regions; max_results caps the results.
    """
    cwd = os.path.abspath(cwd or os.getcwd())
    sources = sources or {}
    findings, dropped = capped(report.findings, max_results)
    rules = {rule.id: rule for rule in report.rules}
    for finding in findings:
        rules.setdefault(finding.rule_id, _stub_rule(finding))
    descriptors = {rid: _descriptor(rule) for rid, rule in rules.items()}
    order = sorted(descriptors)
    rule_index = {rid: i for i, rid in enumerate(order)}
    files = sorted(set(report.files))
    file_index = {path: i for i, path in enumerate(files)}
    driver = make(
        om.ToolComponent,
        name="netlint",
        version=__version__,
        semantic_version=__version__,
        information_uri=INFORMATION_URI,
        rules=[descriptors[rid] for rid in order],
    )
    notices = sorted(report.notices, key=lambda n: (n.path, n.line, n.message))
    if dropped:
        notices.append(_truncation_notice(len(report.findings), dropped, max_results or 0))
    invocation = make(
        om.Invocation,
        execution_successful=True,
        tool_execution_notifications=[_notification(n, cwd) for n in notices],
    )
    run = make(
        om.Run,
        tool=make(om.Tool, driver=driver),
        column_kind="unicodeCodePoints",
        original_uri_base_ids={BASE_ID: make(om.ArtifactLocation, uri=_directory_uri(cwd))},
        artifacts=[_artifact(path, cwd, sources.get(path)) for path in files],
        invocations=[invocation],
        results=[_result(f, rule_index[f.rule_id], cwd, file_index.get(f.path), sources.get(f.path)) for f in findings],
    )
    return make(om.SarifLog, schema_uri=SCHEMA_URI, version="2.1.0", runs=[run])


def to_dict(report: Report, cwd: str | None = None, sources: Mapping[str, Document] | None = None,
            max_results: int | None = MAX_RESULTS) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict; `results` stays, even empty, to say the run found nothing."""
    log = to_jsonable(build_log(report, cwd, sources, max_results))
    log["runs"][0].setdefault("results", [])
    return log


def render(report: Report, *, cwd: str | None = None, sources: Mapping[str, Document] | None = None,
           max_results: int | None = MAX_RESULTS) -> str:
    """The SARIF 2.1.0 log of a report as indented JSON ending with a newline."""
    return dumps(to_dict(report, cwd, sources, max_results)) + "\n"
