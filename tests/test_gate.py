"""`tqa gate`: exit codes, file collection, parallel determinism, baselines, per-file errors."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import FIXTURES, SEED

runner = CliRunner()
CLEAN = FIXTURES / "gate" / "library-budget.en.txt"


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A folder with a clean article (not the seed) and the seed with its metadata."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    d = tmp_path / "articles"
    d.mkdir()
    shutil.copy(CLEAN, d / CLEAN.name)
    shutil.copy(SEED, d / SEED.name)
    shutil.copy(SEED.with_name("state-dept-nato-russia.en.meta.yaml"), d)
    return d


def gate(*args):
    return runner.invoke(app, ["gate", "--no-progress", *args])


def gate_json(*args):
    res = gate(*args, "-f", "json")
    return res, json.loads(res.stdout)


def test_clean_passes_seed_fails_and_is_named(corpus):
    res = gate("articles", "-j", "1")
    assert res.exit_code == 1, res.output
    assert "state-dept-nato-russia.en.txt" in res.stdout and "FAIL" in res.stdout
    res, data = gate_json("articles", "-j", "1")
    status = {f["path"].split("/")[-1]: f["status"] for f in data["files"]}
    assert status == {CLEAN.name: "pass", SEED.name: "fail"}
    assert data["gate"] == {**data["gate"], "passed": False, "exit_code": 1, "counts": {"pass": 1, "fail": 1, "error": 0}}
    assert gate(str(corpus / CLEAN.name)).exit_code == 0  # the clean one alone passes


def test_baseline_then_new_error(corpus):
    # The seed's bundled reference text would (rightly) flag the paragraph inserted below as
    # unaligned: this test is about the baseline, so it audits without it.
    NOREF = "--no-bundled-references"
    assert gate("articles", "--write-baseline", "tqa-baseline.json", NOREF).exit_code == 0
    base = json.loads((corpus.parent / "tqa-baseline.json").read_text())
    assert list(base["files"]) == [f"articles/{SEED.name}"] and all("fingerprint" in e for e in base["files"][f"articles/{SEED.name}"])
    res, data = gate_json("articles", "--baseline", "tqa-baseline.json", NOREF)
    assert res.exit_code == 0, res.stdout
    seed = next(f for f in data["files"] if f["path"].endswith(SEED.name))
    assert seed["findings"] == [] and seed["baseline"]["known"] > 10
    # edits elsewhere shift every offset: known findings stay known
    text = (corpus / SEED.name).read_text(encoding="utf-8")
    (corpus / SEED.name).write_text("Editor's note: this article was updated on Friday.\n\n" + text, encoding="utf-8")
    assert gate("articles", "--baseline", "tqa-baseline.json", NOREF).exit_code == 0
    # a new error → exit 1, and only the new finding is reported
    text = (corpus / SEED.name).read_text(encoding="utf-8")
    (corpus / SEED.name).write_text(text.replace("held in Brussels.", "held in Brussels before the State Thought met."),
                                    encoding="utf-8")
    res, data = gate_json("articles", "--baseline", "tqa-baseline.json", NOREF)
    assert res.exit_code == 1
    seed = next(f for f in data["files"] if f["path"].endswith(SEED.name))
    assert [f["text"] for f in seed["findings"]] == ["State Thought"]
    assert any("new finding" in r for r in seed["reasons"])
    # ratchet off: judged by score and --fail-on only, one major in 530 words passes
    assert gate("articles", "--baseline", "tqa-baseline.json", "--fail-on-new", "none", NOREF).exit_code == 0


def test_a_second_copy_of_a_known_mistake_is_new(corpus):
    assert gate("articles", "--write-baseline", "b.json").exit_code == 0
    p = corpus / SEED.name
    p.write_text(p.read_text(encoding="utf-8") + "\nLeave a Reply\n", encoding="utf-8")
    res, data = gate_json("articles", "--baseline", "b.json")
    seed = next(f for f in data["files"] if f["path"].endswith(SEED.name))
    assert res.exit_code == 1 and [f["rule"] for f in seed["findings"]] == ["BOIL001"]


def test_bad_file_is_an_error_entry_and_the_others_are_kept(corpus):
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.md").write_bytes(b"\x00\x01\x02" * 100)
    res, data = gate_json("articles", "-j", "2")
    assert res.exit_code == 2
    by_name = {f["path"].split("/")[-1]: f for f in data["files"]}
    assert by_name["empty.txt"]["status"] == "error" and "empty" in by_name["empty.txt"]["error"]
    assert by_name["binary.md"]["status"] == "error"
    assert by_name[SEED.name]["status"] == "fail" and by_name[CLEAN.name]["status"] == "pass"
    assert "tqa: error:" in res.stderr and "Traceback" not in res.output


def test_parallel_output_is_identical_and_ordered(corpus):
    for i in range(4):
        shutil.copy(CLEAN, corpus / f"copy-{i}.en.txt")
    one = gate("articles", "-f", "json", "-j", "1")
    two = gate("articles", "-f", "json", "-j", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    paths = [f["path"] for f in json.loads(one.stdout)["files"]]
    assert paths == sorted(paths)


def test_globs_include_exclude_and_usage_errors(corpus):
    (corpus / "notes.rst").write_text("The council met on Tuesday to discuss the budget for next year.\n")
    res, data = gate_json("articles")
    assert not any(f["path"].endswith(".rst") for f in data["files"])  # not an included extension
    res, data = gate_json("articles", "--include", "*.rst")
    assert [f["path"].split("/")[-1] for f in data["files"]] == ["notes.rst"]
    res, data = gate_json("articles/*.en.txt", "--exclude", "state-*")
    assert res.exit_code == 0 and [f["path"].split("/")[-1] for f in data["files"]] == [CLEAN.name]
    assert gate(str(corpus / "notes.rst")).exit_code == 0  # a file named explicitly is audited
    for args in (["nope/"], ["articles/*.xyz"], ["articles", "-f", "pdf"], ["articles", "--fail-on", "huge"],
                 ["articles", "--select", "XYZ"], ["articles", "-j", "0"], ["articles", "--baseline", "missing.json"]):
        res = gate(*args)
        assert res.exit_code == 2, (args, res.output)
        assert res.stderr.startswith("tqa: error:") and "Traceback" not in res.output


def test_config_drives_the_gate_and_flags_win(corpus):
    (corpus.parent / "tqa.toml").write_text(
        'min-score = 50\nbaseline = "none-yet.json"\n[overrides."articles/state-*"]\nmin-score = 99\n'
        '[per-file-ignores]\n"articles/state-*" = ["BOIL"]\n'
    )
    assert gate("articles").exit_code == 2  # the configured baseline does not exist yet
    res, data = gate_json("articles", "--no-baseline")
    seed = next(f for f in data["files"] if f["path"].endswith(SEED.name))
    assert res.exit_code == 1 and "minimum 99" in seed["reasons"][0]  # the per-path override
    assert not any(f["rule"] == "BOIL001" for f in seed["findings"])
    assert {s["rule"] for s in seed["suppressions"]["suppressed"]} == {"BOIL001"}
    assert gate("articles", "--no-baseline", "--min-score", "50").exit_code == 0  # the flag beats the override


def test_formats_write_atomically(corpus):
    for fmt in ("sarif", "junit", "github", "html", "markdown", "terminal"):
        out = corpus.parent / f"report.{fmt}"
        res = gate("articles", "-f", fmt, "-o", str(out))
        assert res.exit_code == 1 and res.stdout == "" and out.stat().st_size > 200, fmt
    assert not [p for p in corpus.parent.iterdir() if p.name.startswith(".")]  # no temporaries left


def test_fingerprint_survives_edits_around_a_finding(refs, tmp_path):
    from audit.baseline import Baseline, build, fingerprint
    from audit.config import Settings
    from audit.entry import audit_path

    p = tmp_path / "a.en.txt"
    p.write_text("The talks were held within the Russia-NATO Council on Monday.\n\nThe Eurounion said nothing.\n")
    before = audit_path(p, refs, Settings())
    (tmp_path / "b.json").write_text(build([before], tmp_path / "b.json"))
    base = Baseline.load(tmp_path / "b.json")
    # the words right around the first finding change; its fingerprint changes, rule and text do not
    p.write_text("Yesterday, talks took place inside the Russia-NATO Council in Geneva.\n\nThe Eurounion said nothing.\n")
    after = audit_path(p, refs, Settings())
    assert fingerprint(after, after.findings[0]) != fingerprint(before, before.findings[0])
    judged = base.apply(after, Settings())
    assert judged.findings == () and judged.passed and judged.data["baseline"] == {
        "file": str(tmp_path / "b.json"), "known": 2, "new": 0, "fixed": 0}
    # one of the two fixed: reported as fixed, nothing new
    p.write_text("The Eurounion said nothing.\n")
    assert base.apply(audit_path(p, refs, Settings()), Settings()).data["baseline"]["fixed"] == 1


def test_gate_and_audit_agree(corpus):
    audit = json.loads(runner.invoke(app, ["audit", str(corpus / SEED.name), "-f", "json"]).stdout)
    res, data = gate_json(str(corpus / SEED.name), "-j", "1")
    gated = data["files"][0]
    assert gated["score"] == audit["score"] and gated["findings"] == audit["findings"]
    assert [m["name"] for m in gated["metrics"]] == [m["name"] for m in audit["metrics"]]


def test_pre_commit_hooks_file():
    from ruamel.yaml import YAML

    from tests.conftest import ROOT

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"tqa-gate", "tqa-gate-baseline"}
    for h in hooks:
        assert h["entry"].startswith("tqa gate ") and h["language"] == "python" and h["name"]
        args = h["entry"].split()[2:]
        assert runner.invoke(app, ["gate", *args, "--help"]).exit_code == 0  # the options exist


def test_a_parallel_run_leaves_nothing_frozen(corpus):
    import gc

    res = gate("--jobs", "2", str(corpus))
    assert res.exit_code == 1 and gc.get_freeze_count() == 0
