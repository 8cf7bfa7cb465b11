"""Shared fixtures: the built-in pack compiled once per test session, and a checker helper."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from netlint.match import compile_pack
from netlint.document import parse_text
from netlint.engine import check_document
from netlint.packs import builtin_rules_dir, load_pack

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pack():
    return load_pack([builtin_rules_dir()])


@pytest.fixture(scope="session")
def compiled(pack):
    return compile_pack(pack, list(pack.rules.values()))


@pytest.fixture(scope="session")
def lint(pack, compiled):
    """lint(text, ids=None, profile='national', name='doc.md') -> findings of the selected rules."""

    def run(text: str, ids=None, profile: str = "national", name: str = "doc.md"):
        rules = [r for r in pack.rules.values() if ids is None or r.id in ids]
        findings, _ = check_document(parse_text(text, name), compiled, rules, profile)
        return findings

    return run


def netlint_cmd() -> list[str]:
    """The CLI as a real subprocess of this interpreter."""
    return [sys.executable, "-m", "netlint"]


@pytest.fixture
def run_cli(tmp_path):
    import subprocess

    def run(*args: str, cwd: Path | None = None, input: str | None = None):
        env = dict(os.environ, NO_COLOR="1")
        return subprocess.run(netlint_cmd() + list(args), capture_output=True, text=True,
                              cwd=str(cwd or tmp_path), env=env, input=input, timeout=300)

    return run
