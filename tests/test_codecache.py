"""audit/codecache.py: dataclass methods and regular expressions compiled once per machine. A
class or a pattern made through the cache behaves as one made without it, a second process
compiles nothing, and a damaged or switched-off cache is only slower. Each case runs in a fresh
interpreter (the cache is installed when `audit` is first imported)."""

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
    "compiled_now": len(cc._TABLES["dataclasses"].new) if cc._TABLES else 0, "installed": bool(cc._TABLES),
}, sort_keys=True))
'''


def _probe(cache: Path, *args: str, **env) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, "TQA_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT), **env})
    return json.loads(out.stdout)


def _behaviour(got: dict) -> dict:
    return {k: v for k, v in got.items() if k not in ("compiled_now", "installed")}


def _files(cache: Path, kind: str = "dataclasses") -> list[Path]:
    return sorted((cache / "code").glob(f"{kind}-*.marshal"))


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


# --- regular expressions ----------------------------------------------------------------------

PATTERNS = r'''
import json, re, sys
import audit.codecache as cc
import audit.checks, audit.document, audit.phrases, audit.quantities, audit.segment  # many patterns, at import

mine = re.compile(r"a pattern of the program's own (\d+)") if len(sys.argv) > 1 else None
table = cc._TABLES.get("re")
sample = ("Госсекретарь США Энтони Блинкен - \u00abРоссия \u2014 НАТО\u00bb, 12,5 млн (3.4%) 1 200 km; "
          "Anthony Blinken's 'NATO-Russia' Council, 7:30 a.m., U.S. $4.5bn -- Kyiv/Kiev\\n\\nSee also: www.x.org")
checked = same = 0
for (p, flags) in list(table.items if table and table.items else []):
    made = re.compile(p, flags)  # re's own cache first: the object the table made
    fresh = cc._STDLIB["compile"](p, flags)  # the stdlib's compiler, no table
    checked += 1
    text = sample if isinstance(p, str) else sample.encode()
    same += (made == fresh and made.groupindex == fresh.groupindex and made.groups == fresh.groups
             and [m.span() for m in made.finditer(text)] == [m.span() for m in fresh.finditer(text)])
print(json.dumps({"installed": table is not None, "in_table": len(table.items or {}) if table else 0,
                  "compiled_now": len(table.new) if table else 0, "checked": checked, "same": same,
                  "mine_in_table": any(k[0] == getattr(mine, "pattern", None) for k in (table.items or {})) if table else False}))
'''


def _patterns(cache: Path, *args: str, **env) -> dict:
    out = subprocess.run([sys.executable, "-c", PATTERNS, *args], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, "TQA_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT), **env})
    return json.loads(out.stdout)


def test_patterns_from_the_table_are_the_stdlibs_and_a_second_process_compiles_none(tmp_path):
    cache = tmp_path / "cache"
    first = _patterns(cache)
    assert first["installed"] and first["compiled_now"] > 30 and len(_files(cache, "re")) == 1
    second = _patterns(cache)
    assert second["compiled_now"] == 0 and second["in_table"] == first["compiled_now"]
    # equal patterns: same flags and the same opcodes (CPython compares the compiled code), same matches
    assert second["checked"] == second["same"] == second["in_table"]
    assert not _patterns(cache, TQA_DATA_CACHE="0")["installed"]


def test_only_patterns_tqas_code_asks_for_go_into_the_table(tmp_path):
    got = _patterns(tmp_path / "cache", "with a pattern of its own")
    assert got["compiled_now"] > 30 and not got["mine_in_table"]


def test_a_damaged_pattern_table_is_ignored(tmp_path):
    cache = tmp_path / "cache"
    _patterns(cache)
    (path,) = _files(cache, "re")
    good = path.read_bytes()
    for garbage in (b"", b"\x00not marshal", good[:500], marshal.dumps({("x", 0): (0, "not opcodes", 0, {}, ())}),
                    marshal.dumps({"not a key": (0, [], 0, {}, ())})):
        path.write_bytes(garbage)
        got = _patterns(cache)
        assert got["compiled_now"] > 30 and got["checked"] == got["same"]
    assert _patterns(cache)["compiled_now"] == 0  # the last run rewrote it whole
