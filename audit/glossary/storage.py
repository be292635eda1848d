"""Where a glossary lives on disk, and the one lock that serialises writers to it.

The lock and the journal of multi-file writes are keyed on the glossary's *resolved*
directory, whatever path names it: `-g G`, `-g G/`, `-g ./G/../G`, `-g G/people.yaml`, or a
symbolic link to either, all take `G/.tqa-glossary.lock` (for a one-file glossary, the
directory of the file the path finally points to). Two writers can therefore never both
believe they hold the glossary.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from audit.errors import DataError, TqaError
from audit.fsutil import journal_pending, recover

LOCK_NAME = ".tqa-glossary.lock"
LOCK_TIMEOUT = 60.0


class GlossaryLocked(TqaError):
    """Another edit held the lock for too long."""


def home(path: str | os.PathLike) -> Path:
    """The resolved directory that holds the glossary named by `path` (a directory, or a
    .yaml file in it, or a link to either)."""
    p = Path(path)
    if p.is_dir() or (not p.exists() and not p.is_symlink() and p.suffix not in (".yaml", ".yml")):
        return Path(os.path.realpath(p))
    return Path(os.path.realpath(p)).parent


@contextmanager
def locked(path: str | os.PathLike, timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold the glossary's lock; finish or clean up an interrupted multi-file write first.
    Yields the glossary's resolved directory (where the journal goes).

    A glossary file that is a symbolic link into another directory is also guarded by that
    directory's lock (so an edit naming the other glossary waits too); the locks are taken
    in one order (sorted paths), so two writers cannot deadlock."""
    from filelock import FileLock, Timeout  # imports asyncio (~20 ms): only writers lock

    directory = home(path)
    if not directory.is_dir():
        raise DataError(path, "glossary directory not found")
    dirs = sorted({directory, *_linked_dirs(path)}, key=str)
    held = []
    try:
        for d in dirs:
            lock = FileLock(str(d / LOCK_NAME), timeout=timeout)
            try:
                lock.acquire()
            except Timeout:
                raise GlossaryLocked(
                    f"{path}: another glossary edit has held {d / LOCK_NAME} for {timeout:.0f}s; try again"
                ) from None
            except OSError as exc:
                raise TqaError(f"{path}: cannot lock {d} for editing ({exc.strerror or exc}): is it writable?") from None
            held.append(lock)
        for d in dirs:
            recover(d)
        yield directory
    finally:
        for lock in reversed(held):
            lock.release()


def _linked_dirs(path: str | os.PathLike) -> set[Path]:
    """The directories that glossary files named by `path` link into (other than its own)."""
    p = Path(path)
    files = [f for f in p.iterdir() if f.suffix in (".yaml", ".yml")] if p.is_dir() else [p]
    out = set()
    for f in files:
        if f.is_symlink():
            target = Path(os.path.realpath(f)).parent
            if target.is_dir():
                out.add(target)
    return out


def recover_pending(path: str | os.PathLike) -> None:
    """Before reading a glossary: if a multi-file write was interrupted (a journal is there),
    finish it under the lock, so no reader ever sees half of one."""
    directory = home(path)
    if not journal_pending(directory):
        return
    try:
        with locked(path, timeout=LOCK_TIMEOUT):
            pass
    except TqaError as exc:
        raise DataError(path, f"an interrupted glossary write could not be finished ({exc}); "
                        "run `tqa glossary lint` with write access to the glossary") from None
