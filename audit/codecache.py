"""What every tqa process compiled from text at start-up, compiled once per machine instead:
dataclass methods and regular expressions.

- **Dataclass methods.** Python's `dataclasses` writes each class's `__init__`, `__repr__`,
  `__eq__`, `__hash__` (and `__setattr__`/`__delattr__` for a frozen one) as source text and
  compiles it with `exec`, one call per method: the 74 dataclasses an audit imports cost about
  400 compilations, 25-45 ms, a quarter of every `tqa` process's imports and so of the serial
  part of `tqa gate --jobs N` (docs/gate.md, "Speed"). The `dataclasses` module gets an `exec`
  that looks the source text up in a table of code objects and compiles only what it lacks.
  The code object is what `exec` would have compiled from the same text (compiled without the
  caller's `__future__` flags, as `exec` of a string from the stdlib module is), and it runs in
  the same namespaces.
- **Regular expressions.** tqa's modules compile about 110 patterns (most at import, the rest
  when an audit first needs them): 12-15 ms, another tenth of the imports; the `re` module
  keeps what it compiled for the life of one process only. A pattern is compiled in two steps:
  the stdlib's compiler (`re._compiler.compile`, Python code) parses it into opcodes, and
  `_sre.compile` (C) makes the pattern object of them. The table keeps what the first step
  handed to the second, recorded as the stdlib's own compiler makes the pattern, and later
  processes hand the same arguments to `_sre.compile` again: the pattern object is the one the
  stdlib would have made.

`install()` (run first thing by audit/__init__.py) sets both up. Each table is one marshal file
per Python build in the cache directory (`<cache dir>/code/`), read when first needed, added to
when the process exits. Only tqa's own: classes of tqa's modules, patterns that tqa's code
asks `re` for, so a table stays the size of tqa (about 400 methods, 0.45 MB; one that a test
run had grown to 3,000 took longer to read than compiling). The files are trusted as far as
Python's own `__pycache__` is (they hold code, as a .pyc does): they live in the user's cache
directory. A file that cannot be read or holds anything but such a table is ignored;
`TQA_DATA_CACHE=0` turns the cache off. A Python whose `dataclasses` does not call `exec` by
name, or whose `re` has no `_compiler.compile` handing its work to `_sre.compile`, is simply not
sped up.
"""

from __future__ import annotations

import atexit
import dataclasses
import marshal
import os
import re
import sys
from typing import Any, Callable

from audit.cachedir import cache_dir, caching_off

MAX_ENTRIES = 1000  # beyond this, a file keeps only what the last process used (classes change)
PACKAGE = __name__.partition(".")[0] + "."  # "audit.": only tqa's own classes and patterns

_CODE_TYPE = type(compile("", "<string>", "exec"))


class _Table:
    """One file of compiled things keyed by their source text: read when first asked, what this
    process compiled added to it at exit."""

    def __init__(self, name: str, valid: Callable[[Any, Any], bool]) -> None:
        self.name, self.valid = name, valid
        self.items: dict | None = None
        self.new: dict = {}  # what this process compiled
        self.used: set = set()

    def get(self, key):
        if self.items is None:
            self.items = self._read()  # ~3 ms: not for `tqa --help`, which makes nothing of tqa's
        self.used.add(key)
        return self.items.get(key)

    def add(self, key, value) -> None:
        self.items[key] = self.new[key] = value  # type: ignore[index] - get() read the file first

    def path(self) -> str:
        return os.path.join(cache_dir(), "code", f"{self.name}-{sys.implementation.cache_tag}-{sys.hexversion:x}.marshal")

    def _read(self) -> dict:
        try:
            with open(self.path(), "rb") as f:
                data = f.read()  # marshal.load(f) reads a file a few bytes at a time: 12 ms, not 3
            table = marshal.loads(data)
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        if not isinstance(table, dict) or not all(self.valid(k, v) for k, v in table.items()):
            return {}
        return table

    def save(self) -> None:
        """Add what this process compiled to the file (atomically: a reader sees the old file or
        the new one). Never fatal: a cache that cannot be written is only slower. Not
        audit.fsutil.write_atomic: this module is the package's first import, and fsutil brings
        the reading machinery (and its dataclasses) with it, which `tqa --help` never loads."""
        if not self.new:
            return
        items = self.items or {}
        if len(items) > MAX_ENTRIES:
            items = {k: v for k, v in items.items() if k in self.used}
        import tempfile  # at exit only: with shutil it is 7 ms of imports, which `tqa --help` needs not

        path = self.path()
        tmp = None
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.name}-", dir=os.path.dirname(path))
            with os.fdopen(fd, "wb") as f:
                marshal.dump(items, f)
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
        self.new = {}


