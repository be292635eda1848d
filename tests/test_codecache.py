"""audit/codecache.py: dataclass methods compiled once per machine. A class made through the
cache behaves as one made without it, a second process compiles nothing, and a damaged or
switched-off cache is only slower. Each case runs in a fresh interpreter (the cache is
installed when `audit` is first imported)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# No `from __future__ import annotations` here: the generated __init__ must carry real types.
PROBE = r'''
import dataclasses, inspect, json, sys
import audit
import audit.codecache as cc

@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    y: float = 1.5
    tags: tuple = ()
    extra: list = dataclasses.field(default_factory=list, compare=False)

@dataclasses.dataclass(kw_only=True)
class Opt:
    name: str
    size: int = 3

p = Point(2)
try:
    p.x = 5
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
sig = inspect.signature(Point)
print(json.dumps({
    "repr": repr(p), "eq": Point(2) == Point(2, 1.5, (), [1]), "ne": Point(2) != Point(3),
    "hash": hash(Point(2)) == hash(Point(2)), "frozen": frozen, "factory": Point(1).extra is not Point(1).extra,
    "annotation_is_type": sig.parameters["x"].annotation is int, "kw": repr(Opt(name="a")),
    "compiled_now": len(cc._state.get("new", {})), "installed": bool(cc._state),
}))
'''


def _probe(cache: Path, **env) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, "TQA_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT), **env})
    return json.loads(out.stdout)


EXPECTED = {"repr": "Point(x=2, y=1.5, tags=(), extra=[])", "eq": True, "ne": True, "hash": True, "frozen": True,
            "factory": True, "annotation_is_type": True, "kw": "Opt(name='a', size=3)"}


def _files(cache: Path) -> list[Path]:
    return sorted((cache / "code").glob("dataclasses-*.marshal"))


def test_classes_behave_the_same_and_a_second_process_compiles_nothing(tmp_path):
    cache = tmp_path / "cache"
    first = _probe(cache)
    assert {k: first[k] for k in EXPECTED} == EXPECTED
    assert first["installed"] and first["compiled_now"] > 0 and len(_files(cache)) == 1
    second = _probe(cache)
    assert {k: second[k] for k in EXPECTED} == EXPECTED
    assert second["compiled_now"] == 0  # every method came from the file


def test_a_damaged_cache_is_ignored_and_written_again(tmp_path):
    cache = tmp_path / "cache"
    _probe(cache)
    (path,) = _files(cache)
    for garbage in (b"", b"\x00not marshal", path.read_bytes()[:1000]):
        path.write_bytes(garbage)
        got = _probe(cache)
        assert {k: got[k] for k in EXPECTED} == EXPECTED and got["compiled_now"] > 0
    assert _probe(cache)["compiled_now"] == 0  # the last run rewrote it whole


def test_switched_off_it_reads_and_writes_nothing(tmp_path):
    cache = tmp_path / "cache"
    got = _probe(cache, TQA_DATA_CACHE="0")
    assert {k: got[k] for k in EXPECTED} == EXPECTED and not got["installed"]
    assert _files(cache) == []


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path):
    cache = tmp_path / "cache"
    cache.write_text("a file where the directory should be", encoding="utf-8")
    got = _probe(cache)
    assert {k: got[k] for k in EXPECTED} == EXPECTED
