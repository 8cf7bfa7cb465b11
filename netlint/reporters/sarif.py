"""SARIF 2.1.0 output: the log is built with sarif_om and written by a small serializer of our own.

The serializer keeps every value a builder passed explicitly, even when it equals the schema
default (a result's level "warning", kind "fail"), and drops None and empty lists, maps and
objects. Values left at their sarif_om defaults (rank -1, the driver's language) are not written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import attr
import sarif_om as om

from netlint import __version__
from netlint.findings import Finding, Notice, Report
from netlint.reporters._common import rel_path

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/netlint/netlint"
HELP_URI = "https://github.com/netlint/netlint/blob/main/README.md#rules"
BASE_ID = "SRCROOT"
FINGERPRINT_KEY = "netlintFingerprint/v1"
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
        if isinstance(default, attr.Factory):
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


def _uri(path: str, cwd: str) -> tuple[str, str | None]:
    """A URI for path: relative to SRCROOT when under cwd, else an absolute file URI."""
    rel = rel_path(os.path.join(cwd, path), cwd)
    if os.path.isabs(rel):
        return Path(rel).as_uri(), None
    return quote(rel, safe="/-._~!$&'()*+,;=:@"), BASE_ID


def _directory_uri(directory: str) -> str:
    uri = Path(directory).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _artifact_location(path: str, cwd: str, index: int | None = None) -> Any:
    uri, base = _uri(path, cwd)
    kwargs: dict[str, Any] = {"uri": uri}
    if base:
        kwargs["uri_base_id"] = base
    if index is not None:
        kwargs["index"] = index
    return make(om.ArtifactLocation, **kwargs)


def _rule_tags(rule: Any) -> list[str]:
    tags: list[str] = []
    for tag in (rule.kind, *rule.tags, "netmundial"):
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _help(rule: Any) -> tuple[str, str]:
    """The plain-text and Markdown help of a rule."""
    suppress = f"<!-- netlint-disable-next-line {rule.id} -->"
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
    text.append(f"To suppress one finding, put {suppress} on the line before it.")
    md.append(f"**How to suppress:** put `{suppress}` on the line before the finding.")
    return "\n\n".join(text), "\n\n".join(md)


def _descriptor(rule: Any) -> Any:
    short = rule.message or rule.principle or rule.id
    full = "\n\n".join(part for part in (rule.principle, rule.why) if part)
    text, markdown = _help(rule)
    return make(
        om.ReportingDescriptor,
        id=rule.id,
        name=rule.friendly_name,
        short_description=make(om.MultiformatMessageString, text=short),
        full_description=make(om.MultiformatMessageString, text=full) if full else None,
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


def _stub_descriptor(finding: Finding) -> Any:
    """A descriptor for a result whose rule is not in the report (so ruleIndex stays valid)."""
    return make(
        om.ReportingDescriptor,
        id=finding.rule_id,
        name="".join(part.capitalize() for part in finding.slug.split("-")) or None,
        short_description=make(om.MultiformatMessageString, text=finding.message or finding.rule_id),
        default_configuration=make(om.ReportingConfiguration, level=finding.level),
        properties={"tags": [finding.kind, "netmundial"] if finding.kind else ["netmundial"], "kind": finding.kind},
    )


def _message_text(finding: Finding) -> str:
    if not finding.evidence:
        return finding.message
    detail = "; ".join(f"{key}: {value}" for key, value in finding.evidence)
    return f"{finding.message} ({detail})"


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


def _result(finding: Finding, rule_index: int, cwd: str, artifact_index: int | None) -> Any:
    kwargs: dict[str, Any] = {
        "rule_id": finding.rule_id,
        "rule_index": rule_index,
        "level": finding.level,
        "kind": "fail",
        "message": make(om.Message, text=_message_text(finding)),
        "locations": [make(om.Location, physical_location=make(
            om.PhysicalLocation,
            artifact_location=_artifact_location(finding.path, cwd, artifact_index),
            region=_region(finding),
        ))],
        "properties": {"slug": finding.slug, "kind": finding.kind, "evidence": finding.evidence_dict()},
    }
    if finding.fingerprint:
        kwargs["partial_fingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.baseline_state:
        kwargs["baseline_state"] = finding.baseline_state
    if finding.suppressed:
        kwargs["suppressions"] = [make(
            om.Suppression, kind="inSource",
            justification=finding.suppression_reason or "netlint-disable directive",
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


def build_log(report: Report, cwd: str | None = None) -> Any:
    """The sarif_om SarifLog for a report; paths are made relative to cwd (default: the process cwd)."""
    cwd = os.path.abspath(cwd or os.getcwd())
    findings = sorted(report.findings, key=lambda f: f.sort_key)
    rules = {rule.id: rule for rule in report.rules}
    descriptors = {rid: _descriptor(rule) for rid, rule in rules.items()}
    for finding in findings:
        if finding.rule_id not in descriptors:
            descriptors[finding.rule_id] = _stub_descriptor(finding)
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
        artifacts=[make(om.Artifact, location=_artifact_location(path, cwd)) for path in files],
        invocations=[invocation],
        results=[_result(f, rule_index[f.rule_id], cwd, file_index.get(f.path)) for f in findings],
    )
    return make(om.SarifLog, schema_uri=SCHEMA_URI, version="2.1.0", runs=[run])


def to_dict(report: Report, cwd: str | None = None) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict; `results` stays, even empty, to say the run found nothing."""
    log = to_jsonable(build_log(report, cwd))
    log["runs"][0].setdefault("results", [])
    return log


def render(report: Report, *, cwd: str | None = None) -> str:
    """The SARIF 2.1.0 log of a report as indented JSON ending with a newline."""
    return json.dumps(to_dict(report, cwd), indent=2, ensure_ascii=False) + "\n"
