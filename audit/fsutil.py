"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import tempfile
from pathlib import Path

from audit.errors import DataError, TqaError
from audit.reading import file_kind, read_bounded


DATA_MAX_BYTES = 512 * 1024 * 1024  # a glossary, config or lexicon file larger than this is not one


def read_utf8(path: str | os.PathLike, encoding: str = "utf-8", max_bytes: int = DATA_MAX_BYTES) -> str:
    """A data file's text, or the one-line DataError every loader gives (no such file, not
    UTF-8 at byte N, cannot read, a FIFO or device, over the size limit). Reads at most
    `max_bytes` + 1 bytes whatever the file claims (see `reading.read_bounded`)."""
    p = Path(path)
    prefix = f"{p}: "
    data = read_bounded(p, max_bytes, error=lambda msg: DataError(p, msg[len(prefix):] if msg.startswith(prefix) else msg))
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DataError(p, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None


def real_target(path: str | os.PathLike) -> Path:
    """Where a write to `path` must go: a symbolic link is followed to the file it names (so
    the link is kept and its target updated), however many links deep."""
    p = Path(path)
    if p.is_symlink():
        return Path(os.path.realpath(p))
    return p


def write_atomic(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write `data` to a temporary file beside `path`, fsync it, then rename it over `path`.

    A symbolic link at `path` is kept: the file it points to is the one replaced."""
    if not str(path).strip() or os.fspath(path) in (".", ".."):
        raise TqaError(f"cannot write {str(path)!r}: not a file name")
    payload = _encode(data, encoding) if isinstance(data, str) else data
    if _write_stream(path, payload):
        return
    target = real_target(path)
    if target.is_dir():
        raise TqaError(f"cannot write {target}: is a directory")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise TqaError(f"cannot write {target}: directory {directory} does not exist")
    try:
        _sweep(directory, target.name)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise TqaError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise TqaError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise


def _write_stream(path: str | os.PathLike, payload: bytes) -> bool:
    """Write to `path` in place when it is (or links to) a character device or a FIFO: `-o
    /dev/null`, `-o /dev/stdout`, a named pipe. Renaming a file over it, as for a regular file,
    would replace the device itself (as root, /dev/null became a regular file). False when
    `path` is a regular file, a directory or absent; a block device or socket is refused."""
    try:
        mode = os.stat(path).st_mode  # follows links, /proc/self/fd/N too
    except OSError:
        return False
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return False
    kind = file_kind(mode)
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise TqaError(f"cannot write {path}: is {kind}, not a regular file")
    try:  # without blocking: a FIFO nobody reads is an error, not a hang
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise TqaError(f"cannot write {path}: is {kind} that nobody reads") from None
        raise TqaError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise TqaError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return True


def _encode(text: str, encoding: str) -> bytes:
    """`text` encoded; a lone surrogate (a file name that is not UTF-8, as Python decodes it)
    becomes U+FFFD, so a report naming such a file is still valid UTF-8, not a crash."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return re.sub("[\ud800-\udfff]", "\ufffd", text).encode(encoding, "replace")


def _sweep(directory: Path, name: str) -> None:
    """Remove temporary files that earlier writers of `name` left when they were killed
    (SIGKILL, power loss) between creating and renaming them: the name carries the writer's
    pid, and only files whose writer no longer runs are removed."""
    prefix = f".{name}."
    try:  # names, not Paths: a report written into a directory of 40,000 files listed it in 0.05 s
        leftovers = [directory / n for n in os.listdir(directory) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for p in leftovers:
        pid = p.name[len(prefix):].split(".", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        try:
            p.unlink()
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":  # elsewhere os.kill(pid, 0) is not a probe
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as someone else
        return True
    return True


# ---------------------------------------------------------------------------------------------
# Several files at once: all or nothing


JOURNAL_NAME = ".tqa-journal.json"


def write_all_atomic(files: dict, journal_dir: str | os.PathLike) -> None:
    """Replace several files so that a reader (after `recover`) sees all the old ones or all
    the new ones, whatever kills the writer when.

    Every new file is first written and fsynced beside its target (`.NAME.<pid>.*.staged`);
    then a journal listing the renames is written atomically in `journal_dir`; only then are
    the files renamed, and the journal removed. A writer killed before the journal exists
    leaves only staged files (the old glossary is whole; `recover` removes them); one killed
    after leaves a journal, and `recover` — run under the same lock by the next command —
    finishes the renames from it. The caller holds the lock that serialises writers."""
    journal = Path(journal_dir) / JOURNAL_NAME
    if len(files) == 1:
        ((path, data),) = files.items()
        write_atomic(path, data)
        return
    staged: list[tuple[str, Path]] = []
    written = False
    try:
        for path, data in files.items():
            target = real_target(path)
            payload = _encode(data, "utf-8") if isinstance(data, str) else data
            directory = target.parent if str(target.parent) else Path(".")
            if not directory.is_dir():
                raise TqaError(f"cannot write {target}: directory {directory} does not exist")
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".staged", dir=directory)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            _copy_mode(tmp, target)
        record = {"version": 1, "renames": [[os.path.abspath(t), os.path.abspath(p)] for t, p in staged]}
        write_atomic(journal, json.dumps(record, ensure_ascii=False, indent=1))
        written = True
        _fsync_dir(Path(journal_dir))
        _replay(journal)
    except BaseException as exc:
        if written:
            try:  # the journal is durable: finish what it lists (roll forward), even on Ctrl-C
                _replay(journal)
            except OSError:
                pass  # left for the next command's `recover`
        else:
            for tmp, _ in staged:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
        if isinstance(exc, OSError):
            raise TqaError(f"cannot write {', '.join(str(p) for p in files)}: {exc.strerror or exc}") from None
        raise


def recover(journal_dir: str | os.PathLike) -> bool:
    """Finish a multi-file write that was interrupted after its journal was written, and
    remove files staged by writers killed before that. True when a journal was replayed.
    Call it holding the lock the writers hold."""
    d = Path(journal_dir)
    journal = d / JOURNAL_NAME
    replayed = False
    if journal.exists():
        _replay(journal)
        replayed = True
    try:
        leftovers = [p for p in d.iterdir() if p.name.startswith(".") and p.name.endswith(".staged")]
    except OSError:
        leftovers = []
    for p in leftovers:
        parts = p.name.rsplit(".", 3)  # .NAME.<pid>.<random>.staged
        if len(parts) == 4 and parts[1].isdigit() and not _alive(int(parts[1])):
            try:
                p.unlink()
            except OSError:
                pass
    return replayed


def journal_pending(journal_dir: str | os.PathLike) -> bool:
    return (Path(journal_dir) / JOURNAL_NAME).exists()


def _replay(journal: Path) -> None:
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        renames = [(str(a), str(b)) for a, b in record["renames"]]
    except (ValueError, KeyError, TypeError, RecursionError) as exc:  # RecursionError: deep nesting
        raise DataError(journal, f"unreadable journal of an interrupted write ({exc}); "
                        "remove it after checking the files it names") from None
    bad = next((pair for pair in renames if not _journalled(pair, journal.parent)), None)
    if bad is not None:
        raise DataError(journal, f"journal of an interrupted write names {bad[1]!r}, not a staged glossary file "
                        "of this directory; refused (remove it after checking the files it names)")
    for tmp, target in renames:
        if os.path.exists(tmp):
            os.replace(tmp, target)
    for directory in {os.path.dirname(t) for _, t in renames}:
        _fsync_dir(Path(directory))
    journal.unlink()
    _fsync_dir(journal.parent)


def _journalled(pair: tuple[str, str], directory: Path) -> bool:
    """Whether a rename read from a journal is one write_all_atomic makes: a YAML file of
    `directory` (or the file a link in it names) replaced by a staged file beside it, named
    after it. A journal is a file in the glossary's directory (a cloned repository's, say):
    without this check a crafted one made any command reading the glossary overwrite or move
    files anywhere the user can write."""
    tmp, target = (os.path.abspath(p) for p in pair)
    name = os.path.basename(target)
    if not name.endswith((".yaml", ".yml")) or os.path.dirname(tmp) != os.path.dirname(target):
        return False
    staged = os.path.basename(tmp)
    parts = staged[len(name) + 2:].split(".")  # .NAME.<pid>.<random>.staged
    if not (staged.startswith(f".{name}.") and len(parts) == 3 and parts[0].isdigit() and parts[2] == "staged"):
        return False
    home = os.path.abspath(directory)
    if os.path.dirname(target) == home:
        return True
    try:  # a glossary file of this directory that links elsewhere: its target is written
        return any(os.path.realpath(e.path) == target for e in os.scandir(home) if e.is_symlink())
    except OSError:
        return False


def _copy_mode(tmp: str, target: Path) -> None:
    if target.exists():
        os.chmod(tmp, target.stat().st_mode & 0o7777)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
