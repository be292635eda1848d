"""`tqa glossary lint`: finds each planted problem, and nothing in the bundled glossary."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.glossary.authoring.lint import CODES, lint
from audit.references import load_references
from tests.conftest import ROOT, SEED

BUNDLED = ROOT / "references" / "glossary"
runner = CliRunner()

PLANTED = """\
- id: alpha-person
  kind: person
  forms: {en: Alpha Person, ru: Альфа Персон}
  wrong: {en: [Beta Org]}                 # wrong-is-accepted: Beta Org is beta-org's canonical form

- id: beta-org
  kind: organisation
  forms: {en: Beta Org, ru: Бета}

- id: alpha-person                        # duplicate-id
  kind: person
  forms: {en: Alpha Again, ru: Альфа}

- id: gamma-org
  kind: organisation
  forms: {en: Beta Org, ru: Гамма}        # duplicate-form (canonical of beta-org)

- id: delta-term
  kind: term
  forms: {en: delta}                      # missing-language (ru)

- id: epsilon-title
  kind: title
  forms: {en: Epsilon Minister, ru: министр Эпсилон}
  variants: {en: [Minister]}
  wrong: {en: [Eps.* Minister]}           # pattern-in-form

- id: zeta-title
  kind: title
  forms: {en: Zeta Minister, ru: министр Зета}
  variants: {en: [Minister]}              # shared-variant (info only)

- id: eta-term
  kind: term
  forms: {en: "—", ru: эта}               # unmatchable-form

- id: theta-term
  kind: term
  forms: {en: Тета Кириллица, ru: тета}   # wrong-script: Cyrillic letters in an English form

- id: iota-person
  kind: person
  forms: {en: Iota Person, ru: Йота}
  variants: {en: [Iota Person]}           # repeated-form
  roles:
    - {title: no-such-title, from: 2020}  # bad-role
    - {title: epsilon-title, from: 2020-05, to: 2019}  # bad-role (ends before it starts)

- id: kappa-term
  kind: term
  forms: {en: kappa rate, ru: ставка}
  wrong: {en: [Omega]}                    # shadowed-wrong: inside lambda-org's "Omega Bank"

- id: lambda-org
  kind: organisation
  forms: {en: Omega Bank, ru: Омега Банк}

- id: mu-term
  kind: term
  forms: {en: mu, ru: мю}
  variants: {en: [mu rate]}

- id: nu-term
  kind: term
  forms: {en: nu, ru: ню}
  wrong: {en: [mu rate]}                  # wrong-is-accepted (a variant of mu-term)

- id: xi-term
  kind: term
  forms: {en: xi, ru: кси}
  wrong: {en: [zz rate]}

- id: omicron-term
  kind: term
  forms: {en: omicron, ru: омикрон}
  wrong: {en: [zz rate]}                  # ambiguous-wrong

- id: pi-org
  kind: organisation
  forms: {en: Pi Org, ru: Пи}
  variants: {en: [Pi Org Group]}

- id: rho-org
  kind: organisation
  forms: {en: Rho Org, ru: Ро}
  variants: {en: [Pi Org]}                # ambiguous-form (canonical of pi-org)

- id: broken
  kind: term
  forms: [not, a, mapping]                # invalid
