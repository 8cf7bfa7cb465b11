"""Behaviour on bad input: encodings, line endings, sizes, odd files and paths, interrupts."""

from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BAD = "1. Powers\r\nThe Board may expel a member at its sole discretion.\r\n"


def _findings(run_cli, *paths, select="NM613"):
    r = run_cli("check", "--select", select, "--format", "json", "--jobs", "1", *paths)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE), ("cp1252", b""), ("latin-1", b""),
])
def test_encodings_keep_positions(tmp_path, run_cli, encoding, bom):
    text = "Préambule – the Board’s powers\n" if encoding == "cp1252" else "Préambule: the Board's powers\n"
    text += "2. Powers\nThe Board may expel a member at its sole discretion.\n"
    (tmp_path / "d.txt").write_bytes(bom + text.encode(encoding))
    data = _findings(run_cli, "d.txt")
    (f,) = data["findings"]
    assert (f["line"], f["col"], f["snippet"]) == (3, 37, "sole discretion")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_and_no_final_newline(tmp_path, run_cli, newline):
    text = newline.join(["Title", "", "1. Powers", "The Board may expel a member at its sole discretion."])
    (tmp_path / "d.md").write_bytes(text.encode("utf-8"))
    (f,) = _findings(run_cli, "d.md")["findings"]
    assert (f["line"], f["col"]) == (4, 37)


def test_mixed_line_endings(tmp_path, run_cli):
    (tmp_path / "d.txt").write_bytes(b"a\r\nb\rc\n1. Powers\r\nThe Board may act at its sole discretion.\n")
    (f,) = _findings(run_cli, "d.txt")["findings"]
    assert (f["line"], f["col"]) == (5, 26)


def test_empty_one_word_and_whitespace_files(tmp_path, run_cli):
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "one.txt").write_text("Charter", encoding="utf-8")
    (tmp_path / "blank.rst").write_text("\n\n   \n", encoding="utf-8")
    r = run_cli("check", "--format", "sarif", "empty.md", "one.txt", "blank.rst")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    results = json.loads(r.stdout)["runs"][0]["results"]
    assert {res["locations"][0]["physicalLocation"]["region"]["startLine"] for res in results} == {1}


def test_very_long_line(tmp_path, run_cli):
    filler = "The Council shall meet. " * 45000
    (tmp_path / "long.txt").write_text(filler + "The Board may act at its sole discretion.\n", encoding="utf-8")
    (f,) = _findings(run_cli, "long.txt")["findings"]
    assert f["line"] == 1 and f["col"] == len(filler) + 26


def test_document_larger_than_spacy_max_length(tmp_path, run_cli):
    para = "{n}. Duties\nThe Board shall meet in public and publish its minutes within ten days.\n\n"
    parts = []
    for n in range(1, 14000):
        parts.append(para.format(n=n))
        if n in (2, 7000, 13998):
            parts.append(f"{n}A. Powers\nThe Board may expel a member at its sole discretion.\n\n")
    text = "".join(parts)
    assert len(text) > 1_000_000
    (tmp_path / "big.md").write_text(text, encoding="utf-8")
    found = _findings(run_cli, "big.md")["findings"]
    lines = [f["line"] for f in found]
    expected = [i + 1 for i, line in enumerate(text.split("\n")) if "sole discretion" in line]
    assert lines == expected and len(lines) == 3


def test_binary_and_nul_files_are_notices(tmp_path, run_cli):
    (tmp_path / "a.txt").write_bytes(b"Some text\x00with a NUL")
    (tmp_path / "b.md").write_bytes(BAD.encode())
    data = _findings(run_cli, ".")
    assert [f["path"] for f in data["findings"]] == ["b.md"]
    assert any(n["path"] == "a.txt" and "binary" in n["message"] for n in data["notices"])


def test_front_matter_comments_tables_code_and_links_keep_positions(tmp_path, run_cli):
    text = ("---\ntitle: Draft\n---\n<!-- a comment\nspanning lines -->\n| Power | Holder |\n|---|---|\n"
            "| expel at its sole discretion | Board |\n\n```\nat its sole discretion\n```\n"
            "See [the rules](https://example.org/at-its-sole-discretion).\n\n"
            "2. Powers\nThe Board may expel a member at its sole discretion.\n")
    (tmp_path / "d.md").write_text(text, encoding="utf-8")
    found = [(f["line"], f["col"]) for f in _findings(run_cli, "d.md")["findings"]]
    assert found == [(8, 16), (16, 37)]


def test_control_characters_and_rtl_text(tmp_path, run_cli):
    text = "مقدمة \x07 النص\n1. Powers\nThe Board may expel a member at its sole discretion.\n"
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    (f,) = _findings(run_cli, "d.txt")["findings"]
    assert (f["line"], f["col"]) == (3, 37)


