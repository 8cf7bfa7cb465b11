"""The JSON Schemas of the rule language (netlint/schema/) describe exactly what the loader accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from netlint import packs
from netlint.findings import LEVELS
from netlint.packs import builtin_rules_dir, load_pack
from netlint.yamlsrc import SourceError

SCHEMA_DIR = Path(packs.__file__).resolve().parent / "schema"
RULES = builtin_rules_dir()
TEST_PACK = Path(__file__).resolve().parent / "data" / "pack"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


RULE = _validator("rule")
RULE_SCHEMA = RULE.schema
TRIGGER = RULE_SCHEMA["$defs"]["trigger"]


def _schema_for(path: Path) -> jsonschema.Draft202012Validator:
    if path.name.startswith("_lexicons"):
        return _validator("lexicons")
    if path.name.startswith("_negation"):
        return _validator("negation")
    return RULE


@pytest.mark.parametrize("path", sorted(RULES.glob("*.yaml")) + sorted(TEST_PACK.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_files_are_valid(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _schema_for(path).iter_errors(data)]
    assert not errors, errors[:5]


@pytest.mark.parametrize("keys,schema", [
    (packs.RULE_KEYS, RULE_SCHEMA),
    (packs.HELP_KEYS, RULE_SCHEMA["properties"]["help"]),
    (packs.TRIGGER_KEYS, TRIGGER),
    (packs.TEXT_KEYS, RULE_SCHEMA["properties"]["text"]),
    (packs.EXAMPLE_KEYS, RULE_SCHEMA["properties"]["examples"]),
    (packs.NEGATION_KEYS, _validator("negation").schema),
    (packs.CUE_KEYS, _validator("negation").schema["$defs"]["cue_groups"]["items"]),
])
def test_loader_keys_are_the_schema_properties(keys, schema):
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == keys


def test_loader_values_are_the_schema_enums():
    props = RULE_SCHEMA["properties"]
    assert props["kind"]["enum"] == list(packs.KINDS)
    assert props["level"]["enum"] == list(LEVELS)
    assert RULE_SCHEMA["$defs"]["profiles"]["anyOf"][0]["enum"] == list(packs.PROFILES)
    assert TRIGGER["properties"]["polarity"]["enum"] == list(packs.POLARITIES)
    assert TRIGGER["properties"]["scope"]["enum"] == list(packs.SCOPES)
    cue = _validator("negation").schema["$defs"]["cue_groups"]["items"]["properties"]["class"]
    assert cue["enum"] == list(packs.CUE_CLASSES)


def _described(schema: dict) -> list[str]:
    """Every property of the schema, however nested, that has no description."""
    missing = []
    for key, value in schema.get("properties", {}).items():
        if isinstance(value, dict):
            if "description" not in value:
                missing.append(key)
            missing += _described(value)
    for value in schema.get("$defs", {}).values():
        missing += _described(value)
    if isinstance(schema.get("items"), dict):
        missing += _described(schema["items"])
    return missing


@pytest.mark.parametrize("name", ["rule", "lexicons", "negation"])
def test_every_property_is_described(name):
    assert _described(_validator(name).schema) == []


GOOD = "id: ORG1\nslug: org-rule\nkind: flag\nlevel: warning\nmessage: Something.\nmatch:\n  - any: [\"sole discretion\"]\n"
GAP = GOOD.replace("kind: flag", "kind: gap").replace("match:", "satisfied_by:")


@pytest.mark.parametrize("text,ok", [
    (GOOD, True),
    (GAP, True),
    (GOOD.replace("match:", "satisfied_by:"), False),
    (GAP.replace("satisfied_by:", "match:"), False),
    (GOOD + "    label: x\n", False),
    (GOOD + "definitions: [x]\n", False),
    (GOOD.replace("kind: flag", "kind: directive"), False),
    (GOOD.replace("kind: flag", "kind: safeguard"), False),
    (GOOD.replace("kind: flag", "kind: safeguard") + "safeguards: [warrant]\n", True),
])
def test_schema_and_loader_agree(tmp_path, text, ok):
    (tmp_path / "ORG1-org-rule.yaml").write_text(text, encoding="utf-8")
    assert RULE.is_valid(yaml.safe_load(text)) is ok
    if ok:
        load_pack([tmp_path])
    else:
        with pytest.raises(SourceError):
            load_pack([tmp_path])
