"""Tests for the reporters: pure functions from hand-built Report values to strings."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netlint import __version__
from netlint.findings import Finding, Notice, Region, Report
from netlint.packs import Rule
from netlint.reporters import FORMATS, github, markdown, render, sarif, text
from netlint.reporters._common import dumps

SCHEMA = Path("/work/shared/spec/sarif-schema-2.1.0.json")
CWD = "/srv/repo"

RULES = [
    Rule(
        id="NM606", slug="multistakeholder-review", kind="gap", level="error",
        message="No provision for multistakeholder review",
        principle="Multistakeholder", quote="Internet governance should be built on\ndemocratic processes.",
        why="Without review, decisions are taken by one party.", fix="Add a review body.",
        example="A review board with civil society seats.", tags=("governance",), precision="high",
    ),
    Rule(
        id="NM110", slug="blanket-blocking", kind="flag", level="warning",
        message="Blanket blocking of content", principle="Freedom of expression",
    ),
    Rule(id="NM203", slug="unused-rule", kind="safeguard", level="note", message="Never fires"),
]


def _finding(**kw) -> Finding:
    base = dict(
        rule_id="NM110", slug="blanket-blocking", kind="flag", level="warning",
        path=f"{CWD}/docs/draft.md", region=Region(3, 24, 3, 32), message="Blanket blocking of content",
        snippet="blocking", sentence="The minister may order blocking of any website at will.",
        evidence=(("searched", "block, filter"), ("near miss", "takedown")), fingerprint="fp-110-3",
    )
    base.update(kw)
    return Finding(**base)


@pytest.fixture
def report() -> Report:
    findings = [
        _finding(),
        _finding(
            rule_id="NM606", slug="multistakeholder-review", kind="gap", level="error",
            region=Region(1, 1, 1, 1), message="No provision for multistakeholder review",
            snippet="", sentence="", evidence=(("searched", "review board, oversight"),), fingerprint="fp-606",
        ),
        _finding(
            path=f"{CWD}/docs/other.md", region=Region(9, 1, 9, 9), level="note",
            sentence="blocking, of course", suppressed=True, suppression_reason="reviewed by legal",
            fingerprint="", evidence=(), baseline_state="new",
        ),
    ]
    notices = [
        Notice(path=f"{CWD}/docs/scan.pdf", message="skipped: binary file"),
        Notice(path=f"{CWD}/docs/draft.md", message="unknown check NM999 in directive", line=7, level="error"),
    ]
    files = [f"{CWD}/docs/draft.md", f"{CWD}/docs/other.md"]
    return Report(findings=findings, notices=notices, files=files, rules=list(RULES))


def _sarif(report: Report) -> dict:
    out = sarif.render(report, cwd=CWD)
    assert out.endswith("}\n")
    return json.loads(out)


def _walk(value, path="$"):
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")


# SARIF


def test_sarif_validates_against_schema(report):
    if not SCHEMA.exists():
        pytest.skip("SARIF schema not available")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(_sarif(report)))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_sarif_empty_report_validates():
    log = json.loads(sarif.render(Report(), cwd=CWD))
    assert log["runs"][0]["results"] == []
    if SCHEMA.exists():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)


def test_sarif_top_level(report):
    log = _sarif(report)
    assert list(log) == ["$schema", "version", "runs"]
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": "file:///srv/repo/"}}
    driver = run["tool"]["driver"]
    assert driver["name"] == "netlint"
    assert driver["version"] == driver["semanticVersion"] == __version__
    assert driver["informationUri"] == "https://github.com/netlint/netlint"


def test_sarif_keeps_default_values(report):
    run = _sarif(report)["runs"][0]
    warning = next(r for r in run["results"] if r["ruleId"] == "NM110" and "suppressions" not in r)
    assert warning["level"] == "warning"
    assert warning["kind"] == "fail"
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "NM110")
    assert rule["defaultConfiguration"] == {"level": "warning"}
    assert all(n["level"] for n in run["invocations"][0]["toolExecutionNotifications"])


def test_sarif_has_no_nulls_or_empty_objects(report):
    for path, value in _walk(_sarif(report)):
        assert value is not None, path
        assert value != {}, path
        if path != "$.runs[0].results":
            assert value != [], path


def test_sarif_leaves_unset_defaults_out(report):
    text_out = sarif.render(report, cwd=CWD)
    for key in ('"rank"', '"language"', '"newlineSequences"', '"contents"', '"enabled"', '"charOffset"'):
        assert key not in text_out


def test_sarif_rules_and_rule_index(report):
    run = _sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["NM110", "NM203", "NM606"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    gap = rules[2]
    assert gap["name"] == "MultistakeholderReview"
    assert gap["shortDescription"]["text"] == "No provision for multistakeholder review"
    assert gap["fullDescription"]["text"].startswith("Multistakeholder")
    assert "> Internet governance should be built on\n> democratic processes." in gap["help"]["markdown"]
    assert "<!-- netlint-disable-file NM606 -->" in gap["help"]["markdown"]
    assert "disable-next-line" not in gap["help"]["text"] + gap["help"]["markdown"]
    assert gap["helpUri"].endswith("README.md#rules")
    assert gap["defaultConfiguration"]["level"] == "error"
    assert gap["properties"] == {
        "tags": ["gap", "governance", "netmundial"], "precision": "high",
        "kind": "gap", "profiles": ["national", "charter"],
    }


def test_sarif_rule_missing_from_report_gets_a_descriptor(report):
    report.rules = []
    run = _sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results_sorted_with_locations(report):
    results = _sarif(report)["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("NM606", 1), ("NM110", 3), ("NM110", 9),
    ]
    loc = results[1]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "docs/draft.md"
    assert loc["artifactLocation"]["uriBaseId"] == "SRCROOT"
    assert loc["region"] == {
        "startLine": 3, "startColumn": 24, "endLine": 3, "endColumn": 32, "snippet": {"text": "blocking"},
    }
    assert "snippet" not in results[0]["locations"][0]["physicalLocation"]["region"]
    assert results[1]["message"]["text"].startswith("Blanket blocking of content")
    assert "near miss: takedown" in results[1]["message"]["text"]
    assert results[1]["properties"] == {
        "slug": "blanket-blocking", "kind": "flag",
        "evidence": [{"label": "searched", "text": "block, filter"}, {"label": "near miss", "text": "takedown"}],
    }


def test_sarif_artifacts_and_notifications(report):
    run = _sarif(report)["runs"][0]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert uris == ["docs/draft.md", "docs/other.md"]
    for result in run["results"]:
        art = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert run["artifacts"][art["index"]]["location"]["uri"] == art["uri"]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["unknown check NM999 in directive", "skipped: binary file"]
    assert notes[0]["level"] == "error"
    assert notes[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 7}
    assert "region" not in notes[1]["locations"][0]["physicalLocation"]
    assert notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/scan.pdf"


def test_sarif_suppressions_fingerprints_baseline(report):
    results = _sarif(report)["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert len(suppressed) == 1
    assert suppressed[0]["suppressions"] == [{"kind": "inSource", "justification": "reviewed by legal"}]
    assert suppressed[0]["baselineState"] == "new"
    assert "partialFingerprints" not in suppressed[0]
    assert results[0]["partialFingerprints"] == {"netlintFingerprint/v1": "fp-606"}
    assert results[1]["partialFingerprints"] == {"netlintFingerprint/v1": "fp-110-3"}
    report.findings[2] = _finding(suppressed=True)
    default = [r for r in _sarif(report)["runs"][0]["results"] if "suppressions" in r][0]
    assert default["suppressions"][0]["justification"] == "netlint-disable directive"


def test_sarif_paths_outside_cwd_and_escaping():
    findings = [_finding(path="/elsewhere/x.md"), _finding(path="docs/a b.md"), _finding(path="./notes/y.md")]
    run = json.loads(sarif.render(Report(findings=findings), cwd=CWD))["runs"][0]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert uris == [
        {"uri": "notes/y.md", "uriBaseId": "SRCROOT"},
        {"uri": "../../elsewhere/x.md", "uriBaseId": "SRCROOT"},
        {"uri": "docs/a%20b.md", "uriBaseId": "SRCROOT"},
    ]
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": "file:///srv/repo/"}}


def test_sarif_is_deterministic(report):
    assert sarif.render(report, cwd=CWD) == sarif.render(report, cwd=CWD)
    assert "Time" not in sarif.render(report, cwd=CWD)


def test_serializer_keeps_explicit_defaults_and_drops_empties():
    import sarif_om as om

    obj = sarif.make(om.Result, message=sarif.make(om.Message, text="m"), level="warning", locations=[],
                     properties={"a": None, "b": {}, "c": 0})
    assert sarif.to_jsonable(obj) == {"message": {"text": "m"}, "level": "warning", "properties": {"c": 0}}
    plain = om.Result(message=om.Message(text="m"), level="error")
    assert sarif.to_jsonable(plain) == {"message": {"text": "m"}, "level": "error"}


# text


def test_text_lines(report):
    out = text.render(report, cwd=CWD)
    lines = out.splitlines()
    assert "docs/draft.md:1:1: NM606 [error] No provision for multistakeholder review" in lines
    i = lines.index("docs/draft.md:3:24: NM110 [warning] Blanket blocking of content")
    assert lines[i + 1] == "    | The minister may order blocking of any website at will."
    assert lines[i + 2] == "    |                        ^^^^^^^^"
    assert lines[i + 3] == "  = searched: block, filter"
    assert lines[i + 4] == "  = near miss: takedown"
    assert "docs/draft.md:7: notice: unknown check NM999 in directive" in lines
    assert "docs/scan.pdf: notice: skipped: binary file" in lines
    assert "other.md:9" not in out


def test_text_summary(report):
    last = text.render(report, cwd=CWD).splitlines()[-1]
    assert last == "Found 2 problems (1 error, 1 warning, 0 notes) in 2 files. 1 finding suppressed."
    clean = text.render(Report(files=["a.md", "b.md"]))
    assert clean == "No problems found in 2 files.\n"


def test_text_no_ansi_without_color(report):
    assert "\033" not in text.render(report, cwd=CWD, statistics=True)
    assert "\033[" in text.render(report, cwd=CWD, color=True)


def test_text_statistics(report):
    out = text.render(report, cwd=CWD, statistics=True)
    rows = [line.split() for line in out.splitlines()]
    assert ["ID", "slug", "count"] in rows
    assert ["NM110", "blanket-blocking", "1"] in rows
    assert ["NM606", "multistakeholder-review", "1"] in rows
    assert "count" not in text.render(report, cwd=CWD)


def test_text_neutralises_control_characters():
    finding = _finding(sentence="Bad \x1b[31m text \u202e blocking here", snippet="blocking")
    out = text.render(Report(findings=[finding], files=[finding.path]), cwd=CWD)
    assert "\x1b" not in out and "\u202e" not in out
    assert "<U+001B>" in out and "<U+202E>" in out
    lines = out.splitlines()
    sentence, carets = lines[1], lines[2]
    assert sentence.index("blocking") == carets.index("^")


def test_text_underline_wide_characters():
    finding = _finding(sentence="世界 blocking", snippet="blocking", region=Region(1, 4, 1, 12))
    lines = text.render(Report(findings=[finding]), cwd=CWD).splitlines()
    assert lines[2] == "    |      ^^^^^^^^"


def test_text_long_sentence_is_cut_around_the_match():
    finding = _finding(sentence="word " * 80 + "blocking" + " tail" * 80)
    lines = text.render(Report(findings=[finding]), cwd=CWD).splitlines()
    shown = lines[1][len("    | "):]
    assert len(shown) <= text.MAX_LINE
    assert shown[lines[2].index("^") - len("    | "):].startswith("blocking")


# JSON


def test_json_fields(report):
    data = json.loads(render("json", report, cwd=CWD))
    assert data["version"] == 2
    assert data["tool"] == {"name": "netlint", "version": __version__}
    first = data["findings"][0]
    assert list(first) == [
        "id", "slug", "kind", "level", "path", "line", "col", "end_line", "end_col",
        "message", "snippet", "evidence", "suppressed", "fingerprint", "baseline_state",
    ]
    assert first["id"] == "NM606" and first["path"] == "docs/draft.md" and first["line"] == 1
    second = data["findings"][1]
    assert (second["line"], second["col"], second["end_line"], second["end_col"]) == (3, 24, 3, 32)
    assert second["evidence"] == [{"label": "searched", "text": "block, filter"}, {"label": "near miss", "text": "takedown"}]
    assert data["findings"][2]["suppressed"] is True
    assert data["notices"][0] == {
        "path": "docs/draft.md", "line": 7, "level": "error", "message": "unknown check NM999 in directive",
    }
    assert data["summary"] == {"files": 2, "errors": 1, "warnings": 1, "notes": 0, "suppressed": 1}


# GitHub


NEAR_MISSES = (("searched", "review board"), ("near miss", "'a board' at line 4"), ("near miss", "'a panel' at line 9"))


def test_every_format_keeps_repeated_evidence_labels_in_order():
    """A gap's several near misses share one label: each format shows all of them, in order."""
    report = Report(findings=[_finding(evidence=NEAR_MISSES)], files=[f"{CWD}/docs/draft.md"])
    pairs = [{"label": label, "text": value} for label, value in NEAR_MISSES]
    assert json.loads(render("json", report, cwd=CWD))["findings"][0]["evidence"] == pairs
    result = _sarif(report)["runs"][0]["results"][0]
    assert result["properties"]["evidence"] == pairs
    assert result["message"]["text"].endswith(
        "(searched: review board; near miss: 'a board' at line 4; near miss: 'a panel' at line 9)")
    shown = [f"{label}: {value}" for label, value in NEAR_MISSES]
    lines = render("text", report, cwd=CWD).splitlines()
    assert [line.removeprefix("  = ") for line in lines if line.startswith("  = ")] == shown
    assert github.finding_command(report.findings[0], CWD).split("::")[-1].split("%0A")[1:] == shown


