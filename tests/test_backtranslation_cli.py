"""`tqa audit --model DIR`: the tiny offline Marian through the same CLI path a user takes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from audit.cli import app
from conftest import ROOT, SEED

runner = CliRunner()

TEXT = ("Secretary of State Antony Blinken met NATO officials.\n\n"
        "The talks ended on Monday.\n\n"
        "Both sides agreed to meet again.\n")


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "short.en.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def run(*args):
    return runner.invoke(app, ["audit", *map(str, args)])


def test_model_dir_fills_json_and_second_run_translates_nothing(article, tiny_marian, mt_cache):
    args = (article, "--source-lang", "ru", "--model", tiny_marian, "--forward-model", tiny_marian, "-f", "json")
    res = run(*args)
    assert res.exit_code in (0, 1), res.stderr
    data = json.loads(res.stdout)
    segs = data["segments"]
    assert segs and all(isinstance(s.get("backtranslation"), str) for s in segs)
    bt = data["backtranslation"]
    assert bt["translated"] == len(segs) and bt["cached"] == 0 and bt["direction"] == "en-ru"
    (metric,) = [m for m in data["metrics"] if m["name"] == "roundtrip-chrF"]
    assert metric["signature"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:")
    assert len(metric["per_segment"]) == len(segs)
    assert not any("skipped" in n for n in data["notices"])

    again = json.loads(run(*args).stdout)
    assert again["backtranslation"]["translated"] == 0 and again["backtranslation"]["cached"] == len(segs)
    assert [s["backtranslation"] for s in again["segments"]] == [s["backtranslation"] for s in segs]


def test_markdown_side_by_side_and_terminal_on_request(article, tiny_marian, mt_cache):
    md = run(article, "--source-lang", "ru", "--model", tiny_marian, "-f", "markdown")
    assert "## Back-translation" in md.stdout and "| # | Segment (en) | Back-translation (ru) |" in md.stdout
    assert "round-trip fidelity skipped" in md.stdout  # no forward model here (offline, not cached)
    plain = run(article, "--source-lang", "ru", "--model", tiny_marian, "--no-color")
    assert "↺" not in plain.stdout
    shown = run(article, "--source-lang", "ru", "--model", tiny_marian, "--no-color", "--show-backtranslation")
    assert "Back-translation" in shown.stdout and shown.stdout.count("↺") == 3


def test_ct2_engine_through_the_cli(article, tiny_marian, mt_cache):
    pytest.importorskip("ctranslate2")
    res = run(article, "--source-lang", "ru", "--model", tiny_marian, "--engine", "ct2", "-f", "json")
    assert res.exit_code in (0, 1), res.stderr
    data = json.loads(res.stdout)
    assert data["backtranslation"]["decoding"].startswith("ct2-int8")
    assert all(isinstance(s.get("backtranslation"), str) for s in data["segments"])


def test_offline_without_model_prints_one_notice_and_keeps_the_exit_status(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-hub"))
    monkeypatch.delenv("TQA_MODEL", raising=False)
    res = run(SEED, "-f", "json")
    data = json.loads(res.stdout)
    notes = [n for n in data["notices"] if n.startswith("back-translation skipped")]
    assert len(notes) == 1 and "--model" in notes[0]
    assert "backtranslation" not in data and all("backtranslation" not in s for s in data["segments"])
    assert res.exit_code == (0 if data["passed"] else 1)
    from audit.stages.backtranslation import BTOptions, backtranslation_stage
    from audit.config import Settings
    from audit.entry import audit_path
    from audit.references import load_references

    refs = load_references()
    plain = audit_path(SEED, refs, Settings())
    staged = audit_path(SEED, refs, Settings(), stages=(backtranslation_stage(BTOptions()),))
    assert (staged.passed, staged.findings, staged.score) == (plain.passed, plain.findings, plain.score)
    assert len(staged.notices) == len(plain.notices) + 1
    term = run(SEED, "--no-color")
    assert sum("back-translation skipped" in line for line in term.stdout.splitlines()) == 1


@pytest.mark.parametrize("make_bad", ["missing", "empty", "corrupt-config", "corrupt-weights", "a-file"])
def test_bad_model_is_one_line_and_exit_2(make_bad, article, tiny_marian, tmp_path, mt_cache):
    bad = tmp_path / "model"
    if make_bad == "empty":
        bad.mkdir()
    elif make_bad == "a-file":
        bad.write_text("not a model")
    elif make_bad != "missing":
        shutil.copytree(tiny_marian, bad)
        victim = "config.json" if make_bad == "corrupt-config" else "model.safetensors"
        (bad / victim).write_bytes(b"\x00\x01 corrupt")
    res = run(article, "--source-lang", "ru", "--model", bad)
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tqa: error:") and str(bad) in lines[0]
    assert "Traceback" not in res.stderr


def test_require_model_makes_a_missing_model_an_error(article, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-hub"))
    res = run(article, "--source-lang", "ru", "--require-model")
    assert res.exit_code == 2 and "--require-model" in res.stderr and "--model" in res.stderr
    res = run(article, "--source-lang", "ru", "--model", "Helsinki-NLP/opus-mt-en-ru", "--require-model")
    assert res.exit_code == 2 and len(res.stderr.strip().splitlines()) == 1


def test_unknown_engine_is_exit_2(article):
    res = run(article, "--engine", "moses")
    assert res.exit_code == 2 and "unknown engine" in res.stderr


def test_default_audit_imports_no_model_libraries():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from audit.cli import app\n"
        f"r = CliRunner().invoke(app, ['audit', {str(SEED)!r}, '-f', 'json'])\n"
        "assert r.exit_code in (0, 1), r.output\n"
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2', 'sentencepiece') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_unreachable_hub_is_a_notice_not_a_failure(article, tiny_marian, tmp_path, monkeypatch, mt_cache):
    from test_translate import _FakeHub, _install

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    _install(monkeypatch, _FakeHub(tiny_marian, tmp_path / "hub", fail=ConnectionError("refused")))
    res = run(article, "--source-lang", "ru", "--model", "example/tiny-en-ru", "-f", "json")
    assert res.exit_code in (0, 1), res.stderr
    notes = json.loads(res.stdout)["notices"]
    assert any(n.startswith("back-translation skipped:") and "hub cannot be reached" in n for n in notes)
