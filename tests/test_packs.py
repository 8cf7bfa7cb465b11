"""Rule-pack validation: every problem is FILE:LINE with a message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from netlint.match import compile_pack
from netlint.packs import builtin_rules_dir, load_pack
from netlint.yamlsrc import SourceError

GOOD = """id: ORG1
slug: org-rule
kind: flag
level: warning
message: Something.
match:
  - any: ["sole discretion"]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    d = tmp_path / "pack"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


def _error(tmp_path: Path, name: str, text: str, compile_it: bool = False) -> SourceError:
    d = _write(tmp_path, name, text)
    with pytest.raises(SourceError) as err:
        pack = load_pack([d])
        if compile_it:
            compile_pack(pack, list(pack.rules.values()))
    return err.value


def test_good_user_pack_loads_beside_builtin(tmp_path):
    d = _write(tmp_path, "ORG1-org-rule.yaml", GOOD)
    pack = load_pack([builtin_rules_dir(), d])
    assert "ORG1" in pack.rules and "NM110" in pack.rules


@pytest.mark.parametrize("text,line,fragment", [
    (GOOD.replace("level: warning", "level: warning\ncolour: red"), 5, "unknown key 'colour'"),
    (GOOD.replace("kind: flag", "kind: warning-sign"), 3, "kind must be one of"),
    (GOOD.replace("level: warning", "level: fatal"), 4, "level must be one of"),
    (GOOD.replace('  - any: ["sole discretion"]', '  - any: ["sole discretion"]\n    polarity: sideways'), 8, "polarity"),
    (GOOD + "  - {}\n", 8, "needs 'any'"),
    (GOOD.replace("id: ORG1", "id: org-1"), 1, "rule id"),
    ("id: ORG1\nslug: [unclosed\n", 2, "invalid YAML"),
    (GOOD.replace("kind: flag", "kind: gap"), 6, "'match' is not for kind: gap; write what satisfies a gap rule under 'satisfied_by'"),
    (GOOD.replace("match:", "satisfied_by:"), 6, "'satisfied_by' is not for kind: flag; write what a flag or safeguard rule matches under 'match'"),
    (GOOD.replace('  - any: ["sole discretion"]', '  - any: ["sole discretion"]\n    label: x'), 8, "unknown key 'label'"),
    (GOOD.replace("kind: flag", "kind: directive"), 3, "reserved for netlint's own directive checks"),
])
def test_validation_errors_name_file_and_line(tmp_path, text, line, fragment):
    err = _error(tmp_path, "ORG1-org-rule.yaml", text)
    assert err.path.endswith("ORG1-org-rule.yaml")
    assert err.line == line, str(err)
    assert fragment in err.message


def test_file_name_must_match_id(tmp_path):
    err = _error(tmp_path, "ORG2-other.yaml", GOOD)
    assert "file name must start with the rule id" in err.message


def test_duplicate_ids_across_directories(tmp_path):
    d1 = _write(tmp_path, "ORG1-org-rule.yaml", GOOD)
    d2 = tmp_path / "second"
    d2.mkdir()
    (d2 / "ORG1-again.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(SourceError, match="duplicate rule id ORG1"):
        load_pack([d1, d2])


def test_malformed_spacy_pattern_is_reported(tmp_path):
    text = GOOD.replace('  - any: ["sole discretion"]', "  - tokens:\n      - [{LOWER: {NOT_A_KEY: x}}]")
    err = _error(tmp_path, "ORG1-org-rule.yaml", text, compile_it=True)
    assert "invalid spaCy pattern" in err.message


def test_bad_regex_is_reported(tmp_path):
    text = "id: ORG1\nslug: org-rule\nkind: flag\nlevel: note\nmessage: M.\ntext:\n  regex: ['[unclosed']\n"
    err = _error(tmp_path, "ORG1-org-rule.yaml", text)
    assert err.line == 7 and "does not compile" in err.message


def test_unknown_lexicon_is_reported(tmp_path):
    text = GOOD.replace('"sole discretion"', '"@nowhere discretion"')
    err = _error(tmp_path, "ORG1-org-rule.yaml", text, compile_it=True)
    assert "unknown lexicon @nowhere" in err.message


def test_yaml_cannot_construct_python_objects(tmp_path):
    err = _error(tmp_path, "ORG1-org-rule.yaml", "!!python/object/apply:os.system ['echo hacked']\n")
    assert "invalid YAML" in err.message


def test_gap_rule_reads_satisfied_by(tmp_path):
    text = GOOD.replace("kind: flag", "kind: gap").replace("match:", "satisfied_by:")
    rule = load_pack([_write(tmp_path, "ORG1-org-rule.yaml", text)]).rules["ORG1"]
    assert rule.triggers[0].phrases == ("sole discretion",)


def test_directive_rule_has_no_triggers(tmp_path):
    text = "id: NL9\nslug: nl-rule\nkind: directive\nlevel: note\nmessage: M.\n"
    rule = load_pack([_write(tmp_path, "NL9-nl-rule.yaml", text)]).rules["NL9"]
    assert rule.triggers == () and rule.text is None
    err = _error(tmp_path, "NL9-nl-rule.yaml", text + 'match:\n  - any: ["x"]\n')
    assert err.line == 6 and "a directive rule has no 'match'" in err.message
