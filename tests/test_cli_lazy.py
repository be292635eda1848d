"""The command table: `tqa --help` lists every command without importing its module, a command
imports only its own module, and no help pulls pydantic in (typer's value coercion)."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from audit.cli import COMMANDS, app

ROOT = Path(__file__).resolve().parent.parent
COMMAND_MODULES = {module for module, _ in COMMANDS.values()} | {"audit.cli.glossary_suggest_cmd"}
runner = CliRunner()

_PROBE = """
import json, sys
sys.argv = ["tqa", *json.loads(sys.argv[1])]
from audit.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(m for m in sys.modules if m.startswith(("audit.", "pydantic")))}), file=sys.stderr)
"""


def _imported(*args: str) -> tuple[int, set[str], str]:
    """Run `tqa ARGS` in a fresh interpreter: (exit code, modules imported, stdout)."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    return report["code"], set(report["modules"]), proc.stdout


def test_top_help_lists_every_command_and_imports_none():
    code, modules, out = _imported("--help")
    assert code == 0
    assert not modules & COMMAND_MODULES
    assert not any(m.startswith("pydantic") for m in modules)
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == list(COMMANDS)


@pytest.mark.parametrize("args, module", [
    (("audit", "--help"), "audit.cli.audit_cmd"),
    (("gate", "--help"), "audit.cli.gate_cmd"),
    (("glossary", "--help"), "audit.cli.glossary_cmd"),
])
def test_a_commands_help_imports_its_module_only(args, module):
    code, modules, out = _imported(*args)
    assert code == 0 and "Usage: tqa " + " ".join(args[:-1]) in out
    assert modules & COMMAND_MODULES == {module}
    assert not any(m.startswith("pydantic") for m in modules)


def test_a_lazy_subcommand_is_found_and_runs():
    code, modules, out = _imported("glossary", "suggest", "--help")
    assert code == 0 and "Propose entries" in out
    assert "audit.cli.glossary_suggest_cmd" in modules
    code, modules, out = _imported("rules", "TERM001")
    assert code == 0 and "TERM001" in out
    assert modules & COMMAND_MODULES == {"audit.cli.rules_cmd"}


def test_the_table_says_what_each_command_says():
    """The listing comes from the table: each entry must be its command's first help paragraph."""
    for module, _ in COMMANDS.values():
        importlib.import_module(module)
    importlib.import_module("audit.cli.glossary_suggest_cmd")
    group = typer.main.get_command(app)
    for name, (_, text) in COMMANDS.items():
        assert inspect.cleandoc(group.commands[name].help).split("\n\n")[0] == text, name
    glossary = group.commands["glossary"]
    for name, (_, text) in type(glossary).lazy.items():
        assert inspect.cleandoc(glossary.commands[name].help).split("\n\n")[0] == text, name
    # and the help is the same whether the commands are loaded or not
    loaded = group.get_help(typer.Context(group, info_name="tqa", terminal_width=80))
    group.commands.clear()
    assert group.get_help(typer.Context(group, info_name="tqa", terminal_width=80)) == loaded
    assert "glossary  Keep the glossary" in loaded


def test_a_mistyped_command_gets_a_suggestion_from_the_table():
    res = runner.invoke(app, ["gat"])
    assert res.exit_code == 2
    assert "Did you mean 'gate'?" in res.output


def test_auditing_a_file_imports_no_pydantic(tmp_path):
    """typer coerces values through pydantic; tqa's plain options are coerced without it."""
    code, modules, _ = _imported("audit", str(ROOT / "seeds" / "state-dept-nato-russia.en.txt"), "-f", "json",
                                 "-o", str(tmp_path / "seed.json"), "--no-bundled-references", "--min-score", "50")
    assert code in (0, 1) and (tmp_path / "seed.json").is_file()
    assert not any(m.startswith("pydantic") for m in modules)


def test_auditing_a_file_imports_no_worker_pool(tmp_path):
    """The gate's process pool (audit.gate: multiprocessing, concurrent.futures) is the gate's
    and the corpus command's; `tqa audit` installs its signal handling and finds a source beside
    the file without it (audit.interrupts, audit.sources)."""
    src = tmp_path / "a.ru.txt"
    src.write_text("Погибли 12 человек.\n", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("13 people died.\n", encoding="utf-8")
    code, modules, _ = _imported("audit", str(tmp_path / "a.en.txt"), "--source-lang", "ru", "-f", "json",
                                 "-o", str(tmp_path / "a.json"))
    assert code == 1 and str(src) in (tmp_path / "a.json").read_text(encoding="utf-8")  # the source was found
    assert "audit.sources" in modules and "audit.gate" not in modules


def _parsed(command: str, args: list[str]):
    """The values `tqa COMMAND ARGS` hands its function, or the error it stops with."""
    importlib.import_module(COMMANDS[command][0])
    cmd = typer.main.get_command(app).commands[command]
    try:
        ctx = cmd.make_context(command, list(args))
    except Exception as exc:  # click's usage errors
        return type(exc).__name__, exc.format_message()
    return {k: (type(v).__name__, v) for k, v in ctx.params.items()}


SEED = str(ROOT / "seeds" / "state-dept-nato-russia.en.txt")


@pytest.mark.parametrize("command, args", [
    ("audit", [SEED]),
    ("audit", [SEED, "--beams", "3", "--threads", "2", "--min-score", "80", "--max-bytes", "1000"]),
    ("audit", [SEED, "--min-score", "92.5", "--select", "NAME", "--select", "TERM", "--glossary", "g.yaml"]),
    ("audit", [SEED, "--beams", "0"]),  # below the bound: typer's message
    ("audit", [SEED, "--beams", "17"]),  # above it
    ("audit", [SEED, "--beams", "x"]),
    ("audit", [SEED, "--beams", "03"]),
    ("audit", [SEED, "--min-score", "1e2"]),
    ("audit", [SEED, "--min-score", "-5"]),
    ("audit", [SEED, "--min-score", " 7"]),
    ("audit", [SEED, "--max-bytes", "12abc"]),
    ("audit", [SEED, "-o", ""]),
    ("audit", ["no/such/file.txt", "--color"]),
    ("audit", ["-", "--no-color", "--reference", SEED, "--reference", "x.txt"]),
    ("gate", ["--jobs", "x"]),
    ("gate", ["a", "b", "--jobs", "2", "--include", "*.txt", "--no-progress"]),
])
def test_plain_coercion_gives_what_typer_gives(command, args, monkeypatch):
    """Values and error messages are typer's own, whether or not typer's (pydantic) coercion ran."""
    plain = _parsed(command, args)
    monkeypatch.setattr("audit.cli.plain_coercion", lambda param: None)
    assert plain == _parsed(command, args)
