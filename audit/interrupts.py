"""SIGTERM and SIGHUP handled like Ctrl-C while a command runs (every command, through
audit/cli/common.py `command`). Apart from audit/gate.py, whose worker pool only the gate and
the corpus command need, so that `tqa audit` does not import multiprocessing to install it."""

from __future__ import annotations

import os
from contextlib import contextmanager

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
