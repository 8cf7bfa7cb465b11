"""Shared fixtures and the few helpers through which tests reach netlint: the checking API
(`check`, the `lint` fixture), the CLI in this process (`run_cli`) and as a real process (`run_process`)."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from netlint.match import compile_pack
from netlint.document import parse_text
from netlint.engine import check_document
from netlint.packs import builtin_rules_dir, load_pack

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@functools.cache
def builtin():
    """The built-in pack and its compiled form, built once per process."""
    pack = load_pack([builtin_rules_dir()])
    return pack, compile_pack(pack, list(pack.rules.values()))


def check(text: str, ids=None, profile: str = "national", name: str = "doc.md"):
    """The checking API, in one place: (findings, satisfied) of the selected built-in rules on text.

    satisfied maps a gap rule's ID to where it was satisfied ("line N: sentence").
    """
    pack, compiled = builtin()
    rules = [r for r in pack.rules.values() if ids is None or r.id in ids]
    return check_document(parse_text(text, name), compiled, rules, profile)


@pytest.fixture(scope="session")
def pack():
    return builtin()[0]


@pytest.fixture(scope="session")
def compiled():
    return builtin()[1]


@pytest.fixture(scope="session")
def lint():
    """lint(text, ids=None, profile='national', name='doc.md') -> findings of the selected rules."""

    def run(text: str, ids=None, profile: str = "national", name: str = "doc.md"):
        return check(text, ids, profile, name)[0]

    return run


def netlint_cmd() -> list[str]:
    """The CLI as a real subprocess of this interpreter."""
    return [sys.executable, "-m", "netlint"]


def invoke(*args: str, cwd: Path | str = ".", input: str | None = None) -> subprocess.CompletedProcess:
    """The CLI run in this process (click's test runner around `netlint.cli.main`), in cwd.

    Returns what a real run would: exit status, stdout and stderr as text.
    """
    from netlint.cli import main

    try:
        runner = CliRunner(env={"NO_COLOR": "1"}, mix_stderr=False)  # click 8.1
    except TypeError:
        runner = CliRunner(env={"NO_COLOR": "1"})  # click 8.2 and later: stderr is always apart
    before = os.getcwd()
    os.chdir(cwd)
    try:
        with runner.isolation(input=input) as streams:
            code = main(list(args))
            out, err = (stream.getvalue().decode("utf-8") for stream in streams[:2])
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(list(args), code, out, err)


@pytest.fixture
def run_cli(tmp_path):
    """run_cli(*args, cwd=tmp_path, input=None): the CLI in this process, as `invoke`."""

    def run(*args: str, cwd: Path | None = None, input: str | None = None):
        return invoke(*args, cwd=cwd or tmp_path, input=input)

    return run


@pytest.fixture
def run_process(tmp_path):
    """run_process(*args, cwd=tmp_path, input=None): `python -m netlint` as a real subprocess."""

    def run(*args: str, cwd: Path | None = None, input: str | None = None):
        env = dict(os.environ, NO_COLOR="1")
        return subprocess.run(netlint_cmd() + list(args), capture_output=True, text=True,
                              cwd=str(cwd or tmp_path), env=env, input=input, timeout=300)

    return run
