"""How a command ends: SIGTERM and SIGHUP handled like Ctrl-C while it runs (every command,
through audit/cli/common.py `command`), and the process's exit without the interpreter's
teardown (`finish`, for the `tqa` program). Apart from audit/gate.py, whose worker pool only the
gate and the corpus command need, so that `tqa audit` does not import multiprocessing."""

from __future__ import annotations

import atexit
import os
import sys
import threading
from contextlib import contextmanager
from typing import Callable, NoReturn

# The signals that ended the command (empty while it runs): the gate's pool tells a worker killed
# by the group's SIGTERM from a worker that broke.
TERMINATED: set = set()


@contextmanager
def terminate_as_interrupt():
    """SIGTERM (what `timeout`, CI cancellation and `kill` send) and SIGHUP (a closed terminal
    or SSH session) are handled like Ctrl-C while a command runs: workers stopped, nothing
    written, exit 130. SIGHUP ignored at start (`nohup`) stays ignored. Only in the main thread
    (where Python runs signal handlers); the previous handlers come back afterwards."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    owner = os.getpid()

    def on_term(signum, frame):
        if os.getpid() != owner:  # a forked worker inherited this: die as the signal means
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        TERMINATED.add(signum)
        raise KeyboardInterrupt

    wanted = [signal.SIGTERM]
    if hasattr(signal, "SIGHUP") and signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        wanted.append(signal.SIGHUP)
    previous = {sig: signal.signal(sig, on_term) for sig in wanted}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        TERMINATED.clear()


def finish(main: Callable[[], object]) -> NoReturn:
    """Run `main` (the command line; it ends with SystemExit) and end the process without the
    interpreter's teardown: freeing every object an audit loaded (language profiles, word
    lists, reference tables, compiled matchers) one by one took 0.03-0.1 s of CPU after the
    work was done (0.08 s after `tqa gate` over 200 articles, serial time in every run). What an
    exit must do is done first: atexit handlers (logging, temporary directories, multiprocessing
    children), stdout and stderr flushed; files tqa writes are closed when written
    (audit.fsutil). Only for the main program: in-process callers (tests) call `main` itself.
    Falls back to the ordinary exit when another thread is still running (the interpreter
    waits for it), when the exit code is not a number, or when a flush fails (the interpreter
    reports it, exit 120)."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if threading.active_count() > 1 or not (code is None or isinstance(code, int)):
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(int(code or 0) & 0xFF)
