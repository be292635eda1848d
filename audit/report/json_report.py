"""JSON: the machine contract (schema 1). `tqa audit`'s file is `audit.report.common.to_dict`;
a gate run is `{"schema": 1, "gate": {...}, "files": [report | {"path", "error"}]}`, each report
that same single-file contract."""

from __future__ import annotations

from json.encoder import encode_basestring

from audit.report.common import to_dict
from audit.runs import Run


def render(run: Run, **_: object) -> str:
    if run.command == "audit":
        return _dump(to_dict(run.outcomes[0].result))
    return _dump({
        "schema": 1,
        "gate": {
            "passed": run.exit_code == 0,
            "exit_code": run.exit_code,
            "counts": run.counts,
            "baseline": run.baseline,
            "min_score": run.settings.min_score,
            "fail_on": run.settings.fail_on.label if run.settings.fail_on else None,
        },
        "files": [
            {"path": o.path, "status": o.status, **to_dict(o.result)} if o.result is not None
            else {"path": o.path, "status": "error", "error": o.error}
            for o in run.outcomes
        ],
    })


def _dump(data: dict) -> str:
    return dumps(data) + "\n"


_FLOAT = float.__repr__
_INT = int.__repr__


def _floatstr(o: float) -> str:
    if o != o:
        return "NaN"
    if o == float("inf"):
        return "Infinity"
    if o == -float("inf"):
        return "-Infinity"
    return _FLOAT(o)


def _key(k) -> str:
    if isinstance(k, str):
        return encode_basestring(k)
    if isinstance(k, float):
        return '"' + _floatstr(k) + '"'
    if k is True:
        return '"true"'
    if k is False:
        return '"false"'
    if k is None:
        return '"null"'
    if isinstance(k, int):
        return '"' + _INT(k) + '"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


def dumps(obj) -> str:
    """`json.dumps(obj, ensure_ascii=False, indent=2)`, byte for byte, in half the time: the
    standard library has no C encoder for indented output, and its Python one (generators
    nested per level) was most of the time the gate spent writing a 200-file report, time its
    workers cannot share. Strings go through the standard library's (C) string encoder."""
    out: list[str] = []
    append = out.append
    indents = ["\n"]

    def enc(o, level: int) -> None:
        if isinstance(o, str):
            append(encode_basestring(o))
        elif o is None:
            append("null")
        elif o is True:
            append("true")
        elif o is False:
            append("false")
        elif isinstance(o, int):
            append(_INT(o))
        elif isinstance(o, float):
            append(_floatstr(o))
        elif isinstance(o, dict):
            if not o:
                append("{}")
                return
            while len(indents) <= level + 1:
                indents.append("\n" + "  " * len(indents))
            inner = indents[level + 1]
            first = True
            for k, v in o.items():
                append(("{" if first else ",") + inner + _key(k) + ": ")
                first = False
                enc(v, level + 1)
            append(indents[level] + "}")
        elif isinstance(o, (list, tuple)):
            if not o:
                append("[]")
                return
            while len(indents) <= level + 1:
                indents.append("\n" + "  " * len(indents))
            inner = indents[level + 1]
            first = True
            for v in o:
                append(("[" if first else ",") + inner)
                first = False
                enc(v, level + 1)
            append(indents[level] + "]")
        else:
            raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")

    enc(obj, 0)
    return "".join(out)
