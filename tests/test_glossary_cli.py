"""`tqa glossary list/show/stats`: the read-only commands, and where the glossary comes from."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import ROOT

BUNDLED = ROOT / "references" / "glossary"
runner = CliRunner()


def tqa(*args: str):
    return runner.invoke(app, list(args))


def test_list_filters():
    r = tqa("glossary", "list", "-g", str(BUNDLED), "--text", "kiev")  # matches a wrong rendering
    assert r.exit_code == 0 and r.output.split()[0] == "kyiv" and len(r.output.splitlines()) == 1
    r = tqa("glossary", "list", "-g", str(BUNDLED), "--kind", "person", "--lang", "de")
    assert r.exit_code == 0 and r.output.split() == ["olaf-scholz", "person", "Olaf", "Scholz"]
    r = tqa("glossary", "list", "-g", str(BUNDLED), "--kind", "place", "--format", "json")
    data = json.loads(r.stdout)
    assert {d["kind"] for d in data} == {"place"} and len(data) == 12
    r = tqa("glossary", "list", "-g", str(BUNDLED), "--kind", "planet")
    assert r.exit_code == 2 and "unknown kind" in r.output


def test_show_and_stats():
    r = tqa("glossary", "show", "antony-blinken", "-g", str(BUNDLED))
    assert r.exit_code == 0
    assert r.output.splitlines()[0].startswith("# ") and "people.yaml:" in r.output.splitlines()[0]
    assert "  wrong: {en: [Anthony Blinken, Entony Blinken, Anthony J. Blinken]}" in r.output
    r = tqa("glossary", "show", "antony-blinken", "-g", str(BUNDLED), "--format", "json")
    assert json.loads(r.stdout)["roles"][1]["title"] == "secretary-of-state"
    r = tqa("glossary", "show", "nobody", "-g", str(BUNDLED))
    assert r.exit_code == 2 and "no entry 'nobody'" in r.output
    r = tqa("glossary", "stats", "-g", str(BUNDLED))
    assert r.exit_code == 0 and r.output.startswith("59 entries in 5 file(s)")
    assert "  person           15" in r.output


def test_glossary_from_config(tmp_path, monkeypatch):
    g = tmp_path / "mine.yaml"
    g.write_text("- id: only-term\n  kind: term\n  forms: {en: only}\n", encoding="utf-8")
    (tmp_path / "tqa.toml").write_text('glossary = ["mine.yaml"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = tqa("glossary", "list")
    assert r.exit_code == 0 and r.output.split()[:2] == ["only-term", "term"]
    r = tqa("glossary", "add", "--kind", "term", "--form", "en=second")
    assert r.exit_code == 0 and "added second" in r.output
    assert "- id: second" in g.read_text(encoding="utf-8")
