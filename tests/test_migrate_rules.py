"""tools/migrate_rules.py: the migration keeps every compiled pattern, and the shipped rules are migrated."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from netlint.match.inflect import WordClasses
from netlint.match.phrases import phrase_patterns
from netlint.match.plan import make_nlp
from netlint.packs import builtin_rules_dir

_SPEC = importlib.util.spec_from_file_location("migrate_rules", Path(__file__).resolve().parents[1] / "tools" / "migrate_rules.py")
migrate = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(migrate)


@pytest.mark.parametrize("phrase,expected", [
    ("=no =right =of|=to =appeal", "no =right of|to =appeal"),
    ("=Shall =not? ~3 =- =24", "Shall not? ~3 - 24"),
    ("=n't =e.g. =public =@lex /=x/ =~3", "=n't =e.g. =public =@lex /=x/ =~3"),
])
def test_strip_markers(phrase, expected):
    assert migrate.strip_markers(phrase) == expected


@pytest.mark.parametrize("phrase", ["=no =right =of|=to =appeal", "=Shall =not? ~3 =- =24 =the|=data"])
def test_stripping_changes_no_pattern(phrase):
    nlp = make_nlp()

    def patterns(p: str) -> list:
        classes = WordClasses()
        phrase_patterns(p, nlp, {}, classes, collect=True)
        return phrase_patterns(p, nlp, {}, classes)

    assert patterns(migrate.strip_markers(phrase)) == patterns(phrase)


def test_migrate_text_keeps_layout_and_yaml_types():
    text = ('id: ORG1\nkind: gap\n# what satisfies it\nmatch:  # trailing comment\n'
            '  - any: [=no, "=not =public", \'=on\']\n    without:\n      - =the\n')
    out, before, after = migrate.migrate_text(text, "ORG1-x.yaml")
    assert out == ('id: ORG1\nkind: gap\n# what satisfies it\nsatisfied_by:  # trailing comment\n'
                   '  - any: ["no", "not =public", \'on\']\n    without:\n      - the\n')
    assert yaml.safe_load(out)["satisfied_by"][0]["any"] == ["no", "not =public", "on"]
    assert (before, after) == (5, 1)


@pytest.mark.parametrize("path", sorted(builtin_rules_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_rules_are_migrated(path):
    text = path.read_text(encoding="utf-8")
    assert migrate.migrate_text(text, path.name)[0] == text
