"""`tqa gate --jobs N`'s pool: the gate process audits files too, beside N-1 forked workers, and
the chunks it hands them shrink as the queue does; outcomes stay in the order of the files."""

from __future__ import annotations

import os
import shutil

import pytest

from audit import gate as g
from audit.config import Settings
from audit.runs import FileOutcome
from tests.conftest import FIXTURES

CLEAN = FIXTURES / "gate" / "library-budget.en.txt"


def test_chunks_shrink_to_one_file_at_the_tail():
    sizes = []
    left = 200
    while left:
        n = g.chunk_size(left, 2)
        assert 1 <= n <= min(16, left)
        sizes.append(n)
        left -= n
    assert sizes[0] == 16 and sizes[-1] == 1
    assert sizes == sorted(sizes, reverse=True)  # never bigger than the one before
    assert g.chunk_size(1, 8) == 1 and g.chunk_size(10_000, 8) == 16


@pytest.fixture
def forking(monkeypatch):
    """The gate forks its workers (so they inherit the stand-ins) unless torch is loaded, when it
    spawns fresh ones: other tests of the session load torch, so it is hidden here."""
    import sys

    monkeypatch.delitem(sys.modules, "torch", raising=False)


def _whose(task: g.Task) -> FileOutcome:
    """A stand-in audit: the outcome says which process produced it."""
    return FileOutcome(task.path, error=str(os.getpid()))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers inherit the stand-in")
@pytest.mark.parametrize("jobs", [2, 3])
def test_the_gate_audits_files_itself_beside_jobs_minus_one_workers(tmp_path, monkeypatch, jobs, forking):
    files = []
    for i in range(40):
        files.append(tmp_path / f"a{i:02d}.en.txt")
        shutil.copy(CLEAN, files[-1])
    monkeypatch.setattr(g, "audit_one", _whose)  # the workers are forked: they inherit it
    done = []
    outcomes = g.run(files, Settings(), jobs=jobs, progress=done.append)
    assert [o.path for o in outcomes] == [str(f) for f in files]  # the files' order, whoever audited them
    pids = {o.error for o in outcomes}
    assert None not in pids  # every file went through the stand-in, in a forked worker too
    assert str(os.getpid()) in pids  # the gate's own process took files
    assert 2 <= len(pids) <= jobs  # and at most jobs - 1 workers did the others
    assert sum(done) == len(files)  # progress counted every file once


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers inherit the stand-in")
def test_each_file_is_audited_once_in_all_the_processes(tmp_path, monkeypatch, forking):
    """No file is audited twice: no warm-up audit before the fork whose result is dropped."""
    from audit.errors import TqaError

    log = tmp_path / "audited.log"
    files = []
    for i in range(12):
        files.append(tmp_path / f"a{i:02d}.en.txt")
        shutil.copy(CLEAN, files[-1])

    def logged(path, *a, **k):  # inherited by the forked worker; O_APPEND lines do not interleave
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{path}\n")
        raise TqaError("stand-in")

    monkeypatch.setattr(g, "audit", logged)
    outcomes = g.run(files, Settings(), jobs=2)
    assert [o.error for o in outcomes] == ["stand-in"] * len(files)
    assert sorted(log.read_text(encoding="utf-8").split()) == sorted(str(f) for f in files)


def test_one_file_and_two_jobs_is_one_process(tmp_path, monkeypatch):
    f = tmp_path / "a.en.txt"
    shutil.copy(CLEAN, f)
    monkeypatch.setattr(g, "audit_one", _whose)
    (outcome,) = g.run([f], Settings(), jobs=2)
    assert outcome.error == str(os.getpid())
