"""The engine: a document and a compiled pack in, findings out. No I/O, no terminal."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from netlint.compile import Compiled
from netlint.document import Document
from netlint.findings import Finding, Region
from netlint.judge import SAFEGUARD_CLASSES, Cues, build_cues, context_ok, is_negated, polarity_ok
from netlint.packs import Rule, Trigger
from netlint.provisions import Provision, Sentence, segment
from netlint.saferegex import RegexTimeout, compile_user_regex, finditer_bounded

_WS_RE = re.compile(r"\s+")


@dataclass(slots=True)
class Hit:
    """One rule-pattern match in a sentence: token span and original character span."""

    role: str
    trigger: int
    group: int
    alt: int
    tok_start: int
    tok_end: int
    start: int
    end: int


@dataclass(slots=True)
class SentenceView:
    """A sentence with its cues and rule hits, ready for judging."""

    index: int
    sent: Sentence
    cues: Cues
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    text: str = ""

    @property
    def operative(self) -> bool:
        return not (self.sent.nonoperative or self.sent.heading or self.cues.nonoperative)


_INVISIBLE_RE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]+")
_DASH_RE = re.compile("[\u2013\u2014\u2015]")
_GAP_RE = re.compile(r"\s{2,}|[^\S ]|" + _INVISIBLE_RE.pattern + "|" + _DASH_RE.pattern)  # what normalize changes
_SPECIAL_GAP_RE = re.compile(r"[^\S ]|  |" + _INVISIBLE_RE.pattern + "|" + _DASH_RE.pattern)


def normalize(masked: str, start: int, end: int) -> tuple[str, list[int]]:
    """Collapse whitespace to one space, drop invisible format characters (so "pub\u200blished"
    matches "published") and space out dashes ("Savings.—Nothing" is three tokens); return the
    text and each character's original offset."""
    out: list[str] = []
    offs: list[int] = []
    pos = start
    if _SPECIAL_GAP_RE.search(masked, start, end) is None:
        return masked[start:end], list(range(start, end + 1))
    for m in _GAP_RE.finditer(masked, start, end):  # single spaces stay as they are
        if m.start() > pos:
            out.append(masked[pos:m.start()])
            offs.extend(range(pos, m.start()))
        if _DASH_RE.fullmatch(m.group(0)):
            if out and not out[-1].endswith(" "):
                out.append(" ")
                offs.append(m.start())
            out.append(m.group(0))
            offs.append(m.start())
            if m.end() < end and not masked[m.end()].isspace():
                out.append(" ")
                offs.append(m.end())
        elif not _INVISIBLE_RE.fullmatch(m.group(0)):
            out.append(" ")
            offs.append(m.start())
        pos = m.end()
    if pos < end:
        out.append(masked[pos:end])
        offs.extend(range(pos, end))
    offs.append(end)
    return "".join(out), offs


def _provision_ends(sentences: list[Sentence]) -> list[int]:
    """Where each provision's run of sentences ends (sentences come provision by provision)."""
    return [i + 1 for i in range(len(sentences)) if i + 1 == len(sentences) or sentences[i + 1].provision != sentences[i].provision]


def sentence_views(doc: Document, compiled: Compiled, sentences: list[Sentence], first: int = 0,
                   wide: frozenset[str] | None = None, live: frozenset[str] | None = None) -> list[SentenceView]:
    """Tokenize and match the sentences of one provision (`first`: the index of the first one).

    Triggers are matched first, of the `live` rules only (None: of every rule). A rule's with and
    without phrases are matched only in sentences with its trigger, or in the whole provision for
    the rules in `wide` (those with a trigger of provision scope; None: every rule); its safeguards
    in the provision where its trigger matched; the cues only in sentences where something matched.
    What no judgement reads is not matched.
    """
    from spacy.attrs import IDX, LENGTH

    keys = compiled.keys
    nlp = compiled.nlp
    tokenize = nlp if len(nlp.pipe_names) else nlp.tokenizer
    prepared = []
    rules: set[str] = set()
    for sent in sentences:
        norm, offs = normalize(doc.masked, sent.start, sent.end)
        sdoc = tokenize(norm)
        state = compiled.prepare(sdoc)
        found = compiled.triggers(state, live)
        own = {keys[key].rule for key, _s, _e in found}
        rules |= own
        prepared.append((sdoc, offs, state, found, own))
    shared = {r for r in rules if wide is None or r in wide} | {"+" + r for r in rules}
    views = []
    for i, (sent, (sdoc, offs, state, found, own)) in enumerate(zip(sentences, prepared), first):
        found = found + compiled.context(state, shared | own)
        if found:
            found += compiled.cues(state)
        before, after, pseudo, terms, excs = [], [], [], [], []
        nonop = False
        hits: dict[str, list[Hit]] = defaultdict(list)
        spans = None
        for key, ts, te in found:
            info = keys[key]
            role = info.role
            if role == "cue":
                before.append((ts, te, info.cls))
            elif role == "after":
                after.append((ts, te, info.cls))
            elif role == "pseudo":
                pseudo.append((ts, te))
            elif role == "term":
                terms.append(ts)
            elif role == "exc":
                excs.append(ts)
            elif role == "nonop":
                nonop = True
            else:
                if spans is None:
                    spans = sdoc.to_array([IDX, LENGTH]).tolist()
                cs = offs[spans[ts][0]]
                last, length = spans[te - 1]
                ce = offs[last + length - 1] + 1
                hits[info.rule].append(Hit(role, info.trigger, info.group, info.alt, ts, te, cs, ce))
        views.append(SentenceView(i, sent, build_cues(before, after, pseudo, terms, excs, nonop), dict(hits),
                                  doc.text[sent.start:sent.end]))
    return views


