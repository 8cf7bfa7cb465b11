"""Migrate rule packs to the current rule language, editing the YAML text in place.

Two edits, both of which leave every compiled pattern as it was:
  - a gap rule's `match:` key becomes `satisfied_by:` (the loader now rejects `match:` on a gap);
  - an exact-form marker `=` goes where it changes nothing: `=word` compiles to a LOWER test, and
    so does a bare word that is in UNINFLECTED or has no letter at all.

Only the edited scalars and keys change: comments, quoting and layout stay as they were. After the
edit the file is parsed again and must give the expected data, else nothing is written.

Usage: python tools/migrate_rules.py [--dry-run] [DIR_OR_FILE ...]   (default: rules/)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netlint.match.inflect import UNINFLECTED  # noqa: E402 - after the checkout is put on sys.path

_GAP_RE = re.compile(r"~\d{1,2}")
_SPECIAL = set("=@~/?|")


def redundant_marker(word: str) -> bool:
    """Whether `=word` compiles to the same pattern as `word`: both are a LOWER test of it."""
    if not word or word[0] in "=@":
        return False
    if word.isalpha():
        return word.lower() in UNINFLECTED
    return not any(c.isalpha() or c in _SPECIAL for c in word)


def _strip_token(raw: str) -> str:
    optional = raw.endswith("?") and len(raw) > 1
    tok = raw[:-1] if optional else raw
    if _GAP_RE.fullmatch(tok) or (tok.startswith("/") and tok.endswith("/") and len(tok) > 2):
        return raw
    alts = [a[1:] if a.startswith("=") and redundant_marker(a[1:]) else a for a in tok.split("|")]
    return "|".join(alts) + ("?" if optional else "")


def strip_markers(phrase: str) -> str:
    """The phrase without the `=` markers that change nothing (spacing kept)."""
    return re.sub(r"\S+", lambda m: _strip_token(m.group()), phrase)


def count_markers(phrase: str) -> int:
    """How many `=` markers a phrase has (at the start of a word or an alternative)."""
    return sum(1 for raw in phrase.split() for alt in raw.split("|") if alt.startswith("=") and len(alt) > 1)


def _items(node: yaml.Node) -> list[yaml.Node]:
    """A scalar as a one-item list, a sequence as its items (the loader's `_str_list`)."""
    return node.value if isinstance(node, yaml.SequenceNode) else [node]


def _mapping(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _trigger_phrases(node: yaml.Node) -> Iterator[yaml.Node]:
    for entry in _items(node):
        if isinstance(entry, yaml.ScalarNode):
            yield entry
            continue
        fields = _mapping(entry)
        for key in ("any", "without"):
            if key in fields:
                yield from _items(fields[key][1])
        if "with" in fields:
            for group in _items(fields["with"][1]):
                yield from _items(group)


def phrase_nodes(root: yaml.Node, name: str) -> Iterator[yaml.Node]:
    """The scalar nodes of a rule, lexicon or negation file that hold phrases of the rule syntax."""
    fields = _mapping(root)
    if name.startswith("_lexicons"):
        for _key, value in fields.values():
            yield from _items(value)
    elif name.startswith("_negation"):
        for key, (_k, value) in fields.items():
            if key in ("cues", "after"):
                for group in _items(value):
                    if "any" in _mapping(group):
                        yield from _items(_mapping(group)["any"][1])
            else:
                yield from _items(value)
    elif not name.startswith("_"):
        for key in ("match", "satisfied_by", "safeguards"):
            if key in fields:
                yield from (_trigger_phrases(fields[key][1]) if key != "safeguards" else _items(fields[key][1]))


def _plain_ok(text: str) -> bool:
    """Whether text reads back as the same string when written as a plain scalar, in block and flow."""
    try:
        return yaml.safe_load(f"- {text}\n") == [text] and yaml.safe_load(f"[{text}]") == [text]
    except yaml.YAMLError:
        return False


def _written(node: yaml.ScalarNode, source: str, new: str) -> str | None:
    """The new source text of a scalar, in its old style; None when the old text is not simple."""
    if node.style is None:
        if source != node.value:
            return None
        if _plain_ok(new):
            return new
        return '"' + new + '"' if '"' not in new and "\\" not in new else "'" + new.replace("'", "''") + "'"
    if node.style in ('"', "'") and source[1:-1] == node.value and "\n" not in source:
        return source[0] + new + source[-1]
    return None


def _expected(data: Any, edits: dict[str, str], rename: bool) -> Any:
    """What the edited file must load as: the same data with the phrase edits (and key rename)."""
    if isinstance(data, dict):
        out = {k: _expected(v, edits, False) for k, v in data.items()}
        if rename and "match" in out:
            out = {("satisfied_by" if k == "match" else k): v for k, v in out.items()}
        return out
    if isinstance(data, list):
        return [_expected(v, edits, False) for v in data]
    if isinstance(data, str):
        return edits.get(data, data)
    return data


def migrate_text(text: str, name: str) -> tuple[str, int, int]:
    """The migrated text of one file, with the `=` markers it had and how many remain."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        return text, 0, 0
    spans: list[tuple[int, int, str]] = []
    before = after = 0
    edits: dict[str, str] = {}
    seen: set[int] = set()
    for node in phrase_nodes(root, name):
        if not isinstance(node, yaml.ScalarNode) or id(node) in seen:
            continue  # an alias (*name) is the node of its anchor: edited once
        seen.add(id(node))
        before += count_markers(node.value)
        new = strip_markers(node.value)
        source = text[node.start_mark.index:node.end_mark.index]
        written = _written(node, source, new) if new != node.value else None
        if written is None:
            after += count_markers(node.value)
            continue
        after += count_markers(new)
        edits[node.value] = new
        spans.append((node.start_mark.index, node.end_mark.index, written))
    fields = _mapping(root)
    kind = fields.get("kind", (None, None))[1]
    rename = isinstance(kind, yaml.ScalarNode) and kind.value == "gap" and "match" in fields
    if rename:
        key = fields["match"][0]
        spans.append((key.start_mark.index, key.end_mark.index, "satisfied_by"))
    out = text
    for start, end, new_text in sorted(spans, reverse=True):
        out = out[:start] + new_text + out[end:]
    expected = _expected(yaml.safe_load(text), edits, rename)
    if yaml.safe_load(out) != expected:
        raise SystemExit(f"{name}: the edited text does not load as expected; not written")
    return out, before, after


def _files(args: list[str]) -> list[Path]:
    paths = [Path(a) for a in args] or [ROOT / "rules"]
    return [f for p in paths for f in (sorted(p.glob("*.yaml")) if p.is_dir() else [p])]


def main(argv: list[str] | None = None) -> int:
    """Migrate the given rule directories or files; print each changed file and the marker counts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="rule directories or files (default: rules/)")
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    opts = parser.parse_args(argv)
    total_before = total_after = 0
    for path in _files(opts.paths):
        text = path.read_text(encoding="utf-8")
        new, before, after = migrate_text(text, path.name)
        total_before += before
        total_after += after
        if new != text:
            print(f"{path}: `=` markers {before} -> {after}")
            if not opts.dry_run:
                path.write_text(new, encoding="utf-8")
    print(f"total `=` markers: {total_before} -> {total_after}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
