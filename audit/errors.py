"""Errors a user can act on. The CLI prints them as one line and exits with `exit_code`."""

from __future__ import annotations

import re


# C0 and C1 controls but the tab, and the bidi embeddings, overrides and isolates: what a file
# name or a file's text may carry that a terminal obeys instead of showing (an escape sequence
# that clears the screen or recolours what follows, a carriage return that overwrites the line,
# text shown reversed). Each is shown as one visible character, so offsets into the text hold:
# C0 as its control picture (ESC as ␛, a line break as ␊), DEL as ␡, the rest as �.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(m: re.Match) -> str:
    c = ord(m.group())
    return chr(0x2400 + c) if c < 0x20 else "\u2421" if c == 0x7F else "\ufffd"


def printable(text: str) -> str:
    """`text` safe to print on a terminal or a CI log, one character for one: each control
    character as a visible one (`a␛[2Jb` for a name holding ESC [2J)."""
    return _UNPRINTABLE.sub(_picture, text)


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
