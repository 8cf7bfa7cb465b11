"""netlint's benchmark: `python bench/run.py` writes bench/REPORT.md and bench/report.json.

It measures, on corpora generated into a temporary directory from the project's own sample
drafts (corpora/) and provisions generated from the rules' examples:
  1. throughput of `netlint check --jobs 1` next to bare spaCy tokenization of the same files;
  2. cold start of `netlint check` on one small file next to `import spacy; spacy.blank("en")`;
  3. --jobs 1 against --jobs 2 on 200 files;
  4. peak memory (max RSS) on a 5 MB document and on the 200 files;
  5. time against document size (1x, 4x, 16x);
  6. the CPU time of the stages of a check that match no pattern, against the tokenizer;
and profiles one check with pyinstrument. Every timing is the median of several runs, each
run a whole process unless said otherwise. --quick makes everything smaller (a smoke test).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SMALL_FILE = "1. Scope\nThis Act applies to online services.\n\n2. Powers\nThe Minister may block any website.\n"
TOKENIZE = """
import sys
from pathlib import Path
import spacy
nlp = spacy.blank("en")
tokens = 0
for path in sys.argv[1:]:
    for doc in nlp.tokenizer.pipe(Path(path).read_text(encoding="utf-8").splitlines()):
        tokens += len(doc)
print(tokens)
"""
IMPORT_BLANK = "import spacy; spacy.blank('en')"
THROUGHPUT_TARGET = 0.6  # netlint words/s ÷ bare tokenizer words/s


def machine() -> dict:
    """What the numbers were measured on."""
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem = ""
    try:
        kb = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    from importlib.metadata import version

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    outputs = {"bench/REPORT.md", "bench/report.json", "bench/profile.txt"}  # this script's own output
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                            text=True).stdout.splitlines()
    dirty = [line for line in status if line[3:].strip() not in outputs]
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": platform.platform(),
        "python": platform.python_version(), "spacy": version("spacy"), "netlint": version("netlint"),
        "commit": commit + ("+changes" if dirty else ""), "load_average_at_start": os.getloadavg()[0],
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


# ---------------------------------------------------------------- corpus

def _sentences(text: str) -> list[str]:
    flat = re.sub(r"\s+", " ", re.sub(r"^[#>*|\-\d.() ]+", "", text, flags=re.M))
    return [s.strip() for s in re.split(r"(?<=[.;:])\s+(?=[A-Z(])", flat) if 30 <= len(s.strip()) <= 400]


def material() -> tuple[list[str], list[str]]:
    """The sample drafts' texts, and sentences: from the drafts and from every rule's examples."""
    import yaml

    drafts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora").iterdir())
              if p.suffix in (".md", ".txt") and p.name != "README.md"]
    sentences = [s for d in drafts for s in _sentences(d)]
    for path in sorted((ROOT / "rules").glob("NM*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        ex = data.get("examples") or {}
        sentences += [s.strip() for s in (ex.get("fire") or []) + (ex.get("pass") or []) if isinstance(s, str)]
    return drafts, sentences


TITLES = ["Powers of the Authority", "Obligations of service providers", "Rights of users", "Oversight",
          "Data retention", "Blocking and filtering", "Appeals", "Transparency", "Penalties", "Participation",
          "Access to information", "Security of networks", "Consultation", "Licensing", "General provisions"]


def provisions(rng: random.Random, sentences: list[str], words: int, markdown: bool) -> str:
    """A generated draft of about `words` words: numbered sections of sentences drawn at random."""
    out, n, total = [], 0, 0
    while total < words:
        n += 1
        title = rng.choice(TITLES)
        out.append(f"## {n}. {title}" if markdown else f"{n}. {title}")
        for k in range(1, rng.randint(2, 6)):
            body = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
            out.append(f"({k}) {body}")
            total += len(body.split()) + 1
        out.append("")
    return "\n".join(out) + "\n"


def draft(rng: random.Random, drafts: list[str], sentences: list[str], words: int, markdown: bool) -> str:
    """A document of about `words` words: a sample draft followed by generated provisions."""
    head = rng.choice(drafts) if rng.random() < 0.5 else ""
    rest = max(0, words - len(head.split()))
    return head + "\n\n" + provisions(rng, sentences, rest, markdown) if rest else head


def write_corpus(where: Path, files: int, words_each: int, seed: int, big_mb: float = 0.0) -> list[Path]:
    """Many files of about `words_each` words (half Markdown, half text) and, optionally, one very large file."""
    drafts, sentences = material()
    rng = random.Random(seed)
    where.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(files):
        md = i % 2 == 0
        p = where / f"draft-{i:04d}.{'md' if md else 'txt'}"
        p.write_text(draft(rng, drafts, sentences, words_each, md), encoding="utf-8")
        paths.append(p)
    if big_mb:
        paths.append(big_document(where / "omnibus-act.txt", big_mb, seed + 1))
    return paths


def big_document(path: Path, megabytes: float, seed: int) -> Path:
    """One very large plain-text draft of about the given size."""
    drafts, sentences = material()
    rng = random.Random(seed)
    parts, size = [], 0
    while size < megabytes * 1e6:
        chunk = provisions(rng, sentences, 20000, False)
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    path.write_text("".join(parts), encoding="utf-8")
    return path


def count_words(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)


# ---------------------------------------------------------------- measuring

def run(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, int, int]:
    """Run a whole process: (wall seconds, peak RSS in MiB of the process, exit status)."""
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            raise SystemExit(f"command failed ({code}): {' '.join(cmd)}\n{err.read().decode(errors='replace')}")
    return wall, usage.ru_maxrss // 1024, code


def medians(cmds: dict[str, list[str]], runs: int, env: dict) -> dict[str, dict]:
    """Run each command `runs` times, interleaved (so load from elsewhere hits all alike); medians."""
    times: dict[str, list[float]] = {k: [] for k in cmds}
    rss: dict[str, int] = {k: 0 for k in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            wall, peak, _ = run(cmd, env)
            times[name].append(wall)
            rss[name] = max(rss[name], peak)
    return {k: {"median_s": statistics.median(v), "runs_s": [round(x, 3) for x in v], "peak_rss_mib": rss[k]}
            for k, v in times.items()}


def byte_compile() -> bool:
    """Byte-compile the netlint package the commands run (when Python is told not to write
    bytecode itself, an editable checkout would be compiled from source at every start)."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return False
    import compileall

    import netlint

    return bool(compileall.compile_dir(str(Path(netlint.__file__).parent), quiet=1))


