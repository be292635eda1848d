"""audit/codecache.py: dataclass methods compiled once per machine. A class made through the
cache behaves as one made without it, a second process compiles nothing, and a damaged or
switched-off cache is only slower. Each case runs in a fresh interpreter (the cache is
installed when `audit` is first imported)."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r'''
import dataclasses, inspect, json, sys
import audit.codecache as cc
from audit import model, runs, config

if len(sys.argv) > 1:  # a class of the program's own: never put in the table
    @dataclasses.dataclass(frozen=True)
    class Mine:
        x: int
        y: list = dataclasses.field(default_factory=list)

span = model.Span(3, 9)
try:
    span.start = 4
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
seg = model.Segment(0, span, "text", 0, "body")
print(json.dumps({
    "reprs": [repr(span), repr(seg), repr(runs.FileOutcome("a.txt", error="x"))],
    "eq": [span == model.Span(3, 9), span != model.Span(3, 8), hash(span) == hash(model.Span(3, 9))],
    "frozen": frozen,
    "signatures": [str(inspect.signature(c)) for c in (model.Span, model.Segment, model.Finding, config.Settings)],
    "factories": runs.Run((), config.Settings()).options is not runs.Run((), config.Settings()).options,
    "compiled_now": len(cc._state.get("new", {})), "installed": bool(cc._state),
}, sort_keys=True))
'''


def _probe(cache: Path, *args: str, **env) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, "TQA_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT), **env})
    return json.loads(out.stdout)


def _behaviour(got: dict) -> dict:
    return {k: v for k, v in got.items() if k not in ("compiled_now", "installed")}


def _files(cache: Path) -> list[Path]:
    return sorted((cache / "code").glob("dataclasses-*.marshal"))


def test_classes_behave_as_without_the_cache_and_a_second_process_compiles_nothing(tmp_path):
    cache = tmp_path / "cache"
    plain = _probe(cache, TQA_DATA_CACHE="0")
    assert not plain["installed"] and _files(cache) == []
    assert plain["frozen"] and all(plain["eq"]) and plain["factories"]
    first = _probe(cache)
    assert first["installed"] and first["compiled_now"] > 20 and len(_files(cache)) == 1
    second = _probe(cache)
    assert second["compiled_now"] == 0  # every method came from the file
    assert _behaviour(plain) == _behaviour(first) == _behaviour(second)


def test_only_tqas_own_classes_go_into_the_table(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert _probe(a)["compiled_now"] == _probe(b, "with a class of its own")["compiled_now"]
    assert _files(a)[0].read_bytes() == _files(b)[0].read_bytes()


def test_a_damaged_cache_is_ignored_and_written_again(tmp_path):
    cache = tmp_path / "cache"
    _probe(cache)
    (path,) = _files(cache)
    want = _behaviour(_probe(cache))
    for garbage in (b"", b"\x00not marshal", path.read_bytes()[:1000], marshal.dumps({"def f(): pass": 3})):
        path.write_bytes(garbage)
        got = _probe(cache)
        assert _behaviour(got) == want and got["compiled_now"] > 0
    assert _probe(cache)["compiled_now"] == 0  # the last run rewrote it whole


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path):
    cache = tmp_path / "cache"
    cache.write_text("a file where the directory should be", encoding="utf-8")
    got = _probe(cache)
    assert got["installed"] and got["frozen"] and all(got["eq"])
