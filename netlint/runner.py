"""One `netlint check` run: resolve paths, load rules and config, check each file, suppress, sort."""

from __future__ import annotations

import fnmatch
import gc
import os
import signal
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from netlint.config import Config, check_ids
from netlint.document import SUFFIXES, DocumentError, front_matter_profile, read_document
from netlint.findings import Finding, Notice, Report
from netlint.packs import Pack, Rule, builtin_rules_dir
from netlint.saferegex import RegexTimeout
from netlint.selection import is_selected
from netlint.suppression import apply_directives, meta_rules
from netlint.yamlsrc import SourceError

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "env", ".env", "__pycache__", ".tox",
             ".nox", ".mypy_cache", ".pytest_cache", "site-packages", "build", "dist", ".eggs"}


@dataclass
class Options:
    """What the command line asked for; None means "let the config decide"."""

    paths: list[str] = field(default_factory=lambda: ["."])
    profile: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    extend_select: list[str] | None = None
    rules_dirs: list[str] = field(default_factory=list)
    model: str | None = None
    include_suppressed: bool = False
    jobs: int = 1


def display_path(path: Path, cwd: Path) -> str:
    """A path as reported: relative to the working directory when inside it, with forward slashes."""
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.path.abspath(cwd))
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


def collect(paths: list[str], cwd: Path, exclude: list[str]) -> tuple[list[tuple[Path, str]], list[Notice]]:
    """Files to check (each once), walking directories; missing paths raise SourceError."""
    files: list[tuple[Path, str]] = []
    notices: list[Notice] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        try:
            real = os.path.realpath(p)
        except OSError:
            real = str(p)
        if real in seen:
            return
        seen.add(real)
        disp = display_path(p, cwd)
        if any(fnmatch.fnmatch(disp, g) for g in exclude):
            return
        files.append((p, disp))

    for raw in paths:
        p = Path(raw)
        if not p.exists() and not p.is_symlink():
            raise SourceError(raw, 0, "no such file or directory")
        if p.is_dir():
            for root, dirs, names in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")
                                 and not os.path.exists(os.path.join(root, d, "pyvenv.cfg")))
                for name in sorted(names):
                    if name.lower().endswith(SUFFIXES):
                        fp = Path(root) / name
                        if fp.is_symlink() and not fp.exists():
                            notices.append(Notice(display_path(fp, cwd), "broken symbolic link; skipped"))
                            continue
                        add(fp)
        elif p.exists():
            add(p)
        else:
            notices.append(Notice(raw, "broken symbolic link; skipped"))
    files.sort(key=lambda x: x[1])
    return files, notices


def load_rules(cfg: Config, opts: Options) -> Pack:
    """The built-in pack plus rule directories from the config and the command line."""
    from netlint.cache import cached_pack

    dirs = [builtin_rules_dir(), *cfg.rules, *(Path(d) for d in opts.rules_dirs)]
    return cached_pack(dirs)


def active_rules(pack: Pack, cfg: Config, opts: Options) -> list[Rule]:
    """Rules selected by config and command line (the command line replaces the config's lists)."""
    select = opts.select if opts.select is not None else cfg.select
    ignore = opts.ignore if opts.ignore is not None else cfg.ignore
    extend = (opts.extend_select or []) + cfg.extend_select
    known = set(pack.rules) | {r.id for r in meta_rules()}
    for key, ids in (("--select", opts.select or []), ("--ignore", opts.ignore or []), ("--extend-select", opts.extend_select or [])):
        for rid in ids:
            if rid != "ALL" and not any(k.startswith(rid) for k in known):
                raise SourceError(key, 0, f"unknown rule ID or prefix {rid!r}; see `netlint rules`")
    check_ids(cfg, known)
    out = []
    for rule in sorted(pack.rules.values(), key=lambda r: r.id):
        if rule.kind != "directive" and is_selected(rule.id, select, ignore, extend):  # NL rules: apply_directives
            if rule.id in cfg.severity:
                rule = replace(rule, level=cfg.severity[rule.id])
            out.append(rule)
    return out