def netlint_cmd(*args: str) -> list[str]:
    return [PY, "-m", "netlint", "check", "--fail-on", "never", "--format", "json", *args]


def _checker():
    """A checker of the default pack and configuration, built in this process (as `netlint check` builds it)."""
    from netlint import config, runner
    from netlint.selection import active_rules, load_rules

    cfg = config.load_config(None)
    pack = load_rules(cfg, [])
    return runner.Checker(pack, active_rules(pack, cfg, None, None, None), cfg)


def in_process_scaling(base: Path, runs: int, tmp: Path) -> list[dict]:
    """CPU time of one check (in one process, pack compiled once) on the base document repeated 1x, 4x, 16x.

    CPU time, not wall time, the sizes interleaved round by round (the 1x one four times a round)
    and the fastest run of each: other work on the machine would otherwise bend the line (CPU
    time of the same check varies by half here). The collector is frozen after set-up, as
    `netlint check` does.
    """
    import gc

    checker = _checker()
    checker.compiled.build_all()
    text = base.read_text(encoding="utf-8")
    sizes = {1: 4, 4: 1, 16: 1}  # size: runs per round
    paths = {}
    for k in sizes:
        paths[k] = p = tmp / f"scaled-{k}x.txt"
        p.write_text((text.rstrip("\n") + "\n\n") * k, encoding="utf-8")
        checker.check_file(p, p.name)
    gc.collect()
    gc.freeze()
    times: dict[int, list[float]] = {k: [] for k in sizes}
    cpu: dict[int, list[float]] = {k: [] for k in sizes}
    for _ in range(runs):
        for k, reps in sizes.items():
            for _ in range(reps):
                t, c = time.perf_counter(), time.process_time()
                checker.check_file(paths[k], paths[k].name)
                times[k].append(time.perf_counter() - t)
                cpu[k].append(time.process_time() - c)
    gc.unfreeze()
    out = []
    for k in sizes:
        words = len(paths[k].read_text(encoding="utf-8").split())
        best = min(cpu[k])  # the work is the same every run: anything above the fastest is the machine
        out.append({"size": f"{k}x", "words": words, "min_cpu_s": best, "median_cpu_s": statistics.median(cpu[k]),
                    "median_wall_s": statistics.median(times[k]), "us_per_word": best / words * 1e6,
                    "runs_cpu_s": [round(x, 3) for x in cpu[k]]})
    return out


