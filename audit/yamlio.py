"""YAML in and out with line numbers for error messages (ruamel.yaml round-trip mode).

Round-trip mode keeps comments and order, so the same loader serves reading data and
editing files a person wrote (glossary maintenance).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from audit.errors import DataError
from audit.fsutil import read_utf8


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 100
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def load(path: str | Path) -> Any:
    p = Path(path)
    return loads(read_utf8(p), p)


def loads(text: str, path: str | Path = "<yaml>") -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise DataError(path, f"invalid YAML: {problem}", line=line) from None
    except YAMLError as exc:
        raise DataError(path, f"invalid YAML: {exc}") from None


def dumps(data: Any) -> str:
    import io

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
    except (KeyError, TypeError, AttributeError):
        return None
