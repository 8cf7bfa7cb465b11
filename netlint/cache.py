"""A cache of parsed rule packs and compiled plans, so that start-up skips YAML, lemminflect and compiling.

Entries live in NETLINT_CACHE_DIR, else $XDG_CACHE_HOME/netlint, else ~/.cache/netlint;
NETLINT_NO_CACHE=1 turns the cache off. An entry's name is a hash of everything it depends on
(the rule files' bytes, netlint's, spaCy's and Python's versions, the pipeline), so a changed
pack is a new entry, never a stale one. Any error in reading an entry means: compile again and
atomically rewrite it. Entries are unpickled with an allow-list of netlint's own classes.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from netlint import __version__
from netlint.packs import Pack, Rule, load_pack

FORMAT = 2
KEEP = 24
_ALLOWED = {
    ("netlint.packs", "Pack"), ("netlint.packs", "Rule"), ("netlint.packs", "Trigger"),
    ("netlint.packs", "TextCheck"), ("netlint.packs", "Negation"),
    ("netlint.match.plan", "Plan"), ("netlint.match.plan", "Group"), ("netlint.match.plan", "KeyInfo"),
    ("netlint.match.plan", "Role"),
    ("netlint.yamlsrc", "LineDict"), ("netlint.yamlsrc", "LineList"),
}


def cache_dir() -> Path | None:
    """Where entries live, or None when NETLINT_NO_CACHE is set to anything but 0."""
    if os.environ.get("NETLINT_NO_CACHE", "") not in ("", "0"):
        return None
    if os.environ.get("NETLINT_CACHE_DIR"):
        return Path(os.environ["NETLINT_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "netlint"


class _Unpickler(pickle.Unpickler):
    """Unpickles only plain data and netlint's own rule and plan classes."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@cache
def _versions() -> str:
    """The cache format, netlint's version and a digest of its code (so an edited checkout recompiles), Python's version."""
    here = Path(__file__).resolve().parent
    code = _digest(*(p.read_bytes() for p in sorted(here.glob("*.py"))))
    return f"{FORMAT}|{__version__}|{code}|{sys.version_info[:2]}"


def load(kind: str, key: str) -> Any | None:
    """The cached object of this kind and key, or None (absent, unreadable, corrupt or foreign)."""
    root = cache_dir()
    if root is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes many containers and nothing cyclic to free: collections would only cost
    try:
        data = (root / f"{kind}-{key}.pickle").read_bytes()
        stored_key, obj = _Unpickler(io.BytesIO(data)).load()
    except Exception:
        return None
    finally:
        if collecting:
            gc.enable()
    return obj if stored_key == key else None


def store(kind: str, key: str, obj: Any) -> None:
    """Write an entry atomically (temporary file renamed over it); a cache that cannot be written is skipped."""
    root = cache_dir()
    if root is None:
        return
    tmp = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", dir=str(root))
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((key, obj), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, root / f"{kind}-{key}.pickle")
        tmp = None
        _prune(root)
    except OSError:
        pass
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _prune(root: Path) -> None:
    """Keep the most recently written entries only."""
    entries = sorted(root.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)


def pack_key(dirs: list[Path]) -> str | None:
    """A hash of the rule directories' YAML files, in load order; None if one cannot be read."""
    parts: list[bytes | str] = [_versions()]
    try:
        for d in map(Path, dirs):
            parts.append(str(d))
            for path in sorted(d.glob("*.yaml")) + sorted(d.glob("*.yml")):
                parts += [path.name, path.read_bytes()]
    except OSError:
        return None
    return _digest(*parts)


def cached_pack(dirs: list[Path]) -> Pack:
    """load_pack, from the cache when the rule files are unchanged (errors are never cached)."""
    if cache_dir() is None or not all(Path(d).is_dir() for d in dirs):
        return load_pack(dirs)
    key = pack_key(dirs)
    pack = load(f"pack{FORMAT}", key) if key else None
    if not isinstance(pack, Pack):
        pack = load_pack(dirs)
        if key:
            store(f"pack{FORMAT}", key, pack)
    return pack


def plan_key(pack: Pack, rules: list[Rule], nlp) -> str:
    """A hash of what compiling depends on: the selected rules' patterns, the lexicons and cues, the pipeline."""
    from importlib.metadata import version

    meta = getattr(nlp, "meta", {}) or {}
    pipeline = (f"{version('spacy')}|{version('lemminflect')}|{getattr(nlp, 'lang', '')}|"
                f"{meta.get('name')}|{meta.get('version')}")
    patterns = repr([(r.id, r.source, r.triggers, r.safeguards) for r in rules])
    return _digest(_versions(), pipeline, repr(sorted(pack.lexicons.items())), repr(pack.negation), patterns)


def compiled_pack(pack: Pack, rules: list[Rule], nlp):
    """compile_pack, with the plan from the cache when nothing it depends on changed."""
    from netlint.match import PackMatcher, Plan, compile_pack

    if cache_dir() is None:
        return compile_pack(pack, rules, nlp)
    key = plan_key(pack, rules, nlp)
    plan = load(f"plan{FORMAT}", key)
    if isinstance(plan, Plan):
        return PackMatcher(nlp, plan)
    compiled: PackMatcher = compile_pack(pack, rules, nlp)
    store(f"plan{FORMAT}", key, compiled.plan)
    return compiled
