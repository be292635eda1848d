"""Control characters in a file's name or text are shown, never obeyed (issue 14): an escape
sequence in a file name (`a<ESC>[2Jb.en.txt`) or in an article's text would otherwise clear or
recolour the terminal or a CI log that prints tqa's report or error. Each is shown as one
visible character (`audit.errors.printable`), so offsets and styles still fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.cli import common
from audit.errors import printable

runner = CliRunner()
ESC = "\x1b"
NAME = f"a{ESC}[2Jb.en.txt"


@pytest.mark.parametrize("text, shown", [
    (f"a{ESC}[31mred", "a␛[31mred"),
    ("line\rover", "line␍over"),
    ("one\ntwo", "one␊two"),
    ("bell\x07", "bell␇"),
    ("del\x7f", "del␡"),
    ("c1\x9b31m", "c1\ufffd31m"),  # the one-byte CSI
    ("abc\u202edcba", "abc\ufffddcba"),  # right-to-left override
])
def test_a_control_character_becomes_one_visible_character(text, shown):
    assert printable(text) == shown and len(printable(text)) == len(text)


@pytest.mark.parametrize("text", [
    "Antony Blinken in Kyiv\twith\ttabs",
    "نامه\u200cای",  # a Persian word with its zero-width non-joiner
    "👩\u200d💻 and ❤️",  # emoji sequences
    "Москва, 北京, Αθήνα",
])
def test_text_without_controls_is_unchanged(text):
    assert printable(text) == text


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path(NAME).write_text(f"Anthony Blinken met the press in Kiev {ESC}[31mtoday{ESC}[0m.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("fmt", ["terminal", "concise", "markdown", "github"])
def test_reports_show_a_hostile_name_and_text(hostile, fmt):
    res = runner.invoke(app, ["audit", NAME, "-f", fmt])
    assert res.exit_code == 1, res.output
    assert ESC not in res.stdout
    assert "a␛[2Jb.en.txt" in res.stdout or fmt == "github" and "a␛[2Jb.en.txt".replace(":", "%3A") in res.stdout
    if fmt == "terminal":
        assert "␛[31mtoday␛[0m" in res.stdout  # the text around a finding, as it is


def test_the_gates_table_shows_a_hostile_name(hostile):
    res = runner.invoke(app, ["gate", ".", "--no-progress"])
    assert res.exit_code == 1 and ESC not in res.stdout and "a␛[2Jb.en.txt" in res.stdout


def test_an_error_naming_a_hostile_file_is_shown(monkeypatch):
    """click strips escapes only when stderr is not a terminal: the message itself must hold none."""
    said = []
    monkeypatch.setattr(common.typer, "echo", lambda message, err=False: said.append(message))
    common.error(f"{NAME}: no such file")
    assert said == ["tqa: error: a␛[2Jb.en.txt: no such file"]
