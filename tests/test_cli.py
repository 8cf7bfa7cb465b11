"""The command line: exit statuses, formats, config, errors; in this process, and as a real
`python -m netlint` process for one run with findings and one usage error."""

from __future__ import annotations

import json
import subprocess
import sys

BAD = "1. Powers\nThe Minister may suspend internet services in any region as the Minister deems fit.\n"


def _doc(tmp_path, name="draft.md", text=BAD):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_findings_exit_1_and_text_format(tmp_path, run_process):
    _doc(tmp_path)
    r = run_process("check", "--select", "NM613", "draft.md")
    assert r.returncode == 1, r.stderr
    assert "draft.md:2:" in r.stdout and "NM613" in r.stdout
    assert "\x1b[" not in r.stdout


def test_clean_document_exits_0(tmp_path, run_cli):
    _doc(tmp_path, text="1. Scope\nThis Act applies to services.\n")
    r = run_cli("check", "--select", "NM613,NM110", "draft.md")
    assert r.returncode == 0, r.stdout + r.stderr


def test_fail_on_never_and_error(tmp_path, run_cli):
    _doc(tmp_path)
    assert run_cli("check", "--select", "NM613", "--fail-on", "never", "draft.md").returncode == 0
    assert run_cli("check", "--select", "NM613", "--fail-on", "error", "draft.md").returncode == 0
    assert run_cli("check", "--select", "NM613", "--fail-on", "warning", "draft.md").returncode == 1


def test_sarif_to_output_file(tmp_path, run_cli):
    _doc(tmp_path)
    r = run_cli("check", "--profile", "national", "--format", "sarif", "--output", "out.sarif", "draft.md")
    assert r.returncode == 1 and r.stdout == ""
    log = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    ids = {res["ruleId"] for res in results}
    assert "NM613" in ids
    nm613 = next(res for res in results if res["ruleId"] == "NM613")
    assert nm613["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert nm613["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "draft.md"
    assert not list(tmp_path.glob(".out.sarif.*"))


def test_json_format_fields(tmp_path, run_cli):
    _doc(tmp_path)
    r = run_cli("check", "--select", "NM613", "--format", "json", "draft.md")
    data = json.loads(r.stdout)
    (f,) = data["findings"]
    assert {"id", "slug", "kind", "level", "path", "line", "col", "end_line", "end_col", "message",
            "evidence", "suppressed"} <= set(f)
    assert f["id"] == "NM613" and f["line"] == 2


def test_github_format(tmp_path, run_cli):
    _doc(tmp_path)
    r = run_cli("check", "--select", "NM613", "--format", "github", "draft.md")
    assert r.stdout.startswith("::warning file=draft.md,line=2,")


def test_missing_path_is_usage_error(tmp_path, run_process):
    r = run_process("check", "nope.md")
    assert r.returncode == 2
    assert "nope.md" in r.stderr and "Traceback" not in r.stderr


def test_unknown_select_id_is_usage_error(tmp_path, run_cli):
    _doc(tmp_path)
    r = run_cli("check", "--select", "XX999", "draft.md")
    assert r.returncode == 2 and "XX999" in r.stderr


def test_bad_config_names_file_and_line(tmp_path, run_cli):
    _doc(tmp_path)
    (tmp_path / ".netlint.yaml").write_text("profile: national\nselekt: [NM1]\n", encoding="utf-8")
    r = run_cli("check", "draft.md")
    assert r.returncode == 2
    assert ".netlint.yaml:2:" in r.stderr and "selekt" in r.stderr and "Traceback" not in r.stderr


def test_config_unknown_rule_id(tmp_path, run_cli):
    _doc(tmp_path)
    (tmp_path / ".netlint.yaml").write_text("ignore: [NM999]\n", encoding="utf-8")
    r = run_cli("check", "draft.md")
    assert r.returncode == 2 and "NM999" in r.stderr


def test_config_found_walking_up_and_pyproject(tmp_path, run_cli):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    _doc(sub)
    (tmp_path / "pyproject.toml").write_text("[tool.netlint]\nselect = [\"NM613\"]\nfail-on = \"never\"\n", encoding="utf-8")
    r = run_cli("check", "--format", "json", "draft.md", cwd=sub)
    data = json.loads(r.stdout)
    assert r.returncode == 0
    assert {f["id"] for f in data["findings"]} == {"NM613"}


def test_per_file_ignores_and_severity(tmp_path, run_cli):
    _doc(tmp_path)
    (tmp_path / ".netlint.yaml").write_text(
        "select: [NM613, NM114]\nseverity: {NM613: note}\nper-file-ignores:\n  \"draft.*\": [NM114]\n", encoding="utf-8")
    r = run_cli("check", "--format", "json", "draft.md")
    data = json.loads(r.stdout)
    assert [(f["id"], f["level"]) for f in data["findings"]] == [("NM613", "note")]


def test_front_matter_profile(tmp_path, run_cli):
    _doc(tmp_path, text="---\nnetlint:\n  profile: charter\n---\nThe Board decides.\n")
    r = run_cli("check", "--format", "json", "--select", "NM6", "draft.md")
    ids = {f["id"] for f in json.loads(r.stdout)["findings"]}
    assert "NM611" in ids  # a charter-only gap
    r2 = run_cli("check", "--profile", "national", "--format", "json", "--select", "NM6", "draft.md")
    assert "NM611" not in {f["id"] for f in json.loads(r2.stdout)["findings"]}


def test_directory_walk_skips_vcs_and_unsupported(tmp_path, run_cli):
    (tmp_path / "docs").mkdir()
    _doc(tmp_path / "docs", "a.md")
    (tmp_path / "docs" / "b.pdf").write_bytes(b"%PDF")
    (tmp_path / ".git").mkdir()
    _doc(tmp_path / ".git", "c.md")
    r = run_cli("check", "--select", "NM613", "--format", "json", ".")
    paths = {f["path"] for f in json.loads(r.stdout)["findings"]}
    assert paths == {"docs/a.md"}


def test_binary_file_is_a_notice_not_a_crash(tmp_path, run_cli):
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    _doc(tmp_path)
    r = run_cli("check", "--select", "NM613", "--format", "sarif", "blob.txt", "draft.md")
    assert r.returncode == 1
    log = json.loads(r.stdout)
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("binary" in n["message"]["text"] for n in notes)


def test_rules_and_explain(tmp_path, run_cli):
    r = run_cli("rules")
    assert r.returncode == 0 and "NM110" in r.stdout and "mass-surveillance" in r.stdout
    e = run_cli("explain", "NM110")
    assert e.returncode == 0 and "NETmundial" in e.stdout and "netlint-disable" in e.stdout
    assert run_cli("explain", "NM000").returncode == 2


def test_version_and_rules_do_not_import_spacy(tmp_path):
    code = ("import sys\nfrom netlint.cli import main\nrc = main(sys.argv[1:])\n"
            "assert 'spacy' not in sys.modules, 'spacy imported'\nprint('ok', rc)\n")
    for args in (["--version"], ["rules"]):
        r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path)
        assert r.returncode == 0 and "ok 0" in r.stdout, r.stderr


def test_path_given_twice_is_checked_once(tmp_path, run_cli):
    _doc(tmp_path)
    r = run_cli("check", "--select", "NM613", "--format", "json", "draft.md", "./draft.md")
    assert len(json.loads(r.stdout)["findings"]) == 1
