"""The `tqa` command: a thin typer layer over plain functions in the package.

Exit codes: 0 passed, 1 failed the quality threshold, 2 usage or input error,
3 internal error (a bug: please report it), 130 interrupted.

Start-up costs what the command needs: the command table below names each command's module
and its one-line help, so `tqa --help` lists them without importing any, and `tqa audit`
imports the audit command's module only (it registers itself on `app` when imported).
"""

from __future__ import annotations

import difflib
import importlib
import re
import typing
from pathlib import Path

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

try:  # typer 0.2x coerces values through pydantic: _PlainCoercion spares plain values that
    from typer._coercion import build_runtime_param
    from typer._param_types import coerce_cli_path
except ImportError:  # an older typer coerces with click's types, no pydantic
    build_runtime_param = coerce_cli_path = None

from audit import __version__

# name: (module that registers the command on `app`, its help's first paragraph, as the
# command's docstring says it: tests/test_cli_lazy.py checks the two agree)
COMMANDS: dict[str, tuple[str, str]] = {
    "audit": ("audit.cli.audit_cmd", "Audit one machine-translated FILE (- for standard input): exit 0 if it passes, 1 if it fails, 2 on bad input."),
    "config": ("audit.cli.config_cmd", "Print the effective configuration and where each value came from (default, file:line, override)."),
    "corpus": ("audit.cli.corpus_cmd", "Audit a corpus into resumable shards: exit 0 all pass, 1 any fails, 2 bad input."),
    "eval": ("audit.cli.eval_cmd", "Audit every row of a labelled TSV; print detection and false-alarm rates (exit 0; 2 on bad input)."),
    "gate": ("audit.cli.gate_cmd", "Audit many files for CI: exit 0 all pass, 1 any fails, 2 bad usage or an unreadable file."),
    "rules": ("audit.cli.rules_cmd", "List the rules, or show what one rule finds, why it matters, and examples."),
    "glossary": ("audit.cli.glossary_cmd", "Keep the glossary: list, show, add, edit, remove, lint, import, export (TBX, CSV), suggest, stats."),
}


