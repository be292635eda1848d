"""SARIF (validated against the official 2.1.0 schema), JUnit XML, GitHub annotations."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from audit.config import Settings
from audit.gate import FileOutcome, GateRun
from audit.pipeline import audit_path
from audit.report import FORMATS, renderer
from tests.conftest import FIXTURES

CLEAN = FIXTURES / "gate" / "library-budget.en.txt"
SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def run(refs, seed_result):
    clean = audit_path(CLEAN, refs, Settings())
    outcomes = (FileOutcome("articles/clean.en.txt", clean), FileOutcome("articles/seed.en.txt", seed_result),
                FileOutcome("articles/broken.txt", error="articles/broken.txt: file is empty"))
    return GateRun(outcomes, Settings(rules_url="https://example.org/rules#{code_lower}"))


def _validate(doc):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_sarif_multi_file_is_valid_and_complete(run, seed_result):
    from audit.report.sarif import render_many

    doc = json.loads(render_many(run))
    _validate(doc)
    r = doc["runs"][0]
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
    assert len({res["partialFingerprints"]["tqaFingerprint/v1"] for res in results}) >= len(results) - 1
    notes = r["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"].endswith("file is empty") and r["invocations"][0]["executionSuccessful"] is False


def test_sarif_single_file_from_audit_is_valid(seed_result):
    doc = json.loads(renderer("sarif")(seed_result))
    _validate(doc)
    assert doc["version"] == "2.1.0" and doc["runs"][0]["results"]


def test_junit_parses_with_a_failure_per_finding(run, seed_result):
    from audit.report.junit import render_many

    root = ET.fromstring(render_many(run))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"articles/clean.en.txt", "articles/seed.en.txt", "articles/broken.txt"}
    assert cases["articles/clean.en.txt"].find("failure") is None
    failures = cases["articles/seed.en.txt"].findall("failure")
    assert len(failures) == len(seed_result.findings)
    assert {f.get("type") for f in failures} == {f.rule for f in seed_result.findings}
    assert cases["articles/broken.txt"].find("error") is not None
    suite = root.find("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == str(len(failures)) and suite.get("errors") == "1"


def test_junit_survives_control_characters(refs, tmp_path):
    from audit.report.junit import render

    p = tmp_path / "ctl.en.txt"
    p.write_text("Leave a Reply\x0b\n\nThe council met on Tuesday to approve the budget.\n", encoding="utf-8")
    ET.fromstring(render(audit_path(p, refs, Settings(min_score=100))))


def test_github_annotations(run, seed_result):
    from audit.report.github import render_many

    lines = render_many(run).splitlines()
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


def test_every_format_renders_a_single_result(seed_result):
    for fmt in FORMATS:
        out = renderer(fmt)(seed_result)
        assert isinstance(out, str) and len(out) > 100, fmt
