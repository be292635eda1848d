"""`tqa corpus`: sharded output, the same results as `tqa audit`, bad rows, directory trees,
segment pairs, Parquet, and resuming exactly once after a SIGKILL (audit/corpus)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "state-dept-nato-russia.en.txt"

SENTENCES = [
    "Secretary of State Anthony Blinken met Sergei Lavrov in Jeneva on {day}.",
    "Secretary of State Antony Blinken met Sergei Lavrov in Geneva on {day}.",
    "The talks in Geneva lasted {n} hours, the ministry said.",
    "NATO Secretary General Jens Stoltenberg said the alliance was ready for dialogue.",
    "The city council of Kiev approved the budget for {n} new schools.",
    "The city council of Kyiv approved the budget for {n} new schools.",
    "Share this article on social networks. Subscribe to our newsletter.",
    "President Vladimir Putin held a meeting with the government on {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(i: int) -> str:
    """A short news text, different for each i, some with known errors (Anthony, Jeneva, Kiev)."""
    sents = [SENTENCES[(i * 7 + k * 3) % len(SENTENCES)].format(day=DAYS[(i + k) % 5], n=2 + (i + k) % 9)
             for k in range(3 + i % 4)]
    return " ".join(sents[:2]) + "\n\n" + " ".join(sents[2:]) + "\n"


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def articles(n: int) -> list[dict]:
    return [{"id": f"doc-{i:03d}", "text": article(i), "lang": "en", "source_lang": "ru"} for i in range(n)]


def invoke(*args: str):
    return CliRunner().invoke(app, ["corpus", *args])


def shard_rows(outdir: Path, kind: str) -> list[dict]:
    return [json.loads(line) for f in sorted(outdir.glob(f"{kind}-*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines()]


def shard_bytes(outdir: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(outdir.glob("*-*.jsonl"))}


def test_jsonl_corpus_gives_tqa_audit_results_in_shards(tmp_path):
    """Each row is audited as `tqa audit` audits the same text: same score, verdict, findings."""
    from audit.config import Settings
    from audit.entry import audit_path
    from audit.references import load_references

    seed = {"id": "seed", "text": SEED.read_text(encoding="utf-8"), "lang": "en", "source_lang": "ru", "date": "2022-01-14"}
    rows = [seed, *articles(11)]
    src = write_jsonl(tmp_path / "c.jsonl", rows)
    out = tmp_path / "out"
    r = invoke(str(src), "-o", str(out), "--batch-size", "5", "-j", "1", "--no-progress", "-f", "json")
    assert r.exit_code == 1, r.output  # the seed and the erroneous articles fail the default threshold
    assert sorted(p.name for p in out.glob("documents-*.jsonl")) == [f"documents-0000{i}.jsonl" for i in range(3)]
    docs = shard_rows(out, "documents")
    assert [d["id"] for d in docs] == [row["id"] for row in rows]
    assert [d["row"] for d in docs] == list(range(12))
    findings = shard_rows(out, "findings")
    assert sum(d["findings"] for d in docs) == len(findings)

    expected = audit_path(SEED, load_references(), Settings())
    got = docs[0]
    assert got["score"] == expected.score.quality and got["passed"] == expected.passed
    assert got["counts"] == expected.score.counts
    seed_findings = [f for f in findings if f["id"] == "seed"]
    assert [(f["rule"], f["span"]["start"], f["text"]) for f in seed_findings] == \
        [(f.rule, f.span.start, f.text) for f in expected.findings]
    assert got["document"]["lang"] == "en" and got["document"]["date"] == "2022-01-14"

    summary = json.loads(r.stdout)
    assert summary == json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"] == {"documents": 12, "pass": sum(d["passed"] for d in docs),
                                 "fail": sum(not d["passed"] for d in docs), "error": 0}
    assert summary["findings"] == len(findings)
    by_rule: dict = {}
    for f in findings:
        by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
    assert summary["rules"] == dict(sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])))
    worst = sorted(docs, key=lambda d: (d["score"], d["id"]))[0]
    assert summary["worst"][0] == {"id": worst["id"], "score": worst["score"], "findings": worst["findings"]}
    assert "TERM001" in summary["rules"]  # Anthony Blinken, Jeneva
    assert (out / "summary.md").read_text(encoding="utf-8").startswith("# tqa corpus")


def test_bad_rows_become_error_rows_and_the_rest_is_audited(tmp_path):
    src = tmp_path / "c.jsonl"
    good = articles(2)
    src.write_text("\n".join([json.dumps(good[0]), "{not json", "[1, 2]", json.dumps({"id": "e", "text": ""}),
                              json.dumps({"id": "n", "text": 5}), json.dumps({"id": "m"}), "",
                              json.dumps({"text": good[1]["text"], "lang": "en"})]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    r = invoke(str(src), "-o", str(out), "--batch-size", "3", "--no-progress")
    assert r.exit_code == 2, r.output
    docs = shard_rows(out, "documents")
    assert [d["id"] for d in docs] == ["doc-000", "line 2", "line 3", "e", "n", "m", "8"]  # blank line 7 is no row
    errors = {d["id"]: d["error"] for d in docs if d["status"] == "error"}
    assert errors == {"line 2": errors["line 2"], "line 3": "a row must be a JSON object, not list",
                      "e": "'text' is empty", "n": "'text' must be a string, not int", "m": "no 'text' column"}
    assert errors["line 2"].startswith("not JSON")
    assert docs[0]["status"] in ("pass", "fail") and docs[-1]["status"] in ("pass", "fail")
    assert "error: m: no 'text' column" in r.stdout


def test_directory_tree_is_audited_as_the_gate_audits_its_files(tmp_path):
    from audit.gate import collect, run
    from audit.config import Settings

    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    for i, name in enumerate(["a.en.txt", "sub/b.en.md", "sub/c.en.txt"]):
        (tree / name).write_text(article(i), encoding="utf-8")
    (tree / "skip.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "out"
    r = invoke(str(tree), "-o", str(out), "--batch-size", "2", "--no-progress")
    assert r.exit_code == 1, r.output
    docs = shard_rows(out, "documents")
    assert [d["id"] for d in docs] == ["a.en.txt", "sub/b.en.md", "sub/c.en.txt"]
    outcomes = run(collect([str(tree)], Settings()), Settings())
    assert [d["score"] for d in docs] == [o.result.score.quality for o in outcomes]
    assert [d["document"]["format"] for d in docs] == ["text", "markdown", "text"]


def test_bilingual_files_in_a_tree_are_audited_as_tqa_audit_does(tmp_path):
    """--include '*.tmx' etc.: one file, one document, its units paired with their sources."""
    import shutil

    from audit.config import Settings
    from audit.entry import audit
    from audit.references import load_references

    fixtures = Path(__file__).resolve().parent / "fixtures" / "bilingual"
    tree = tmp_path / "tm"
    tree.mkdir()
    for name in ("el-en.tmx", "de-en.xlf"):
        shutil.copy(fixtures / name, tree / name)
    out = tmp_path / "out"
    r = invoke(str(tree), "-o", str(out), "--include", "*.tmx", "--include", "*.xlf", "--no-progress")
    assert r.exit_code in (0, 1), r.output
    docs = shard_rows(out, "documents")
    assert [d["id"] for d in docs] == ["de-en.xlf", "el-en.tmx"]
    refs = load_references()
    for d in docs:
        expected = audit(tree / d["id"], refs, Settings())
        assert (d["score"], d["findings"]) == (expected.score.quality, len(expected.findings))
        assert d["document"]["source_lang"] == expected.document.source_lang is not None


def test_segment_pairs_get_the_bilingual_checks(tmp_path):
    from audit.entry import audit_pair
    from audit.config import Settings
    from audit.references import load_references

    rows = [
        {"seg": "s1", "src": "В понедельник в Москве 15 человек пострадали при пожаре.",
         "tgt": "On Monday in Moscow people were injured in a fire."},
        {"seg": "s2", "src": "Сергей Лавров встретился с Энтони Блинкеном в Женеве.",
         "tgt": "Sergei Lavrov met Anthony Blinken in Geneva."},
    ]
    src = write_jsonl(tmp_path / "tm.jsonl", rows)
    out = tmp_path / "out"
    r = invoke(str(src), "-o", str(out), "--id-col", "seg", "--text-col", "tgt", "--source-col", "src",
               "--lang", "en", "--source-lang", "ru", "--no-progress")
    assert r.exit_code == 1, r.output
    docs = shard_rows(out, "documents")
    findings = shard_rows(out, "findings")
    assert {(f["id"], f["rule"]) for f in findings} >= {("s1", "NUM002"), ("s2", "TERM001")}
    refs = load_references()
    for d, row in zip(docs, rows):
        expected = audit_pair(row["src"], row["tgt"], refs, Settings(), "en", "ru")
        assert d["score"] == expected.score.quality
        assert [f["rule"] for f in findings if f["id"] == d["id"]] == [f.rule for f in expected.findings]
    assert findings[0]["unit"]["id"] == "s1"


def test_parquet_corpus_equals_the_same_rows_as_json_lines(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = articles(9)
    table = pa.Table.from_pylist(rows)
    pq.write_table(table, tmp_path / "c.parquet", row_group_size=4)  # shards of 3 cross row groups
    write_jsonl(tmp_path / "c.jsonl", rows)
    for name in ("c.parquet", "c.jsonl"):
        r = invoke(str(tmp_path / name), "-o", str(tmp_path / f"out-{name}"), "--batch-size", "3", "--no-progress")
        assert r.exit_code == 1, r.output
    assert shard_bytes(tmp_path / "out-c.parquet") == shard_bytes(tmp_path / "out-c.jsonl")
    assert len(shard_rows(tmp_path / "out-c.parquet", "documents")) == 9


def _tqa(*args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "TQA_PROGRESS_SECONDS": "0"}
    return subprocess.Popen([sys.executable, "-m", "audit", "corpus", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, start_new_session=True, **kw)


def test_sigkill_mid_run_then_rerun_loses_and_duplicates_nothing(tmp_path):
    """Kill the whole run (driver and pool workers) with SIGKILL once some shards are done; the
    same command then finishes it, and every shard file is byte-identical to an uninterrupted run."""
    rows = articles(48)
    src = write_jsonl(tmp_path / "c.jsonl", rows)
    clean = tmp_path / "clean"
    r = invoke(str(src), "-o", str(clean), "--batch-size", "2", "-j", "1", "--no-progress")
    assert r.exit_code == 1, r.output

    out = tmp_path / "out"
    proc = _tqa(str(src), "-o", str(out), "--batch-size", "2", "-j", "2")
    deadline = time.monotonic() + 120
    done_at_kill = 0
    while time.monotonic() < deadline and proc.poll() is None:
        done_at_kill = len(list((out / "done").glob("*.json"))) if (out / "done").is_dir() else 0
        if done_at_kill >= 4:
            os.killpg(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.02)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert 4 <= len(list((out / "done").glob("*.json"))) < 24
    assert not (out / "summary.json").exists()

    again = _tqa(str(src), "-o", str(out), "--batch-size", "2", "-j", "2")
    _, err = again.communicate(timeout=300)
    assert again.returncode == 1, err
    assert b"already done" in err and b"resuming" in err
    assert shard_bytes(out) == shard_bytes(clean)
    ids = [d["id"] for d in shard_rows(out, "documents")]
    assert ids == [row["id"] for row in rows]  # each once, in order
    assert json.loads((out / "summary.json").read_bytes()) == json.loads((clean / "summary.json").read_bytes())
    assert not list(out.glob(".*.tmp"))


def test_ctrl_c_stops_the_run_with_exit_130_and_the_same_command_continues(tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", articles(40))
    out = tmp_path / "out"
    proc = _tqa(str(src), "-o", str(out), "--batch-size", "2", "-j", "2")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "done").is_dir() and len(list((out / "done").glob("*.json"))) >= 3:
            os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the driver and its workers
            break
        time.sleep(0.02)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.decode().strip().splitlines()[-1].startswith("tqa: error: interrupted; the completed shards are kept"), err
    assert b"Traceback" not in err
    r = invoke(str(src), "-o", str(out), "--batch-size", "2", "-j", "1", "--no-progress")
    assert r.exit_code == 1
    assert [d["id"] for d in shard_rows(out, "documents")] == [f"doc-{i:03d}" for i in range(40)]


def test_a_damaged_shard_is_audited_again(tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", articles(6))
    out = tmp_path / "out"
    assert invoke(str(src), "-o", str(out), "--batch-size", "2", "--no-progress").exit_code == 1
    before = shard_bytes(out)
    damaged = out / "documents-00001.jsonl"
    damaged.write_bytes(damaged.read_bytes()[:-30])
    r = invoke(str(src), "-o", str(out), "--batch-size", "2")
    assert r.exit_code == 1
    assert "shard 1: files differ from their record, auditing it again" in r.stderr
    assert "1 audited now, 2 already done" in r.stderr
    assert shard_bytes(out) == before


def test_another_input_or_options_in_the_same_outdir_is_refused(tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", articles(4))
    out = tmp_path / "out"
    assert invoke(str(src), "-o", str(out), "--no-progress").exit_code == 1
    r = invoke(str(src), "-o", str(out), "--no-progress", "--min-score", "50")
    assert r.exit_code == 2 and "holds a run of another set of options (settings)" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    write_jsonl(src, articles(5))
    r = invoke(str(src), "-o", str(out), "--no-progress")
    assert r.exit_code == 2 and "another input" in r.stderr
    r = invoke(str(src), "-o", str(out), "--no-progress", "--restart")
    assert r.exit_code == 1 and len(shard_rows(out, "documents")) == 5


def test_an_edited_glossary_is_another_run(tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", articles(2))
    gloss = tmp_path / "g.yaml"
    gloss.write_text("- id: geneva\n  kind: place\n  forms: {en: Geneva, ru: Женева}\n  wrong: {en: [Jeneva]}\n",
                     encoding="utf-8")
    out = tmp_path / "out"
    first = _tqa(str(src), "-o", str(out), "-g", str(gloss), "--no-progress")  # a process each: fresh caches
    assert first.wait(timeout=120) == 1
    gloss.write_text(gloss.read_text(encoding="utf-8").replace("[Jeneva]", "[Jeneva, Genf]"), encoding="utf-8")
    second = _tqa(str(src), "-o", str(out), "-g", str(gloss), "--no-progress")
    _, err = second.communicate(timeout=120)
    assert second.returncode == 2 and b"another version of the references or glossary" in err, err


@pytest.mark.parametrize("args, message", [
    (["missing.jsonl", "-o", "o"], "missing.jsonl: no such file or directory"),
    (["c.jsonl", "-o", "o", "--executor", "spark"], "unknown executor 'spark'"),
    (["c.jsonl", "-o", "o", "--address", "auto"], "--address and --actors need --executor ray"),
    (["c.jsonl", "-o", "o", "--batch-size", "0"], "--batch-size must be 1 or more"),
    (["c.jsonl", "-o", "o", "-f", "sarif"], "unknown format 'sarif'"),
    (["c.txt", "-o", "o"], "not a corpus"),
    (["empty.jsonl", "-o", "o"], "no rows"),
])
def test_usage_errors_are_one_line_and_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "c.jsonl", articles(1))
    (tmp_path / "c.txt").write_text("text", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    r = invoke(*args)
    assert r.exit_code == 2, r.output
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.output


def test_ray_executor_without_a_cluster_is_one_line(tmp_path, monkeypatch):
    pytest.importorskip("ray")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    src = write_jsonl(tmp_path / "c.jsonl", articles(1))
    r = invoke(str(src), "-o", str(tmp_path / "o"), "--executor", "ray", "--address", "127.0.0.1:1", "--no-progress")
    assert r.exit_code == 2, r.output
    assert "cannot connect to the Ray cluster at 127.0.0.1:1" in r.stderr


def test_local_pool_and_one_process_write_the_same_bytes(tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", articles(10))
    for j in ("1", "2"):
        assert invoke(str(src), "-o", str(tmp_path / j), "--batch-size", "3", "-j", j, "--no-progress").exit_code == 1
    assert shard_bytes(tmp_path / "1") == shard_bytes(tmp_path / "2")


def test_the_drivers_environment_limits_travel_in_the_job(tmp_path, monkeypatch):
    """TQA_MAX_BYTES and TQA_ALLOW_SPECIAL_FILES set for the driver reach every worker through
    the job (a Ray actor has its node's environment, not the driver's): the manifest records
    them; when unset the job is what it was before they were carried (old runs resume)."""
    src = write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "x" * 80}, *articles(1)])
    monkeypatch.delenv("TQA_ALLOW_SPECIAL_FILES", raising=False)
    monkeypatch.delenv("TQA_MAX_BYTES", raising=False)
    r = invoke(str(src), "-o", str(tmp_path / "plain"), "-j", "1", "--no-progress")
    options = json.loads((tmp_path / "plain" / "manifest.json").read_text(encoding="utf-8"))["options"]
    assert options["max_bytes"] is None and "allow_special_files" not in options
    monkeypatch.setenv("TQA_MAX_BYTES", "50")
    monkeypatch.setenv("TQA_ALLOW_SPECIAL_FILES", "1")
    r = invoke(str(src), "-o", str(tmp_path / "env"), "-j", "1", "--no-progress")
    assert r.exit_code == 2, r.output  # the 80-byte row is over the limit: an error row
    options = json.loads((tmp_path / "env" / "manifest.json").read_text(encoding="utf-8"))["options"]
    assert options["max_bytes"] == 50 and options["allow_special_files"] is True
    assert shard_rows(tmp_path / "env", "documents")[0]["error"] == "'text' is larger than 50 bytes (--max-bytes)"