def _scope_hits(view: SentenceView, by_prov: dict[int, list[SentenceView]], rule_id: str, trig: Trigger,
                t: int) -> list[tuple[SentenceView, Hit]]:
    scope = by_prov[view.sent.provision] if trig.scope == "provision" else [view]
    return [(v, h) for v in scope for h in v.hits.get(rule_id, ()) if h.trigger == t]


def _trigger_ok(view: SentenceView, hit: Hit, trig: Trigger, rule_id: str, t: int,
                by_prov: dict[int, list[SentenceView]]) -> bool:
    if not polarity_ok(trig.polarity, view.cues, hit.tok_start, hit.tok_end):
        return False
    scoped = _scope_hits(view, by_prov, rule_id, trig, t)
    if any(h.role == "x" for _, h in scoped):
        return False
    for g in range(len(trig.with_)):
        if not any(h.role == "w" and h.group == g and (trig.polarity != "affirmed" or context_ok(
                   v.cues, h.tok_start, h.tok_end, (hit.tok_start, hit.tok_end) if v is view else None))
                   for v, h in scoped):
            return False
    if trig.min_distinct > 1 and _distinct(scoped, trig) < trig.min_distinct:
        return False
    return True


def _distinct(scoped: list[tuple[SentenceView, Hit]], trig: Trigger) -> int:
    """How many different things the trigger matched in scope (overlaps counted once, plurals folded)."""
    kept: list[Hit] = []
    names: set[str] = set()
    hits = [(v, h) for v, h in scoped if h.role == "t" and polarity_ok(trig.polarity, v.cues, h.tok_start, h.tok_end)]
    for v, h in sorted(hits, key=lambda vh: (vh[0].index, vh[1].start, -(vh[1].end - vh[1].start))):
        if any(k.start < h.end and h.start < k.end for k in kept):
            continue
        kept.append(h)
        names.add(v.text[h.start - v.sent.start:h.end - v.sent.start].lower().rstrip("s"))
    return len(names)


def _first_trigger(view: SentenceView, rule: Rule, by_prov: dict[int, list[SentenceView]]) -> Hit | None:
    for hit in sorted(view.hits.get(rule.id, ()), key=lambda h: (h.start, -h.end)):
        if hit.role == "t" and _trigger_ok(view, hit, rule.triggers[hit.trigger], rule.id, hit.trigger, by_prov):
            return hit
    return None


def _safeguard(rule: Rule, view: SentenceView, by_prov: dict[int, list[SentenceView]]) -> tuple[SentenceView, Hit] | None:
    for v in by_prov[view.sent.provision]:
        for h in v.hits.get(rule.id, ()):
            if h.role == "s" and not is_negated(v.cues, h.tok_start, h.tok_end, SAFEGUARD_CLASSES):
                return v, h
    return None


def describe_phrase(phrase: str) -> str:
    """A phrase of the rule syntax for people: 'protect ~5 privacy|anonymity' -> 'protect … privacy/anonymity'."""
    words = []
    for tok in phrase.split():
        if re.fullmatch(r"~\d+", tok):
            if words and words[-1] != "…":
                words.append("…")
            continue
        alts = [a.lstrip("=").rstrip("?") for a in tok.split("|")]
        alts = [f"<{a[1:].split('_', 1)[-1].replace('_', ' ')}>" if a.startswith("@") else a for a in alts]
        words.append("/".join(alts[:4]) + ("/…" if len(alts) > 4 else ""))
    return " ".join(words)


