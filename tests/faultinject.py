"""Run the tqa CLI in this process with one fault injected (tests/test_faults.py).

    python -m tests.faultinject FAULT tqa-args...

FAULT is one of:
  none        no fault
  enospc      fsync of an output file fails with ENOSPC (a full disk, as a delayed-allocation
              file system reports it)
  enospc-write  writing an output file fails with ENOSPC after the first 4 KiB
  erofs       creating a file in the output directory fails with EROFS (a read-only
              directory; CI runs as root, for whom chmod does not make one)
  slow-fsync  fsync sleeps 30 s first and prints "fsync" (so a test can signal mid-write)
  slow-audit  the rules sleep 30 s first and print "auditing" (so a test can signal mid-audit,
              however fast the audit has become)
  kill-between-renames  SIGKILL right after the first rename of a multi-file write (the
              journal is written, one file is new, the others old)
  kill-before-journal   SIGKILL when a multi-file write is about to put its journal in place
              (every new file staged, none renamed)
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import time


class _FullFile:
    def __init__(self, handle):
        self._h, self._n = handle, 0

    def write(self, data):
        self._n += len(data)
        if self._n > 4096:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._h.write(data)

    def __getattr__(self, name):
        return getattr(self._h, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._h.close()


def install(fault: str) -> None:
    from audit import fsutil

    real_fsync, real_fdopen = os.fsync, os.fdopen

    if fault == "enospc":
        def fsync(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        fsutil.os.fsync = fsync
    elif fault == "enospc-write":
        fsutil.os.fdopen = lambda *a, **k: _FullFile(real_fdopen(*a, **k))
    elif fault == "erofs":
        def mkstemp(*a, **k):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        fsutil.tempfile.mkstemp = mkstemp
    elif fault == "slow-fsync":
        def fsync(fd):
            print("fsync", flush=True)
            time.sleep(30)
            real_fsync(fd)
        fsutil.os.fsync = fsync
    elif fault == "slow-audit":
        from audit import pipeline

        real_run_stages = pipeline.run_stages

        def run_stages(*a, **k):  # every audit's first step
            print("auditing", flush=True)
            time.sleep(30)
            return real_run_stages(*a, **k)
        pipeline.run_stages = run_stages
    elif fault in ("kill-between-renames", "kill-before-journal"):
        import signal

        real_replace = os.replace

        def replace(src, dst, *a, **k):
            if fault == "kill-before-journal" and str(dst).endswith(fsutil.JOURNAL_NAME):
                os.kill(os.getpid(), signal.SIGKILL)
            real_replace(src, dst, *a, **k)
            if fault == "kill-between-renames" and str(src).endswith(".staged"):
                os.kill(os.getpid(), signal.SIGKILL)
        fsutil.os.replace = replace
    elif fault != "none":
        raise SystemExit(f"unknown fault {fault!r}")


if __name__ == "__main__":
    install(sys.argv[1])
    sys.argv = ["tqa", *sys.argv[2:]]
    from audit.cli import main

    main()
