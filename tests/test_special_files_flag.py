"""--allow-special-files on audit, gate and corpus: the flag means what TQA_ALLOW_SPECIAL_FILES=1
means. Without it a FIFO is refused in one line (exit 2); with it the FIFO is read once its
writer comes (opened without blocking, a FIFO with no writer yet would read as empty)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if k != "TQA_ALLOW_SPECIAL_FILES"}
TEXT = "The minister met the delegation in Geneva on Monday. The talks lasted four hours.\n"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def tqa(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audit", *args], cwd=cwd, env={**ENV, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)


def write_later(fifo: Path, text: str, delay: float = 0.5) -> threading.Thread:
    """Write `text` into `fifo` once a reader has it open (never blocks: gives up after 60 s)."""

    def run() -> None:
        time.sleep(delay)  # tqa is reading the FIFO before its writer comes
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                    raise
                time.sleep(0.05)
                continue
            os.set_blocking(fd, True)
            os.write(fd, text.encode())
            os.close(fd)
            return

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "tree" / "piped.en.txt"
    path.parent.mkdir()
    os.mkfifo(path)
    return path


def test_a_fifo_is_refused_in_one_line_naming_the_flag(fifo, tmp_path):
    res = tqa("audit", str(fifo), cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "is a FIFO" in res.stderr
    assert "--allow-special-files" in res.stderr and "Traceback" not in res.stderr


def test_audit_reads_an_allowed_fifo_when_its_writer_comes(fifo, tmp_path):
    writer = write_later(fifo, TEXT)
    res = tqa("audit", str(fifo), "--allow-special-files", "-f", "json", cwd=tmp_path)
    writer.join(5)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["words"] == len(TEXT.split())  # the whole text came through the FIFO


def test_corpus_reads_an_allowed_fifo_in_a_tree(fifo, tmp_path):
    (fifo.parent / "plain.en.txt").write_text(TEXT)
    res = tqa("corpus", str(fifo.parent), "-o", str(tmp_path / "out"), "--no-progress", "-f", "json", cwd=tmp_path)
    assert res.returncode == 2 and "is a FIFO" in res.stdout + res.stderr
    writer = write_later(fifo, TEXT)
    res = tqa("corpus", str(fifo.parent), "-o", str(tmp_path / "out2"), "--no-progress", "-f", "json",
              "--allow-special-files", cwd=tmp_path)
    writer.join(5)
    assert res.returncode == 0, res.stdout + res.stderr
    summary = json.loads(res.stdout)
    assert summary["counts"]["documents"] == 2 and summary["counts"]["error"] == 0
    assert summary["words"] == 2 * len(TEXT.split())


def test_a_fifo_as_the_corpus_itself_is_refused_even_when_allowed(tmp_path):
    """A corpus is planned in one pass and read again shard by shard: a pipe cannot be read
    twice, and opening a FIFO with no writer used to hang."""
    fifo = tmp_path / "rows.jsonl"
    os.mkfifo(fifo)
    for allow in ((), ("--allow-special-files",)):
        res = tqa("corpus", str(fifo), "-o", str(tmp_path / "out"), "--no-progress", *allow, cwd=tmp_path)
        assert res.returncode == 2 and "is a FIFO" in res.stderr and res.stderr.count("\n") == 1


def test_gate_reads_an_allowed_fifo_met_in_a_tree(fifo, tmp_path):
    (fifo.parent / "plain.en.txt").write_text(TEXT)
    res = tqa("gate", str(fifo.parent), "-f", "json", cwd=tmp_path)
    assert res.returncode == 2 and "is a FIFO" in res.stderr and "--allow-special-files" in res.stderr
    writer = write_later(fifo, TEXT)
    res = tqa("gate", str(fifo.parent), "-f", "json", "--allow-special-files", cwd=tmp_path)
    writer.join(5)
    assert res.returncode == 0, res.stderr
    files = {Path(f["path"]).name: f for f in json.loads(res.stdout)["files"]}
    assert files["piped.en.txt"]["status"] == "pass" and files["piped.en.txt"]["words"] == len(TEXT.split())


def test_a_fifo_as_the_gates_baseline_is_refused(fifo, tmp_path):
    """The baseline was read with read_text: a FIFO with no writer hung the gate."""
    (fifo.parent / "plain.en.txt").write_text(TEXT)
    res = tqa("gate", str(fifo.parent / "plain.en.txt"), "--baseline", str(fifo), cwd=tmp_path)
    assert res.returncode == 2 and "is a FIFO" in res.stderr and res.stderr.count("\n") == 1


# every command that reads input files takes the flag its refusal names
@pytest.mark.parametrize("command", ["audit", "gate", "corpus", "eval", "glossary suggest"])
def test_the_flag_is_documented_in_each_commands_help(command, tmp_path):
    res = tqa(*command.split(), "--help", cwd=tmp_path)
    assert "--allow-special-files" in res.stdout and "TQA_ALLOW_SPECIAL_FILES" in res.stdout


def test_glossary_import_names_what_a_special_file_is(tmp_path):
    """glossary import reads its file twice (sniff, parse), so a FIFO or a directory is refused
    in one line that says what it is, not "no such file"."""
    fifo = tmp_path / "terms.tbx"
    os.mkfifo(fifo)
    (tmp_path / "dir.csv").mkdir()
    for path, kind in ((fifo, "a FIFO"), (tmp_path / "dir.csv", "a directory")):
        r = tqa("glossary", "import", str(path), "-g", str(tmp_path / "g"), cwd=tmp_path)
        assert r.returncode == 2, r.stderr
        (line,) = r.stderr.strip().splitlines()
        assert line.startswith(f"tqa: error: {path}: is {kind}") and "no such file" not in line
    r = tqa("glossary", "import", str(tmp_path / "absent.tbx"), "-g", str(tmp_path / "g"), cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.strip() == f"tqa: error: {tmp_path / 'absent.tbx'}: no such file"
