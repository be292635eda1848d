"""YAML in and out with line numbers for error messages.

Two loaders, one for each job:

- `load(path)` / `fast_loads(text)`: reading data (references, glossaries, metadata). libyaml
  through PyYAML's C parser (CSafeLoader; the pure-Python SafeLoader where libyaml is missing),
  safe (no arbitrary objects), with YAML 1.2 scalars as ruamel reads them (`yes`, `on`, `1:30`
  stay strings), duplicate keys refused, and line numbers kept on every mapping and sequence so
  `line_of` answers as it does for ruamel nodes. It returns dict and list subclasses: pickle and
  compare them like plain ones. About 10x faster than round-trip ruamel on the bundled data.
- `loads(text)` / `dumps(data)`: round-trip ruamel, which keeps comments and order, for editing
  files a person wrote (glossary maintenance).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import pickle
import re
from pathlib import Path
from typing import Any

import audit
from audit.cachedir import cache_dir, caching_off
from audit.errors import DataError, TqaError
from audit.fsutil import read_utf8, write_atomic


def _yaml():
    from ruamel.yaml import YAML  # round-trip loading (60 ms to import) is for editing only

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 100
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def load(path: str | Path) -> Any:
    """Read a data file (fast safe loader); `loads` is for text that will be edited.

    A file is read once: what it parses to is kept in the cache
    directory (`<cache dir>/data/`, one pickle per file path, beside the translation cache:
    TQA_CACHE_DIR, else XDG_CACHE_HOME/tqa, else ~/.cache/tqa) with the digest of the file's
    text, tqa's version and this loader's format; any change to one of them rebuilds it. A
    cache that cannot be read, unpickled or written is ignored (the file is parsed);
    `TQA_DATA_CACHE=0` turns it off. Small files too: parsing one takes well under a
    millisecond, but the first parse of a process imports PyYAML (11 ms of every start-up)."""
    p = Path(path)
    text = read_utf8(p)
    if caching_off():
        return fast_loads(text, p)
    digest = hashlib.sha256(f"{audit.__version__}\0{CACHE_FORMAT}\0".encode() + text.encode("utf-8", "surrogatepass")).hexdigest()
    where = _cache_file(p)
    cached = _read_cache(where, digest) if where is not None else None
    if cached is not None:
        return cached[0]
    data = fast_loads(text, p)
    if where is not None:
        _write_cache(where, digest, data)
    return data


CACHE_FORMAT = 1  # bump when Map, Seq, LineCol or the scalars they hold change


def _cache_file(path: Path) -> Path | None:
    try:
        name = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return cache_dir() / "data" / f"{name}.pickle"
    except (OSError, RuntimeError, ValueError):
        return None


def _read_cache(where: Path, digest: str) -> tuple[Any] | None:
    """(data,) when `where` holds this digest's data; None (parse again) otherwise."""
    try:
        blob = where.read_bytes()
    except OSError:
        return None
    try:
        stored, data = pickle.loads(blob)
    except Exception:  # noqa: BLE001 - a truncated, corrupt or foreign file is a cache miss
        return None
    return (data,) if stored == digest else None