def stage_floors(paths: list[Path], runs: int) -> dict:
    """In-process CPU time of each stage of a check on the same files, as a multiple of bare
    tokenization of their lines: what the throughput target leaves for the rest.

    A ratio of 0.6 allows the whole check 1/0.6 = 1.67 times the tokenizer's time. The stages
    timed apart here match no rule pattern. Those marked compiled spend most of their time in C
    (re, regex, spaCy's tokenizer): their sum is a floor that tuning netlint's Python code
    cannot lower (only faster regexes in the rules, or a pipeline in compiled code, could).
    """
    import gc

    import spacy

    from netlint.document import read_document
    from netlint.evaluators.text import check_text
    from netlint.views import normalize
    from netlint.provisions import segment

    checker = _checker()
    rules = checker.rules
    checker.compiled.build_all()
    compiled, blank = checker.compiled, spacy.blank("en")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    docs = [read_document(p, p.name) for p in paths]
    segmented = [segment(d)[1] for d in docs]
    spans = [(d, s) for d, sents in zip(docs, segmented) for s in sents]
    norms = [normalize(d.masked, s.start, s.end)[0] for d, s in spans]
    sdocs = [compiled.nlp.tokenizer(n) for n in norms]

    def tokenizer() -> None:
        for text in texts:
            for _ in blank.tokenizer.pipe(text.splitlines()):
                pass

    def whole() -> None:
        for p in paths:
            checker.check_file(p, p.name)

    stages = {  # name: (compiled?, what)
        "read and mask (read_document)": (True, lambda: [read_document(p, p.name) for p in paths]),
        "raw-text checks (check_text: the placeholder and hidden-character regexes)":
            (True, lambda: [check_text(d, rules) for d in docs]),
        "normalize each sentence": (True, lambda: [normalize(d.masked, s.start, s.end) for d, s in spans]),
        "tokenize each sentence (spaCy)": (True, lambda: [compiled.nlp.tokenizer(n) for n in norms]),
        "segment into provisions and sentences": (False, lambda: [segment(d) for d in docs]),
        "token arrays and value sets (PackMatcher.prepare)": (False, lambda: [compiled.prepare(d) for d in sdocs]),
    }
    whole()
    gc.collect()
    gc.freeze()
    try:
        def fastest(fn) -> float:
            best = float("inf")
            for _ in range(runs):
                c = time.process_time()
                fn()
                best = min(best, time.process_time() - c)
            return best

        base = fastest(tokenizer)
        rows = [{"stage": k, "compiled": c, "cpu_s": round(t, 4), "x_tokenizer": round(t / base, 2)}
                for k, c, t in ((k, c, fastest(fn)) for k, (c, fn) in stages.items())]
        total = fastest(whole)
    finally:
        gc.unfreeze()
    floor = sum(r["cpu_s"] for r in rows if r["compiled"])
    timed = sum(r["cpu_s"] for r in rows)
    return {"files": len(paths), "words": sum(len(t.split()) for t in texts), "tokenizer_cpu_s": round(base, 4),
            "stages": rows, "floor_x_tokenizer": round(floor / base, 2),
            "stages_x_tokenizer": round(timed / base, 2), "check_cpu_s": round(total, 4),
            "check_x_tokenizer": round(total / base, 2), "budget_x_tokenizer": round(1 / THROUGHPUT_TARGET, 2)}


