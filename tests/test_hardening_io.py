"""Bounded reads and special files (issue 14): at most limit + 1 bytes are read whatever the
file's size claims; FIFOs, devices and sockets are refused in one line (exit 2) by `audit`,
by the gate's walker and by the data loaders, unless TQA_ALLOW_SPECIAL_FILES=1; a bad
TQA_MAX_BYTES is a usage error. Output to a device or a FIFO is written into it, never replaced
by a regular file. Every command runs under a timeout: a hang fails the test."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audit.errors import DataError, InputError, TqaError
from audit.fsutil import read_utf8
from audit.reading import read_bounded, read_path
from tests.conftest import ROOT, SEED

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
ENV.pop("TQA_ALLOW_SPECIAL_FILES", None)
ENV.pop("TQA_MAX_BYTES", None)
posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def tqa(*args, env=None, timeout=60, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audit", *map(str, args)], cwd=kw.pop("cwd", ROOT),
                          env={**ENV, **(env or {})}, capture_output=True, text=True, timeout=timeout, **kw)


def one_line(r: subprocess.CompletedProcess, code: int = 2, *needles: str) -> str:
    assert r.returncode == code, (r.returncode, r.stderr[-2000:])
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("tqa: error")]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


@posix
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "article.en.txt"
    os.mkfifo(fifo)
    one_line(tqa("audit", fifo, timeout=30), 2, "is a FIFO", "not a regular file", "TQA_ALLOW_SPECIAL_FILES")
    with pytest.raises(InputError, match="FIFO"):
        read_path(fifo)
    with pytest.raises(DataError, match=r"glossary\.yaml: is a FIFO"):  # data files too (no hang)
        read_utf8(_fifo(tmp_path / "glossary.yaml"))
    one_line(tqa("audit", _fifo(tmp_path / "job.xlf"), timeout=30), 2, "job.xlf: is a FIFO")  # bilingual files too


def _fifo(p: Path) -> Path:
    os.mkfifo(p)
    return p


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_refused_and_when_allowed_read_only_to_the_limit():
    one_line(tqa("audit", "/dev/zero", timeout=30), 2, "character device")
    # allowed: st_size says 0, yet only limit + 1 bytes are read before the refusal
    r = tqa("audit", "/dev/zero", "--max-bytes", "4096", env={"TQA_ALLOW_SPECIAL_FILES": "1"}, timeout=30)
    one_line(r, 2, "more than the 4096-byte limit")
    with pytest.raises(InputError, match="more than the 100-byte limit"):
        read_bounded("/dev/zero", 100, allow_special=True)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_process_substitution_is_read_when_allowed_and_bounded(tmp_path):
    """`tqa audit <(cmd)` passes /dev/fd/N, a pipe whose size says 0."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 50_000)
    for payload, codes, allow in ((SEED, (0, 1), "1"), (big, (2,), "1"), (SEED, (2,), "")):
        res = subprocess.run(["bash", "-c", f'"$0" -m audit audit <(cat "$1") --lang en --max-bytes 100000 -f json',
                              sys.executable, str(payload)], cwd=ROOT, env={**ENV, "TQA_ALLOW_SPECIAL_FILES": allow},
                             capture_output=True, text=True, timeout=120)
        assert res.returncode in codes, (allow, payload, res.returncode, res.stderr[-1000:])
        if res.returncode == 2:
            one_line(res, 2, "more than the 100000-byte limit" if allow else "is a FIFO")
        else:
            assert '"schema": 1' in res.stdout


@posix
def test_the_gate_refuses_special_files_in_a_tree_and_does_not_hang(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(SEED, tree / "a.en.txt")
    os.mkfifo(tree / "b.en.txt")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tree / "c.en.txt"))
    except OSError:  # path too long for a socket address on this system
        sock = None
    try:
        r = tqa("gate", tree, "-f", "json", "--jobs", "2", timeout=120)
        assert r.returncode == 2, r.stderr[-2000:]
        assert "is a FIFO" in r.stdout and "Traceback" not in r.stderr
        if sock is not None:
            assert "is a socket" in r.stdout
        assert '"pass"' in r.stdout or '"fail"' in r.stdout  # the regular file was audited
        one_line(tqa("gate", tree / "b.en.txt", timeout=30), 2, "b.en.txt: is a FIFO")
    finally:
        if sock is not None:
            sock.close()


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1e6", "99999999999999999999999x", " "])
def test_bad_tqa_max_bytes_is_one_line(value):
    r = tqa("audit", SEED, env={"TQA_MAX_BYTES": value}, timeout=60)
    if value.strip():
        one_line(r, 2, "TQA_MAX_BYTES")
    else:
        assert r.returncode in (0, 1)  # blank: the default


@pytest.mark.parametrize("value", ["0", "-1"])
@pytest.mark.parametrize("command", ["audit", "gate", "corpus"])
def test_max_bytes_below_one_is_one_line(command, value):
    """--max-bytes 0 fell back to the default unsaid and -1 refused every file as 'over the
    -1-byte limit'; like TQA_MAX_BYTES it must be 1 or more."""
    r = tqa(command, SEED, "--max-bytes", value, timeout=60)
    one_line(r, 2, "--max-bytes", "greater than or equal to 1")


def test_library_reads_check_tqa_max_bytes_too(monkeypatch):
    monkeypatch.setenv("TQA_MAX_BYTES", "lots")
    with pytest.raises(TqaError, match="not a whole number"):
        read_path(SEED)
    monkeypatch.setenv("TQA_MAX_BYTES", "100")
    with pytest.raises(InputError, match="over the 100-byte limit"):
        read_path(SEED)


# -- writing to a device or a pipe -------------------------------------------------------------


def _a_null_device(tmp_path):
    """A private character device like /dev/null (root only: CI and this container), so a
    regression replaces it and not the machine's /dev/null (as one did, as root)."""
    dev = tmp_path / "null"
    try:
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("mknod needs root")
    return dev


def test_output_to_a_character_device_writes_into_it_and_keeps_it(tmp_path):
    dev = _a_null_device(tmp_path)
    link = tmp_path / "out.json"
    link.symlink_to(dev)
    for target in (dev, link):  # `-o /dev/null`, and a link to it
        r = tqa("audit", SEED, "-f", "json", "-o", target)
        assert r.returncode == 1, r.stderr
        assert stat.S_ISCHR(os.stat(dev).st_mode), "the device was replaced by a regular file"
    assert link.is_symlink()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_to_dev_stdout_goes_to_standard_output(tmp_path):
    r = tqa("audit", SEED, "-f", "json", "-o", "/dev/stdout")  # a pipe here
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout)["schema"] == 1


@posix
def test_output_to_a_fifo_is_written_when_read_and_refused_when_not(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    r = tqa("audit", SEED, "-f", "json", "-o", fifo, timeout=30)  # nobody reads it: not a hang
    one_line(r, 2, "report.fifo", "nobody reads")
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        time.sleep(0.5)  # cat has opened it
        r = tqa("audit", SEED, "-f", "json", "-o", fifo, timeout=60)
        out, _ = reader.communicate(timeout=30)
    finally:
        reader.kill()
    assert r.returncode == 1, r.stderr
    assert json.loads(out)["schema"] == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_library_write_to_a_socket_is_one_line(tmp_path):
    from audit.fsutil import write_atomic

    path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        with pytest.raises(TqaError, match="is a socket, not a regular file"):
            write_atomic(path, "x")
    finally:
        sock.close()
