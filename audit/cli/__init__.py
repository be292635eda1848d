"""The `tqa` command: a thin typer layer over plain functions in the package.

Exit codes: 0 passed, 1 failed the quality threshold, 2 usage or input error,
3 internal error (a bug: please report it), 130 interrupted.
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from audit import __version__


class _Group(TyperGroup):
    """A command group whose help shows plain metavars (PATH, TEXT, CODES) instead of typer's
    Python types (`<list[Path]>`, `<str>`), for every command in it and in its sub-groups."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for cmd in self.commands.values():
            for param in cmd.params:
                _plain_metavar(param)


_METAVARS = {"Path": "PATH", "str": "TEXT", "int": "INTEGER", "float": "NUMBER"}


def _plain_metavar(param) -> None:
    from typer.core import TyperOption

    if isinstance(param, TyperOption):
        if param.metavar is None and not param.is_flag:
            bare = param.bare_type()
            bare = bare[5:-1] if bare.startswith("list[") else bare
            param.metavar = _METAVARS.get(bare, bare.upper())
        return
    name = param.metavar or param.name.upper()
    param.metavar = name
    param.display_type_rich = lambda ctx: None  # the argument's name says what it is


app = typer.Typer(
    cls=_Group,
    name="tqa",
    help="Audit machine-translated text: names, titles, terms, boilerplate, language; scored MQM-style.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # Plain click help: no rich markup, so "[tool.tqa]" in a help text is shown, not eaten as a
    # style tag.
    rich_markup_mode=None,
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
from audit.cli import audit_cmd, config_cmd, corpus_cmd, eval_cmd, gate_cmd, glossary_cmd, rules_cmd  # noqa: E402,F401


def main() -> None:
    app(prog_name="tqa")
