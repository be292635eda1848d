"""The CI gate: find the files, audit them in parallel processes, judge the whole run.

Deterministic: files are audited in the order `collect` returns them (arguments in order,
directories walked sorted), whatever order the workers finish in. Each worker loads the
references once (initializer); a file that cannot be read becomes an error entry for that
file, and the other files' results are kept.
"""

from __future__ import annotations

import gc
import glob
import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable

from audit.config import Settings
from audit.entry import StageOptions, audit, build_stages
from audit.errors import InputError, TqaError
from audit.interrupts import TERMINATED, terminate_as_interrupt
from audit.reading import file_kind, special_allowed
from audit.references import load_references
from audit.translate.threads import worker_share
from audit.runs import FileOutcome

SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}


# --- which files ------------------------------------------------------------------------------


def collect(args: Iterable[str], settings: Settings) -> list[Path]:
    """Files named, files matching globs, and the included files under directories.

    A file named explicitly is audited whatever its extension; directories and globs keep only
    files matching `include` and not `exclude`. A path or glob that matches nothing is an error.
    """
    out: list[Path] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = os.path.normpath(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            out.append(p)

    for arg in args:
        p = Path(arg)
        if p.is_file():
            add(p)
        elif p.is_dir():
            found = [f for f in _walk(p) if settings.is_included(f)]
            for f in found:
                add(f)
        elif os.path.lexists(p) and not p.exists():
            raise InputError(f"{arg}: a broken symbolic link (it names {os.readlink(p)!r}, which does not exist)")
        elif p.exists():  # a FIFO, device or socket: refused here, before anything opens it
            if not special_allowed():
                raise InputError(f"{arg}: is {file_kind(p.stat().st_mode)}, not a regular file; refused "
                                 "(--allow-special-files or TQA_ALLOW_SPECIAL_FILES=1 reads it)")
            add(p)
        elif glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=True), key=natural_key)
            files = [Path(m) for m in matches if Path(m).is_file() and settings.is_included(m)]
            if not files:
                raise InputError(f"{arg}: no file matches (included: {', '.join(settings.include)})")
            for f in files:
                add(f)
        else:
            raise InputError(f"{arg}: no such file or directory")
    if not out:
        raise InputError(f"no files to audit under {', '.join(args) or '.'} (included: {', '.join(settings.include)})")
    return out


def _walk(root: Path) -> list[Path]:
    """Files under `root`, sorted. FIFOs, devices and sockets are kept: each becomes an
    error entry ("is a FIFO, not a regular file; refused") rather than a silent skip or a
    read that never returns (the read opens without blocking and checks the type first)."""
    files = []
    for d, dirs, names in os.walk(root):
        dirs[:] = sorted((x for x in dirs if x not in SKIP_DIRS and not x.startswith(".")), key=natural_key)
        files += [Path(d) / n for n in sorted(names, key=natural_key) if not n.startswith(".")]
    return files


def natural_key(name: str) -> tuple:
    """Sort key putting a2 before a10 (digit runs compare as numbers, ties by the plain name)."""
    import re

    return tuple((0, int(part), part) if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name)) + ((2, 0, name),)


# --- auditing ---------------------------------------------------------------------------------

WORKER_STATE: dict = {}


def init_worker(refs_root: str | None, glossary: tuple[str, ...], stages: StageOptions | None = None) -> None:
    """Load the references and build the stages once per process (a forked worker inherits
    the parent's copy; a translation model, if any, loads on first use and stays)."""
    key = (refs_root, glossary, stages)
    if WORKER_STATE.get("key") != key:
        WORKER_STATE["refs"] = load_references(refs_root, list(glossary) or None)
        WORKER_STATE["stages"] = stages
        build_stages(stages)  # a model, if any, loads on first use and stays
        WORKER_STATE["key"] = key


@dataclass(frozen=True)
class Task:
    path: str
    settings: Settings
    lang: str | None = None
    source_lang: str | None = None
    date: str | None = None
    max_bytes: int | None = None
    source: str | None = None  # the source text of `path` (`audit.sources.source_of`)


def audit_one(task: Task) -> FileOutcome:
    try:
        result = audit(task.path, WORKER_STATE["refs"], task.settings, WORKER_STATE.get("stages"), source=task.source,
                       lang=task.lang, source_lang=task.source_lang, date=task.date, max_bytes=task.max_bytes)
        return FileOutcome(task.path, result)
    except TqaError as exc:
        return FileOutcome(task.path, error=str(exc))
    except RecursionError as exc:  # pragma: no cover - a pathological input
        return FileOutcome(task.path, error=f"{task.path}: input too deeply nested: {exc}")
    except Exception as exc:  # noqa: BLE001 - one file's bug must not lose the others' results
        return FileOutcome(task.path, error=f"{task.path}: internal error: {type(exc).__name__}: {exc}", internal=True)


def run(
    paths: list[Path],
    settings: Settings,
    refs_root: str | None = None,
    glossary: tuple[str, ...] = (),
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    baseline=None,
    stages: StageOptions | None = None,
    sources: dict | None = None,
    **task_options,
) -> list[FileOutcome]:
    """Audit `paths` with `jobs` processes; outcomes in the order of `paths`. `sources` maps a
    path to its source text (`audit.sources.with_sources`)."""
    tasks = []
    sources = sources or {}
    for p in paths:
        try:
            src = sources.get(p)
            tasks.append(Task(str(p), settings.for_path(p), source=str(src) if src else None, **task_options))
        except TqaError as exc:  # pragma: no cover - settings are validated when loaded
            raise InputError(f"{p}: {exc}") from None
    init_worker(refs_root, tuple(glossary), stages)  # in this process: validates the references once
    jobs = max(1, min(jobs, len(tasks)))
    outcomes: list[FileOutcome] = []
    with terminate_as_interrupt():
        if jobs == 1:
            for t in tasks:
                outcomes.append(audit_one(t))
                if progress:
                    progress(1)
        else:
            outcomes = _run_pool(tasks, jobs, refs_root, glossary, stages, progress)
    if baseline is not None:
        outcomes = [replace(o, result=baseline.apply(o.result, t.settings)) if o.result else o
                    for o, t in zip(outcomes, tasks)]
    return outcomes


