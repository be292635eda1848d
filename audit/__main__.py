"""`python -m audit` and the `tqa` program (pyproject's console script): the command line
(audit/cli), ended without the interpreter's teardown (audit/interrupts.py, `finish`)."""

from audit.cli import main
from audit.interrupts import finish


def console() -> None:
    finish(main)


if __name__ == "__main__":
    console()
