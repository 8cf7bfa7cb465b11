"""Finding the files to check: paths walked, each file once, excludes applied, paths made relative."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from netlint.document import SUFFIXES
from netlint.findings import Notice
from netlint.yamlsrc import SourceError

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "env", ".env", "__pycache__", ".tox",
             ".nox", ".mypy_cache", ".pytest_cache", "site-packages", "build", "dist", ".eggs"}


def display_path(path: Path, cwd: Path) -> str:
    """A path as reported: relative to the working directory when inside it, with forward slashes."""
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.path.abspath(cwd))
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


def collect(paths: list[str], cwd: Path, exclude: list[str]) -> tuple[list[tuple[Path, str]], list[Notice]]:
    """Files to check (each once), walking directories; missing paths raise SourceError."""
    files: list[tuple[Path, str]] = []
    notices: list[Notice] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        try:
            real = os.path.realpath(p)
        except OSError:
            real = str(p)
        if real in seen:
            return
        seen.add(real)
        disp = display_path(p, cwd)
        if any(fnmatch.fnmatch(disp, g) for g in exclude):
            return
        files.append((p, disp))

    for raw in paths:
        p = Path(raw)
        if not p.exists() and not p.is_symlink():
            raise SourceError(raw, 0, "no such file or directory")
        if p.is_dir():
            for root, dirs, names in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")
                                 and not os.path.exists(os.path.join(root, d, "pyvenv.cfg")))
                for name in sorted(names):
                    if name.lower().endswith(SUFFIXES):
                        fp = Path(root) / name
                        if fp.is_symlink() and not fp.exists():
                            notices.append(Notice(display_path(fp, cwd), "broken symbolic link; skipped"))
                            continue
                        add(fp)
        elif p.exists():
            add(p)
        else:
            notices.append(Notice(raw, "broken symbolic link; skipped"))
    files.sort(key=lambda x: x[1])
    return files, notices
