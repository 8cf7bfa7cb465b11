"""Write the reviewed snapshots the tests compare with, and print what changed; the tests never write them.

    python tests/update_snapshots.py           rule examples (tests/snapshots/) and golden output (tests/golden/)
    python tests/update_snapshots.py --check   print the differences only; exit 1 if there are any
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from conftest import ROOT, builtin, check, invoke

from netlint.document import parse_text
from netlint.suppression import apply_directives

RULE_EXAMPLES = HERE / "snapshots" / "rule_examples.json"
GOLDEN = HERE / "golden" / "corpora.json"
UPDATE = "python tests/update_snapshots.py"
GOLDEN_KEYS = ("path", "line", "col", "end_line", "end_col", "id", "level")


@functools.cache
def observe(rule_id: str, text: str) -> tuple[tuple[dict, ...], str | None]:
    """Where rule_id fires on text (line, col, end_line, end_col, snippet; sorted) and, for a gap
    rule, where it was satisfied (None when it was not)."""
    pack = builtin()[0]
    rule = pack.rules[rule_id]
    if rule.kind == "directive":  # NL001/NL002: a whole document, every rule checked, directives applied
        findings, satisfied = check(text)
        findings = apply_directives(parse_text(text, "doc.md"), findings, set(pack.rules), set(pack.rules))
    else:
        findings, satisfied = check(text, {rule_id}, rule.profiles[0])
    spots = sorted(
        ({"line": f.region.start_line, "col": f.region.start_col, "end_line": f.region.end_line,
          "end_col": f.region.end_col, "snippet": f.snippet} for f in findings if f.rule_id == rule_id),
        key=lambda s: (s["line"], s["col"], s["end_line"], s["end_col"], s["snippet"]))
    return tuple(spots), satisfied.get(rule_id)


def rule_entry(rule) -> dict:
    """A rule's snapshot: each fire example's findings, and each gap pass example's satisfying sentence.

    Keyed by the example text, so reordering examples or renaming YAML keys changes nothing here.
    """
    entry = {"fire": {text: list(observe(rule.id, text)[0]) for text in rule.fire_examples}}
    if rule.kind == "gap":
        entry["satisfied"] = {text: observe(rule.id, text)[1] for text in rule.pass_examples}
    return entry


def rule_examples() -> dict[str, dict]:
    return {rid: rule_entry(rule) for rid, rule in sorted(builtin()[0].rules.items())}


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def dumps(data) -> str:
    """Sorted, indented JSON with one finding a line; invisible and format characters written as
    \\u escapes, to be seen in a diff."""
    text = _layout(data, 0)
    return re.sub(r"[^\x00-\x7e]", lambda m: _escape(m) if _invisible(m.group()) else m.group(), text) + "\n"


def _layout(value, depth: int) -> str:
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_layout(value[k], depth + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(inner + json.dumps(v, ensure_ascii=False) for v in value) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn", "Cs", "Zs", "Zl", "Zp")


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _spot(s: dict) -> str:
    where = f"{s['line']}:{s['col']}-{s['end_col']}" if s["line"] == s["end_line"] else \
        f"{s['line']}:{s['col']}-{s['end_line']}:{s['end_col']}"
    return f"{where} {s['snippet']!r}"


def _spots(spots) -> str:
    return "[" + ", ".join(_spot(s) for s in spots) + "]" if spots else "nothing"


def _short(text: str) -> str:
    return repr(text if len(text) <= 70 else text[:67] + "...")


def entry_differences(rule_id: str, old: dict | None, new: dict | None) -> list[str]:
    """What differs between a rule's snapshot entry and what it does now, one line a difference."""
    if old is None:
        return [f"{rule_id}: not in the snapshot"]
    if new is None:
        return [f"{rule_id}: in the snapshot but no such rule now"]
    out = []
    for section, what in (("fire", "fires at"), ("satisfied", "satisfied at")):
        before, after = old.get(section, {}), new.get(section, {})
        for text in sorted(set(before) | set(after)):
            if text not in before:
                out.append(f"{rule_id} {section} {_short(text)}: example not in the snapshot")
            elif text not in after:
                out.append(f"{rule_id} {section} {_short(text)}: in the snapshot but no longer an example")
            elif before[text] != after[text]:
                shown = _spots if section == "fire" else repr
                out.append(f"{rule_id} {section} {_short(text)}: {what} {shown(after[text])}, "
                           f"snapshot says {shown(before[text])}")
    return out


def rule_example_differences(old: dict | None, new: dict) -> list[str]:
    old = old or {}
    return [line for rid in sorted(set(old) | set(new)) for line in entry_differences(rid, old.get(rid), new.get(rid))]


def corpora_report() -> dict:
    """`netlint check --format json --jobs 1 corpora` from the checkout, as the golden test sees it."""
    r = invoke("check", "--format", "json", "--jobs", "1", "corpora", cwd=ROOT)
    if r.returncode != 1:
        raise RuntimeError(f"netlint check corpora exited {r.returncode}, not 1: {r.stderr}")
    return json.loads(r.stdout)


def golden(findings: list[dict]) -> list[dict]:
    return [{k: f[k] for k in GOLDEN_KEYS} for f in findings]


def golden_differences(old: list[dict] | None, new: list[dict]) -> list[str]:
    def row(f: dict) -> str:
        return f"{f['path']}:{f['line']}:{f['col']}-{f['end_line']}:{f['end_col']} {f['id']} {f['level']}"

    if old is None:
        return [f"{GOLDEN.relative_to(ROOT)} does not exist"]
    before, after = Counter(map(row, old)), Counter(map(row, new))
    out = [f"- {r} (in the golden file, not reported now)" for r in sorted(before - after)]
    out += [f"+ {r} (reported now, not in the golden file)" for r in sorted(after - before)]
    if not out and old != new:
        out.append("same findings in a different order")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print the differences only; write nothing")
    args = parser.parse_args(argv)
    jobs = [
        (RULE_EXAMPLES, rule_examples(), rule_example_differences),
        (GOLDEN, golden(corpora_report()["findings"]), golden_differences),
    ]
    changed = False
    for path, new, differences in jobs:
        old = load(path)
        diffs = differences(old, new)
        text = dumps(new) if path == RULE_EXAMPLES else json.dumps(new, indent=1) + "\n"
        stale = not path.exists() or path.read_text(encoding="utf-8") != text
        name = path.relative_to(ROOT)
        if not diffs and not stale:
            print(f"{name}: unchanged")
            continue
        changed = True
        print(f"{name}: {len(diffs)} difference(s)" + ("" if diffs else " (layout only)"))
        for line in diffs:
            print(f"  {line}")
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"  written; review with: git diff -- {name}")
    return 1 if changed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
