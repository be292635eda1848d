"""`python -m audit` and the `tqa` program (pyproject's console script): the command line
(audit/cli), ended without the interpreter's teardown (audit/interrupts.py, `finish`)."""

import gc

from audit.cli import main
from audit.interrupts import finish

# A young-generation collection every 10,000 net allocations instead of 700. An audit's garbage
# is freed by reference counting (a 200-file gate leaves about 500 objects in cycles, found by
# 150 collections); at the default rate the collector was 6% of `tqa gate`'s CPU, scanning
# objects that were not garbage. The program's setting, not the library's: code that imports
# audit keeps its own.
GC_THRESHOLD = (10_000, 10, 10)


def console() -> None:
    gc.set_threshold(*GC_THRESHOLD)
    finish(main)


if __name__ == "__main__":
    console()