class _Group(TyperGroup):
    """A command group whose help shows plain metavars (PATH, TEXT, CODES) instead of typer's
    Python types (`<list[Path]>`, `<str>`), for every command in it and in its sub-groups."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for cmd in self.commands.values():
            for param in cmd.params:
                _plain_metavar(param)
                plain_coercion(param)
            if not isinstance(cmd, TyperGroup):  # a group's own help option is made below
                cmd.get_help_option = _plain_help_option(cmd.get_help_option)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        # An absent --help reads as None, which typer coerces to bool through pydantic (0.15 s
        # of imports on `tqa audit --help`); as False it is taken as it is.
        if option is not None and option.default is None:
            option.default = False
        if option is not None:
            plain_coercion(option)
        return option


class _LazyGroup(_Group):
    """A group whose commands come from a table, name: (module, help's first paragraph),
    each imported when it is invoked or its own help is asked for; the group's help lists
    them from the table."""

    lazy: dict[str, tuple[str, str]] = {}

    def list_commands(self, ctx) -> list[str]:
        """Commands defined in the group's own module first, then the table's, in its order."""
        return [*(name for name in self.commands if name not in self.lazy), *self.lazy]

    def get_command(self, ctx, name: str):
        if name not in self.commands and name in self.lazy:
            importlib.import_module(self.lazy[name][0])  # registers the command with typer
            # typer makes click commands from what is registered: build the whole tree again
            # (only imported commands are in it) and take the new command from this group's place
            built = typer.main.get_command(app)
            path = []
            while ctx.parent is not None:
                path.insert(0, ctx.info_name)
                ctx = ctx.parent
            for step in path:
                built = built.commands[step]
            if name in built.commands:
                self.commands[name] = built.commands[name]
        return self.commands.get(name)

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:  # click's UsageError: suggest from the table, not only the loaded
            message = getattr(exc, "message", None)
            if isinstance(message, str) and args and "Did you mean" not in message:
                matches = difflib.get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    exc.message = f"{message.rstrip('.')}. Did you mean {', '.join(map(repr, matches))}?"
            raise

    def format_commands(self, ctx, formatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            cmd = self.commands.get(name) or TyperCommand(name=name, help=self.lazy[name][1])
            if not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _one_line_usage_error(self, file=None) -> None:
    """A usage error (an unknown option or command, a missing argument, a value of the wrong
    type) as one line on stderr, like every other tqa error, instead of click's usage block:
    `tqa: error: No such option: --bogus (tqa gate -h for help)`. Exit 2 as before."""
    message = " ".join(self.format_message().split())
    hint = f" ({self.ctx.command_path} -h for help)" if self.ctx is not None else ""
    typer.echo(f"tqa: error: {message}{hint}", err=True)


# typer raises click's UsageError from its own copy of click; reach the class through an
# exception typer exports rather than through that private module
next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError").show = _one_line_usage_error


class _PlainCoercion:
    """typer (0.29) coerces every value through a pydantic TypeAdapter: importing pydantic and
    building an adapter per option was 0.09 s of CPU on every `tqa audit`, a sixth of auditing
    the seed. The types tqa's options are (str, int, float, bool, Path, and lists of them) are
    coerced here when the value is plainly valid: a string, digits within the option's bounds,
    a bool or an absent value, a path (typer's own path checks run on it, with their messages). Anything else goes to typer's coercion, so a bad value gets
    typer's message as before."""

    __slots__ = ("kind", "many", "info", "typer_coercion")

    def __init__(self, kind: type, many: bool, info) -> None:
        self.kind, self.many, self.info, self.typer_coercion = kind, many, info, None

    def coerce(self, value, param, ctx):
        many = param.multiple or param.nargs == -1
        if value is None:
            return () if many else None
        if many and isinstance(value, (list, tuple)):
            out = [self._one(v, param, ctx) for v in value]
            if not any(v is _NOT_PLAIN for v in out):
                return out
        elif not many:
            out = self._one(value, param, ctx)
            if out is not _NOT_PLAIN:
                return out
        if self.typer_coercion is None:
            self.typer_coercion = build_runtime_param(param.type_descriptor)
        return self.typer_coercion.coerce(value, param=param, ctx=ctx)

    def _one(self, value, param, ctx):
        if self.kind is bool:
            return value if isinstance(value, bool) else _NOT_PLAIN
        if not isinstance(value, str):
            return _NOT_PLAIN
        if self.kind is str:
            return value
        if self.kind is Path:
            if not value or "\0" in value:
                return _NOT_PLAIN
            return coerce_cli_path(Path(value), self.info, path_type=Path, param=param, ctx=ctx)
        pattern = _INTEGER if self.kind is int else _DECIMAL
        if not pattern.fullmatch(value):
            return _NOT_PLAIN
        number = self.kind(value)
        if (self.info.min is not None and number < self.info.min) or (self.info.max is not None and number > self.info.max):
            return _NOT_PLAIN  # typer says what the bounds are
        return number


def _plain_help_option(get_help_option):
    """A command's get_help_option whose option (made when a command line is parsed, not with
    the command) takes the plain coercion too."""

    def plain(ctx):
        option = get_help_option(ctx)
        if option is not None:
            plain_coercion(option)
        return option

    return plain


_NOT_PLAIN = object()
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


def plain_coercion(param) -> None:
    """Give `param` the plain coercion when its type is one _PlainCoercion knows (no parser,
    no choices, no clamping); leave typer's otherwise, or with a typer that works differently."""
    descriptor = getattr(param, "type_descriptor", None)
    if build_runtime_param is None or descriptor is None or getattr(param, "_runtime_param", 0) is not None:
        return
    info, kind = descriptor.parameter_info, descriptor.annotation
    many = typing.get_origin(kind) is list
    if many:
        (kind,) = typing.get_args(kind) or (None,)
    plain = (kind in (str, int, float, bool) or (kind is Path and getattr(info, "path_type", None) in (None, Path)))
    if (not plain or descriptor.file_annotation is not None or getattr(info, "parser", None) is not None
            or getattr(info, "clamp", False) or descriptor.choices is not None):
        return
    param._runtime_param = _PlainCoercion(kind, many, info)


def lazy_group(table: dict[str, tuple[str, str]]) -> type[_LazyGroup]:
    """A group class (typer's `cls=`) whose commands `table` names; see _LazyGroup."""
    return type("LazyGroup", (_LazyGroup,), {"lazy": table})


_METAVARS = {"Path": "PATH", "str": "TEXT", "int": "INTEGER", "float": "NUMBER"}


def _plain_metavar(param) -> None:
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
    cls=lazy_group(COMMANDS),
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


def main() -> None:
    app(prog_name="tqa")
