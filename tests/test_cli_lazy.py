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
