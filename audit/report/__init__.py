"""Renderers: one module per output format, each with one entry, `render(run, **options) -> str`,
over a run of files (audit/runs.py); `tqa audit`'s report is a run of one (`runs.single`).

They all take the same values; none computes anything the run's results do not hold. Adding a
format: docs/architecture.md, "How a format is added".
"""

from __future__ import annotations

from importlib import import_module

from audit.model import AuditResult
from audit.runs import Run, single

FORMATS = {
    "terminal": "audit.report.terminal",
    "json": "audit.report.json_report",
    "markdown": "audit.report.markdown",
    "sarif": "audit.report.sarif",
    "junit": "audit.report.junit",
    "github": "audit.report.github",
    "html": "audit.report.html",
    "gitlab": "audit.report.gitlab",
    "concise": "audit.report.concise",
}


def renderer(fmt: str):
    """The format's `render`, taking a run, or one file's result with the `settings` it was
    audited with (made `tqa audit`'s run of one)."""
    try:
        module = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})") from None
    render = import_module(module).render

    def draw(subject: Run | AuditResult, settings=None, **options) -> str:
        run = subject if isinstance(subject, Run) else single(subject, settings)
        return render(run, **options)

    return draw


def render_run(fmt: str, run: Run, **options) -> str:
    return renderer(fmt)(run, **options)