def test_github_escaping():
    assert github.escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    finding = _finding(path=f"{CWD}/docs/a,b:c.md", message="Bad: 50%, really\nyes", evidence=())
    line = github.render(Report(findings=[finding]), cwd=CWD)
    assert line == (
        "::warning file=docs/a%2Cb%3Ac.md,line=3,col=24,endLine=3,endColumn=32,"
        "title=NM110 blanket-blocking::Bad: 50%25, really%0Ayes\n"
    )


def test_github_levels_and_suppression(report):
    lines = github.render(report, cwd=CWD).splitlines()
    assert lines[0].startswith("::error file=docs/draft.md,line=7,title=netlint::")
    assert lines[1].startswith("::warning file=docs/scan.pdf,title=netlint::")
    assert lines[2].startswith("::error file=docs/draft.md,line=1,col=1,")
    assert lines[2].endswith("::No provision for multistakeholder review%0Asearched: review board, oversight")
    assert lines[3].startswith("::warning file=docs/draft.md,line=3,col=24,endLine=3,endColumn=32,")
    assert len(lines) == 4
    note = _finding(level="note")
    assert github.render(Report(findings=[note])).startswith("::notice ")


# Markdown


def test_markdown_summary(report):
    out = markdown.render(report, cwd=CWD)
    assert out.startswith("## netlint report\n")
    assert "| ID | Slug | Kind | Level | Count |" in out
    assert "| NM606 | `multistakeholder-review` | gap | error | 1 |" in out
    assert "### `docs/draft.md`" in out
    assert out.index("### Missing provisions") < out.index("### Counts per check") < out.index("### `docs/draft.md`")
    assert "| `docs/draft.md` | NM606 | `multistakeholder-review` | error | No provision for multistakeholder review |" in out
    assert "NM606" not in out.split("### `docs/draft.md`")[1]
    assert "| 3 | NM110 | warning | Blanket blocking of content — `blocking` |" in out
    assert "other.md" not in out.split("### Notices")[0]
    assert "unknown check NM999 in directive" in out


