"""Checking files with one compiled pack, in this process or in parallel worker processes.

Reads the files' paths and the selected rules; writes each file's findings (suppressed ones
marked), notices, satisfied gap checks and, when asked, the documents with findings, so that
nothing is read twice. The result does not depend on the number of processes.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from pathlib import Path
from typing import NamedTuple

from netlint.config import Config
from netlint.document import Document, DocumentError, front_matter_profile, read_document
from netlint.findings import Finding, Notice
from netlint.packs import Pack, Rule
from netlint.saferegex import RegexTimeout
from netlint.selection import known_ids
from netlint.suppression import apply_directives, meta_rules
from netlint.yamlsrc import SourceError

FileResult = tuple[list[Finding], list[Notice], dict[str, str], "Document | None"]


class Checked(NamedTuple):
    """What checking the files gave: findings (sorted), notices, where each file's gap checks were
    satisfied, and the documents read (when the checker keeps them)."""

    findings: list[Finding]
    notices: list[Notice]
    satisfied: dict[str, dict[str, str]]
    documents: dict[str, Document]


class Checker:
    """Checks files with one compiled pack; built once per process."""

    def __init__(self, pack: Pack, rules: list[Rule], cfg: Config, profile: str | None = None,
                 model: str | None = None, keep_documents: bool = False) -> None:
        from netlint.cache import compiled_pack
        from netlint.match import make_nlp

        self.rules, self.cfg, self.profile, self.keep_documents = rules, cfg, profile, keep_documents
        self.compiled = compiled_pack(pack, rules, make_nlp(model))
        self.known = known_ids(pack)
        self.active = {r.id for r in rules} | {r.id for r in meta_rules()}

    def check_file(self, path: Path, display: str) -> FileResult:
        """Findings, notices and satisfied gap checks for one file, and the document when documents
        are kept (SARIF context, read once); a file that cannot be read is a notice."""
        try:
            doc = read_document(path, display)
        except DocumentError as exc:
            return [], [Notice(display, str(exc))], {}, None
        return self.check_doc(doc, display)

    def check_doc(self, doc: Document, display: str) -> FileResult:
        """check_file for a document already read: judge, then apply its directives."""
        from netlint.engine import check_document

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
        profile = self.profile or declared or self.cfg.profile_for(display)
        ignored = self.cfg.ignored_for(display)
        rules = [r for r in self.rules if not ignored.matches(r.id)]
        while True:
            try:
                findings, satisfied = check_document(doc, self.compiled, rules, profile)
                break
            except RegexTimeout as exc:
                notices.append(Notice(display, f"{exc}; {exc.rule_id} skipped for this file", level="error"))
                rules = [r for r in rules if r.id != exc.rule_id]
        findings = apply_directives(doc, findings, self.known, self.active)
        return findings, notices, satisfied, doc if self.keep_documents else None


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


def run(checker: Checker, files: list[tuple[Path, str]], jobs: int = 1) -> Checked:
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
            results: list[FileResult] = [([], [], {}, None)] * len(files)
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
    out = Checked([], [], {}, {})
    for (_path, disp), (f, n, s, doc) in zip(files, results):
        out.findings.extend(f)
        out.notices.extend(n)
        out.satisfied[disp] = s
        if doc is not None:
            out.documents[disp] = doc
    out.findings.sort(key=lambda f: f.sort_key)
    return out