def _collapse(text: str, limit: int = 400) -> str:
    s = _WS_RE.sub(" ", text).strip()
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _region(doc: Document, start: int, end: int) -> Region:
    sl, sc = doc.position(start)
    el, ec = doc.position(end)
    return Region(sl, sc, el, ec, start, end)


def fingerprint(rule_id: str, sentence: str, occurrence: int) -> str:
    """A line-independent identity: rule, normalized sentence text and occurrence index."""
    norm = _WS_RE.sub(" ", sentence).strip().lower()
    return hashlib.sha256(f"{rule_id}\x00{norm}\x00{occurrence}".encode()).hexdigest()[:32]


def _line_of(doc: Document, offset: int) -> int:
    return doc.position(offset)[0]


def check_flags(doc: Document, rules: list[Rule], views: list[SentenceView],
                by_prov: dict[int, list[SentenceView]], provisions: list[Provision]) -> list[Finding]:
    """Flag and safeguard findings: one per rule per operative sentence where the practice is authorized."""
    out = []
    for rule in rules:
        if rule.kind == "gap" or not rule.triggers:
            continue
        for view in views:
            if rule.id not in view.hits or not view.operative:
                continue
            hit = _first_trigger(view, rule, by_prov)
            if hit is None:
                continue
            sent_text = doc.text[view.sent.start:view.sent.end]
            prov = provisions[view.sent.provision]
            evidence = [("matched", _collapse(doc.text[hit.start:hit.end], 120))]
            message = rule.message
            if rule.kind == "safeguard":
                cure = _safeguard(rule, view, by_prov)
                if cure is not None:
                    continue
                where = f"{prov.label or 'provision'} at line {_line_of(doc, prov.start)}".strip()
                evidence.append(("safeguard looked for", "; ".join(describe_phrase(p) for p in rule.safeguards[:4])))
                evidence.append(("provision", where))
            evidence.append(("sentence", _collapse(sent_text)))
            out.append(Finding(
                rule_id=rule.id, slug=rule.slug, kind=rule.kind, level=rule.level, path=doc.path,
                region=_region(doc, hit.start, hit.end), message=message,
                snippet=doc.text[hit.start:hit.end], sentence=_collapse(sent_text, 2000), evidence=tuple(evidence),
            ))
    return out


def _gap_rules(rules: list[Rule], profile: str) -> list[Rule]:
    return [r for r in rules if r.kind == "gap" and profile in r.profiles]


def _scan_gap(doc: Document, rule: Rule, views: list[SentenceView], by_prov: dict[int, list[SentenceView]],
              near: list[str]) -> tuple[SentenceView, Hit] | None:
    """The first view (in order) that satisfies the gap rule; near misses before it go into `near`
    (at most 3: the first trigger of each sentence that matched one but did not satisfy the rule)."""
    for view in views:
        if rule.id not in view.hits:
            continue
        hit = _first_trigger(view, rule, by_prov)
        if hit is not None and view.operative:
            return view, hit
        triggers = [h for h in view.hits[rule.id] if h.role == "t"]
        if triggers and len(near) < 3:
            h = min(triggers, key=lambda h: (h.start, -h.end))  # the sentence's first, in reading order
            why = "not operative (heading, definition or quotation)" if not view.operative else "negated, excluded or missing its context"
            near.append(f"'{_collapse(doc.text[h.start:h.end], 60)}' at line {_line_of(doc, h.start)}: {why}")
    return None


def _gap_results(doc: Document, rules: list[Rule], found: dict[str, tuple[SentenceView, Hit]],
                 near: dict[str, list[str]]) -> tuple[list[Finding], dict[str, str]]:
    """Gap findings for the rules not found, and where the others were satisfied."""
    out, satisfied = [], {}
    for rule in rules:
        if rule.id in found:
            view, hit = found[rule.id]
            satisfied[rule.id] = f"line {_line_of(doc, hit.start)}: {_collapse(doc.text[view.sent.start:view.sent.end], 200)}"
            continue
        searched = [describe_phrase(p) for trig in rule.triggers for p in trig.phrases[:1]][:4]
        evidence = [("searched", "; ".join(searched))]
        evidence += [("near miss", n) for n in near.get(rule.id, ())]
        end_col = max(1, doc.line_end(1) + 1) if doc.text else 1
        out.append(Finding(
            rule_id=rule.id, slug=rule.slug, kind="gap", level=rule.level, path=doc.path,
            region=Region(1, 1, 1, end_col, 0, max(0, end_col - 1)), message=rule.message,
            snippet=doc.text[: max(0, end_col - 1)], evidence=tuple(evidence),
        ))
    return out, satisfied


