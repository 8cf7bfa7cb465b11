"""The Python API returns what the JSON report has, and the CLI runs the same pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import netlint
from netlint.cli import cli
from netlint.yamlsrc import SourceError

ROOT = Path(__file__).resolve().parent.parent
SHUTDOWN = "1. Powers\n\nThe Minister may order the suspension of internet access in any area.\n"


def test_check_text_returns_json_report_findings():
    found = netlint.check_text(SHUTDOWN, select=["nm114"])
    assert [(f["id"], f["line"], f["snippet"]) for f in found] == [("NM114", 3, found[0]["snippet"])]
    assert "suspension" in found[0]["snippet"].lower()
    assert set(found[0]) >= {"id", "slug", "kind", "level", "path", "line", "col", "message", "evidence"}
    assert netlint.check_text("1. The Board meets yearly.\n", select=["NM114"]) == []


def test_check_paths_equals_the_cli_json(monkeypatch):
    monkeypatch.chdir(ROOT)
    api = netlint.check_paths(["corpora"])
    result = CliRunner().invoke(cli, ["check", "--format", "json", "corpora"])
    assert result.exit_code == 1
    assert api == json.loads(result.output)
    assert api["summary"]["files"] == 4 and api["findings"]


def test_usage_errors_raise_source_error():
    with pytest.raises(SourceError, match="unknown rule ID or prefix 'XX9'"):
        netlint.check_text("text", select=["xx9"])


def test_each_file_is_read_once_even_for_sarif(monkeypatch, tmp_path):
    """SARIF context regions come from the document the check read (it used to read each file
    with findings a second time)."""
    from netlint import document, runner

    reads: list[str] = []
    real = runner.read_document

    def counting(path, display):
        reads.append(display)
        return real(path, display)

    monkeypatch.setattr(runner, "read_document", counting)
    monkeypatch.setattr(document, "read_document", counting)
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", "--jobs", "1", "corpora"])
    assert result.exit_code == 1, result.output
    log = json.loads(result.output)
    assert sorted(reads) == sorted(set(reads)) and len(reads) == 4
    regions = [r["locations"][0]["physicalLocation"].get("contextRegion") for r in log["runs"][0]["results"]]
    assert all(regions)
