"""The shared files of a rule directory: `_lexicons*.yaml` (word lists) and `_negation*.yaml`
(negation and scope cues, and the title cues of subjects), validated like rule files."""

from __future__ import annotations

import re
from typing import Any

from netlint.packs import (
    CUE_CLASSES,
    CUE_KEYS,
    NAME_RE,
    NEGATION_KEYS,
    SUBJECT_KEYS,
    Negation,
    Pack,
    _check_keys,
    _fail,
    _str_list,
)
from netlint.yamlsrc import LineDict, SourceError


def parse_lexicons(data: Any, src: str) -> dict[str, tuple[str, ...]]:
    """The word lists of a _lexicons*.yaml file, by lower_case name (referenced as @name)."""
    if not isinstance(data, LineDict):
        _fail(src, 1, "_lexicons.yaml must map lexicon names to phrase lists")
    out = {}
    for name, items in data.items():
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            _fail(src, data.line_of(name), f"lexicon name {name!r} must be lower_case")
        out[name] = _str_list(src, items, data.line_of(name), f"lexicon {name!r}")
    return out


def parse_negation(data: Any, src: str) -> Negation:
    """The cue lists of a _negation*.yaml file: negation cues by class, terminators, subjects, ..."""
    if not isinstance(data, LineDict):
        _fail(src, 1, "_negation.yaml must be a mapping")
    _check_keys(src, data, NEGATION_KEYS, "_negation.yaml")

    def cue_list(key: str) -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        items = data.get(key, [])
        if not isinstance(items, list):
            _fail(src, data.line_of(key), f"{key!r} must be a list of {{any: [...], class: ...}} groups")
        for i, group in enumerate(items):
            if not isinstance(group, LineDict):
                _fail(src, items.line_of(i), f"each {key!r} entry must be a mapping with 'any' and 'class'")
            _check_keys(src, group, CUE_KEYS, f"a {key!r} entry")
            cls = group.get("class", "prohibition")
            if cls not in CUE_CLASSES:
                _fail(src, group.line_of("class"), f"class must be one of {', '.join(CUE_CLASSES)}")
            for phrase in _str_list(src, group.get("any"), group.line_of("any"), "'any'"):
                out.append((phrase, cls))
        return tuple(out)

    def subject_list() -> tuple[tuple[str, str], ...]:
        """(phrase, subject) for each phrase of a title that tells what the instrument is about."""
        out: list[tuple[str, str]] = []
        items = data.get("subjects", [])
        if not isinstance(items, list):
            _fail(src, data.line_of("subjects"), "'subjects' must be a list of {subject: name, any: [...]} groups")
        for i, group in enumerate(items):
            if not isinstance(group, LineDict):
                _fail(src, items.line_of(i), "each 'subjects' entry must be a mapping with 'subject' and 'any'")
            _check_keys(src, group, SUBJECT_KEYS, "a 'subjects' entry")
            name = group.get("subject")
            if not isinstance(name, str) or not NAME_RE.fullmatch(name):
                _fail(src, group.line_of("subject"), "'subject' must be a lower_case name")
            out.extend((phrase, name) for phrase in _str_list(src, group.get("any"), group.line_of("any"), "'any'"))
        return tuple(out)

    def plain(key: str) -> tuple[str, ...]:
        return _str_list(src, data[key], data.line_of(key), repr(key)) if key in data else ()

    return Negation(
        cue_list("cues"), cue_list("after"), plain("pseudo"), plain("terminators"),
        plain("exceptions"), plain("nonoperative"), subject_list(), plain("not_governing"),
    )


def check_subjects(pack: Pack) -> None:
    """Every trigger's `subject` must be one that _negation.yaml's `subjects` can recognise."""
    known = {name for _phrase, name in pack.negation.subjects}
    for rule in pack.rules.values():
        for trig in rule.triggers:
            if trig.subject and trig.subject not in known:
                raise SourceError(rule.source, 1, f"unknown subject {trig.subject!r} in a trigger of {rule.id}; "
                                  f"subjects are declared under 'subjects:' in _negation.yaml ({', '.join(sorted(known)) or 'none'})")
