"""A `tqa corpus` run directory is input too (issue 14): the next run reads its manifest and
done records to resume. Damaged or edited, they gave exit 3 (a manifest that is no JSON
object, a record of the wrong shape) or an unbounded read (a record naming /dev/zero). Now a
bad manifest is one line, exit 2, and a bad record is audited again. Found by
tests/test_hardening_fuzz_cli.py::test_corpus_run_records."""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.test_hardening_inputs import ENV

ROWS = "".join(json.dumps({"id": i, "text": t, "lang": "en"}) + "\n" for i, t in enumerate(
    ["Sergey Lavrov met Antony Blinken in Geneva on Friday.", "The talks lasted two hours.", "NATO has 30 members."]))


def _limit_memory():  # a regression reading /dev/zero fails with MemoryError instead of swapping the machine
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


# one thread per numeric library: their per-thread buffers count against the address-space limit
SMALL = {**ENV, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def corpus(tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audit", "corpus", "rows.jsonl", "-o", "out", "--jobs", "1",
                           "--batch-size", "1", "--no-progress", "-f", "json"], cwd=tmp_path, env=SMALL,
                          capture_output=True, text=True, timeout=300, preexec_fn=_limit_memory)


@pytest.fixture
def run_dir(tmp_path):
    (tmp_path / "rows.jsonl").write_text(ROWS, encoding="utf-8")
    first = corpus(tmp_path)
    assert first.returncode in (0, 1), first.stderr
    return tmp_path


@pytest.mark.parametrize("manifest", ["[1, 2]", '"x"', "null", '{"schema": 1, "input": "x"}', '{"options": 5}'])
def test_a_manifest_of_the_wrong_shape_is_one_line(run_dir, manifest):
    (run_dir / "out" / "manifest.json").write_text(manifest, encoding="utf-8")
    r = corpus(run_dir)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("tqa: error")]
    assert len(errors) == 1 and "out" in errors[0] and "internal error" not in errors[0], r.stderr


@pytest.mark.parametrize("damage", [
    lambda rec: [1],
    lambda rec: {"rows": rec["rows"]},
    lambda rec: {**rec, "documents": {**rec["documents"], "file": 5}},
    lambda rec: {**rec, "documents": {**rec["documents"], "file": "/dev/zero"}},  # was read without bound
    lambda rec: {**rec, "findings": {**rec["findings"], "file": "../rows.jsonl"}},
    lambda rec: {**rec, "summary": "garbage"},
    lambda rec: {**rec, "summary": {**rec["summary"], "worst": [["x"]]}},
    lambda rec: {**rec, "summary": {**rec["summary"], "internal": 5}},  # well formed, but edited: exit 3 before
])
def test_a_damaged_done_record_is_audited_again(run_dir, damage):
    out = run_dir / "out"
    before = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    path = out / "done" / "00001.json"
    path.write_text(json.dumps(damage(json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")
    r = corpus(run_dir)
    assert r.returncode in (0, 1), r.stderr
    assert "shard 1: unreadable record, auditing it again" in r.stderr
    after = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in after.items() if k != "corpus"} == {k: v for k, v in before.items() if k != "corpus"}


def test_a_shard_file_replaced_by_a_device_is_not_read(run_dir):
    zero = run_dir / "zero"  # a private /dev/zero: a regression must not touch the machine's
    try:
        os.mknod(zero, 0o666 | stat.S_IFCHR, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("mknod needs root")
    out = run_dir / "out"
    doc = out / "documents-00001.jsonl"
    doc.unlink()
    doc.symlink_to(zero)
    r = corpus(run_dir)  # was read without bound (under the test's 2 GiB limit: MemoryError, exit 3)
    assert r.returncode in (0, 1), r.stderr
    assert "shard 1: files differ from their record" in r.stderr
    assert stat.S_ISCHR(os.stat(zero).st_mode)  # written into, as `-o /dev/zero` is, not replaced


def test_a_shard_file_replaced_by_a_fifo_does_not_hang(run_dir):
    out = run_dir / "out"
    doc = out / "documents-00001.jsonl"
    doc.unlink()
    os.mkfifo(doc)
    r = corpus(run_dir)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "documents-00001.jsonl: is a FIFO (named pipe) that nobody reads" in r.stderr
