"""`netlint init`: a starter config that netlint accepts, no silent overwrite, and the integration snippets."""

from __future__ import annotations

from pathlib import Path

from netlint import starter
from netlint.packs import builtin_rules_dir, load_pack

README = Path(__file__).resolve().parents[1] / "README.md"


def test_init_writes_a_config_that_check_accepts(tmp_path, run_cli):
    r = run_cli("init")
    assert r.returncode == 0, r.stderr
    config = (tmp_path / ".netlint.yaml").read_text(encoding="utf-8")
    families = starter.families(list(load_pack([builtin_rules_dir()]).rules.values()))
    assert "profile: national" in config
    assert all(f"  - {fam} " in config for fam in families)
    assert starter.PRE_COMMIT in r.stdout and starter.GITHUB_ACTIONS in r.stdout
    (tmp_path / "draft.md").write_text("Nothing here.\n", encoding="utf-8")
    assert run_cli("check", "--fail-on", "never", "draft.md").returncode == 0


def test_init_refuses_to_overwrite_without_force(tmp_path, run_cli):
    (tmp_path / ".netlint.yaml").write_text("profile: charter\n", encoding="utf-8")
    r = run_cli("init")
    assert r.returncode == 2 and "--force" in r.stderr
    assert (tmp_path / ".netlint.yaml").read_text(encoding="utf-8") == "profile: charter\n"
    forced = run_cli("init", "--force", "--profile", "charter", "--select", "NM6")
    assert forced.returncode == 0, forced.stderr
    config = (tmp_path / ".netlint.yaml").read_text(encoding="utf-8")
    assert "profile: charter" in config and "  - NM6 " in config and "  - NM1 " not in config


def test_init_rejects_an_unknown_family(tmp_path, run_cli):
    r = run_cli("init", "--select", "XX9")
    assert r.returncode == 2 and "XX9" in r.stderr
    assert not (tmp_path / ".netlint.yaml").exists()


def test_readme_shows_the_same_snippets():
    readme = README.read_text(encoding="utf-8")
    assert starter.PRE_COMMIT in readme
    assert starter.GITHUB_ACTIONS in readme
