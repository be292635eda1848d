"""What every command shares: turning errors into one line and an exit code, loading settings
and references, writing output atomically.

Every command module imports this one, so `tqa CMD --help` pays for what it imports at the
top: the pipeline (audit.config, audit.references, audit.gate: 30-150 ms of imports) is
imported where a command runs, not here."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import typer

from audit.errors import TqaError, printable
from audit.interrupts import terminate_as_interrupt  # SIGTERM (timeout, CI) and SIGHUP handled as Ctrl-C
from audit.fsutil import write_atomic

EXIT_OK, EXIT_FAIL, EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def error(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    typer.echo(f"tqa: error: {printable(message)}", err=True)
    return typer.Exit(code)


def command(fn):
    """Wrap a command: user errors → one line on stderr and exit 2; bugs → exit 3."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            with terminate_as_interrupt():
                return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except TqaError as exc:
            raise error(str(exc), exc.exit_code) from None
        except BrokenPipeError:  # `tqa audit ... | head`: the reader left; say nothing
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_OK) from None
        except KeyboardInterrupt:
            raise error("interrupted", EXIT_INTERRUPTED) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if os.environ.get("TQA_DEBUG"):
                raise
            # the file system said no (a name too long for it, an I/O error) where no loader
            # expected it: about the input or the machine, not a bug; one line naming the path
            if isinstance(exc, OSError) and exc.errno is not None:
                where = f"{exc.filename}: " if exc.filename is not None else ""
                raise error(f"{where}{exc.strerror or exc}") from None
            raise error(
                f"internal error: {type(exc).__name__}: {exc} (set TQA_DEBUG=1 for the traceback)", EXIT_INTERNAL
            ) from None

    return wrapper


def load_settings(config: Path | None = None, discover: bool = True):
    """The config's settings (audit.config), their rule codes checked against the registry: a
    code that names no rule is one line naming the file and line (exit 2)."""
    from audit import config as cfg  # the pipeline: imported when a command runs
    from audit.checks import check_settings

    return check_settings(cfg.load_settings(config, discover))


def load_settings_and_refs(config: Path | None, references: Path | None, glossary: list[Path] | None,
                           flags: dict | None = None, settings=None, **overrides):
    """Settings from the config file (or `settings`, already read from it), then `overrides`
    (None = not given) and validated `flags` (set as given: a flag may set a value to None,
    e.g. --fail-on none); then the references."""
    from dataclasses import replace

    from audit.config import FLAG  # the pipeline: imported when a command runs
    from audit.references import load_references

    settings = (settings or load_settings(config)).with_(**overrides)
    if flags:
        settings = replace(settings, **flags, origins={**settings.origins, **{k: FLAG for k in flags}})
    refs_root = references or (Path(settings.references) if settings.references else None)
    gloss = glossary or [Path(g) for g in settings.glossary] or None
    return settings, load_references(refs_root, gloss)


def emit(text: str, output: Path | None) -> None:
    """Print, or write `output` atomically (a reader never sees half a report)."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_atomic(output, text)


def split_codes(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())
