"""Faults (issue 8): a full disk, a read-only output directory, SIGINT and SIGKILL during
`tqa audit -o`, during glossary edits and during `tqa gate` with workers; a broken model or
cache. Real subprocesses; faults a test cannot cause for real (ENOSPC, a read-only directory
for root) are injected by tests/faultinject.py in the subprocess. Each ends with one line on
stderr, a documented exit code, the old output or glossary whole and no temporary files."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audit.glossary import load_glossary
from tests.conftest import ROOT, SEED

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TQA_MAX_BYTES": str(50 * 1024 * 1024)}
OLD = '{"old": "report"}\n'


def _cmd(fault: str | None, *args: str) -> list[str]:
    if fault is None:
        return [sys.executable, "-m", "audit", *args]
    return [sys.executable, "-m", "tests.faultinject", fault, *args]


def run(fault: str | None, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(_cmd(fault, *args), cwd=ROOT, env=env or ENV, capture_output=True, text=True, timeout=120)


def start(fault: str | None, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(_cmd(fault, *args), cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kw)


def one_line(stderr: str, *words: str) -> None:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tqa: error: "), stderr
    for w in words:
        assert w in lines[0], lines[0]


def temp_files(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def big_input(tmp_path_factory) -> Path:
    """~300 KB of generated articles: several seconds to audit, time enough to signal it."""
    sys.path.insert(0, str(ROOT))
    from audit.references import load_references
    from benchmarks.bench_audit import make_articles

    p = tmp_path_factory.mktemp("big") / "big.en.txt"
    p.write_text("\n".join(make_articles(250, load_references(), seed=5)), encoding="utf-8")
    return p


@pytest.fixture
def out(tmp_path) -> Path:
    d = tmp_path / "out"
    d.mkdir()
    (d / "report.json").write_text(OLD, encoding="utf-8")
    return d / "report.json"


# -- disk faults on writing the report ---------------------------------------------------------

@pytest.mark.parametrize("fault, words", [
    ("enospc", ["cannot write", "No space left on device"]),
    ("enospc-write", ["cannot write", "No space left on device"]),
    ("erofs", ["cannot write", "Read-only file system"]),
])
def test_write_fault_is_one_line_and_keeps_the_old_report(out, fault, words):
    r = run(fault, "audit", str(SEED), "-f", "json", "-o", str(out))
    assert r.returncode == 2
    one_line(r.stderr, str(out), *words)
    assert out.read_text(encoding="utf-8") == OLD
    assert temp_files(out.parent) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into a read-only directory")
def test_read_only_directory_for_real(out):
    out.parent.chmod(0o555)
    try:
        r = run(None, "audit", str(SEED), "-f", "json", "-o", str(out))
    finally:
        out.parent.chmod(0o755)
    assert r.returncode == 2
    one_line(r.stderr, "cannot write", "Permission denied")
    assert out.read_text(encoding="utf-8") == OLD and temp_files(out.parent) == []


# -- signals during `tqa audit -o` ------------------------------------------------------------

def test_sigint_while_auditing_exits_130_and_keeps_the_old_report(big_input, out):
    p = start("slow-audit", "audit", str(big_input), "-f", "json", "-o", str(out))
    assert p.stdout.readline().strip() == "auditing"  # imports done, auditing (not a fixed sleep:
    p.send_signal(signal.SIGINT)                      # the audit got fast enough to finish first)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130
    one_line(err, "interrupted")
    assert out.read_text(encoding="utf-8") == OLD and temp_files(out.parent) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_signal_while_writing_keeps_the_old_report(out, sig):
    p = start("slow-fsync", "audit", str(SEED), "-f", "json", "-o", str(out))
    assert p.stdout.readline().strip() == "fsync"  # the temporary file is written, not yet renamed
    p.send_signal(sig)
    _, err = p.communicate(timeout=30)
    assert out.read_text(encoding="utf-8") == OLD
    if sig in (signal.SIGINT, signal.SIGTERM):  # SIGTERM: what `timeout` sends (issue 14)
        assert p.returncode == 130
        one_line(err, "interrupted")
        assert temp_files(out.parent) == []
    else:
        assert p.returncode == -signal.SIGKILL
        assert len(temp_files(out.parent)) == 1  # nothing can clean up after SIGKILL...
        r = run(None, "audit", str(SEED), "-f", "json", "-o", str(out))
        assert r.returncode == 1 and '"schema": 1' in out.read_text(encoding="utf-8")
        assert temp_files(out.parent) == []  # ...but the next write removes the dead writer's file


def test_sigkill_while_auditing_keeps_the_old_report(big_input, out):
    p = start("slow-audit", "audit", str(big_input), "-f", "json", "-o", str(out))
    assert p.stdout.readline().strip() == "auditing"
    p.kill()
    p.wait(timeout=30)
    assert out.read_text(encoding="utf-8") == OLD and temp_files(out.parent) == []


# -- signals during glossary edits -------------------------------------------------------------

@pytest.fixture
def gdir(tmp_path) -> Path:
    d = tmp_path / "glossary"
    shutil.copytree(ROOT / "references" / "glossary", d)
    return d


def _add(gdir: Path, ident: str) -> list[str]:
    return ["glossary", "add", "-g", str(gdir), "--kind", "term", "--form", f"en=term {ident}", "--id", ident]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_signal_during_a_glossary_write_loses_nothing(gdir, sig):
    before = {e.id: e for e in load_glossary(gdir)}
    files = {p.name: p.read_bytes() for p in gdir.glob("*.yaml")}
    p = start("slow-fsync", *_add(gdir, "interrupted-term"))
    assert p.stdout.readline().strip() == "fsync"
    p.send_signal(sig)
    _, err = p.communicate(timeout=30)
    if sig in (signal.SIGINT, signal.SIGTERM):
        assert p.returncode == 130
        one_line(err, "interrupted")
        assert temp_files(gdir) == []
    after = {e.id: e for e in load_glossary(gdir)}
    assert after == before  # the add did not happen, nothing else changed
    assert {p.name: p.read_bytes() for p in gdir.glob("*.yaml")} == files
    r = run(None, *_add(gdir, "next-term"))  # the lock died with the process; leftovers are swept
    assert r.returncode == 0, r.stderr
    assert set(e.id for e in load_glossary(gdir)) == set(before) | {"next-term"}
    assert temp_files(gdir) == []


# -- SIGINT during `tqa gate` with workers -----------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    from audit.references import load_references
    from benchmarks.bench_audit import make_articles

    d = tmp_path_factory.mktemp("gate")
    for i, a in enumerate(make_articles(300, load_references(), seed=9)):
        (d / f"a{i:03d}.en.txt").write_text(a, encoding="utf-8")
    return d


def _wait_for_workers(pgid: int, n: int = 1, wait: float = 30.0) -> None:
    """Until the gate's process group holds its `n` workers (Linux /proc), then a moment more.
    `--jobs 2` is the gate itself and one worker: the gate audits files too."""
    if not os.path.isdir("/proc"):
        time.sleep(3.5)
        return
    end = time.monotonic() + wait
    while time.monotonic() < end:
        members = 0
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            members += int(fields[2]) == pgid  # pgrp
        if members >= n + 1:
            time.sleep(0.5)
            return
        time.sleep(0.05)


def _gone(pgid: int, wait: float = 10.0) -> bool:
    end = time.monotonic() + wait
    while time.monotonic() < end:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(os.name != "posix", reason="process groups")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)],
                         ids=["SIGINT", "SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("whole_group", [True, False])
def test_sigint_during_gate_with_workers(corpus, tmp_path, whole_group, sig):
    """Ctrl-C in a terminal signals the whole process group (parent and workers); `kill -INT`
    the parent alone; SIGTERM is what `timeout` (the parent) and CI cancellation (the group)
    send; SIGHUP a closed terminal or SSH session. Every way: exit 130, one line, no traceback,
    no worker left behind (before issue 14 SIGTERM killed the parent and left its workers
    running; SIGHUP did so until session 6)."""
    report = tmp_path / "gate.json"
    p = start(None, "gate", str(corpus), "--jobs", "2", "-f", "json", "-o", str(report), start_new_session=True)
    _wait_for_workers(p.pid)  # workers started and auditing (a fixed sleep raced an idle machine)
    assert p.poll() is None
    if whole_group:
        os.killpg(p.pid, sig)
    else:
        p.send_signal(sig)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130
    one_line(err, "interrupted")
    assert _gone(p.pid), "a worker outlived the gate"
    assert not report.exists() and temp_files(tmp_path) == []


# -- a broken model or translation cache (in-process: nothing to kill, torch already loaded) ------

def cli(*args: str):
    from typer.testing import CliRunner

    from audit.cli import app

    return CliRunner().invoke(app, list(args))


def test_model_directory_missing_weights_is_one_line(tmp_path):
    m = tmp_path / "model"
    m.mkdir()
    (m / "config.json").write_text('{"model_type": "marian"}', encoding="utf-8")
    r = cli("audit", str(SEED), "--model", str(m), "--require-model", "-f", "json")
    assert r.exit_code == 2
    one_line(r.stderr, str(m), "no model weights")


def test_corrupt_weights_are_one_line(tiny_marian, tmp_path, mt_cache):
    bad = tmp_path / "m"
    shutil.copytree(tiny_marian, bad)
    (bad / "model.safetensors").write_bytes(b"\0garbage" * 64)
    r = cli("audit", str(SEED), "--model", str(bad), "--require-model", "-f", "json")
    assert r.exit_code == 2
    one_line(r.stderr, "cannot load")


@pytest.mark.parametrize("breakage", ["cache-dir-is-a-file", "database-is-a-directory", "database-is-garbage"])
def test_unreadable_cache_does_not_stop_the_audit(tiny_marian, tmp_path, monkeypatch, breakage):
    cache = tmp_path / "cache"
    monkeypatch.setenv("TQA_CACHE_DIR", str(cache))
    if breakage == "cache-dir-is-a-file":
        cache.write_text("not a directory", encoding="utf-8")
    elif breakage == "database-is-a-directory":
        (cache / "translations.sqlite3").mkdir(parents=True)
    else:
        cache.mkdir()
        (cache / "translations.sqlite3").write_bytes(b"\xff" * 5000)
    out = tmp_path / "r.json"
    r = cli("audit", str(SEED), "--model", str(tiny_marian), "--require-model", "-f", "json", "-o", str(out))
    assert "Traceback" not in r.output + r.stderr
    assert r.exit_code in (0, 1), r.stderr  # the cache is an optimisation: the audit goes on
    assert '"schema": 1' in out.read_text(encoding="utf-8")
