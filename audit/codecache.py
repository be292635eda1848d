"""Dataclass methods compiled once per machine, not once per process.

Python's `dataclasses` writes each class's `__init__`, `__repr__`, `__eq__`, `__hash__` (and
`__setattr__`/`__delattr__` for a frozen one) as source text and compiles it with `exec`, one
call per method: the 74 dataclasses an audit imports cost about 400 compilations, 25-45 ms, a
quarter of every `tqa` process's imports and so of the serial part of `tqa gate --jobs N`
(docs/gate.md, "Speed"). `install()` (run first thing by audit/__init__.py) gives the
`dataclasses` module an `exec` that looks the source text up in a table of code objects read
from the cache directory (`<cache dir>/code/`, one marshal file per Python build) and compiles
only what it lacks; what a process compiled is added to the file when it exits. Only the
classes of tqa's own modules: the table stays the size of tqa (about 400 methods, 0.45 MB; one
that a test run had grown to 3,000 took longer to read than compiling).

Nothing else changes: the code object is what `exec` would have compiled from the same text
(compiled without the caller's `__future__` flags, as `exec` of a string from the stdlib
module is), and it runs in the same namespaces. The file is trusted as far as Python's own
`__pycache__` is (it holds code objects, as a .pyc does; the data cache holds pickles): it lives
in the user's cache directory. A file that cannot be read or holds anything but a table of
code objects is ignored; `TQA_DATA_CACHE=0` turns the cache off. A Python whose `dataclasses`
does not call `exec` by name is simply not sped up.
"""

from __future__ import annotations

import atexit
import dataclasses
import marshal
import os
import sys

from audit.cachedir import cache_dir, caching_off

MAX_ENTRIES = 1000  # beyond this, the file keeps only what the last process used (classes change)
PACKAGE = __name__.partition(".")[0] + "."  # "audit.": only tqa's own classes go through the table

_CODE_TYPE = type(compile("", "<string>", "exec"))
_state: dict = {}  # "codes": source text -> code object; "new": what this process compiled; "used"


def install() -> None:
    """Route `dataclasses`' compilations through the table (once per process)."""
    if _state or caching_off():
        return
    _state.update(codes=None, new={}, used=set())  # the table is read when a class first needs it
    dataclasses.exec = _exec  # type: ignore[attr-defined] - a module global shadowing the builtin
    atexit.register(_save)


def _path() -> str:
    return os.path.join(cache_dir(), "code", f"dataclasses-{sys.implementation.cache_tag}-{sys.hexversion:x}.marshal")


def _read() -> dict:
    try:
        with open(_path(), "rb") as f:
            table = marshal.load(f)
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, _CODE_TYPE)
                                              for k, v in table.items()):
        return {}
    return table


def _exec(source, globals=None, locals=None, **options):
    # `dataclasses` runs a method's source in the class's module: tqa's classes only (a program
    # that imports tqa, a test run, makes classes of its own, which would only bloat the table)
    if isinstance(source, str) and isinstance(globals, dict) and str(globals.get("__name__", "")).startswith(PACKAGE):
        if _state["codes"] is None:
            _state["codes"] = _read()  # 5-10 ms: not for `tqa --help`, which makes no class of tqa's
        code = _state["codes"].get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            _state["codes"][source] = _state["new"][source] = code
        _state["used"].add(source)
        source = code
    return exec(source, globals, locals, **options)  # options: a later Python's exec(closure=...)


def _save() -> None:
    """Add what this process compiled to the file (atomically: a reader sees the old file or
    the new one). Never fatal: a cache that cannot be written is only slower. Not
    audit.fsutil.write_atomic: this module is the package's first import, and fsutil brings
    the reading machinery (and its dataclasses) with it, which `tqa --help` never loads."""
    if not _state.get("new"):
        return
    codes = _state["codes"]
    if len(codes) > MAX_ENTRIES:
        codes = {k: v for k, v in codes.items() if k in _state["used"]}
    import tempfile  # at exit only: with shutil it is 7 ms of imports, which `tqa --help` needs not

    path = _path()
    tmp = None
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".dataclasses-", dir=os.path.dirname(path))
        with os.fdopen(fd, "wb") as f:
            marshal.dump(codes, f)
        os.replace(tmp, path)
        tmp = None
    except (OSError, ValueError):
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    _state["new"] = {}
