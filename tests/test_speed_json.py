"""The JSON reports' encoder (orjson, for speed) writes what json.dumps(indent=2,
ensure_ascii=False) writes: byte for byte for finite values that fit 64 bits (every report),
equal in value otherwise; NaN and the infinities, which JSON has no words for, as null."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from audit.report.json_report import dumps

ROOT = Path(__file__).resolve().parent.parent


def _expected(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("obj", [
    {}, [], (), "", 0, -0.0, None, True, False, {"a": {}}, {"a": []}, [[], {}], (1, [2, {"y": None}]),
    {1: "int key", 1.5: "float key", True: "bool key", None: "none key", "s": "str key"},
    [1e15, 0.001, 0.1 + 0.2, 88.43, -3, 2**63 - 1],
    "quote \" backslash \\ newline \n tab \t nul \x00 line sep \u2028 é ж 中 😀",
    {"nested": {"deeper": {"deepest": [1, {"x": ["y"]}]}}},
])
def test_same_bytes_as_json_dumps(obj):
    assert dumps(obj) == _expected(obj)


def test_exponents_and_big_integers_equal_in_value():
    obj = [1e300, 1e-7, -2.5e-12, 2**70, -(2**64)]  # orjson refuses the integers: the standard library writes them
    assert json.loads(dumps(obj)) == obj and dumps(obj).startswith("[\n  1e")
    assert dumps({"n": 2**70}) == _expected({"n": 2**70})


def test_what_json_cannot_say_is_null():
    assert json.loads(dumps([float("nan"), float("inf"), -float("inf")])) == [None, None, None]


def _random(rng: random.Random, depth: int = 0):
    kind = rng.randrange(9 if depth < 5 else 6)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.randint(-10**12, 10**12)
    if kind == 2:
        return rng.uniform(-1e6, 1e6)
    if kind in (3, 4, 5):
        return "".join(rng.choice('ab "\\\n\tжé😀\x01') for _ in range(rng.randrange(8)))
    if kind in (6, 7):
        return {str(_random(rng, 5)): _random(rng, depth + 1) for _ in range(rng.randrange(5))}
    return [_random(rng, depth + 1) for _ in range(rng.randrange(5))]


def test_same_bytes_on_random_values():
    rng = random.Random(15)
    for _ in range(500):
        obj = _random(rng)
        assert dumps(obj) == _expected(obj)


def test_what_json_refuses_is_refused():
    with pytest.raises(TypeError):
        dumps({"path": Path("x")})
    with pytest.raises(TypeError):
        dumps({("tuple", "key"): 1})


def test_the_seed_report_is_what_json_dumps_writes(tmp_path):
    from audit.cli import app
    from typer.testing import CliRunner

    out = tmp_path / "seed.json"
    res = CliRunner().invoke(app, ["audit", str(ROOT / "seeds" / "state-dept-nato-russia.en.txt"), "-f", "json",
                                   "-o", str(out), "--no-bundled-references"])
    assert res.exit_code in (0, 1), res.output
    text = out.read_text(encoding="utf-8")
    assert text == _expected(json.loads(text)) + "\n"
