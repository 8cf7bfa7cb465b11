"""Configuration: `.netlint.yaml` or `[tool.netlint]` in pyproject.toml, found by walking up; strict."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netlint.findings import LEVELS, PROFILES
from netlint.selector import Selector
from netlint.yamlsrc import LineDict, SourceError, load_yaml_file

CONFIG_NAMES = (".netlint.yaml", ".netlint.yml")
KEYS = {"profile", "select", "ignore", "extend-select", "per-file-ignores", "per-file-profiles", "severity",
        "rules", "fail-on", "exclude"}
FAIL_ON = ("error", "warning", "note", "never", "new")


@dataclass
class Config:
    """Settings from a config file; `path` is where they came from (None: defaults)."""

    path: Path | None = None
    profile: str = "national"
    select: Selector = field(default_factory=Selector)
    ignore: Selector = field(default_factory=Selector)
    extend_select: Selector = field(default_factory=Selector)
    per_file_ignores: dict[str, Selector] = field(default_factory=dict)
    per_file_profiles: dict[str, str] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    rules: list[Path] = field(default_factory=list)
    fail_on: str | None = None
    exclude: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def profile_for(self, rel_path: str) -> str:
        """The profile of a file: the first per-file-profiles glob it matches, else the default."""
        for glob, prof in self.per_file_profiles.items():
            if fnmatch.fnmatch(rel_path, glob):
                return prof
        return self.profile

    def ignored_for(self, rel_path: str) -> Selector:
        """The rules per-file-ignores turns off for a file (every glob it matches)."""
        return Selector(i for glob, ids in self.per_file_ignores.items() if fnmatch.fnmatch(rel_path, glob) for i in ids)


def find_config(start: Path) -> Path | None:
    """The nearest .netlint.yaml, or pyproject.toml with [tool.netlint], from start upwards."""
    for d in [start, *start.parents]:
        for name in CONFIG_NAMES:
            if (d / name).is_file():
                return d / name
        pp = d / "pyproject.toml"
        if pp.is_file():
            try:
                text = pp.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if re.search(r"^\[tool\.netlint\]", text, re.M):
                return pp
    return None


def _load_pyproject(path: Path) -> tuple[dict, dict[str, int]]:
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise SourceError(path, int(m.group(1)) if m else 1, f"invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(path, 1, f"cannot read: {exc}") from None
    section = data.get("tool", {}).get("netlint", {})
    lines: dict[str, int] = {}
    head = re.search(r"^\[tool\.netlint\]", text, re.M)
    if head:
        start_line = text[: head.start()].count("\n") + 1
        for i, line in enumerate(text.splitlines()[start_line:], start=start_line + 1):
            if line.startswith("["):
                break
            m = re.match(r"\s*\"?([A-Za-z_-]+)\"?\s*=", line)
            if m:
                lines.setdefault(m.group(1), i)
    return section, lines


def _ids(path: Path, line: int, value: Any, key: str) -> Selector:
    """A list of rule IDs or prefixes (or one string of them separated by commas or spaces)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourceError(path, line, f"{key!r} must be a list of rule IDs or prefixes")
    return Selector.parse(value)


def load_config(path: Path | None) -> Config:
    """Read and validate a config file; every problem is a SourceError naming the line."""
    if path is None:
        return Config()
    path = Path(path)
    if path.name == "pyproject.toml":
        data, lines = _load_pyproject(path)
    else:
        data = load_yaml_file(path)
        if data is None:
            data = LineDict()
        if not isinstance(data, dict):
            raise SourceError(path, 1, "config must be a YAML mapping")
        lines = dict(data.lines) if isinstance(data, LineDict) else {}
    cfg = Config(path=path, lines=lines)

    def line(key: str) -> int:
        return lines.get(key, 1)

    for key in data:
        if key not in KEYS:
            raise SourceError(path, line(key), f"unknown config key {key!r} (allowed: {', '.join(sorted(KEYS))})")
    if "profile" in data:
        if data["profile"] not in PROFILES:
            raise SourceError(path, line("profile"), f"profile must be one of {', '.join(PROFILES)}")
        cfg.profile = data["profile"]
    for key, attr in (("select", "select"), ("ignore", "ignore"), ("extend-select", "extend_select")):
        if key in data:
            setattr(cfg, attr, _ids(path, line(key), data[key], key))
    for key in ("per-file-ignores", "per-file-profiles", "severity"):
        if key in data and not isinstance(data[key], dict):
            raise SourceError(path, line(key), f"{key!r} must be a mapping")
    for glob, ids in (data.get("per-file-ignores") or {}).items():
        cfg.per_file_ignores[str(glob)] = _ids(path, line("per-file-ignores"), ids, "per-file-ignores")
    for glob, prof in (data.get("per-file-profiles") or {}).items():
        if prof not in PROFILES:
            raise SourceError(path, line("per-file-profiles"), f"profile for {glob!r} must be one of {', '.join(PROFILES)}")
        cfg.per_file_profiles[str(glob)] = prof
    for rid, level in (data.get("severity") or {}).items():
        if level not in LEVELS:
            raise SourceError(path, line("severity"), f"severity of {rid} must be one of {', '.join(LEVELS)}")
        cfg.severity[str(rid).upper()] = level
    if "rules" in data:
        dirs = data["rules"]
        if isinstance(dirs, str):
            dirs = [dirs]
        if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
            raise SourceError(path, line("rules"), "'rules' must be a list of directories")
        cfg.rules = [(path.parent / d) for d in dirs]
    if "fail-on" in data:
        if data["fail-on"] not in FAIL_ON:
            raise SourceError(path, line("fail-on"), f"fail-on must be one of {', '.join(FAIL_ON)}")
        cfg.fail_on = data["fail-on"]
    if "exclude" in data:
        ex = data["exclude"]
        if not isinstance(ex, list) or not all(isinstance(e, str) for e in ex):
            raise SourceError(path, line("exclude"), "'exclude' must be a list of glob patterns")
        cfg.exclude = list(ex)
    return cfg


def check_ids(cfg: Config, known: set[str]) -> None:
    """Every ID or prefix in the config must name at least one known rule."""
    groups = [("select", cfg.select), ("ignore", cfg.ignore), ("extend-select", cfg.extend_select),
              ("severity", Selector(cfg.severity))] + [("per-file-ignores", v) for v in cfg.per_file_ignores.values()]
    for key, ids in groups:
        for rid in ids.unknown(known):
            raise SourceError(cfg.path or ".netlint.yaml", cfg.lines.get(key, 1),
                              f"unknown rule ID or prefix {rid!r} in {key!r}")