def _write_cache(where: Path, digest: str, data: Any) -> None:
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(where, pickle.dumps((digest, data), protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, TqaError, pickle.PicklingError, RecursionError):
        pass  # the next run parses again


def load_roundtrip(path: str | Path) -> Any:
    p = Path(path)
    return loads(read_utf8(p), p)


def loads(text: str, path: str | Path = "<yaml>") -> Any:
    """Round-trip load (ruamel): comments, order and quoting kept, for editing."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError  # editing only, as _yaml

    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise DataError(path, f"invalid YAML: {problem}", line=line) from None
    except YAMLError as exc:
        raise DataError(path, f"invalid YAML: {exc}") from None
    except (ValueError, OverflowError) as exc:  # a date the calendar lacks (2022-02-30): not a YAMLError
        raise DataError(path, f"invalid date: {exc}", *_bad_date_where(text)) from None
    except RecursionError:
        raise DataError(path, "invalid YAML: nested too deeply") from None


def _bad_date_where(text: str) -> tuple[int | None, str | None]:
    """The line of the first YYYY-MM-DD the calendar lacks (the loaders' ValueError has none),
    and the id of the list entry it is in, when one precedes it (`- id: x` or `{id: x`)."""
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        for y, m, d in re.findall(r"\b(\d{4})-(\d\d?)-(\d\d?)\b", line):
            try:
                datetime.date(int(y), int(m), int(d))
            except ValueError:
                entry = next((hit.group(1) for prev in reversed(lines[:n])
                              if (hit := re.search(r"(?:^\s*-\s*|\{\s*)id:\s*['\"]?([\w.-]+)", prev))), None)
                return n, entry
    return None, None


def dumps(data: Any) -> str:
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


def line_of(node: Any, key: Any = None) -> int | None:
    """1-based line of `node` (or of `key` inside a mapping node), None when unknown."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is not None:
            return lc.key(key)[0] + 1
        return lc.line + 1
    except (KeyError, TypeError, AttributeError, IndexError):
        return None


# --- the fast safe loader -------------------------------------------------------------------


class LineCol:
    """What `line_of` reads: the node's 0-based line and column, and each key's or item's line
    (the same interface as ruamel's `lc`)."""

    __slots__ = ("line", "col", "_at")

    def __init__(self, line: int, col: int, at: Any):
        self.line, self.col, self._at = line, col, at

    def key(self, k: Any) -> tuple[int, int]:
        return self._at[k]

    item = key

    def __reduce__(self):
        return (LineCol, (self.line, self.col, self._at))


class Map(dict):
    """A mapping read by the fast loader: a dict that knows its lines."""

    __slots__ = ("lc",)

    def __reduce__(self):
        return (_rebuild_map, (dict(self), self.lc))


class Seq(list):
    """A sequence read by the fast loader: a list that knows its lines."""

    __slots__ = ("lc",)

    def __reduce__(self):
        return (_rebuild_seq, (list(self), self.lc))


def _rebuild_map(items: dict, lc: LineCol) -> Map:
    m = Map(items)
    m.lc = lc
    return m


def _rebuild_seq(items: list, lc: LineCol) -> Seq:
    s = Seq(items)
    s.lc = lc
    return s


# YAML 1.2 core schema as ruamel resolves it (ruamel.yaml.resolver, version (1, 2)): PyYAML
# alone speaks YAML 1.1, where `no`, `on` and `1:30` are a boolean and a number.
_RESOLVERS_12 = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "tag:yaml.org,2002:float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "tag:yaml.org,2002:int",
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        "-+0123456789",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "tag:yaml.org,2002:timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
]

_LOADER = None


def _loader_class():
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml  # 11 ms: only when a data file is read, not when its compiled form is cached

    base = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

    class Loader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers: dict = {}

    for tag, regexp, first in _RESOLVERS_12:
        Loader.add_implicit_resolver(tag, re.compile(regexp, re.X), list(first))

    def construct_map(loader, node):
        data = Map()
        at: dict = {}
        data.lc = LineCol(node.start_mark.line, node.start_mark.column, at)
        yield data
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=False)
            try:
                hash(key)
            except TypeError:
                raise _Invalid("unhashable key", key_node.start_mark.line + 1) from None
            if key in data:
                raise _Invalid(f"duplicate key {key!r}", key_node.start_mark.line + 1)
            data[key] = loader.construct_object(value_node, deep=False)
            at[key] = (key_node.start_mark.line, key_node.start_mark.column)

    def construct_seq(loader, node):
        data = Seq()
        at: list = []
        data.lc = LineCol(node.start_mark.line, node.start_mark.column, at)
        yield data
        for child in node.value:
            data.append(loader.construct_object(child, deep=False))
            at.append((child.start_mark.line, child.start_mark.column))

    def construct_int(loader, node):
        # YAML 1.2 as ruamel reads it: 0o17 is octal, 017 decimal, underscores separate digits.
        value = loader.construct_scalar(node).replace("_", "")
        sign = -1 if value[:1] == "-" else 1
        if value[:1] in "+-":
            value = value[1:]
        if value.startswith("0b"):
            return sign * int(value[2:], 2)
        if value.startswith("0x"):
            return sign * int(value[2:], 16)
        if value.startswith("0o"):
            return sign * int(value[2:], 8)
        return sign * int(value)

    def construct_float(loader, node):
        value = loader.construct_scalar(node).replace("_", "").lower()
        if value.endswith("inf"):
            return float("-inf") if value.startswith("-") else float("inf")
        if value == ".nan":
            return float("nan")
        return float(value)

    Loader.add_constructor("tag:yaml.org,2002:map", construct_map)
    Loader.add_constructor("tag:yaml.org,2002:omap", construct_map)
    Loader.add_constructor("tag:yaml.org,2002:seq", construct_seq)
    Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    Loader.add_constructor("tag:yaml.org,2002:float", construct_float)
    _LOADER = Loader
    return Loader


class _Invalid(Exception):
    def __init__(self, problem: str, line: int):
        super().__init__(problem)
        self.problem, self.line = problem, line


def fast_loads(text: str, path: str | Path = "<yaml>") -> Any:
    """Read YAML text with the fast safe loader (see the module's docstring)."""
    import yaml

    loader = _loader_class()(text)
    try:
        return loader.get_single_data()
    except _Invalid as exc:
        raise DataError(path, f"invalid YAML: {exc.problem}", line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise DataError(path, f"invalid YAML: {problem}", line=line) from None
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise DataError(path, f"invalid YAML: {exc}", *(_bad_date_where(text) if isinstance(exc, ValueError) else ())) from None
    except RecursionError:
        raise DataError(path, "invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()
