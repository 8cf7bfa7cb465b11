"""pre-commit for real: `pre-commit try-repo` of this checkout, in a temporary git repository of drafts.

pre-commit builds the hook's virtual environment (netlint and spaCy from the package index) in a
temporary store for each try-repo call, so this test takes about a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "tests" / "data" / "pack"
BAD = "1. Powers\nThe Agency may carry out bulk interception of communications.\n"
CLEAN = "1. Scope\nThis Act applies to online services.\n"
IDENTITY = {"GIT_AUTHOR_NAME": "netlint tests", "GIT_AUTHOR_EMAIL": "tests@netlint.invalid",
            "GIT_COMMITTER_NAME": "netlint tests", "GIT_COMMITTER_EMAIL": "tests@netlint.invalid"}


def _git(cwd: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | IDENTITY
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _require(ok: bool, why: str) -> None:
    """Skip on a developer's machine that lacks a tool; in CI, where .ci/run installs it, fail."""
    if not ok:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(why)


def _hook_repo(tmp_path: Path) -> Path:
    """This checkout; a committed snapshot of it when it has untracked files, which try-repo leaves out."""
    untracked = _git(ROOT, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    if not any(untracked):
        return ROOT
    snapshot = tmp_path / "hook-repo"
    for name in filter(None, _git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")):
        if (ROOT / name).is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, snapshot / name)
    _git(snapshot, "init", "-q")
    _git(snapshot, "add", "-A")
    _git(snapshot, "commit", "-q", "-m", "snapshot of the working tree")
    return snapshot


def _try_repo(hook_repo: Path, drafts: Path, *files: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=str(drafts.parent / "pre-commit-home"), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "netlint",
                           "--verbose", "--color", "never", "--files", *files],
                          cwd=drafts, env=env, capture_output=True, text=True, timeout=1200)


def test_hook_fails_on_a_bad_draft_and_passes_on_a_clean_one(tmp_path):
    _require(shutil.which("git") is not None, "git is not installed")
    _require(subprocess.run([sys.executable, "-m", "pre_commit", "--version"], capture_output=True).returncode == 0,
             "pre-commit is not installed (pip install '.[test]')")
    _require((ROOT / ".git").exists(), f"{ROOT} is not a git checkout")
    hook_repo = _hook_repo(tmp_path)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    _git(drafts, "init", "-q")
    (drafts / ".netlint.yaml").write_text(f"select: [T101, T103]\nrules: ['{PACK.as_posix()}']\n", encoding="utf-8")
    (drafts / "bad.md").write_text(BAD, encoding="utf-8")
    (drafts / "notes.py").write_text(f"# {BAD}", encoding="utf-8")
    (drafts / "clean.txt").write_text(CLEAN, encoding="utf-8")
    _git(drafts, "add", "-A")

    bad = _try_repo(hook_repo, drafts, "bad.md", "notes.py")
    out = bad.stdout + bad.stderr
    assert bad.returncode == 1, out
    assert "Failed" in out and "exit code: 1" in out
    assert "bad.md:2:26: T101 [error] Bulk interception." in out
    assert "notes.py" not in out.split("hook id: netlint")[1]

    clean = _try_repo(hook_repo, drafts, "clean.txt")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
