"""The compiled-pack cache: used when valid, rebuilt when corrupt or stale, off on request, never changing results."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from netlint import cache
from netlint.match import compile_pack, make_nlp
from netlint.document import parse_text
from netlint.engine import check_document
from netlint.packs import builtin_rules_dir

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ("1. Powers\nThe Minister may suspend internet services in any region as the Minister deems fit.\n"
         "2. Retention\nProviders shall retain all traffic data for five years.\n")


@pytest.fixture
def cache_env(tmp_path, monkeypatch):
    """A private cache directory for this test, in this process and in subprocesses."""
    where = tmp_path / "cache"
    monkeypatch.setenv("NETLINT_CACHE_DIR", str(where))
    monkeypatch.delenv("NETLINT_NO_CACHE", raising=False)
    return where


def _entries(where: Path, kind: str) -> list[Path]:
    return sorted(where.glob(f"{kind}*.pickle"))


def _findings(compiled, pack) -> list:
    doc = parse_text(DRAFT, "draft.md")
    findings, _ = check_document(doc, compiled, list(pack.rules.values()), "national")
    return [(f.rule_id, f.region, f.evidence, f.fingerprint) for f in findings]


def test_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("NETLINT_NO_CACHE", raising=False)
    monkeypatch.setenv("NETLINT_CACHE_DIR", str(tmp_path / "x"))
    assert cache.cache_dir() == tmp_path / "x"
    monkeypatch.delenv("NETLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "netlint"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache.cache_dir() == Path.home() / ".cache" / "netlint"
    monkeypatch.setenv("NETLINT_NO_CACHE", "1")
    assert cache.cache_dir() is None


def test_second_load_comes_from_the_cache_with_identical_results(cache_env):
    dirs = [builtin_rules_dir()]
    pack = cache.cached_pack(dirs)
    rules = list(pack.rules.values())
    fresh = cache.compiled_pack(pack, rules, make_nlp())
    assert len(_entries(cache_env, "pack")) == 1 and len(_entries(cache_env, "plan")) == 1
    again = cache.cached_pack(dirs)
    assert again == pack
    cached = cache.compiled_pack(again, rules, make_nlp())
    assert all(m is None for m in cached.matchers), "a cached plan builds its Matchers on demand"
    uncached = compile_pack(pack, rules, make_nlp())
    assert _findings(cached, again) == _findings(fresh, pack) == _findings(uncached, pack)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_corrupt_entry_is_recompiled_and_rewritten(cache_env, damage):
    dirs = [builtin_rules_dir()]
    pack = cache.cached_pack(dirs)
    rules = list(pack.rules.values())
    expected = _findings(cache.compiled_pack(pack, rules, make_nlp()), pack)
    for entry in _entries(cache_env, ""):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if damage is None else damage)
    pack2 = cache.cached_pack(dirs)
    assert pack2 == pack
    compiled = cache.compiled_pack(pack2, rules, make_nlp())
    assert compiled.matchers[0] is not None, "a corrupt entry means compiling again"
    assert _findings(compiled, pack2) == expected
    for entry in _entries(cache_env, ""):
        assert cache.load(entry.name.split("-")[0], entry.stem.split("-", 1)[1]) is not None, "rewritten"


def test_entry_of_another_key_or_class_is_refused(cache_env):
    cache.store("plan1", "k1", {"a": 1})
    assert cache.load("plan1", "k1") == {"a": 1}
    (cache_env / "plan1-k2.pickle").write_bytes((cache_env / "plan1-k1.pickle").read_bytes())
    assert cache.load("plan1", "k2") is None
    import pickle

    (cache_env / "plan1-k3.pickle").write_bytes(pickle.dumps(("k3", Path("/"))))
    assert cache.load("plan1", "k3") is None


def test_changed_rule_pack_is_recompiled(cache_env, tmp_path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), rules_dir)
    pack = cache.cached_pack([rules_dir])
    cache.compiled_pack(pack, [pack.rules["NM613"]], make_nlp())
    rule_file = next(rules_dir.glob("NM613-*.yaml"))
    rule_file.write_text(rule_file.read_text(encoding="utf-8").replace('message: "', 'message: "Changed. ', 1),
                         encoding="utf-8")
    changed = cache.cached_pack([rules_dir])
    assert changed.rules["NM613"].message.startswith("Changed.")
    assert len(_entries(cache_env, "pack")) == 2
    cache.compiled_pack(changed, [changed.rules["NM613"]], make_nlp())
    assert len(_entries(cache_env, "plan")) == 1, "a message is not part of what is compiled"
    (rules_dir / "_lexicons-extra.yaml").write_text("extra_words: [zorblat]\n", encoding="utf-8")
    extended = cache.cached_pack([rules_dir])
    assert extended.lexicons["extra_words"] == ("zorblat",)
    cache.compiled_pack(extended, [extended.rules["NM613"]], make_nlp())
    assert len(_entries(cache_env, "pack")) == 3 and len(_entries(cache_env, "plan")) == 2


def test_no_cache_is_honoured(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("NETLINT_CACHE_DIR", str(where))
    monkeypatch.setenv("NETLINT_NO_CACHE", "1")
    pack = cache.cached_pack([builtin_rules_dir()])
    cache.compiled_pack(pack, [pack.rules["NM613"]], make_nlp())
    assert not where.exists()


def test_cli_output_is_the_same_with_and_without_cache(tmp_path):
    shutil.copytree(ROOT / "corpora", tmp_path / "corpora")
    shutil.copy(ROOT / ".netlint.yaml", tmp_path / ".netlint.yaml")
    outputs = []
    for extra in ({"NETLINT_NO_CACHE": "1"}, {}, {}):
        env = dict(os.environ, NETLINT_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1", **extra)
        if not extra:
            env.pop("NETLINT_NO_CACHE", None)
        r = subprocess.run([sys.executable, "-m", "netlint", "check", "--format", "json", "--jobs", "1", "corpora"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
        assert r.returncode == 1, r.stderr
        outputs.append(json.loads(r.stdout))
    assert _entries(tmp_path / "cache", "plan"), "the second run wrote the cache, the third read it"
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("collecting", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_was(cache_env, collecting):
    """The collector is paused while an entry is unpickled, and restored however the load ends."""
    import gc

    cache.store("pack", "k", {"a": [1, 2, 3]})
    (cache_env / "pack-bad.pickle").write_bytes(b"not a pickle")
    was = gc.isenabled()
    try:
        gc.enable() if collecting else gc.disable()
        assert cache.load("pack", "k") == {"a": [1, 2, 3]}
        assert gc.isenabled() is collecting
        assert cache.load("pack", "bad") is None
        assert gc.isenabled() is collecting
    finally:
        gc.enable() if was else gc.disable()
