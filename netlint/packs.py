"""Loading and validating YAML rule packs: one rule per file, plus the shared `_*.yaml` data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netlint.findings import LEVELS, PROFILES
from netlint.yamlsrc import LineDict, SourceError, load_yaml_file

KINDS = ("gap", "flag", "safeguard", "directive")
POLARITIES = ("affirmed", "negated", "any")
SCOPES = ("sentence", "provision")
ID_RE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]+$")

RULE_KEYS = {
    "id", "slug", "name", "kind", "level", "profiles", "principle", "quote", "message",
    "help", "tags", "precision", "match", "satisfied_by", "safeguards", "text", "examples",
}
HELP_KEYS = {"why", "fix", "example"}
TRIGGER_KEYS = {"any", "tokens", "polarity", "scope", "with", "without", "min_distinct", "subject"}
TEXT_KEYS = {"characters", "regex", "exclude", "allow_leading"}
EXAMPLE_KEYS = {"fire", "pass"}
NEGATION_KEYS = {"cues", "after", "pseudo", "terminators", "exceptions", "nonoperative", "not_governing", "subjects"}
SUBJECT_KEYS = {"subject", "any"}
NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
CUE_KEYS = {"any", "class"}
CUE_CLASSES = ("prohibition", "strong", "absence")


@dataclass(frozen=True)
class Trigger:
    """One way a rule's practice (flag) or provision (gap) shows up in a sentence."""

    phrases: tuple[str, ...] = ()
    tokens: tuple[tuple[dict, ...], ...] = ()
    polarity: str = "affirmed"
    scope: str = "sentence"
    with_: tuple[tuple[str, ...], ...] = ()
    without: tuple[str, ...] = ()
    min_distinct: int = 1
    subject: str = ""


