"""The fast safe loader (yamlio.load) reads every data file as round-trip ruamel does: the same
values, the same types, the same line numbers; YAML 1.2 scalars; bad YAML is one DataError."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from audit import yamlio
from audit.errors import DataError
from audit.fsutil import read_utf8

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = sorted((ROOT / "references").rglob("*.yaml")) + sorted((ROOT / "seeds").glob("*.yaml"))


def _plain(x):
    """Values with their kind, ruamel's scalar subclasses reduced to the builtin they extend."""
    if isinstance(x, dict):
        return {_plain(k): _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    for kind in (str, bool, int, float):
        if isinstance(x, kind):
            return (kind.__name__, kind(x))
    if isinstance(x, dt.datetime):
        return ("datetime", x.isoformat())
    if isinstance(x, dt.date):
        return ("date", x.isoformat())
    assert x is None, type(x)
    return None


def _lines(x, at="$"):
    out = {}
    if isinstance(x, (dict, list)):
        out[at] = yamlio.line_of(x)
        for k in x.keys() if isinstance(x, dict) else range(len(x)):
            out[f"{at}/{k}:key"] = yamlio.line_of(x, k)
            out.update(_lines(x[k], f"{at}/{k}"))
    return out


def test_bundled_data_files_are_found():
    assert len(DATA_FILES) >= 15


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_loader_reads_each_data_file_as_ruamel_does(path):
    text = read_utf8(path)
    rt, fast = yamlio.loads(text, path), yamlio.fast_loads(text, path)
    assert _plain(fast) == _plain(rt)
    assert _lines(fast) == _lines(rt)  # errors and `source: file:line` fields point at the same lines


SCALARS = ["yes", "No", "on", "OFF", "y", "1:30", "18:30", "010", "0o17", "0x1F", "0b101", "1_000", "+12",
           "-3", "1.5", "1e3", ".inf", "-.inf", "~", "null", "", "true", "False", "2021-01-26", "2021",
           "'1'", '"on"', "1.0.2", "12:30:45"]


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_are_yaml_1_2_as_ruamel_reads_them(scalar):
    text = f"a: {scalar}\n"
    assert _plain(yamlio.fast_loads(text)) == _plain(yamlio.loads(text))


def test_nan():
    v = yamlio.fast_loads("a: .nan\n")["a"]
    assert v != v


@pytest.mark.parametrize("text,line,problem", [
    ("a: 1\nb: [2\n", None, "invalid YAML"),
    ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a'"),
    ("- id: x\n  id: y\n", 2, "duplicate key 'id'"),
    ("a: !!python/object:os.system x\n", 1, "invalid YAML"),  # safe: no arbitrary objects
    ("a: b: c\n", 1, "invalid YAML"),
])
def test_bad_yaml_is_one_data_error_with_its_line(text, line, problem):
    with pytest.raises(DataError) as err:
        yamlio.fast_loads(text, "x.yaml")
    assert problem in str(err.value)
    assert str(err.value).startswith("x.yaml")
    if line is not None:
        assert err.value.line == line


def test_nodes_pickle_with_their_lines():
    data = yamlio.fast_loads("top:\n  - id: a\n    forms: {en: A}\n  - id: b\n")
    back = pickle.loads(pickle.dumps(data))
    assert back == data
    assert _lines(back) == _lines(data)
    assert yamlio.line_of(back["top"][1]) == 4
    assert yamlio.line_of(back["top"][0], "forms") == 3


def test_load_is_the_fast_loader_and_loads_the_round_trip_one(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("# kept when editing\na: 1\n", encoding="utf-8")
    assert type(yamlio.load(f)) is yamlio.Map
    assert "kept when editing" in yamlio.dumps(yamlio.loads(f.read_text()))