def _run_pool(tasks: list[Task], jobs: int, refs_root, glossary, stages, progress) -> list[FileOutcome]:
    """The tasks in this process and `jobs - 1` worker processes. On Ctrl-C or SIGTERM the
    workers are killed at once (not left to finish their queue) and the interrupt goes on up:
    exit 130, nothing written."""
    # Forked workers inherit this process's state; a process with torch loaded starts them fresh
    # instead (torch's thread pools do not survive a fork). Nothing is warmed before the fork: an
    # audit of the first file here, dropped and done again in a worker, so that the workers
    # inherit what an audit loads on first use, was serial time that each process would have
    # spent anyway beside the others (its only saving, ~23 MB per worker, shared).
    context = multiprocessing.get_context("spawn") if "torch" in sys.modules else None
    # What exists now stays out of the collector's reach: a worker's collections would otherwise
    # touch (and so copy) every page of the parent's objects it inherited.
    gc.freeze()
    try:
        return _pool(tasks, jobs, context, refs_root, glossary, stages, progress)
    finally:
        gc.unfreeze()


def chunk_size(left: int, jobs: int) -> int:
    """Files in the next chunk handed to a worker when `left` are not yet handed out: a
    quarter of an even share, at most 16, down to one file at the end (guided scheduling:
    big chunks while there is much to do, small ones at the tail, where a worker left alone
    with a big last chunk is time the others idle away)."""
    return max(1, min(16, left // (jobs * 4)))


def _pool(tasks, jobs, context, refs_root, glossary, stages, progress) -> list[FileOutcome]:
    """This process is one of the `jobs`: it forks `jobs - 1` workers, hands them chunks from the
    front of the queue (two in flight per worker) and audits files itself from the back, one at
    a time, taking results in between. Its own files' results are never pickled and sent; with
    `jobs` workers beside it, its own work (taking their results in) ran on a core they needed."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    outcomes: list[FileOutcome | None] = [None] * len(tasks)
    todo = deque(range(len(tasks)))  # indices of the tasks not yet handed out
    running: dict = {}  # future -> the indices of its chunk
    workers = jobs - 1

    def hand_out() -> None:  # two chunks per worker: one running, one queued behind it
        while todo and len(running) < 2 * workers:
            idx = [todo.popleft() for _ in range(min(len(todo), chunk_size(len(todo), jobs)))]
            running[ex.submit(_audit_many, [tasks[i] for i in idx])] = idx

    def take_in(done) -> None:
        for future in done:
            idx = running.pop(future)
            for i, outcome in zip(idx, future.result()):
                outcomes[i] = outcome
            if progress:
                progress(len(idx))

    with worker_share(jobs):  # engines share the CPUs, not each take all
        ex = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                                 initargs=(refs_root, tuple(glossary), stages), mp_context=context)
        try:
            # chunks submitted as futures, not ex.map: on an interrupt map's generator cancels
            # them, and the pool's manager thread then fails on the cancelled ones (a traceback)
            hand_out()
            while todo:
                i = todo.pop()  # from the end: the workers take from the front
                outcomes[i] = audit_one(tasks[i])
                if progress:
                    progress(1)
                take_in([f for f in running if f.done()])
                hand_out()
            while running:
                take_in(wait(list(running), return_when=FIRST_COMPLETED).done)
        except BaseException as exc:
            _kill_workers(ex)
            if isinstance(exc, BrokenProcessPool) and TERMINATED:
                raise KeyboardInterrupt from None  # the workers got the group's SIGTERM first
            raise
        else:
            ex.shutdown(wait=True)
    return outcomes  # type: ignore[return-value] - every index was filled


def _audit_many(tasks: list[Task]) -> list[FileOutcome]:
    return [audit_one(t) for t in tasks]


def _start_worker(refs_root, glossary, stages) -> None:
    """A worker leaves Ctrl-C to the gate (which kills it): no traceback per worker. SIGTERM
    (to the whole group) ends it at once: the gate's own handler, inherited by the fork,
    would raise KeyboardInterrupt anywhere in it, even while it holds the result queue."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP") and signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:  # as SIGTERM; nohup kept
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    TERMINATED.clear()
    init_worker(refs_root, glossary, stages)


def _kill_workers(ex: ProcessPoolExecutor) -> None:
    processes = list((getattr(ex, "_processes", None) or {}).values())
    for proc in processes:
        try:
            proc.kill()
        except (OSError, ValueError, AttributeError):
            pass
    for proc in processes:
        try:
            proc.join(5)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass
    # A worker killed in the middle of sending a result leaves the executor's manager thread
    # reading the rest forever, and Python joins that thread at exit: a hang. With the last
    # write end of the result pipe closed (the workers' died with them) it reads EOF, takes
    # the pool for broken and stops.
    try:
        ex._result_queue._writer.close()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        pass
    manager = getattr(ex, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(5)  # it fails the pending futures itself (cancelling them first makes it raise)
    ex.shutdown(wait=False)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