class Checker:
    """Checks files with one compiled pack; built once per process."""

    def __init__(self, pack: Pack, rules: list[Rule], cfg: Config, opts: Options) -> None:
        from netlint.cache import compiled_pack
        from netlint.compile import make_nlp

        self.pack, self.rules, self.cfg, self.opts = pack, rules, cfg, opts
        self.compiled = compiled_pack(pack, rules, make_nlp(opts.model))
        self.known = set(pack.rules) | {r.id for r in meta_rules()}
        self.active = {r.id for r in rules} | {r.id for r in meta_rules()}

    def check_file(self, path: Path, display: str) -> tuple[list[Finding], list[Notice], dict[str, str]]:
        """Findings and notices for one file; a file that cannot be read is a notice."""
        from netlint.engine import check_document

        try:
            doc = read_document(path, display)
        except DocumentError as exc:
            return [], [Notice(display, str(exc))], {}
        notices = []
        if doc.encoding not in ("utf-8",):
            notices.append(Notice(display, f"decoded as {doc.encoding}", level="note"))
        if doc.front_error:
            notices.append(Notice(display, doc.front_error))
        try:
            declared = front_matter_profile(doc)
        except SourceError as exc:
            notices.append(Notice(display, f"line {exc.line}: {exc.message}; using the configured profile"))
            declared = None
        profile = self.opts.profile or declared or self.cfg.profile_for(display)
        ignored = self.cfg.ignored_for(display)
        rules = [r for r in self.rules if not any(r.id.startswith(i) for i in ignored)]
        while True:
            try:
                findings, satisfied = check_document(doc, self.compiled, rules, profile)
                break
            except RegexTimeout as exc:
                notices.append(Notice(display, f"{exc}; {exc.rule_id} skipped for this file", level="error"))
                rules = [r for r in rules if r.id != exc.rule_id]
        findings = apply_directives(doc, findings, self.known, self.active)
        return findings, notices, satisfied


_WORKER: Checker | None = None
PARALLEL_MIN_FILES = 8


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the parent dies, however it dies (elsewhere: nothing),
    so that no worker outlives an interrupted run holding its terminal or pipes."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_init(checker: Checker | None) -> None:
    """In a worker process: ignore Ctrl-C (the parent handles it), die with the parent, keep the checker."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        _die_with_parent()
    if checker is not None:
        _WORKER = checker


def _worker_check(item: tuple[Path, str]):
    assert _WORKER is not None
    return _WORKER.check_file(*item)


def _abandon(pool) -> None:
    """Stop a pool at once (Ctrl-C, or an error): no new workers, the workers killed, no clean-up.

    Pool.terminate() joins the pool's threads, and one of them can wait forever on a worker
    stopped while it held the task queue's lock or was sending a result; nothing of an
    interrupted run is kept, so there is nothing to wait for. The pool's remaining threads end
    with the process, and what they then fail on (the dead workers' pipes) is not reported.
    """
    import threading
    from multiprocessing.pool import TERMINATE

    threading.excepthook = lambda _args: None
    handler = getattr(pool, "_worker_handler", None)
    if handler is not None:  # it would start new workers in place of the killed ones
        handler._state = TERMINATE
        handler.join(2)
    for proc in list(getattr(pool, "_pool", ())):
        proc.kill()
        proc.join(2)
    finalizer = getattr(pool, "_terminate", None)
    if finalizer is not None:
        finalizer.cancel()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def default_jobs(n_files: int) -> int:
    """One process for a few files; one per core for more (each process pays spaCy's start-up)."""
    return (os.cpu_count() or 1) if n_files >= PARALLEL_MIN_FILES else 1


def run(checker: Checker, files: list[tuple[Path, str]],
        jobs: int = 1) -> tuple[list[Finding], list[Notice], dict[str, dict[str, str]]]:
    """Check every file, in parallel processes when jobs > 1; the result does not depend on jobs."""
    global _WORKER
    # The compiled pack and spaCy's vocabulary live for the whole run: take them out of the cyclic
    # collector, which per-sentence allocations would otherwise make rescan them again and again.
    gc.freeze()
    if jobs > 1 and len(files) > 1:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        checker.compiled.build_all()
        _WORKER = checker
        init_arg = None if ctx.get_start_method() == "fork" else checker
        # Largest files first, one at a time: the workers finish together instead of one waiting
        # on the other's last batch. Results go back to the order of `files`.
        order = sorted(range(len(files)), key=lambda i: -_size(files[i][0]))
        pool = None
        try:
            pool = ctx.Pool(min(jobs, len(files)), initializer=_worker_init, initargs=(init_arg,))
            done = pool.map(_worker_check, [files[i] for i in order], chunksize=1)
            results = [None] * len(files)
            for i, result in zip(order, done):
                results[i] = result
            pool.close()
            pool.join()
        except BaseException:
            if pool is not None:
                _abandon(pool)
            raise
    else:
        results = [checker.check_file(path, disp) for path, disp in files]
    findings: list[Finding] = []
    notices: list[Notice] = []
    satisfied: dict[str, dict[str, str]] = {}
    for (_path, disp), (f, n, s) in zip(files, results):
        findings.extend(f)
        notices.extend(n)
        satisfied[disp] = s
    findings.sort(key=lambda f: f.sort_key)
    return findings, notices, satisfied


def make_report(findings: list[Finding], notices: list[Notice], files: list[str], rules: list[Rule],
                include_suppressed: bool) -> Report:
    """The report a reporter renders: suppressed findings dropped unless asked for."""
    shown = [f for f in findings if include_suppressed or not f.suppressed]
    used_meta = [r for r in meta_rules() if any(f.rule_id == r.id for f in shown)]
    return Report(findings=shown, notices=notices, files=files, rules=list(rules) + used_meta)