def check_text(doc: Document, rules: list[Rule]) -> list[Finding]:
    """Raw-text checks: invisible characters at exact positions, and placeholder patterns."""
    out = []
    for rule in rules:
        try:
            out.extend(_check_text_rule(doc, rule))
        except TimeoutError:
            raise RegexTimeout(rule.id) from None
    return out


@lru_cache(maxsize=64)
def _char_class(ranges: tuple[tuple[int, int], ...]) -> re.Pattern:
    """One regex character class for a rule's code-point ranges (above ASCII, as the rule format says)."""
    parts = [f"{re.escape(chr(max(lo, 0x80)))}-{re.escape(chr(hi))}" for lo, hi in ranges if hi >= 0x80]
    return re.compile(f"[{''.join(parts)}]" if parts else r"(?!)")


def _check_text_rule(doc: Document, rule: Rule) -> list[Finding]:
    tc = rule.text
    if tc is None:
        return []
    spans: list[tuple[int, int, str]] = []
    if tc.characters:
        for m in _char_class(tc.characters).finditer(doc.text):
            i, cp = m.start(), ord(m.group(0))
            if not (i == 0 and cp in tc.allow_leading):
                spans.append((i, i + 1, f"U+{cp:04X}"))
    if tc.regex:
        excluded: list[tuple[int, int]] | None = None  # found only once something matched (most texts: never)
        for pat in tc.regex:
            for m in finditer_bounded(compile_user_regex(pat), doc.text):
                if m.end() <= m.start():
                    continue
                if excluded is None:
                    excluded = [(x.start(), x.end()) for rx in tc.exclude
                                for x in finditer_bounded(compile_user_regex(rx), doc.text)]
                if not any(a <= m.start() < b for a, b in excluded):
                    spans.append((m.start(), m.end(), m.group(0)))
    out = []
    last_end = -1
    for s, e, what in sorted(spans):
        if s < last_end:
            continue
        last_end = e
        line = doc.position(s)[0]
        line_text = doc.text[doc.line_starts[line - 1]:doc.line_end(line)]
        out.append(Finding(
            rule_id=rule.id, slug=rule.slug, kind=rule.kind, level=rule.level, path=doc.path,
            region=_region(doc, s, e), message=f"{rule.message} ({what})" if tc.characters else rule.message,
            snippet=doc.text[s:e], sentence=line_text, evidence=(("matched", what),),
        ))
    return out


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Give each finding its fingerprint, counting repeats of the same rule and sentence."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    out = []
    for f in sorted(findings, key=lambda f: f.sort_key):
        basis = "document" if f.kind == "gap" else f"{f.snippet}|{f.sentence}"
        key = (f.rule_id, _WS_RE.sub(" ", basis).strip().lower())
        out.append(replace(f, fingerprint=fingerprint(f.rule_id, basis, seen[key])))
        seen[key] += 1
    return out


def check_document(doc: Document, compiled: Compiled, rules: list[Rule], profile: str) -> tuple[list[Finding], dict[str, str]]:
    """All findings for one document (before suppression), and where each gap was satisfied.

    Provision by provision: a provision is the widest scope any judgement looks at, so its views
    are judged and dropped before the next is matched, and memory stays that of one provision.
    Only the rules still to be judged are matched: a gap check ends where it is first satisfied,
    and one outside the document's profile is never judged.
    """
    pattern_rules = [r for r in rules if r.triggers]
    findings = check_text(doc, rules)
    satisfied: dict[str, str] = {}
    if pattern_rules:
        provisions, sentences = segment(doc)
        gap_rules = _gap_rules(pattern_rules, profile)
        wide = frozenset(r.id for r in pattern_rules if any(t.scope == "provision" for t in r.triggers))
        flags = frozenset(r.id for r in pattern_rules if r.kind != "gap")
        found: dict[str, tuple[SentenceView, Hit]] = {}
        near: dict[str, list[str]] = {}
        live = flags | {r.id for r in gap_rules}  # a new set only when a gap check is satisfied
        start = 0
        for end in _provision_ends(sentences):
            views = sentence_views(doc, compiled, sentences[start:end], start, wide=wide, live=live)
            by_prov = {sentences[start].provision: views}
            findings += check_flags(doc, pattern_rules, views, by_prov, provisions)
            for rule in gap_rules:
                if rule.id not in found:
                    hit = _scan_gap(doc, rule, views, by_prov, near.setdefault(rule.id, []))
                    if hit is not None:
                        found[rule.id] = hit
                        live = live - {rule.id}
            start = end
        gaps, satisfied = _gap_results(doc, gap_rules, found, near)
        findings += gaps
    return with_fingerprints(findings), satisfied
