"""The `tqa` command: a thin typer layer over plain functions in the package.

Exit codes: 0 passed, 1 failed the quality threshold, 2 usage or input error,
3 internal error (a bug: please report it), 130 interrupted.
"""

from __future__ import annotations

import typer

from audit import __version__

app = typer.Typer(
    name="tqa",
    help="Audit machine-translated text: names, titles, terms, boilerplate, language; scored MQM-style.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tqa {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """tqa: translation-quality auditor."""


# Command modules register themselves on `app` (and sub-apps) when imported.
from audit.cli import audit_cmd, config_cmd, eval_cmd, gate_cmd, glossary_cmd, rules_cmd  # noqa: E402,F401


def main() -> None:
    app(prog_name="tqa")