def profile(doc: Path) -> dict:
    """Where one in-process check spends its time (pyinstrument), by stage, as shares of the total."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return {"error": "pyinstrument is not installed (pip install -r bench/requirements.txt)"}
    checker = _checker()
    checker.check_file(doc, doc.name)
    prof = Profiler(interval=0.001)
    prof.start()
    checker.check_file(doc, doc.name)
    prof.stop()
    root = prof.last_session.root_frame()
    stages = {
        "read and mask (read_document)": ({"read_document"}, "netlint"),
        "segment (provisions.segment)": ({"segment"}, "netlint"),
        "normalize sentence text": ({"normalize"}, "netlint"),
        "rule matching (netlint's matcher: PackMatcher.prepare, triggers, context, cues)": (
            {"prepare", "triggers", "context", "cues", "match"}, "netlint"),
        "judging (check_flags, gap scan)": ({"check_flags", "_scan_gap", "_gap_results"}, "netlint"),
        "raw-text checks (check_text)": ({"check_text"}, "netlint"),
        "fingerprints and suppression": ({"with_fingerprints", "apply_directives"}, "netlint"),
    }
    found = {k: 0.0 for k in stages}

    def walk(frame) -> float:
        """Time of the labelled frames below (outermost label wins)."""
        for label, (names, where) in stages.items():
            if frame.function in names and where in (frame.file_path or ""):
                found[label] += frame.time
                return frame.time
        return sum(walk(child) for child in frame.children)

    python_side = sum(c.time for c in root.children if c.function == "<module>")
    labelled = sum(walk(c) for c in root.children if c.function == "<module>")
    total = root.time
    rows = [{"stage": k, "seconds": v} for k, v in found.items()]
    rows.append({"stage": "other netlint Python code (mostly turning matches into hits and cues)",
                 "seconds": python_side - labelled})
    rows.append({"stage": "compiled code invisible to the Python stack (spaCy's tokenizer, Doc.to_array)",
                 "seconds": total - python_side})
    for row in rows:
        row["share"] = round(row["seconds"] / total, 3)
        row["seconds"] = round(row["seconds"], 3)
    return {"document_words": len(doc.read_text(encoding="utf-8").split()), "total_s": round(total, 3), "stages": rows,
            "text": prof.output_text(color=False, show_all=False)}


# ---------------------------------------------------------------- report

def fmt_s(x: float) -> str:
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def report_md(r: dict) -> str:
    m = r["machine"]
    t, c, j, mem, sc = r["throughput"], r["cold_start"], r["jobs"], r["memory"], r["scaling"]
    tg = r["targets"]
    ok = {True: "met", False: "**not met**"}
    lines = [
        "# netlint benchmark", "",
        f"Command: `{r['command']}` ({'quick mode: smaller corpora, fewer runs' if r['quick'] else 'full run'}). "
        "Every time is the median of the runs listed in report.json, each run a whole process unless marked "
        "in-process; commands of one measurement were interleaved.", "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}; {m['os']}; Python {m['python']}, spaCy {m['spacy']}, "
        f"netlint {m['netlint']} at {m['commit']}; load average {m['load_average_at_start']:.2f} at start; {m['date']}.",
        "", "## Results", "",
        "| # | measurement | netlint | reference | ratio | target |", "|---|---|---|---|---|---|",
        f"| 1 | throughput, {t['files']} files ({t['words']:,} words, the largest {t['largest_mb']:.1f} MB), `--jobs 1` "
        f"| {t['netlint_words_per_s']:,.0f} words/s ({fmt_s(t['netlint_s'])}) "
        f"| bare tokenizer {t['tokenizer_words_per_s']:,.0f} words/s ({fmt_s(t['tokenizer_s'])}) "
        f"| {t['ratio']:.3f} | ≥ 0.6: {ok[tg['throughput_ratio']]} |",
        f"| 2 | cold start, `netlint check` on one small file (cache warm) | {fmt_s(c['netlint_s'])} "
        f"| `import spacy; spacy.blank('en')` {fmt_s(c['bare_spacy_s'])} | {c['ratio']:.2f} | ≤ 1.3: {ok[tg['cold_start']]} |",
        f"| 2a | cold start with an empty cache (first run) / `NETLINT_NO_CACHE=1` | {fmt_s(c['first_run_s'])} / "
        f"{fmt_s(c['no_cache_s'])} | | {c['first_run_s'] / c['bare_spacy_s']:.2f} / {c['no_cache_s'] / c['bare_spacy_s']:.2f} | |",
        f"| 2b | `netlint --version`, `netlint rules` | {fmt_s(c['version_s'])}, {fmt_s(c['rules_s'])} | "
        f"spaCy imported: {c['version_imports_spacy']}, {c['rules_imports_spacy']} | | no spaCy: "
        f"{ok[not c['version_imports_spacy'] and not c['rules_imports_spacy']]} |",
        f"| 3 | {j['files']} files ({j['words']:,} words): `--jobs 2` vs `--jobs 1` | {fmt_s(j['jobs2_s'])} "
        f"| {fmt_s(j['jobs1_s'])} | {j['speedup']:.2f}× faster | ≥ 1.7×: {ok[tg['jobs']]} |",
        f"| 3a | the most two processes could gain, with the start-up of row 2 paid once and all the rest halved "
        f"| | | {j['bound_2']:.2f}× | |",
        f"| 4 | peak RSS, one {mem['big_mb']:.1f} MB document | {mem['big_doc_mib']} MiB | | | ≤ 400 MB: {ok[tg['memory']]} |",
        f"| 4a | peak RSS, {j['files']} files, `--jobs 1` / `--jobs 2` (parent process) | {mem['corpus_jobs1_mib']} MiB / "
        f"{mem['corpus_jobs2_mib']} MiB | | | |",
    ]
    base = sc[0]["us_per_word"]
    growth = ", ".join(f"{s['size']}: {s['words']:,} words {fmt_s(s['min_cpu_s'])} ({s['us_per_word']:.1f} µs/word)"
                       for s in sc)
    lines.append(f"| 5 | CPU time vs document size, in-process (fastest run) | {growth} | | 16× per-word time ÷ 1×: "
                 f"{sc[-1]['us_per_word'] / base:.2f} | linear: {ok[tg['linear']]} |")
    lines += ["", "The bare tokenizer is `spacy.blank('en').tokenizer.pipe` over every line of every file, in one "
              "process that also imports spaCy and reads the files: the least any spaCy-based linter must spend. "
              "(Whole-file `nlp(text)` is slower, refuses texts over 1,000,000 characters, and its cost "
              "grows faster than the text on files with many line breaks, so it would flatter the ratio.)", ""]
    f = r.get("floors")
    if f:
        lines += ["## What the throughput target leaves", "",
                  f"In-process CPU time (fastest of {min(r['runs'], 3)} runs) of stages of a check on {f['files']} files of "
                  f"the 200-file corpus ({f['words']:,} words), each timed on its own over the same files and shown as a "
                  f"multiple of bare tokenization of their lines in the same process ({fmt_s(f['tokenizer_cpu_s'])}). "
                  f"A ratio of 0.6 allows the whole check {f['budget_x_tokenizer']:.2f}× the tokenizer. None of these "
                  "stages matches a rule pattern; those in compiled code spend most of their time in C (re, regex, "
                  "spaCy's tokenizer), so their sum is a floor that tuning netlint's Python code cannot lower "
                  "(only faster regexes in the rules, or a pipeline in compiled code, could).", "",
                  "| stage | runs in | CPU | × tokenizer |", "|---|---|---|---|"]
        lines += [f"| {s['stage']} | {'compiled code' if s['compiled'] else 'Python'} | {fmt_s(s['cpu_s'])} "
                  f"| {s['x_tokenizer']:.2f} |" for s in f["stages"]]
        lines += [f"| **sum of the stages in compiled code** | | | **{f['floor_x_tokenizer']:.2f}** |",
                  f"| sum of all the stages above | | | {f['stages_x_tokenizer']:.2f} |",
                  f"| whole check (`Checker.check_file`: the above, plus rule matching, judging and fingerprints) "
                  f"| | {fmt_s(f['check_cpu_s'])} | {f['check_x_tokenizer']:.2f} |",
                  f"| allowed by the target (1 / 0.6) | | | {f['budget_x_tokenizer']:.2f} |", ""]
    p = r["profile"]
    if "stages" in p:
        lines += ["## Where the time goes", "",
                  f"pyinstrument, one in-process check of a {p['document_words']:,}-word generated draft "
                  f"({fmt_s(p['total_s'])} wall; pack compiled and its patterns built beforehand). The full tree "
                  "is in profile.txt.", "",
                  "| stage | time | share |", "|---|---|---|"]
        lines += [f"| {s['stage']} | {fmt_s(s['seconds'])} | {s['share']:.0%} |" for s in p["stages"]]
        lines.append("")
    lines += ["## Notes", ""] + [f"- {n}" for n in r["notes"]] + [""]
    return "\n".join(lines)


def spacy_imported(args: list[str]) -> bool:
    code = ("import sys\nfrom netlint.cli import main\nmain(sys.argv[1:])\n"
            "print('SPACY' if 'spacy' in sys.modules else 'NOSPACY')")
    out = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True).stdout
    return "NOSPACY" not in out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small corpora and few runs: a smoke test, not a measurement")
    ap.add_argument("--runs", type=int, help="runs per timing (default 5, quick 2)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench", help="where REPORT.md and report.json go")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora (their path is printed)")
    args = ap.parse_args(argv)
    quick = args.quick
    runs = args.runs or (2 if quick else 5)
    tmp = Path(tempfile.mkdtemp(prefix="netlint-bench-"))
    env = dict(os.environ, NETLINT_CACHE_DIR=str(tmp / "cache"), NO_COLOR="1")
    env.pop("NETLINT_NO_CACHE", None)
    notes: list[str] = []
    say = lambda msg: print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)  # noqa: E731
    try:
        result: dict = {"command": "python bench/run.py" + (" --quick" if quick else ""), "quick": quick,
                        "runs": runs, "machine": machine()}
        say("generating corpora in " + str(tmp))
        many = write_corpus(tmp / "throughput", 40 if quick else 120, 3000 if quick else 12000, seed=1,
                            big_mb=0.5 if quick else 5.0)
        big = many[-1]
        two_hundred = write_corpus(tmp / "jobs", 200, 300 if quick else 2500, seed=2)
        small = tmp / "small.md"
        small.write_text(SMALL_FILE, encoding="utf-8")
        words = count_words(many)

        say("cold start")
        if byte_compile():
            notes.append("PYTHONDONTWRITEBYTECODE is set here, so netlint's modules were byte-compiled first "
                         "(compileall), as pip does on install; otherwise every start compiles them from source.")
        first, _, _ = run(netlint_cmd(str(small)), env)
        no_cache = medians({"nc": netlint_cmd(str(small))}, max(1, runs // 2), dict(env, NETLINT_NO_CACHE="1"))
        cold = medians({"netlint": netlint_cmd(str(small)), "bare": [PY, "-c", IMPORT_BLANK],
                        "version": [PY, "-m", "netlint", "--version"], "rules": [PY, "-m", "netlint", "rules"]},
                       runs * 2 + 1, env)
        result["cold_start"] = {
            "netlint_s": cold["netlint"]["median_s"], "bare_spacy_s": cold["bare"]["median_s"],
            "ratio": cold["netlint"]["median_s"] / cold["bare"]["median_s"], "first_run_s": first,
            "no_cache_s": no_cache["nc"]["median_s"], "version_s": cold["version"]["median_s"],
            "rules_s": cold["rules"]["median_s"], "version_imports_spacy": spacy_imported(["--version"]),
            "rules_imports_spacy": spacy_imported(["rules"]), "runs": cold,
        }

        say(f"throughput on {len(many)} files, {words:,} words")
        thr = medians({"netlint": netlint_cmd("--jobs", "1", "-o", str(tmp / "out.json"), str(tmp / "throughput")),
                       "tokenizer": [PY, "-c", TOKENIZE, *map(str, many)]}, 1 if quick else max(2, runs // 2), env)
        result["throughput"] = {
            "files": len(many), "words": words, "largest_mb": big.stat().st_size / 1e6,
            "netlint_s": thr["netlint"]["median_s"], "tokenizer_s": thr["tokenizer"]["median_s"],
            "netlint_words_per_s": words / thr["netlint"]["median_s"],
            "tokenizer_words_per_s": words / thr["tokenizer"]["median_s"],
            "ratio": thr["tokenizer"]["median_s"] / thr["netlint"]["median_s"], "runs": thr,
        }

        say("--jobs 1 vs --jobs 2 on 200 files")
        jobs = medians({"1": netlint_cmd("--jobs", "1", str(tmp / "jobs")),
                        "2": netlint_cmd("--jobs", "2", str(tmp / "jobs"))}, runs, env)
        result["jobs"] = {"files": len(two_hundred), "words": count_words(two_hundred),
                          "jobs1_s": jobs["1"]["median_s"], "jobs2_s": jobs["2"]["median_s"],
                          "speedup": jobs["1"]["median_s"] / jobs["2"]["median_s"], "runs": jobs}
        start = result["cold_start"]["netlint_s"]  # paid once, before any work can be shared out
        result["jobs"]["bound_2"] = jobs["1"]["median_s"] / (start + (jobs["1"]["median_s"] - start) / 2)

        say("peak memory")
        _, big_rss, _ = run(netlint_cmd("--jobs", "1", str(big)), env)
        result["memory"] = {"big_mb": big.stat().st_size / 1e6, "big_doc_mib": big_rss,
                            "corpus_jobs1_mib": jobs["1"]["peak_rss_mib"], "corpus_jobs2_mib": jobs["2"]["peak_rss_mib"]}

        say("time vs document size")
        base = tmp / "base.txt"
        base.write_text(provisions(random.Random(3), material()[1], 2000 if quick else 10000, False), encoding="utf-8")
        result["scaling"] = in_process_scaling(base, min(runs, 3), tmp)

        say("stage floors")
        sample, sample_words = [], 0
        for path in two_hundred:
            if sample_words >= (20000 if quick else 100000):
                break
            sample.append(path)
            sample_words += len(path.read_text(encoding="utf-8").split())
        result["floors"] = stage_floors(sample, min(runs, 3))

        say("profile")
        result["profile"] = profile(tmp / "scaled-4x.txt")

        per_word = [s["us_per_word"] for s in result["scaling"]]
        result["targets"] = {
            "throughput_ratio": result["throughput"]["ratio"] >= THROUGHPUT_TARGET,
            "cold_start": result["cold_start"]["ratio"] <= 1.3,
            "jobs": result["jobs"]["speedup"] >= 1.7,
            "memory": result["memory"]["big_doc_mib"] * 1.048576 <= 400,
            "linear": max(per_word) <= 1.25 * min(per_word),
        }
        notes.append("Linear means the per-word times of the 1×, 4× and 16× documents are within 25% of each other.")
        notes.append("The cache (NETLINT_CACHE_DIR) is a fresh directory in the temporary folder; it is warmed by "
                     "the first run, which is reported apart (2a).")
        notes.append(f"Corpora were generated in {tmp} and {'kept' if args.keep else 'deleted'}; they are made from "
                     "corpora/*.md|txt and the `examples` of rules/NM*.yaml, with a fixed seed.")
        result["notes"] = notes
        args.out.mkdir(parents=True, exist_ok=True)
        text = result["profile"].pop("text", "")
        (args.out / "report.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        (args.out / "REPORT.md").write_text(report_md(result), encoding="utf-8")
        if text:
            (args.out / "profile.txt").write_text(text, encoding="utf-8")
        say(f"wrote {args.out / 'REPORT.md'}")
        print(report_md(result))
    finally:
        if args.keep:
            print(f"corpora kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