def test_unusual_paths(tmp_path, run_cli):
    d = tmp_path / "drafts dir"
    d.mkdir()
    (d / "résumé draft.md").write_text(BAD, encoding="utf-8")
    loop = d / "loop"
    loop.symlink_to(loop)
    (d / "self").symlink_to(d, target_is_directory=True)
    data = _findings(run_cli, "drafts dir", "drafts dir/résumé draft.md")
    assert [f["path"] for f in data["findings"]] == ["drafts dir/résumé draft.md"]


def test_many_files(tmp_path, run_cli):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(1500):
        (d / f"f{i:04d}.txt").write_text("Charter\n", encoding="utf-8")
    (d / "f0777.txt").write_text(BAD, encoding="utf-8")
    data = _findings(run_cli, "many")
    assert [f["path"] for f in data["findings"]] == ["many/f0777.txt"]


def test_unreadable_file_is_a_notice(tmp_path, monkeypatch, pack):
    from pathlib import Path

    from netlint import runner
    from netlint.config import Config
    from netlint.selection import active_rules
    from netlint.selector import Selector

    (tmp_path / "ok.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "locked.md").write_text(BAD, encoding="utf-8")
    real = Path.read_bytes

    def guarded(self):
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    cfg = Config()
    rules = active_rules(pack, cfg, Selector(["NM613"]), None, None)
    checker = runner.Checker(pack, rules, cfg)
    files = [(tmp_path / "locked.md", "locked.md"), (tmp_path / "ok.md", "ok.md")]
    findings, notices, _, _ = runner.run(checker, files)
    assert [f.path for f in findings] == ["ok.md"]
    assert [(n.path, "permission denied" in n.message) for n in notices] == [("locked.md", True)]


def test_outputs_identical_for_any_jobs(tmp_path, run_process):
    for i in range(12):
        (tmp_path / f"d{i:02d}.md").write_text(BAD.replace("member", f"member {i}"), encoding="utf-8")
    outs = {}
    for fmt in ("sarif", "json", "text"):
        for jobs in ("1", "2", "3"):
            r = run_process("check", "--format", fmt, "--jobs", jobs, ".")
            outs.setdefault(fmt, set()).add(r.stdout)
    assert all(len(v) == 1 for v in outs.values())


def _long_run(where: Path) -> None:
    """Four files of 300,000 words each: several seconds a file for a worker on any machine, so
    that a run is still checking when a test interrupts it."""
    text = "".join(f"{n}. Duties\nThe Board shall meet and publish its minutes.\n\n" for n in range(1, 30000))
    for i in range(4):
        (where / f"big{i}.md").write_text(text, encoding="utf-8")


def _workers(proc: subprocess.Popen, n: int = 2) -> list[int]:
    """The run's worker processes, once n of them are up (at most a minute's wait)."""
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < n and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
        workers = _children(proc.pid)
    return workers


def test_ctrl_c_exits_130_without_traceback(tmp_path):
    _long_run(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "netlint", "check", "--jobs", "2", "--output", "out.sarif",
                             "--format", "sarif", "."], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert len(_workers(proc)) == 2, "the run started two workers"
    time.sleep(1)  # into the checking
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert not (tmp_path / "out.sarif").exists()
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".out.sarif")]


def test_catastrophic_user_regex_is_bounded(tmp_path, run_cli):
    rules = tmp_path / "myrules"
    rules.mkdir()
    (rules / "ORG1-slow.yaml").write_text(
        "id: ORG1\nslug: slow\nkind: flag\nlevel: warning\nmessage: Slow.\ntext:\n  regex: ['(a|aa)+$']\n", encoding="utf-8")
    (tmp_path / "d.txt").write_text("a" * 60 + "!\n", encoding="utf-8")
    start = time.monotonic()
    r = run_cli("check", "--rules", "myrules", "--select", "ORG1", "d.txt")
    assert time.monotonic() - start < 60
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert "ORG1 exceeded its 2 s time limit" in r.stdout


def _children(pid: int) -> list[int]:
    """Live (not zombie) child processes of pid, read from /proc."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry))
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers die with their parent on Linux")
def test_workers_do_not_outlive_a_killed_parent(tmp_path):
    """However the parent ends (here SIGKILL, which no handler sees), its --jobs workers end too,
    instead of waiting forever on a queue while holding the terminal or the caller's pipes."""
    _long_run(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "netlint", "check", "--jobs", "2", "."], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = _workers(proc)
    assert len(workers) == 2, "the run started two workers"
    proc.kill()
    proc.wait(timeout=30)
    deadline = time.monotonic() + 1.5  # at once: without it, each would finish its file first
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