def _code_entry(key, value) -> bool:
    return isinstance(key, str) and isinstance(value, _CODE_TYPE)


def _pattern_entry(key, value) -> bool:
    """(pattern, flags) -> the arguments of `_sre.compile` after the pattern: (flags, opcodes,
    groups, group index, index group)."""
    return (isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], (str, bytes)) and isinstance(key[1], int)
            and isinstance(value, tuple) and len(value) == 5 and isinstance(value[1], list))


_TABLES: dict[str, _Table] = {}


def install() -> None:
    """Route `dataclasses`' and `re`'s compilations through the tables (once per process)."""
    if _TABLES or caching_off():
        return
    _TABLES["dataclasses"] = _Table("dataclasses", _code_entry)
    dataclasses.exec = _exec  # type: ignore[attr-defined] - a module global shadowing the builtin
    compiler = getattr(re, "_compiler", None)
    if callable(getattr(compiler, "compile", None)) and hasattr(compiler, "_sre"):
        _TABLES["re"] = _Table("re", _pattern_entry)
        _STDLIB.update(compile=compiler.compile, sre=compiler._sre, compiler=compiler)
        compiler.compile = _compile_pattern
    atexit.register(_save)


def _save() -> None:
    for table in _TABLES.values():
        table.save()


# --- dataclass methods ------------------------------------------------------------------------

def _exec(source, globals=None, locals=None, **options):
    # `dataclasses` runs a method's source in the class's module: tqa's classes only (a program
    # that imports tqa, a test run, makes classes of its own, which would only bloat the table)
    if isinstance(source, str) and isinstance(globals, dict) and str(globals.get("__name__", "")).startswith(PACKAGE):
        table = _TABLES["dataclasses"]
        code = table.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            table.add(source, code)
        source = code
    return exec(source, globals, locals, **options)  # options: a later Python's exec(closure=...)


# --- regular expressions ----------------------------------------------------------------------

_STDLIB: dict = {}  # the stdlib's compiler function, the _sre module, the re._compiler module


def _compile_pattern(p, flags=0):
    """re._compiler.compile for re._compile, which calls it for a pattern not in `re`'s own
    cache: a str or bytes pattern asked for by tqa's code (re.compile, re.match, ... called from
    an audit.* module: the frame three up) is made from the table."""
    if type(p) in (str, bytes) and not flags & re.DEBUG and _asked_by_tqa():
        table = _TABLES["re"]
        key = (p, flags)
        args = table.get(key)
        if args is not None:
            return _STDLIB["sre"].compile(p, *args)
        pattern, args = _recorded(p, flags)
        if args is not None:
            table.add(key, args)
        return pattern
    return _STDLIB["compile"](p, flags)


def _asked_by_tqa() -> bool:
    try:  # this function (0) <- _compile_pattern (1) <- re._compile (2) <- re.compile/... (3) <- caller (4)
        return str(sys._getframe(4).f_globals.get("__name__", "")).startswith(PACKAGE)
    except ValueError:  # a shallower stack: not from tqa's code
        return False


class _Recorder:
    """`_sre` as the stdlib's compiler sees it during one compilation: `compile` notes its
    arguments; everything else is `_sre`'s own."""

    def __init__(self, sre) -> None:
        self._sre = sre
        self.calls: list[tuple] = []

    def __getattr__(self, name: str):
        return getattr(self._sre, name)

    def compile(self, *args):
        self.calls.append(args)
        return self._sre.compile(*args)


def _recorded(p, flags) -> tuple[Any, tuple | None]:
    """The stdlib's pattern for (p, flags), and the arguments it handed `_sre.compile` (None when
    they cannot be told apart from another thread's, or do not describe the pattern made)."""
    compiler, sre = _STDLIB["compiler"], _STDLIB["sre"]
    recorder = _Recorder(sre)
    compiler._sre = recorder  # the stdlib's compiler looks `_sre` up at each use
    try:
        pattern = _STDLIB["compile"](p, flags)
    finally:
        compiler._sre = sre
    for call in recorder.calls:
        if len(call) == 6 and call[0] is p and isinstance(call[2], list) and pattern.flags == call[1] \
                and pattern.groups == call[3] and dict(pattern.groupindex) == dict(call[4]):
            # the opcodes as plain ints (the compiler's are int subclasses, which marshal refuses)
            return pattern, (int(call[1]), [int(c) for c in call[2]], int(call[3]), dict(call[4]), tuple(call[5]))
    return pattern, None