def test_markdown_escapes_cells():
    finding = _finding(message="a | b <script>", snippet="x|`y`")
    out = markdown.render(Report(findings=[finding]))
    assert "a \\| b &lt;script&gt; — `` x\\|`y` `` |" in out


# dispatch


def test_render_dispatches_every_format(report):
    for fmt in FORMATS:
        out = render(fmt, report, cwd=CWD)
        assert isinstance(out, str) and out.endswith("\n")
    with pytest.raises(ValueError):
        render("xml", report)


# SARIF: GitHub code scanning conventions and limits


def test_sarif_caps_results_keeping_the_most_severe(report):
    report.findings = [_finding(level="note", fingerprint=f"n{i}", region=Region(i + 1, 1, i + 1, 5)) for i in range(4)]
    report.findings.append(_finding(level="error", fingerprint="e", region=Region(50, 1, 50, 5)))
    run = sarif.to_dict(report, cwd=CWD, max_results=2)["runs"][0]
    assert [(r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] == [
        ("note", 1), ("error", 50)]
    last = run["invocations"][0]["toolExecutionNotifications"][-1]
    assert last["level"] == "warning" and "at most 2 per run" in last["message"]["text"] and "3 were left out" in last["message"]["text"]
    assert len(sarif.to_dict(report, cwd=CWD, max_results=None)["runs"][0]["results"]) == 5
    assert sarif.MAX_RESULTS == 5000


def test_sarif_every_rule_has_a_full_description_and_few_tags():
    bare = Rule(id="T9", slug="bare", kind="gap", level="note", message="Bare rule.", tags=tuple(f"t{i}" for i in range(15)))
    run = sarif.to_dict(Report(rules=[bare, *RULES]), cwd=CWD)["runs"][0]
    described = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert described["T9"]["fullDescription"]["text"].startswith("Bare rule.\n\nA gap check")
    assert described["NM110"]["fullDescription"]["text"].startswith("Freedom of expression\n\nBlanket blocking of content\n\nA flag")
    assert described["NM606"]["fullDescription"]["text"] == "Multistakeholder\n\nWithout review, decisions are taken by one party."
    assert len(described["T9"]["properties"]["tags"]) == sarif.MAX_TAGS


def test_sarif_context_region_from_the_source():
    from netlint.document import parse_text

    text = "Title\n\nThe minister may order blocking of any website at will.\nNext line.\n"
    doc = parse_text(text, "docs/draft.md")
    finding = _finding(path="docs/draft.md", region=Region(3, 24, 3, 32))
    gap = _finding(path="docs/draft.md", kind="gap", region=Region(1, 1, 1, 6), snippet="Title")
    report = Report(findings=[finding, gap], files=["docs/draft.md"])
    run = sarif.to_dict(report, cwd=CWD, sources={"docs/draft.md": doc})["runs"][0]
    contexts = [r["locations"][0]["physicalLocation"]["contextRegion"] for r in run["results"]]
    assert contexts[0] == {"startLine": 1, "startColumn": 1, "endLine": 3, "endColumn": 56,
                           "snippet": {"text": "Title\n\nThe minister may order blocking of any website at will."}}
    assert contexts[1]["startLine"] == 1 and contexts[1]["endLine"] == 4
    assert run["artifacts"][0] == {"location": {"uri": "docs/draft.md", "uriBaseId": "SRCROOT"},
                                   "roles": ["analysisTarget"], "mimeType": "text/markdown", "encoding": "utf-8"}
    absent = _finding(path="docs/draft.md", region=Region(3, 24, 3, 32), baseline_state="absent")
    run = sarif.to_dict(Report(findings=[absent]), cwd=CWD, sources={"docs/draft.md": doc})["runs"][0]
    assert "contextRegion" not in run["results"][0]["locations"][0]["physicalLocation"]


def test_text_and_markdown_show_baseline_states(report):
    report.findings = [_finding(baseline_state="new"), _finding(fingerprint="x", region=Region(5, 1, 5, 3), baseline_state="unchanged"),
                       _finding(fingerprint="y", region=Region(7, 1, 7, 3), baseline_state="absent")]
    out = text.render(report, cwd=CWD)
    assert "docs/draft.md:3:24: NM110 [warning] (new) Blanket blocking of content" in out
    assert ":7:1:" not in out
    assert out.endswith("Compared with the baseline: 1 new, 1 unchanged, 0 updated, 1 absent.\n")
    assert "**new**: Blanket blocking" in markdown.render(report, cwd=CWD)


# ---- the JSON writer: orjson when it can, json otherwise, the same text either way

_SCALARS = (st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text()
            | st.floats(1e-4, 1e15, allow_nan=False) | st.floats(-1e15, -1e-4, allow_nan=False) | st.just(0.0))
_VALUES = st.recursive(_SCALARS, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(), kids, max_size=4),
                       max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_dumps_writes_what_json_writes(value):
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [
    {"lone": "a\ud800b"},  # orjson refuses strings that are not UTF-8
    {"big": 2**70},  # and integers past 64 bits
    {1: "int key"},  # and keys that are not strings
    {"controls": "\x00\x08\t\n\x0c\r\x1f\x7f\u2028\u2029\"\\/ é 😀"},
])
def test_dumps_falls_back_to_json_for_what_orjson_refuses(value):
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_dumps_without_orjson(monkeypatch):
    monkeypatch.setitem(sys.modules, "orjson", None)  # import orjson now fails
    value = {"findings": [{"id": "NM110", "evidence": {}, "line": 3, "snippet": "é"}], "notices": []}
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_json_and_sarif_reports_are_unchanged_by_orjson(monkeypatch, report):
    fast = {fmt: render(fmt, report, cwd=CWD) for fmt in ("json", "sarif")}
    monkeypatch.setitem(sys.modules, "orjson", None)
    assert fast == {fmt: render(fmt, report, cwd=CWD) for fmt in ("json", "sarif")}


@pytest.mark.parametrize("kind", ["gap", "flag", "safeguard", "directive"])
def test_sarif_help_suppresses_as_explain_does(kind):
    """A gap finding stands at line 1 for the whole document: only disable-file suppresses it (a
    disable-next-line leaves it and adds an NL001); no directive suppresses an NL finding."""
    from netlint.cli import explain_text

    rule = Rule(id="NL009" if kind == "directive" else "NM999", slug="some-rule", kind=kind, level="warning", message="M.")
    help_ = _sarif(Report(rules=[rule]))["runs"][0]["tool"]["driver"]["rules"][0]["help"]
    explained = explain_text(rule).split("Suppress it:\n", 1)[1]
    if kind == "directive":
        assert "netlint-disable" not in help_["text"] + help_["markdown"] + explained
        assert explained.strip() in help_["text"] and explained.strip() in help_["markdown"]
        return
    directive = explained.split()[0:4]
    assert directive[0] == "<!--" and " ".join(directive) in help_["text"] and " ".join(directive) in help_["markdown"]
    assert ("disable-file" in directive[1]) == (kind == "gap")
