"""Runs: what an audit of one or many files produced, as the reports see it.

A run is the files' outcomes (a result, or the error that stopped a file's audit) and the
settings they were judged by. `tqa gate` makes a run of many files; `tqa audit` makes a run of
one (`single`), so every report format has one entry point, `render(run)` (audit/report/).
Values only: finding and auditing the files is audit/gate.py's, drawing them the reports'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from audit.config import Settings
from audit.model import AuditResult

EXIT_OK, EXIT_FAIL, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


@dataclass(frozen=True)
class FileOutcome:
    """One file's part of a run: a result, or the error that stopped its audit."""

    path: str
    result: AuditResult | None = None
    error: str | None = None
    internal: bool = False  # the error is a bug in tqa, not bad input

    @property
    def passed(self) -> bool:
        return self.result is not None and self.result.passed

    @property
    def status(self) -> str:
        return "error" if self.result is None else ("pass" if self.result.passed else "fail")


@dataclass(frozen=True)
class Run:
    outcomes: tuple[FileOutcome, ...]
    settings: Settings
    baseline: str | None = None
    options: dict = field(default_factory=dict)
    # "gate": a run over many files, reported as a summary of them; "audit": `tqa audit`'s one
    # file, which the terminal, JSON and Markdown reports show in full (the other formats draw
    # a run of one as they draw any run).
    command: str = "gate"

    @property
    def exit_code(self) -> int:
        """0 every file passed; 1 a file failed; 2 a file could not be read (the gate could not
        check everything, so it cannot pass); 3 tqa itself failed on a file."""
        if any(o.internal for o in self.outcomes):
            return EXIT_INTERNAL
        if any(o.result is None for o in self.outcomes):
            return EXIT_ERROR
        return EXIT_OK if all(o.passed for o in self.outcomes) else EXIT_FAIL

    @property
    def counts(self) -> dict:
        return {s: sum(1 for o in self.outcomes if o.status == s) for s in ("pass", "fail", "error")}


def single(result: AuditResult, settings: Settings | None = None) -> Run:
    """`tqa audit`'s run of one file; `settings` (those the audit ran with) for what reports
    show of them, such as SARIF's `rules-url` and JUnit's min-score."""
    return Run((FileOutcome(result.document.path, result),), settings if settings is not None else Settings(),
                   command="audit")