@dataclass(frozen=True)
class TextCheck:
    """A check on the raw text: invisible characters or regular expressions."""

    characters: tuple[tuple[int, int], ...] = ()
    regex: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    allow_leading: tuple[int, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A validated rule, as data: what it looks for and how it reports."""

    id: str
    slug: str
    kind: str
    level: str
    message: str
    principle: str = ""
    quote: str = ""
    name: str = ""
    profiles: tuple[str, ...] = PROFILES
    why: str = ""
    fix: str = ""
    example: str = ""
    tags: tuple[str, ...] = ()
    precision: str = "medium"
    triggers: tuple[Trigger, ...] = ()
    safeguards: tuple[str, ...] = ()
    text: TextCheck | None = None
    fire_examples: tuple[str, ...] = ()
    pass_examples: tuple[str, ...] = ()
    source: str = ""

    @property
    def friendly_name(self) -> str:
        return self.name or "".join(part.capitalize() for part in self.slug.split("-"))


@dataclass(frozen=True)
class Negation:
    """Shared cue lists for negation and prohibition scoping (rules/_negation.yaml)."""

    cues: tuple[tuple[str, str], ...] = ()
    after: tuple[tuple[str, str], ...] = ()
    pseudo: tuple[str, ...] = ()
    terminators: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    nonoperative: tuple[str, ...] = ()
    subjects: tuple[tuple[str, str], ...] = ()
    not_governing: tuple[str, ...] = ()


@dataclass
class Pack:
    """All rules and shared data from one or more rule directories."""

    rules: dict[str, Rule] = field(default_factory=dict)
    lexicons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    negation: Negation = field(default_factory=Negation)
    sources: list[str] = field(default_factory=list)


def builtin_rules_dir() -> Path:
    """The rules shipped with netlint: inside the wheel, or `rules/` of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if any(installed.glob("NM*.yaml")) else here.parent / "rules"


def _fail(src: str, line: int, msg: str) -> None:
    raise SourceError(src, line, msg)


def _check_keys(src: str, data: LineDict, allowed: set[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            hint = ", ".join(sorted(allowed))
            _fail(src, data.line_of(key), f"unknown key {key!r} in {where} (allowed: {hint})")


def _str_list(src: str, value: Any, line: int, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        _fail(src, line, f"{what} must be a list of non-empty strings")
    return tuple(value)


def _text(src: str, data: LineDict, key: str, required: bool = False) -> str:
    if key not in data:
        if required:
            _fail(src, data.line, f"missing required key {key!r}")
        return ""
    value = data[key]
    if not isinstance(value, str):
        _fail(src, data.line_of(key), f"{key!r} must be a string")
    return value.strip()


def _trigger(src: str, raw: Any, line: int, key: str) -> Trigger:
    if isinstance(raw, str):
        raw_d = LineDict({"any": [raw]})
        raw_d.line = line
        raw = raw_d
    if not isinstance(raw, LineDict):
        _fail(src, line, f"each entry of {key!r} must be a mapping (any/tokens/polarity/scope/with/without)")
    _check_keys(src, raw, TRIGGER_KEYS, f"a {key!r} entry")
    phrases = _str_list(src, raw["any"], raw.line_of("any"), "'any'") if "any" in raw else ()
    tokens: tuple = ()
    if "tokens" in raw:
        toks = raw["tokens"]
        if not isinstance(toks, list) or not toks or not all(isinstance(t, list) and t for t in toks):
            _fail(src, raw.line_of("tokens"), "'tokens' must be a list of spaCy token patterns (lists of dicts)")
        for pattern in toks:
            if not all(isinstance(t, dict) for t in pattern):
                _fail(src, raw.line_of("tokens"), "each spaCy token pattern must be a list of mappings")
        tokens = tuple(tuple(dict(t) for t in p) for p in toks)
    if not phrases and not tokens:
        _fail(src, raw.line, f"a {key!r} entry needs 'any' (phrases) or 'tokens' (spaCy patterns)")
    polarity = raw.get("polarity", "affirmed")
    if polarity not in POLARITIES:
        _fail(src, raw.line_of("polarity"), f"polarity must be one of {', '.join(POLARITIES)}, not {polarity!r}")
    scope = raw.get("scope", "sentence")
    if scope not in SCOPES:
        _fail(src, raw.line_of("scope"), f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    with_: list[tuple[str, ...]] = []
    if "with" in raw:
        groups = raw["with"]
        if not isinstance(groups, list) or not groups:
            _fail(src, raw.line_of("with"), "'with' must be a list of phrase lists")
        for i, group in enumerate(groups):
            with_.append(_str_list(src, group, groups.line_of(i), "each 'with' group"))
    without = _str_list(src, raw["without"], raw.line_of("without"), "'without'") if "without" in raw else ()
    min_distinct = raw.get("min_distinct", 1)
    if not isinstance(min_distinct, int) or isinstance(min_distinct, bool) or min_distinct < 1:
        _fail(src, raw.line_of("min_distinct"), "'min_distinct' must be a whole number of at least 1")
    subject = raw.get("subject", "")
    if not isinstance(subject, str) or (subject and not NAME_RE.fullmatch(subject)):
        _fail(src, raw.line_of("subject"), "'subject' must be the lower_case name of a subject in _negation.yaml")
    return Trigger(phrases, tokens, polarity, scope, tuple(with_), without, min_distinct, subject)


def _codepoint_range(src: str, line: int, item: Any) -> tuple[int, int]:
    def cp(v: Any) -> int:
        if isinstance(v, int):
            return v
        if isinstance(v, str) and re.fullmatch(r"(U\+|0x)?[0-9A-Fa-f]{2,6}", v):
            return int(re.sub(r"^(U\+|0x)", "", v), 16)
        _fail(src, line, f"bad code point {v!r}; write U+200B or 0x200B")
        return 0

    if isinstance(item, list) and len(item) == 2:
        lo, hi = cp(item[0]), cp(item[1])
    else:
        lo = hi = cp(item)
    if lo > hi or hi > 0x10FFFF:
        _fail(src, line, f"bad code point range {item!r}")
    return lo, hi


def _text_check(src: str, raw: Any, line: int) -> TextCheck:
    from netlint.saferegex import RegexError, compile_user_regex

    if not isinstance(raw, LineDict):
        _fail(src, line, "'text' must be a mapping (characters/regex/exclude/allow_leading)")
    _check_keys(src, raw, TEXT_KEYS, "'text'")
    chars: list[tuple[int, int]] = []
    if "characters" in raw:
        items = raw["characters"]
        if not isinstance(items, list):
            _fail(src, raw.line_of("characters"), "'characters' must be a list of code points or [low, high] ranges")
        chars = [_codepoint_range(src, items.line_of(i), it) for i, it in enumerate(items)]
    regexes = {}
    for key in ("regex", "exclude"):
        if key in raw:
            pats = _str_list(src, raw[key], raw.line_of(key), f"'{key}'")
            for pat in pats:
                try:
                    compile_user_regex(pat)
                except RegexError as exc:
                    _fail(src, raw.line_of(key), f"regular expression {pat!r} does not compile: {exc}")
            regexes[key] = pats
    leading = tuple(_codepoint_range(src, raw.line_of("allow_leading"), it)[0] for it in raw.get("allow_leading", []))
    if not chars and "regex" not in regexes:
        _fail(src, raw.line, "'text' needs 'characters' or 'regex'")
    return TextCheck(tuple(chars), regexes.get("regex", ()), regexes.get("exclude", ()), leading)


def trigger_key(kind: str) -> str:
    """The rule key that holds a kind's triggers: what satisfies a gap, what a flag or safeguard matches."""
    return "satisfied_by" if kind == "gap" else "match"


def _check_kind_keys(src: str, data: LineDict, kind: str, rule_id: str) -> None:
    """Reject a key that the rule's kind does not use, naming the one to use instead."""
    if kind == "directive":
        if not rule_id.startswith("NL"):
            _fail(src, data.line_of("kind"), "kind: directive is reserved for netlint's own directive checks (NL...)")
        for key in ("match", "satisfied_by", "safeguards", "text"):
            if key in data:
                _fail(src, data.line_of(key), f"a directive rule has no {key!r}: netlint itself reports it")
        return
    wrong, right = ("match", "satisfied_by") if kind == "gap" else ("satisfied_by", "match")
    if wrong in data:
        what = "what satisfies a gap rule" if kind == "gap" else "what a flag or safeguard rule matches"
        _fail(src, data.line_of(wrong), f"{wrong!r} is not for kind: {kind}; write {what} under {right!r}")


def parse_rule(data: Any, src: str) -> Rule:
    """Validate one rule mapping and build the Rule value; errors name the file and line."""
    if not isinstance(data, LineDict):
        _fail(src, 1, "a rule file must be a YAML mapping")
    _check_keys(src, data, RULE_KEYS, "a rule")
    rule_id = _text(src, data, "id", required=True)
    if not ID_RE.match(rule_id):
        _fail(src, data.line_of("id"), f"rule id {rule_id!r} must be letters then digits, like NM606 or ORG12")
    stem = Path(src).name
    if not stem.startswith(rule_id + "-") and not stem.startswith(rule_id + "."):
        _fail(src, data.line_of("id"), f"file name must start with the rule id {rule_id!r} (e.g. {rule_id}-slug.yaml)")
    slug = _text(src, data, "slug", required=True)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        _fail(src, data.line_of("slug"), f"slug {slug!r} must be lower-case words joined by '-'")
    kind = _text(src, data, "kind", required=True)
    if kind not in KINDS:
        _fail(src, data.line_of("kind"), f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    level = _text(src, data, "level", required=True)
    if level not in LEVELS:
        _fail(src, data.line_of("level"), f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    profiles: tuple[str, ...] = PROFILES
    if "profiles" in data:
        profiles = _str_list(src, data["profiles"], data.line_of("profiles"), "'profiles'")
        for p in profiles:
            if p not in PROFILES:
                _fail(src, data.line_of("profiles"), f"unknown profile {p!r} (profiles: {', '.join(PROFILES)})")
    help_ = data.get("help", LineDict())
    if not isinstance(help_, LineDict):
        _fail(src, data.line_of("help"), "'help' must be a mapping with why/fix/example")
    _check_keys(src, help_, HELP_KEYS, "'help'")
    _check_kind_keys(src, data, kind, rule_id)
    key = trigger_key(kind)
    triggers: list[Trigger] = []
    if key in data:
        raw = data[key]
        if not isinstance(raw, list) or not raw:
            _fail(src, data.line_of(key), f"{key!r} must be a non-empty list")
        triggers = [_trigger(src, item, raw.line_of(i), key) for i, item in enumerate(raw)]
    safeguards: tuple[str, ...] = ()
    if "safeguards" in data:
        safeguards = _str_list(src, data["safeguards"], data.line_of("safeguards"), "'safeguards'")
    text = _text_check(src, data["text"], data.line_of("text")) if "text" in data else None
    if kind == "safeguard" and not safeguards:
        _fail(src, data.line, "a safeguard rule needs 'safeguards': the phrases that cure it")
    if kind != "safeguard" and safeguards:
        _fail(src, data.line_of("safeguards"), "'safeguards' is only for kind: safeguard")
    if not triggers and text is None and kind != "directive":
        what = "'satisfied_by' (what satisfies it)" if kind == "gap" else "'match' (patterns) or 'text' (raw-text checks)"
        _fail(src, data.line, f"a {kind} rule needs {what}")
    if text is not None and kind == "gap":
        _fail(src, data.line_of("text"), "'text' checks are flags, not gaps")
    examples = data.get("examples", LineDict())
    if not isinstance(examples, LineDict):
        _fail(src, data.line_of("examples"), "'examples' must be a mapping with fire/pass lists")
    _check_keys(src, examples, EXAMPLE_KEYS, "'examples'")
    fire = _str_list(src, examples["fire"], examples.line_of("fire"), "'examples.fire'") if "fire" in examples else ()
    pass_ = _str_list(src, examples["pass"], examples.line_of("pass"), "'examples.pass'") if "pass" in examples else ()
    tags = _str_list(src, data["tags"], data.line_of("tags"), "'tags'") if "tags" in data else ()
    precision = data.get("precision", "medium")
    if precision not in ("very-high", "high", "medium", "low"):
        _fail(src, data.line_of("precision"), "precision must be very-high, high, medium or low")
    return Rule(
        id=rule_id, slug=slug, kind=kind, level=level,
        message=_text(src, data, "message", required=True),
        principle=_text(src, data, "principle"), quote=_text(src, data, "quote"),
        name=_text(src, data, "name"), profiles=tuple(profiles),
        why=_text(src, help_, "why"), fix=_text(src, help_, "fix"), example=_text(src, help_, "example"),
        tags=tuple(tags), precision=precision, triggers=tuple(triggers), safeguards=safeguards,
        text=text, fire_examples=fire, pass_examples=pass_, source=src,
    )


def load_pack(dirs: list[Path]) -> Pack:
    """Load every rule directory in order; later directories may add rules and lexicons, not redefine IDs."""
    from netlint.packdata import check_subjects, parse_lexicons, parse_negation

    pack = Pack()
    for d in dirs:
        d = Path(d)
        if not d.is_dir():
            raise SourceError(d, 1, "rule directory not found")
        pack.sources.append(str(d))
        for path in sorted(d.glob("*.yaml")) + sorted(d.glob("*.yml")):
            src = str(path)
            data = load_yaml_file(path)
            if path.name.startswith("_lexicons"):
                for name, items in parse_lexicons(data, src).items():
                    pack.lexicons[name] = pack.lexicons.get(name, ()) + items
            elif path.name.startswith("_negation"):
                neg = parse_negation(data, src)
                old = pack.negation
                pack.negation = Negation(*(getattr(old, f) + getattr(neg, f) for f in Negation.__dataclass_fields__))
            elif path.name.startswith("_"):
                continue
            else:
                rule = parse_rule(data, src)
                if rule.id in pack.rules:
                    _fail(src, data.line_of("id"), f"duplicate rule id {rule.id}, also defined in {pack.rules[rule.id].source}")
                pack.rules[rule.id] = rule
    check_subjects(pack)
    return pack
