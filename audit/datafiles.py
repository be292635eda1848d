"""Which language-data files this process reads: the bundled references/, or the ones a
`--references DIR` holds in their place.

Most checks ask their `References` for data. A few modules answer plain function calls that
have no references at hand (`translit.fold`, `translit.similarity`, `quantities.extract`,
`source_names.cased`),
and read their files through here instead: `load_references` says which files are in force
(`use`), and a module that caches what it derived from them registers its caches
(`on_change`), so they are emptied when the files change. A process audits with one set of
these files at a time: the set of the references loaded last.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable

from audit import yamlio
from audit.cachedir import cache_dir
from audit.errors import DataError, TqaError
from audit.fsutil import write_atomic

# The data files read outside `References` (paths relative to a references directory).
LANGUAGES = "languages.yaml"
NAMES = "bilingual/names.yaml"
TRANSCRIPTION = "bilingual/transcription.yaml"
QUANTITIES = "bilingual/quantities.yaml"
SHARED = (LANGUAGES, NAMES, TRANSCRIPTION, QUANTITIES)

_active: dict[str, Path | None] = {}
_listeners: list[Callable[[], None]] = []


_BUNDLED: list[Path] = []


def bundled_root() -> Path:
    """The references/ shipped with tqa (in a wheel: audit/_data/references). Found once per
    process: every audit asks it several times (a path resolved and two files looked for each
    time, 5% of a gate's time over 200 short articles)."""
    if _BUNDLED:
        return _BUNDLED[0]
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / "references", here.parent / "references"):
        if (candidate / "languages.yaml").exists():
            _BUNDLED.append(candidate)
            return candidate
    raise DataError(here.parent / "references", "bundled references not found (broken install?)")


def resolve(root: Path | None, rel: str) -> Path | None:
    """`root/rel` when that file exists, else the bundled one, else None."""
    for base in ([root] if root is not None else []) + [bundled_root()]:
        p = Path(base) / rel
        if p.is_file():
            return p
    return None


def path(rel: str) -> Path | None:
    """The file in force for `rel` (one of SHARED): the last loaded references', or the bundled one."""
    if rel not in _active:
        _active[rel] = resolve(None, rel)
    return _active[rel]


def load(rel: str) -> dict:
    """The parsed file in force for `rel` (a mapping; {} when there is none)."""
    p = path(rel)
    return _load(str(p)) if p is not None else {}


@lru_cache(maxsize=16)
def _load(p: str) -> dict:
    data = yamlio.load(p) or {}
    if not isinstance(data, dict):
        raise DataError(p, "expected a mapping")
    return dict(data)


def use(paths: dict[str, Path | None]) -> None:
    """Make these files the ones in force; registered caches are emptied if any changed."""
    changed = any(path(rel) != p for rel, p in paths.items())
    _active.update(paths)
    if changed:
        for fn in _listeners:
            fn()


def on_change(*fns: Callable[[], None]) -> None:
    """Call each of `fns` (an lru_cache's `cache_clear`) when the files in force change."""
    _listeners.extend(fns)


# ---------------------------------------------------------------------------------------------
# Values derived from installed libraries, computed once per machine


DERIVED_FORMAT = 1


def derived(name: str, sources: tuple, build: Callable[[], object]):
    """`build()`, computed once per machine and kept in the cache directory (`derived/`, as
    marshal: plain values only), for what costs more to import or compute than to read: a
    library's number words or month names. `sources` are what the value depends on: paths
    (a file's size and time are taken, or its absence) and strings; any change, another
    Python, or a cached file that cannot be read, and it is built again."""
    h = hashlib.sha256(f"{DERIVED_FORMAT}|{sys.version_info[:2]}|{marshal.version}|{name}".encode())
    for src in sources:
        if isinstance(src, Path):
            try:
                st = src.stat()
                h.update(f"|{src}:{st.st_size}:{st.st_mtime_ns}".encode())
            except OSError:
                h.update(f"|{src}:-".encode())
        else:
            h.update(f"|{src}".encode())
    try:
        target = cache_dir() / "derived" / f"{name}-{h.hexdigest()[:20]}.marshal"
    except (OSError, RuntimeError):  # no home directory to cache in
        return build()
    try:
        return marshal.loads(target.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, marshal.dumps(value))
        for old in target.parent.glob(f"{name}-*.marshal"):  # built from other sources: stale
            if old.name != target.name:
                old.unlink(missing_ok=True)
    except (OSError, ValueError, TqaError):  # a cache that cannot be written is not an error
        pass
    return value


def package_file(package: str, *parts: str) -> Path | None:
    """A file of an installed package, found without importing the package (None if absent)."""
    try:
        spec = importlib.util.find_spec(package)
        return Path(next(iter(spec.submodule_search_locations)), *parts)
    except (ImportError, AttributeError, TypeError, StopIteration, ValueError):
        return None
