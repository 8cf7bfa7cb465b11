"""netlint's own labelled cases in other drafting styles (tests/cases/, format of spec/labels.md).

Scored the way the project's shared scorer scores: gap checks per document and profile, flag and
safeguard findings by rule and start line within the labelled range.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from conftest import invoke

CASES = Path(__file__).parent / "cases"
HOLDOUT = Path(__file__).parent / "holdout"
ROOT = Path(__file__).resolve().parent.parent


def _cases(folder: Path) -> list[tuple[Path, dict]]:
    out = []
    for label in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(label.read_text(encoding="utf-8"))
        docs = [p for p in folder.glob(label.stem + ".*") if p.suffix in (".md", ".txt", ".rst")]
        assert len(docs) == 1, label
        out.append((docs[0], data))
    return out


@lru_cache(maxsize=None)
def _gap_ids(profile: str) -> frozenset[str]:
    from netlint.packs import builtin_rules_dir, load_pack

    pack = load_pack([builtin_rules_dir()])
    return frozenset(r.id for r in pack.rules.values() if r.kind == "gap" and profile in r.profiles and r.id.startswith("NM"))


def _span(flag: dict) -> tuple[int, int]:
    if "lines" in flag:
        lo, _, hi = str(flag["lines"]).partition("-")
        return int(lo), int(hi or lo)
    return int(flag["line"]), int(flag["line"])


def score(folder: Path = CASES) -> tuple[dict[str, list[int]], list[str]]:
    """Per-check [tp, fp, fn] over all cases of a folder, and a line per miss."""
    tally: dict[str, list[int]] = {}
    misses: list[str] = []
    cases = _cases(folder)
    found: dict[str, list[tuple[str, int]]] = {}
    for profile in sorted({label.get("profile", "national") for _, label in cases}):
        docs = [str(doc) for doc, label in cases if label.get("profile", "national") == profile]
        r = invoke("check", "--profile", profile, "--format", "json", "--fail-on", "never", "--jobs", "1", *docs,
                   cwd=ROOT)
        assert r.returncode == 0, r.stderr
        for f in json.loads(r.stdout)["findings"]:
            found.setdefault(Path(f["path"]).name, []).append((f["id"], f["line"]))
    for doc, label in cases:
        profile = label.get("profile", "national")
        ignore = set(label.get("ignore") or [])
        got = [(i, line) for i, line in found.get(doc.name, []) if i.startswith("NM") and i not in ignore]
        want_gaps = set(label.get("gaps") or [])
        for gid in sorted(_gap_ids(profile) - ignore):
            fired = any(i == gid for i, _ in got)
            t = tally.setdefault(gid, [0, 0, 0])
            if fired or gid in want_gaps:
                t[0 if fired and gid in want_gaps else 1 if fired else 2] += 1
                if fired != (gid in want_gaps):
                    misses.append(f"{'FP' if fired else 'FN'} {doc.name}: gap {gid}")
        flags = [f for f in (label.get("flags") or []) if f["id"] not in ignore]
        used: set[int] = set()
        for rid, line in got:
            if rid in _gap_ids(profile) or rid in want_gaps:
                continue
            hit = next((k for k, f in enumerate(flags) if f["id"] == rid and _span(f)[0] <= line <= _span(f)[1]), None)
            t = tally.setdefault(rid, [0, 0, 0])
            if hit is None:
                t[1] += 1
                misses.append(f"FP {doc.name}:{line}: {rid}")
            elif hit not in used:
                used.add(hit)
                t[0] += 1
        for k, f in enumerate(flags):
            if k not in used:
                tally.setdefault(f["id"], [0, 0, 0])[2] += 1
                misses.append(f"FN {doc.name}:{_span(f)[0]}: {f['id']}")
    return tally, misses


def _f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.mark.parametrize("folder,floor", [(CASES, 0.95), (HOLDOUT, 0.85)], ids=["cases", "holdout"])
def test_labelled_cases_in_other_styles(folder, floor):
    """tests/cases was used to improve the rules; tests/holdout was not, and measures generalisation."""
    tally, misses = score(folder)
    total = [sum(v[i] for v in tally.values()) for i in range(3)]
    f1 = _f1(*total)
    assert f1 >= floor, f"overall F1 {f1:.3f}\n" + "\n".join(misses)
