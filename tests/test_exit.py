"""The `tqa` program ends without the interpreter's teardown (audit/interrupts.py, `finish`):
what an exit must do still happens (exit code, atexit handlers, buffered output), and the
ordinary exit is kept where skipping the teardown could lose something."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(body: str) -> subprocess.CompletedProcess:
    code = "import atexit, sys, threading, time\nfrom audit.interrupts import finish\n" + body
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_exit_code_output_and_atexit_handlers_survive():
    r = _run("atexit.register(lambda: print('atexit ran'))\n"
             "def main():\n    sys.stdout.write('buffered, no newline'); sys.stderr.write('err'); sys.exit(3)\n"
             "finish(main)\n")
    assert r.returncode == 3
    assert r.stdout == "buffered, no newlineatexit ran\n" and r.stderr == "err"


def test_a_main_that_returns_exits_0_and_a_message_exits_1_as_usual():
    assert _run("finish(lambda: None)\n").returncode == 0
    r = _run("def main():\n    sys.exit('tqa: something')\nfinish(main)\n")
    assert r.returncode == 1 and r.stderr.strip() == "tqa: something"


def test_a_running_thread_is_waited_for():
    r = _run("def late():\n    time.sleep(0.3); print('thread done', flush=True)\n"
             "def main():\n    threading.Thread(target=late).start(); sys.exit(0)\n"
             "finish(main)\n")
    assert r.returncode == 0 and r.stdout == "thread done\n"


def test_python_m_audit_uses_it():
    r = subprocess.run([sys.executable, "-m", "audit", "rules", "NOPE999"], cwd=ROOT, capture_output=True, text=True,
                       timeout=60)
    plain = subprocess.run([sys.executable, "-c", "from audit.cli import main\nmain()", "rules", "NOPE999"], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert (r.returncode, r.stdout, r.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert r.returncode != 0
