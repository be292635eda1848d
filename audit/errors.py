"""Errors a user can act on. The CLI prints them as one line and exits with `exit_code`."""

from __future__ import annotations

import re


class TqaError(Exception):
    """An error caused by the user's input or environment, not by a bug in tqa.

    Its message is one line whatever the cause says (a YAML or XML library's message may
    span several, with an indented context): line breaks and the indentation after them
    become one space."""

    exit_code = 2

    def __str__(self) -> str:
        return re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", super().__str__()).strip()


class InputError(TqaError):
    """The file to audit cannot be read as text."""


class DataError(TqaError):
    """A glossary, phrasing or reference file is malformed.

    The message names the file, the line (1-based) and the entry where known.
    """

    def __init__(self, path, message: str, line: int | None = None, entry: str | None = None):
        where = str(path)
        if line is not None:
            where += f":{line}"
        if entry:
            where += f" (entry {entry!r})"
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.entry = path, line, entry


class ConfigError(TqaError):
    """A configuration value is invalid."""