"""


@pytest.fixture(scope="module")
def languages():
    return load_references().languages


@pytest.fixture
def planted(tmp_path) -> Path:
    d = tmp_path / "glossary"
    d.mkdir()
    (d / "mixed.yaml").write_text(PLANTED, encoding="utf-8")
    (d / "zz-unsorted.yaml").write_text(
        "- id: b-term\n  kind: term\n  forms: {en: bee, ru: би}\n\n- id: a-term\n  kind: term\n  forms: {en: ay, ru: эй}\n",
        encoding="utf-8",
    )
    return d


def _line_of(entry_id: str, occurrence: int = 1) -> int:
    lines = [n for n, ln in enumerate(PLANTED.splitlines(), 1) if ln.startswith(f"- id: {entry_id}")]
    return lines[occurrence - 1]


EXPECTED = {
    ("wrong-is-accepted", "alpha-person"),
    ("duplicate-id", "alpha-person"),
    ("duplicate-form", "gamma-org"),
    ("missing-language", "delta-term"),
    ("pattern-in-form", "epsilon-title"),
    ("shared-variant", "zeta-title"),
    ("unmatchable-form", "eta-term"),
    ("wrong-script", "theta-term"),
    ("repeated-form", "iota-person"),
    ("bad-role", "iota-person"),
    ("shadowed-wrong", "kappa-term"),
    ("wrong-is-accepted", "nu-term"),
    ("ambiguous-wrong", "omicron-term"),
    ("ambiguous-form", "rho-org"),
    ("invalid", "broken"),
    ("unsorted", "a-term"),
    ("unsorted", "alpha-person"),  # the duplicate comes after beta-org
}


def test_every_planted_problem_is_found(planted, languages):
    problems = lint(planted, ("en", "ru"), languages)
    found = {(p.code, p.entry) for p in problems}
    assert EXPECTED <= found, EXPECTED - found
    # and nothing else: every problem is one that was planted
    assert found <= EXPECTED, found - EXPECTED
    roles = [p.message for p in problems if p.code == "bad-role"]
    assert any("no-such-title" in m for m in roles) and any("ends (2019) before it starts" in m for m in roles)  # the date as written
    dup = next(p for p in problems if p.code == "duplicate-id")
    assert dup.line == _line_of("alpha-person", 2) and "mixed.yaml" in dup.file
    broken = next(p for p in problems if p.code == "invalid")
    assert broken.line == _line_of("broken") + 2 and "forms" in broken.message
    assert {c for c, _ in EXPECTED} == set(CODES) - {"unused", "unknown-language", "same-match"}


def test_bundled_glossary_is_clean(languages):
    problems = lint(BUNDLED, ("en", "ru"), languages)
    assert [p.format() for p in problems if p.level != "info"] == []
    r = runner.invoke(app, ["glossary", "lint", "-g", str(BUNDLED), "--lang", "en,ru"])
    assert r.exit_code == 0, r.output
    # deliberate sharing is reported as information only
    shared = {p.message for p in problems if p.code == "shared-variant"}
    assert any("'Secretary General'" in m for m in shared) and any("'President'" in m for m in shared)


def test_cli_exit_codes_and_formats(planted, tmp_path):
    r = runner.invoke(app, ["glossary", "lint", "-g", str(planted), "--lang", "en", "--lang", "ru"])
    assert r.exit_code == 1
    assert "mixed.yaml:" in r.output and "error: [duplicate-id] alpha-person" in r.output
    assert "[shared-variant]" not in r.output  # info is shown with --info only
    r = runner.invoke(app, ["glossary", "lint", "-g", str(planted), "--info", "--format", "json"])
    assert r.exit_code == 1
    import json

    data = json.loads(r.stdout)
    assert {"level", "code", "message", "file", "line", "entry"} <= set(data[0])
    assert any(d["code"] == "shared-variant" for d in data)
    r = runner.invoke(app, ["glossary", "lint", "--codes"])
    assert r.exit_code == 0 and len(r.output.splitlines()) == len(CODES) and "shadowed-wrong" in r.output
    r = runner.invoke(app, ["glossary", "lint", "-g", str(tmp_path / "missing")])
    assert r.exit_code == 2 and "not found" in r.output


def test_config_languages(planted, tmp_path):
    cfg = tmp_path / "tqa.toml"
    cfg.write_text('glossary-languages = ["en", "ru", "de"]\n', encoding="utf-8")
    r = runner.invoke(app, ["glossary", "lint", "-g", str(BUNDLED), "--config", str(cfg)])
    assert r.exit_code == 1 and "[missing-language] kremlin: no de form" in r.output


def test_corpus_reports_entries_that_match_nothing(tmp_path, languages):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.en.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "b.en.txt").write_text("Vladimir Putin spoke to Emmanuel Makron from the Kremlin.\n", encoding="utf-8")
    unused = {p.entry for p in lint(BUNDLED, (), languages, corpus) if p.code == "unused"}
    # matched: seed names, and b's names (a wrong rendering counts as a match)
    for used in ("jens-stoltenberg", "antony-blinken", "nato-russia-council", "vladimir-putin", "emmanuel-macron", "kremlin"):
        assert used not in unused
    for never in ("olaf-scholz", "kharkiv", "nuclear-submarine", "mark-rutte"):
        assert never in unused
    r = runner.invoke(app, ["glossary", "lint", "-g", str(BUNDLED), "--corpus", str(corpus)])
    assert r.exit_code == 1 and "[unused] olaf-scholz" in r.output
    r = runner.invoke(app, ["glossary", "lint", "-g", str(BUNDLED), "--corpus", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "corpus not found" in r.output
