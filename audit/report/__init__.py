"""Renderers: one module per output format, each a function `render(result, **options) -> str`.

They all take the same `AuditResult`; none computes anything the result does not hold.
"""

from __future__ import annotations

from importlib import import_module

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
    try:
        module = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})") from None
    return import_module(module).render
