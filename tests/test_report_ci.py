"""Reports CI systems read, each validated against its schema: SARIF 2.1.0 (OASIS), JUnit XML
(the Ant schema as published by Windy Road, and Jenkins' junit-10.xsd), GitLab Code Quality
(its documented fields), plus GitHub annotations and job summary, and the concise format.
Schemas and their provenance: tests/fixtures/schemas/SOURCE.md."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.config import Settings
from audit.runs import FileOutcome, Run, single
from audit.document import build_document
from audit.entry import audit_path
from audit.pipeline import audit_document
from tests.conftest import FIXTURES, ROOT, SEED

runner = CliRunner()
CLEAN = FIXTURES / "gate" / "library-budget.en.txt"
SCHEMAS = FIXTURES / "schemas"
SARIF_SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"
XLIFF = FIXTURES / "bilingual" / "ru-en.xlf"
PO = FIXTURES / "bilingual" / "en-fr.po"
BODY = (
    "The talks were held within the Russia-NATO Council on Monday.\n\n"
    "Later the Eurounion said it would send observers.\n\n"
    "Leave a Reply\n"
)


@pytest.fixture(scope="module")
def run(refs, seed_result):
    clean = audit_path(CLEAN, refs, Settings())
    outcomes = (FileOutcome("articles/clean.en.txt", clean), FileOutcome("articles/seed.en.txt", seed_result),
                FileOutcome("articles/broken.txt", error="articles/broken.txt: file is empty"))
    return Run(outcomes, Settings(rules_url="https://example.org/rules#{code_lower}"))


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def cli(*args):
    return runner.invoke(app, list(args))


# --- SARIF ------------------------------------------------------------------------------------


def sarif_valid(doc):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return doc["runs"][0]


def test_sarif_schema_is_the_shared_one():
    shared = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
    if not shared.is_file():
        pytest.skip("../shared/schemas is not here")
    assert shared.read_bytes() == SARIF_SCHEMA.read_bytes()  # the tests' copy validates the same


def test_sarif_multi_file_is_valid_and_complete(run, seed_result):
    from audit.report.sarif import render

    r = sarif_valid(json.loads(render(run)))
    rules = r["tool"]["driver"]["rules"]
    assert {x["id"] for x in rules} >= {"TERM001", "BOIL001", "SUP001"}
    term = next(x for x in rules if x["id"] == "TERM001")
    assert term["helpUri"] == "https://example.org/rules#term001" and len(term["fullDescription"]["text"]) > 80
    results = r["results"]
    assert len(results) == len(seed_result.findings)
    text = seed_result.document.text
    for res, f in zip(results, seed_result.findings):
        region = res["locations"][0]["physicalLocation"]["region"]
        assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] == f.text == region["snippet"]["text"]
        line = text.splitlines()[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 :].startswith(f.text.split("\n")[0])
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == f.rule
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "articles/seed.en.txt"
        assert "baselineState" not in res and "suppressions" not in res  # no baseline, nothing suppressed
    assert len({res["partialFingerprints"]["tqaFingerprint/v1"] for res in results}) >= len(results) - 1
    notes = r["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"].endswith("file is empty") and r["invocations"][0]["executionSuccessful"] is False


def test_sarif_every_rule_has_help_markdown_and_a_default_help_uri(seed_result):
    from audit.checks import RULES
    from audit.report import renderer

    rules = sarif_valid(json.loads(renderer("sarif")(seed_result)))["tool"]["driver"]["rules"]
    assert [x["id"] for x in rules] == [r.code for r in RULES]
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for x, rule in zip(rules, RULES):
        md = x["help"]["markdown"]
        assert md.startswith(f"**{rule.code}**") and rule.summary in md and rule.doc.strip()[:60] in md
        assert ("fires:" in md) == any(e.fails for e in rule.examples)
        # without rules-url: the rules page beside this tqa, at the rule's own heading
        uri = x["helpUri"]
        assert uri == (ROOT / "docs" / "rules.md").as_uri() + "#" + rule.code.lower()
        assert f"\n## {rule.code}\n" in page and rule.summary in page  # the anchor exists (regenerate: ruledocs)


def test_sarif_reports_suppressed_findings_as_suppressed(refs, tmp_path):
    from audit.report.sarif import render

    text = "<!-- tqa-ignore TERM001 -->\n" + BODY
    doc = build_document(text, refs, path=str(tmp_path / "a.en.txt"), lang="en", source_lang="ru")
    result = audit_document(doc, refs, replace(Settings(), file_ignores=("BOIL",)))
    assert [f.rule for f in result.findings] == ["TERM001"]  # the Eurounion; the Council and the promo are suppressed
    results = sarif_valid(json.loads(render(single(result))))["results"]
    assert [(x["ruleId"], "suppressions" in x) for x in results] == [("TERM001", True), ("TERM001", False), ("BOIL001", True)]
    inline, _, config = results
    assert inline["suppressions"][0]["kind"] == "inSource" and inline["level"] == "warning"
    assert inline["suppressions"][0]["location"]["physicalLocation"]["region"]["startLine"] == 1  # the marker's line
    assert inline["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "Russia-NATO Council"
    assert "wrong rendering" in inline["message"]["text"]  # the finding's own message, kept by the suppression pass
    assert config["suppressions"][0]["kind"] == "external" and "per-file-ignores" in config["suppressions"][0]["justification"]


def test_sarif_keeps_baselined_findings_as_unchanged(in_tmp):
    d = in_tmp / "articles"
    d.mkdir()
    shutil.copy(SEED, d / SEED.name)
    shutil.copy(SEED.with_name("state-dept-nato-russia.en.meta.yaml"), d)
    noref = "--no-bundled-references"
    before = json.loads(cli("gate", "--no-progress", "articles", "-f", "sarif", noref).stdout)["runs"][0]["results"]
    assert cli("gate", "--no-progress", "articles", "--write-baseline", "b.json", noref).exit_code == 0
    text = (d / SEED.name).read_text(encoding="utf-8")
    (d / SEED.name).write_text(text.replace("held in Brussels.", "held in Brussels before the State Thought met."),
                               encoding="utf-8")
    res = cli("gate", "--no-progress", "articles", "--baseline", "b.json", "-f", "sarif", noref)
    assert res.exit_code == 1
    results = sarif_valid(json.loads(res.stdout))["results"]
    states = [(x["baselineState"], x["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]) for x in results]
    assert [s for s in states if s[0] == "new"] == [("new", "State Thought")]
    unchanged = [x for x in results if x["baselineState"] == "unchanged"]
    assert len(unchanged) == len(before) > 10  # every known finding is still reported: an upload keeps its alert
    assert {x["partialFingerprints"]["tqaFingerprint/v1"] for x in unchanged} == \
        {x["partialFingerprints"]["tqaFingerprint/v1"] for x in before}


def test_sarif_bilingual_regions_are_the_units_lines(in_tmp):
    res = cli("audit", str(XLIFF), "-f", "sarif")
    assert res.exit_code == 1
    results = sarif_valid(json.loads(res.stdout))["results"]
    assert results
    lines = XLIFF.read_text(encoding="utf-8").splitlines()
    for x in results:
        loc = x["locations"][0]
        region, unit = loc["physicalLocation"]["region"], loc["logicalLocations"][0]["name"]
        assert region["startLine"] > 1 and f'id="{unit}"' in lines[region["startLine"] - 1]
        assert "charOffset" not in region and "fixes" not in x  # offsets are the unit's, not the file's
    num = next(x for x in results if x["ruleId"] == "NUM001")
    assert num["locations"][0]["logicalLocations"][0]["name"] == "t2" and num["properties"]["unit"]["text"] == "16"
    po = cli("audit", str(PO), "--source-lang", "en", "-f", "sarif", "--select", "NUM,XNAME,TERM")
    po_lines = PO.read_text(encoding="utf-8").splitlines()
    for x in sarif_valid(json.loads(po.stdout))["results"]:
        assert po_lines[x["locations"][0]["physicalLocation"]["region"]["startLine"] - 1].startswith("msgid ")


# --- JUnit ------------------------------------------------------------------------------------


def junit_valid(xml: str):
    etree = pytest.importorskip("lxml.etree")
    doc = etree.fromstring(xml.encode("utf-8"))
    for name in ("JUnit-windyroad.xsd", "junit-10.xsd"):
        schema = etree.XMLSchema(etree.parse(str(SCHEMAS / name)))
        assert schema.validate(doc), (name, [str(e) for e in schema.error_log][:3])
    return ET.fromstring(xml)


def test_junit_valid_with_consistent_counts(run, seed_result, monkeypatch):
    from audit.report.junit import render

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1642118400")
    root = junit_valid(render(run))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    assert suite.get("timestamp") == "2022-01-14T00:00:00" and suite.get("hostname")
    assert float(suite.get("time")) >= float(next(c for c in suite.iter("testcase") if "seed" in c.get("name")).get("time")) > 0
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {"articles/clean.en.txt", "articles/seed.en.txt", "articles/broken.txt"}
    assert not list(cases["articles/clean.en.txt"])
    failures = cases["articles/seed.en.txt"].findall("failure")
    assert len(failures) == 1 and "below the minimum 95" in failures[0].get("message")
    body = failures[0].text.splitlines()
    for f in seed_result.findings:  # every finding counted in the score, one per line
        assert any(f" {f.rule} [{f.severity.label}] {f.message}" in line for line in body), f.rule
    assert cases["articles/broken.txt"].find("error") is not None


def test_junit_minor_notes_are_not_failures(refs, tmp_path):
    from audit.report.junit import render

    p = tmp_path / "notes.en.txt"
    p.write_text("<!-- tqa-ignore TERM001 -->\n" + CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    result = audit_path(p, refs, Settings())
    assert [f.rule for f in result.findings] == ["SUP001"] and result.passed
    root = junit_valid(render(single(result)))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "0")
    assert suite.find("testcase").find("failure") is None
    assert "SUP001 [minor]" in suite.find("system-out").text  # listed as a note
    strict = junit_valid(render(single(audit_path(p, refs, Settings(fail_on=result.findings[0].severity)))))
    assert strict.find("testsuite").get("failures") == "1"  # --fail-on minor makes it one


def test_junit_survives_control_characters(refs, tmp_path):
    from audit.report.junit import render

    p = tmp_path / "ctl.en.txt"
    p.write_text("Leave a Reply\x0b\n\nThe council met on Tuesday to approve the budget.\n", encoding="utf-8")
    junit_valid(render(single(audit_path(p, refs, Settings(min_score=100)))))


def test_junit_from_the_cli_on_a_bilingual_file(in_tmp):
    res = cli("audit", str(XLIFF), "-f", "junit")
    assert res.exit_code == 1
    failure = junit_valid(res.stdout).find("testsuite/testcase/failure")
    line = XLIFF.read_text(encoding="utf-8").splitlines().index(
        next(x for x in XLIFF.read_text(encoding="utf-8").splitlines() if 'id="t2"' in x)) + 1
    assert f"{XLIFF}:{line} NUM001 [major]" in failure.text and "(unit t2: '16')" in failure.text


# --- GitLab Code Quality ----------------------------------------------------------------------


def gitlab_valid(doc):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMAS / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return doc


def test_gitlab_code_quality(run, seed_result):
    from audit.report.gitlab import render

    issues = gitlab_valid(json.loads(render(run)))
    seed = [i for i in issues if i["location"]["path"] == "articles/seed.en.txt"]
    assert [i["check_name"] for i in seed] == [f.rule for f in seed_result.findings]
    text = seed_result.document.text.splitlines()
    for i, f in zip(seed, seed_result.findings):
        assert f.text.split("\n")[0] in text[i["location"]["lines"]["begin"] - 1]
        assert i["severity"] == f.severity.label
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab dedupes by fingerprint
    broken = [i for i in issues if i["location"]["path"] == "articles/broken.txt"]
    assert broken and broken[0]["severity"] == "blocker"


def test_gitlab_from_the_cli(in_tmp):
    shutil.copy(SEED, in_tmp / SEED.name)
    res = cli("gate", "--no-progress", SEED.name, "-f", "gitlab", "-o", "gl-code-quality.json")
    assert res.exit_code == 1 and res.stdout == ""
    issues = gitlab_valid(json.loads((in_tmp / "gl-code-quality.json").read_text(encoding="utf-8")))
    assert {i["location"]["path"] for i in issues} == {SEED.name} and any(i["check_name"] == "TERM001" for i in issues)
    shutil.copy(XLIFF, in_tmp / XLIFF.name)  # paths are relative to where tqa runs (the repository root)
    one = cli("audit", XLIFF.name, "-f", "gitlab")
    assert one.exit_code == 1
    (num,) = [i for i in gitlab_valid(json.loads(one.stdout)) if i["check_name"] == "NUM001"]
    assert 'id="t2"' in XLIFF.read_text(encoding="utf-8").splitlines()[num["location"]["lines"]["begin"] - 1]


# --- GitHub -----------------------------------------------------------------------------------


def test_github_annotations(run, seed_result, monkeypatch):
    from audit.report.github import render

    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    lines = render(run).splitlines()
    ann = [x for x in lines if x.startswith("::") and "articles/seed.en.txt" in x and "title=" in x and "gate" not in x]
    assert len(ann) == len(seed_result.findings)
    first = ann[0]
    assert first.startswith("::warning file=articles/seed.en.txt,line=") and ",col=" in first
    assert any(x.startswith("::error file=articles/broken.txt") for x in lines)
    assert any(x.startswith("::error file=articles/seed.en.txt") and "gate%3A FAIL" in x for x in lines)
    assert lines[-1].startswith("ERROR") and "1 passed, 1 failed, 1 error" in lines[-1]


def test_github_escaping():
    from audit.report.github import _cmd

    assert _cmd("error", "50% done\nnext", file="a,b:c.txt", line=1) == "::error file=a%2Cb%3Ac.txt,line=1::50%25 done%0Anext"


def test_github_job_summary_is_appended_with_every_finding(in_tmp, monkeypatch):
    summary = in_tmp / "step-summary.md"
    summary.write_text("## an earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    shutil.copy(SEED, in_tmp / SEED.name)
    res = cli("gate", "--no-progress", SEED.name, "-f", "github")
    assert res.exit_code == 1
    md = summary.read_text(encoding="utf-8")
    assert md.startswith("## an earlier step\n## tqa")  # appended, as GitHub expects
    data = json.loads(cli("audit", SEED.name, "-f", "json").stdout)
    table = md[md.index("### Findings"):].splitlines()
    rows = [x for x in table if x.startswith("| ") and not x.startswith("| File |")]
    assert f"### Findings ({len(data['findings'])})" in md and len(rows) == len(data["findings"])
    for row, f in zip(rows, data["findings"]):
        assert row.split(" | ")[1:4] == [f"{f['line']}:{f['column']}", f["rule"], f["severity"]]
    warnings = sum(1 for f in data["findings"] if f["severity"] == "major")
    assert warnings > 10 and f"{warnings - 10} more warning(s) are listed only here" in md
    assert "| FAIL |" in md and "Anthony Blinken" in md
    before = md
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    cli("gate", "--no-progress", SEED.name, "-f", "github")
    assert summary.read_text(encoding="utf-8") == before  # written only when GitHub asks for it


def test_github_summary_escapes_and_a_failed_write_is_a_warning(in_tmp, monkeypatch, refs):
    from audit.report.github import summary

    p = in_tmp / "a|<b>.en.txt"  # a hostile file name: a table cell must hold it as text
    p.write_text("The talks were held within the Russia-NATO Council on Monday.\n\nLeave a Reply\n", encoding="utf-8")
    md = summary(Run((FileOutcome(str(p), audit_path(p, refs, Settings())),), Settings()))
    rows = [x for x in md.splitlines() if x.startswith("| ") and ("TERM001" in x or "BOIL001" in x)]
    assert len(rows) == 2 and "<b>" not in md
    for row in rows:
        assert row.startswith("| " + str(in_tmp / "a\\|&lt;b&gt;.en.txt").replace("_", "\\_") + " | ")
        assert len(re.split(r"(?<!\\)\|", row)) == 9  # 7 cells: no unescaped pipe from the name
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(in_tmp / "no-such-dir" / "summary.md"))
    res = cli("audit", str(p), "-f", "github")
    assert res.exit_code == 1 and "cannot write the GitHub job summary" in res.stderr
    assert "::warning" in res.stdout


# --- concise ----------------------------------------------------------------------------------


def test_concise_one_line_per_finding(in_tmp):
    res = cli("audit", str(SEED), "-f", "concise")
    data = json.loads(cli("audit", str(SEED), "-f", "json").stdout)
    lines = res.stdout.splitlines()
    assert res.exit_code == 1 and len(lines) == len(data["findings"]) + 1
    for line, f in zip(lines, data["findings"]):
        assert line.startswith(f"{SEED}:{f['line']}:{f['column']}: {f['rule']} [{f['severity']}] ")
        assert re.fullmatch(r".+:\d+:\d+: [A-Z]+\d{3} \[(minor|major|critical)\] .+", line)
    assert lines[-1].startswith("FAIL") and f"{len(data['findings'])} finding(s)" in lines[-1]
    bil = cli("audit", str(XLIFF), "-f", "concise").stdout.splitlines()
    assert any(re.fullmatch(rf"{re.escape(str(XLIFF))}:\d+: NUM001 \[major\] .+ \(unit t2\)", x) for x in bil)
    (in_tmp / "empty.txt").write_text("", encoding="utf-8")
    gate = cli("gate", "--no-progress", str(CLEAN), "empty.txt", "-f", "concise")
    assert gate.exit_code == 2 and gate.stdout.splitlines()[0] == "empty.txt: error: empty.txt: file is empty"
    assert gate.stdout.splitlines()[-1].startswith("ERROR  2 file(s): 1 passed, 0 failed, 1 error(s)")


def test_audit_passes_its_settings_to_the_reports(in_tmp):
    (in_tmp / "tqa.toml").write_text('rules-url = "https://docs.example.org/tqa/rules.md#{code_lower}"\nmin-score = 90\n',
                                      encoding="utf-8")
    sarif = json.loads(cli("audit", str(SEED), "-f", "sarif").stdout)
    term = next(x for x in sarif["runs"][0]["tool"]["driver"]["rules"] if x["id"] == "TERM001")
    assert term["helpUri"] == "https://docs.example.org/tqa/rules.md#term001"  # the config's, not the default
    props = {p.get("name"): p.get("value") for p in ET.fromstring(cli("audit", str(SEED), "-f", "junit").stdout).iter("property")}
    assert props["min-score"] == "90"
    (in_tmp / "tqa.toml").write_text('rules-url = "https://x/{bogus}"\n', encoding="utf-8")
    bad = cli("audit", str(SEED), "-f", "sarif")
    assert bad.exit_code == 2 and "rules-url 'https://x/{bogus}' is not a valid link template" in bad.stderr


def test_rules_page_is_up_to_date():
    """docs/rules.md is what `python -m audit.report.ruledocs` writes: a rule's docs or examples
    changed without regenerating the page fail here, not in a reader's browser."""
    from audit.report.ruledocs import document

    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == document() or page == document() + "\n", "regenerate: python -m audit.report.ruledocs > docs/rules.md"
