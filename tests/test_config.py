"""Config: [tool.tqa] / tqa.toml, provenance, per-path overrides, path safety, `tqa config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.checks import check_settings
from audit.config import Settings, glob_match, load_settings
from audit.errors import ConfigError
from audit.model import Severity

runner = CliRunner()


@pytest.fixture
def proj(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs" / "glossary").mkdir(parents=True)
    return tmp_path


def test_pyproject_table_with_origins(proj):
    (proj / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.tqa]\nmin-score = 90\nfail-on = "major"\nselect = ["term", "BOIL"]\n'
        'severity = {PHRASE001 = "major"}\nglossary = "refs/glossary"\nlang = "en"\n'
    )
    s = load_settings()
    assert s.min_score == 90 and s.fail_on is Severity.MAJOR and s.select == ("TERM", "BOIL")
    assert s.severity == {"PHRASE001": Severity.MAJOR} and s.lang == "en"
    assert s.glossary == (str((proj / "refs" / "glossary").resolve()),)
    assert s.origin("min_score").endswith("pyproject.toml:5") and s.origin("lang").endswith("pyproject.toml:10")
    assert s.origin("weights") == "default"
    t = s.with_(min_score=70.0, ignore=None)
    assert t.min_score == 70 and t.origin("min_score") == "command line" and t.origin("ignore") == "default"


@pytest.mark.parametrize(
    "text,words",
    [
        ("min-scor = 3", "unknown setting"),
        ("min-score = 120", "between 0 and 100"),
        ("min-score = 'high'", "must be a number"),
        ("fail-on = 'fatal'", "unknown severity"),
        ("select = ['TRM']", "not a rule code"),
        ("severity = {TERM = 'minor'}", "not a rule code"),
        ("[per-file-ignores]\n'old/*' = ['BOIL', 'NOPE']", "per-file-ignores: 'NOPE' is not a rule code"),
        ("[overrides.'x/*']\nignore = ['TRM']", "ignore: 'TRM' is not a rule code"),
        ("[overrides.'x/*']\nseverity = {TERM001 = 'minor', PHRASE = 'major'}", "severity: 'PHRASE' is not a rule code"),
        ("references = '../elsewhere'", "outside the project"),
        ("glossary = ['/etc']", "outside the project"),
        ("lang = 'English'", "language code"),
        ("[overrides.'x/*']\nreferences = 'r'", "cannot override references"),
        ("min-score = [", "invalid TOML"),
    ],
)
def test_bad_config_is_one_clear_error(proj, text, words):
    (proj / "tqa.toml").write_text(text + "\n")
    with pytest.raises(ConfigError, match=words) as exc:
        check_settings(load_settings())  # rule codes: the registry's check of what config.py read
    assert "tqa.toml" in str(exc.value)


def test_outside_paths_allowed_explicitly(proj):
    (proj / "sub").mkdir()
    (proj / "sub" / "tqa.toml").write_text("allow-outside-paths = true\nreferences = '../refs'\n")
    s = load_settings(proj / "sub" / "tqa.toml")
    assert s.references == str((proj / "refs").resolve())


def test_overrides_and_per_file_ignores_apply_by_path(proj):
    (proj / "tqa.toml").write_text(
        "min-score = 90\n[overrides.'legacy/**']\nmin-score = 60\nfail-on = 'none'\n"
        "[overrides.'*.md']\nmin-score = 70\n[per-file-ignores]\n'legacy/old-*.txt' = ['BOIL', 'PHRASE001']\n"
    )
    s = load_settings()
    assert s.for_path("news/a.txt").min_score == 90
    legacy = s.for_path(proj / "legacy" / "x" / "b.md")  # both match: later wins
    assert legacy.min_score == 70 and legacy.fail_on is None and legacy.origin("min_score").endswith("overrides '*.md'")
    assert s.for_path("legacy/old-1.txt").file_ignores == ("BOIL", "PHRASE001")
    assert s.for_path("legacy/new.txt").file_ignores == ()
    assert s.with_(min_score=99.0).for_path("legacy/a.txt").min_score == 99  # flags win


@pytest.mark.parametrize(
    "pattern,path,hit",
    [("*.md", "a/b/c.md", True), ("legacy/**", "legacy/x/y.txt", True), ("legacy", "legacy/y.txt", True),
     ("press/*.md", "press/x/a.md", False), ("**/drafts/*", "a/drafts/b.txt", True), ("a?.txt", "ab.txt", True),
     ("[!x]*.txt", "x1.txt", False), ("*.txt", "a.md", False)],
)
def test_glob(pattern, path, hit):
    assert glob_match(pattern, path) is hit


def test_tqa_config_command_shows_values_and_origins(proj):
    (proj / "tqa.toml").write_text("min-score = 80\n[overrides.'legacy/*']\nmin-score = 50\n")
    res = runner.invoke(app, ["config"])
    assert res.exit_code == 0, res.output
    line = next(x for x in res.stdout.splitlines() if x.startswith("min-score"))
    assert "80" in line and "tqa.toml:1" in line
    assert "fail-on " in res.stdout and "# from default" in res.stdout
    data = json.loads(runner.invoke(app, ["config", "--path", "legacy/a.txt", "-f", "json"]).stdout)
    assert data["settings"]["min-score"] == {"value": 50.0, "from": f"{proj / 'tqa.toml'}: overrides 'legacy/*'"}
    (proj / "tqa.toml").write_text("colour = 'red'\n")
    res = runner.invoke(app, ["config"])
    assert res.exit_code == 2 and "unknown setting" in res.stderr


def test_no_config_means_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(discover=False) == Settings()


@pytest.mark.parametrize("command", [["audit", "article.en.txt"], ["gate", "article.en.txt"], ["config"]])
def test_a_config_rule_code_naming_no_rule_is_one_line_from_every_command(proj, command):
    (proj / "article.en.txt").write_text("The talks were held in Geneva on Monday.\n")
    (proj / "tqa.toml").write_text("min-score = 90\n[per-file-ignores]\n'*.txt' = ['TERM', 'TRM']\n")
    res = runner.invoke(app, command)
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().splitlines() == [f"tqa: error: {proj / 'tqa.toml'}:2: per-file-ignores: 'TRM' is not a rule code or prefix (`tqa rules` lists them)"]


def test_the_config_reader_knows_no_rules():
    """Rule codes are judged by the registry (audit.checks.check_settings), not by config.py:
    reading settings imports no rule module, so the registry can depend on settings."""
    import subprocess
    import sys

    probe = "import sys, audit.config; print(sorted(m for m in sys.modules if m.startswith('audit.checks')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout
    assert out.strip() == "[]"
