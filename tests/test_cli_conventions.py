"""The command-line conventions users bring from ruff, Vale and pofilter (issue 16), tried
through the CLI as a user would: --exit-zero, --min-severity, --statistics, --extend-select /
--extend-ignore / --extend-glossary, `tqa audit -`, checked --lang / --date values, the notice
when no source language skips the calque rule, `tqa rules --json`, `tqa glossary init` and the
refusal to edit the bundled glossary, and help texts."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import ROOT, SEED

runner = CliRunner()
BUNDLED_GLOSSARY = ROOT / "references" / "glossary"

# No metadata file beside it: no source language. A wrong name, a wrong place, a calque.
PLAIN = "Sergey Lavrov met Anthony Blinken in Kiev on Friday. Ivan Petroff said nothing at all.\n"
MY_GLOSSARY = "- id: ivan-petrov\n  kind: person\n  forms: {en: Ivan Petrov}\n  wrong: {en: [Ivan Petroff]}\n"


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def plain(in_tmp):
    f = in_tmp / "plain.en.txt"
    f.write_text(PLAIN, encoding="utf-8")
    return f


def _json(res) -> dict:
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def _texts(res) -> set[str]:
    return {f["text"] for f in _json(res)["findings"]}


def _rules(res) -> set[str]:
    return {f["rule"] for f in _json(res)["findings"]}


def _one_line_error(res, *fragments: str) -> str:
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tqa: error:"), res.stderr
    assert "Traceback" not in res.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


# --- --exit-zero -------------------------------------------------------------------------------


def test_exit_zero_audit_reports_the_failure_but_exits_0(in_tmp):
    failed = runner.invoke(app, ["audit", str(SEED), "-f", "json"])
    assert failed.exit_code == 1
    res = runner.invoke(app, ["audit", str(SEED), "-f", "json", "--exit-zero"])
    assert res.exit_code == 0
    assert _json(res)["passed"] is False and _json(res)["findings"] == _json(failed)["findings"]
    # bad usage is still an error
    _one_line_error(runner.invoke(app, ["audit", str(in_tmp / "missing.txt"), "--exit-zero"]), "no such file")


def test_exit_zero_gate_but_not_for_unreadable_files(in_tmp):
    d = in_tmp / "articles"
    d.mkdir()
    shutil.copy(SEED, d / "a.en.txt")
    assert runner.invoke(app, ["gate", str(d), "-j", "1", "-f", "json"]).exit_code == 1
    res = runner.invoke(app, ["gate", str(d), "-j", "1", "-f", "json", "--exit-zero"])
    assert res.exit_code == 0 and json.loads(res.stdout)["files"][0]["status"] == "fail"
    (d / "empty.txt").write_bytes(b"")
    assert runner.invoke(app, ["gate", str(d), "-j", "1", "--exit-zero"]).exit_code == 2


# --- --min-severity (display) and --fail-on (verdict) --------------------------------------------


def test_min_severity_hides_findings_but_not_from_the_score(in_tmp):
    everything = _json(runner.invoke(app, ["audit", str(SEED), "-f", "json"]))
    assert {f["severity"] for f in everything["findings"]} >= {"minor", "major"}
    res = runner.invoke(app, ["audit", str(SEED), "-f", "json", "--min-severity", "major"])
    assert res.exit_code == 1  # the verdict is unchanged
    shown = _json(res)
    assert shown["findings"] and all(f["severity"] in ("major", "critical") for f in shown["findings"])
    hidden = sum(1 for f in everything["findings"] if f["severity"] == "minor")
    assert len(shown["findings"]) == len(everything["findings"]) - hidden
    assert shown["score"] == everything["score"] and shown["counts"] == everything["counts"]
    assert any(f"{hidden} finding(s) below major not shown" in n for n in shown["notices"])
    terminal = runner.invoke(app, ["audit", str(SEED), "--no-color", "--min-severity", "major"])
    assert "PHRASE001" not in terminal.stdout and "TERM001" in terminal.stdout
    _one_line_error(runner.invoke(app, ["audit", str(SEED), "--min-severity", "majr"]), "minor, major, critical")


def test_min_severity_on_gate(in_tmp):
    shutil.copy(SEED, in_tmp / "a.en.txt")
    res = runner.invoke(app, ["gate", "a.en.txt", "-j", "1", "-f", "json", "--min-severity", "critical"])
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert data["files"][0]["findings"] == []


def test_fail_on_typo_lists_every_value_including_none(in_tmp):
    line = _one_line_error(runner.invoke(app, ["audit", str(SEED), "--fail-on", "majr"]), "--fail-on", "'majr'")
    assert all(v in line for v in ("minor", "major", "critical", "none"))
    line = _one_line_error(runner.invoke(app, ["gate", str(SEED), "--fail-on", "majr"]))
    assert "none" in line


# --- --extend-select / --extend-ignore -------------------------------------------------------------


def test_extend_select_adds_to_the_config_select_replaces(in_tmp):
    (in_tmp / "tqa.toml").write_text('select = ["TERM"]\n', encoding="utf-8")
    assert _rules(runner.invoke(app, ["audit", str(SEED), "-f", "json"])) == {"TERM001"}
    assert _rules(runner.invoke(app, ["audit", str(SEED), "-f", "json", "--extend-select", "BOIL"])) == {"TERM001", "BOIL001"}
    assert _rules(runner.invoke(app, ["audit", str(SEED), "-f", "json", "--select", "BOIL"])) == {"BOIL001"}
    _one_line_error(runner.invoke(app, ["audit", str(SEED), "--extend-select", "NOPE1"]), "--extend-select", "NOPE1")


def test_extend_ignore_adds_to_the_config_ignore_replaces(in_tmp):
    (in_tmp / "tqa.toml").write_text('ignore = ["PHRASE"]\n', encoding="utf-8")
    base = _rules(runner.invoke(app, ["audit", str(SEED), "-f", "json"]))
    assert "PHRASE001" not in base and {"BOIL001", "TERM001"} <= base
    extended = _rules(runner.invoke(app, ["audit", str(SEED), "-f", "json", "--extend-ignore", "BOIL"]))
    assert "BOIL001" not in extended and "PHRASE001" not in extended and "TERM001" in extended
    replaced = _rules(runner.invoke(app, ["audit", str(SEED), "-f", "json", "--ignore", "BOIL"]))
    assert "PHRASE001" in replaced and "BOIL001" not in replaced


def test_extend_select_and_ignore_on_gate(in_tmp):
    shutil.copy(SEED, in_tmp / "a.en.txt")
    (in_tmp / "tqa.toml").write_text('select = ["TERM"]\n', encoding="utf-8")
    res = runner.invoke(app, ["gate", "a.en.txt", "-j", "1", "-f", "json", "--extend-select", "DUP", "--extend-ignore", "TERM"])
    assert {f["rule"] for f in json.loads(res.stdout)["files"][0]["findings"]} == {"DUP001"}


# --- --extend-glossary ------------------------------------------------------------------------------


def test_glossary_replaces_extend_glossary_adds(plain):
    mine = plain.parent / "mine.yaml"
    mine.write_text(MY_GLOSSARY, encoding="utf-8")
    bundled = _texts(runner.invoke(app, ["audit", str(plain), "-f", "json"]))
    assert {"Anthony Blinken", "Kiev"} <= bundled and "Ivan Petroff" not in bundled
    replaced = _texts(runner.invoke(app, ["audit", str(plain), "-f", "json", "-g", str(mine)]))
    assert "Ivan Petroff" in replaced and not {"Anthony Blinken", "Kiev"} & replaced  # -g replaces
    extended = _texts(runner.invoke(app, ["audit", str(plain), "-f", "json", "--extend-glossary", str(mine)]))
    assert {"Anthony Blinken", "Kiev", "Ivan Petroff"} <= extended
    _one_line_error(runner.invoke(app, ["audit", str(plain), "--extend-glossary", "nope.yaml"]), "nope.yaml")


def test_extend_glossary_from_config_and_on_gate(plain):
    (plain.parent / "gl").mkdir()
    (plain.parent / "gl" / "people.yaml").write_text(MY_GLOSSARY, encoding="utf-8")
    (plain.parent / "tqa.toml").write_text('extend-glossary = ["gl"]\n', encoding="utf-8")
    assert {"Anthony Blinken", "Kiev", "Ivan Petroff"} <= _texts(runner.invoke(app, ["audit", str(plain), "-f", "json"]))
    res = runner.invoke(app, ["gate", str(plain), "-j", "1", "-f", "json"])
    texts = {f["text"] for f in json.loads(res.stdout)["files"][0]["findings"]}
    assert {"Anthony Blinken", "Kiev", "Ivan Petroff"} <= texts


# --- --statistics -------------------------------------------------------------------------------------


def test_statistics_counts_per_rule(in_tmp):
    findings = _json(runner.invoke(app, ["audit", str(SEED), "-f", "json"]))["findings"]
    expected: dict = {}
    for f in findings:
        expected[f["rule"]] = expected.get(f["rule"], 0) + 1
    res = runner.invoke(app, ["audit", str(SEED), "--statistics"])
    assert res.exit_code == 1
    rows = [line.split() for line in res.stdout.strip().splitlines()]
    assert {r[1]: int(r[0]) for r in rows[:-1]} == expected
    assert rows[-1] == [str(len(findings)), "total"]
    assert [int(r[0]) for r in rows[:-1]] == sorted((int(r[0]) for r in rows[:-1]), reverse=True)
    as_json = json.loads(runner.invoke(app, ["audit", str(SEED), "--statistics", "-f", "json"]).stdout)
    assert {r["rule"]: r["count"] for r in as_json} == expected
    _one_line_error(runner.invoke(app, ["audit", str(SEED), "--statistics", "-f", "sarif"]), "--statistics")


def test_statistics_on_gate_sum_the_files(in_tmp):
    meta = SEED.with_name(SEED.name.replace(".txt", ".meta.yaml"))
    for name in ("a", "b"):
        shutil.copy(SEED, in_tmp / f"{name}.en.txt")
        shutil.copy(meta, in_tmp / f"{name}.en.meta.yaml")
    one = json.loads(runner.invoke(app, ["audit", str(SEED), "--statistics", "-f", "json"]).stdout)
    res = runner.invoke(app, ["gate", "a.en.txt", "b.en.txt", "-j", "1", "--statistics", "-f", "json"])
    assert res.exit_code == 1
    assert {r["rule"]: r["count"] for r in json.loads(res.stdout)} == {r["rule"]: 2 * r["count"] for r in one}


# --- standard input ---------------------------------------------------------------------------------------


def test_audit_reads_standard_input(in_tmp):
    res = runner.invoke(app, ["audit", "-", "-f", "json", "--lang", "en"], input=PLAIN)
    data = _json(res)
    assert data["document"]["path"] == "<stdin>" and data["document"]["lang"] == "en"
    assert {"Anthony Blinken", "Kiev"} <= {f["text"] for f in data["findings"]}
    # no --lang: detected
    assert _json(runner.invoke(app, ["audit", "-", "-f", "json"], input=PLAIN))["document"]["lang"] == "en"
    # a name for reports, whose language suffix and extension count
    named = runner.invoke(app, ["audit", "-", "--stdin-filename", "news/x.en.md", "--no-color"], input=PLAIN)
    assert "news/x.en.md:1:19  TERM001" in named.stdout


def test_standard_input_bad_input_is_one_line(in_tmp):
    _one_line_error(runner.invoke(app, ["audit", "-"], input=""), "<stdin>", "empty")
    _one_line_error(runner.invoke(app, ["audit", "-", "--max-bytes", "20"], input=PLAIN), "<stdin>", "20-byte limit")
    _one_line_error(runner.invoke(app, ["audit", "-", "--source", str(SEED)], input=PLAIN), "--source")
    _one_line_error(runner.invoke(app, ["audit", str(SEED), "--stdin-filename", "x.txt"]), "--stdin-filename")


# --- bad option values -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["--lang", "english"], "not a language code"),
        (["--lang", "xx"], "do not know"),
        (["--source-lang", "xx"], "--source-lang 'xx'"),
        (["--date", "14/01/2022"], "YYYY-MM-DD"),
        (["--date", "2022-13-45"], "no such date"),
        (["--date", "2022-02-30"], "no such date"),
        (["--date", "yesterday"], "YYYY-MM-DD"),
    ],
)
def test_bad_option_values_exit_2_with_one_line(in_tmp, args, fragment):
    _one_line_error(runner.invoke(app, ["audit", str(SEED), *args]), fragment)


def test_bad_lang_on_gate(in_tmp):
    _one_line_error(runner.invoke(app, ["gate", str(SEED), "--lang", "xx"]), "--lang 'xx'", "en")
    _one_line_error(runner.invoke(app, ["gate", str(SEED), "--source-lang", "russian"]), "not a language code")


def test_good_values_still_accepted(in_tmp):
    res = runner.invoke(app, ["audit", str(SEED), "-f", "json", "--lang", "en", "--source-lang", "ru", "--date", "2022-01-14"])
    assert _json(res)["document"]["date"] == "2022-01-14"


# --- the notice when no source language skips the calque rule ---------------------------------------------


def test_no_source_language_says_which_rule_it_skipped(plain):
    notices = _json(runner.invoke(app, ["audit", str(plain), "-f", "json"]))["notices"]
    skipped = [n for n in notices if "PHRASE001" in n]
    assert len(skipped) == 1 and "no source language" in skipped[0] and "--source-lang" in skipped[0]
    assert "ru→en" in skipped[0]
    terminal = runner.invoke(app, ["audit", str(plain), "--no-color"]).stdout
    assert "PHRASE001 (calques) skipped" in terminal
    for args in (["--source-lang", "ru"], ["--ignore", "PHRASE"], ["--select", "TERM"]):
        notices = _json(runner.invoke(app, ["audit", str(plain), "-f", "json", *args]))["notices"]
        assert not any("PHRASE001" in n for n in notices), args
    # the seed's metadata gives source_lang: no notice
    assert not any("PHRASE001" in n for n in _json(runner.invoke(app, ["audit", str(SEED), "-f", "json"]))["notices"])


def test_no_source_language_notice_in_gate(plain):
    shutil.copy(SEED, plain.parent / "seed.en.txt")
    shutil.copy(SEED.with_name(SEED.name.replace(".txt", ".meta.yaml")), plain.parent / "seed.en.meta.yaml")
    res = runner.invoke(app, ["gate", str(plain), "seed.en.txt", "-j", "1", "-f", "json"])
    files = json.loads(res.stdout)["files"]
    assert [any("PHRASE001" in n for n in f["notices"]) for f in files] == [True, False]
    assert "tqa: note: PHRASE001 (calques) skipped: no source language in 1 of 2 file(s)" in res.stderr


# --- tqa rules --json -------------------------------------------------------------------------------------


def test_rules_json():
    from audit.checks import RULES

    res = runner.invoke(app, ["rules", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert [r["code"] for r in data] == [r.code for r in RULES]
    term = next(r for r in data if r["code"] == "TERM001")
    assert term["severity"] == "major" and term["name"] == "glossary-wrong-rendering"
    assert any(ex["fires"] for ex in term["examples"]) and any(not ex["fires"] for ex in term["examples"])
    one = json.loads(runner.invoke(app, ["rules", "xname003", "--json"]).stdout)
    assert one["code"] == "XNAME003" and one["yields_to"] == list(next(r for r in RULES if r.code == "XNAME003").yields_to)
    _one_line_error(runner.invoke(app, ["rules", "XX999", "--json"]), "XX999")


# --- tqa glossary init, and no edits to the bundled glossary -----------------------------------------------


def _digest(directory) -> str:
    h = hashlib.sha256()
    for f in sorted(directory.iterdir()):
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


def test_glossary_add_without_a_project_glossary_refuses(in_tmp):
    before = _digest(BUNDLED_GLOSSARY)
    res = runner.invoke(app, ["glossary", "add", "--kind", "person", "--form", "en=Liz Truss"])
    _one_line_error(res, "bundled", "tqa glossary init")
    res = runner.invoke(app, ["glossary", "remove", "kyiv"])
    _one_line_error(res, "tqa glossary init")
    assert _digest(BUNDLED_GLOSSARY) == before
    # reading the bundled glossary is fine
    assert runner.invoke(app, ["glossary", "show", "kyiv"]).exit_code == 0


def test_glossary_init_then_add_then_audit(plain):
    target = plain.parent / "translation" / "glossary"
    res = runner.invoke(app, ["glossary", "init", str(target)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in target.iterdir()) == ["organisations.yaml", "people.yaml", "places.yaml",
                                                        "terms.yaml", "titles.yaml"]
    assert [p.name for p in target.parent.iterdir()] == ["glossary"]  # no temporary left beside it
    assert "--extend-glossary" in res.stdout
    assert runner.invoke(app, ["glossary", "lint", "-g", str(target)]).exit_code == 0
    # a second init would overwrite: refused
    _one_line_error(runner.invoke(app, ["glossary", "init", str(target)]), "not empty")
    (plain.parent / "tqa.toml").write_text('extend-glossary = ["translation/glossary"]\n', encoding="utf-8")
    res = runner.invoke(app, ["glossary", "add", "--kind", "person", "--form", "en=Ivan Petrov", "--wrong", "en=Ivan Petroff"])
    assert res.exit_code == 0, res.output
    assert "- id: ivan-petrov" in (target / "people.yaml").read_text(encoding="utf-8")
    assert {"Anthony Blinken", "Kiev", "Ivan Petroff"} <= _texts(runner.invoke(app, ["audit", str(plain), "-f", "json"]))


def test_glossary_init_into_an_empty_directory_and_not_onto_a_file(in_tmp):
    (in_tmp / "empty").mkdir()
    assert runner.invoke(app, ["glossary", "init", "empty"]).exit_code == 0
    assert (in_tmp / "empty" / "people.yaml").is_file()
    (in_tmp / "afile").write_text("x")
    _one_line_error(runner.invoke(app, ["glossary", "init", "afile"]), "not a directory")


# --- help texts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["audit"], ["gate"], ["glossary", "lint"], ["glossary", "add"], ["eval"], ["rules"]])
def test_help_has_plain_metavars_and_keeps_brackets(command):
    res = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "<list[" not in res.stdout and "<str>" not in res.stdout and "<bool>" not in res.stdout
    if command[0] == "glossary":
        assert "[tool.tqa]" in res.stdout
    if command == ["audit"]:
        for option in ("--exit-zero", "--min-severity SEVERITY", "--statistics", "--extend-select CODES",
                       "--extend-ignore CODES", "--extend-glossary PATH", "-g, --glossary PATH", "--date YYYY-MM-DD"):
            assert option in res.stdout, option


def test_config_lang_is_checked_like_the_flag(in_tmp):
    (in_tmp / "tqa.toml").write_text('min-score = 90\nsource-lang = "xx"\n', encoding="utf-8")
    _one_line_error(runner.invoke(app, ["audit", str(SEED)]), "tqa.toml:2: source-lang 'xx'")
    _one_line_error(runner.invoke(app, ["gate", str(SEED)]), "tqa.toml:2: source-lang 'xx'")
