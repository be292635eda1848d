"""The `tqa` command as a user meets it: CliRunner in an isolated directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import ROOT, SEED

runner = CliRunner()


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_audit_seed_json(in_tmp):
    res = runner.invoke(app, ["audit", str(SEED), "--format", "json"])
    assert res.exit_code == 1  # the seed fails the default threshold
    data = json.loads(res.stdout)
    assert data["schema"] == 1 and data["passed"] is False
    assert any(f["text"] == "Anthony Blinken" for f in data["findings"])


def test_audit_terminal_and_markdown(in_tmp):
    res = runner.invoke(app, ["audit", str(SEED), "--no-color"])
    assert "TERM001" in res.stdout and "Antony Blinken" in res.stdout and "FAIL" in res.stdout
    md = runner.invoke(app, ["audit", str(SEED), "-f", "markdown"])
    assert md.stdout.startswith("# Translation audit") and "| `TERM001` |" in md.stdout


def test_output_file_written_atomically(in_tmp):
    out = in_tmp / "report.json"
    out.write_text("old report")
    res = runner.invoke(app, ["audit", str(SEED), "-f", "json", "-o", str(out)])
    assert res.exit_code == 1 and res.stdout == ""
    assert json.loads(out.read_text())["schema"] == 1
    assert [p.name for p in in_tmp.iterdir()] == ["report.json"]  # no temporary left behind


def test_output_into_missing_directory_keeps_nothing(in_tmp):
    res = runner.invoke(app, ["audit", str(SEED), "-o", str(in_tmp / "nope" / "r.json")])
    assert res.exit_code == 2 and "does not exist" in res.stderr


def test_pass_exit_zero(in_tmp):
    clean = in_tmp / "clean.en.txt"
    clean.write_text("Sergey Lavrov met Antony Blinken in Geneva on Friday. The talks lasted two hours.\n")
    res = runner.invoke(app, ["audit", str(clean), "-f", "json"])
    assert res.exit_code == 0, res.stdout
    assert json.loads(res.stdout)["passed"] is True


def test_thresholds_and_selection(in_tmp):
    assert runner.invoke(app, ["audit", str(SEED), "--min-score", "50", "-f", "json"]).exit_code == 0
    assert runner.invoke(app, ["audit", str(SEED), "--min-score", "50", "--fail-on", "major"]).exit_code == 1
    res = runner.invoke(app, ["audit", str(SEED), "--select", "BOIL", "-f", "json"])
    assert {f["rule"] for f in json.loads(res.stdout)["findings"]} == {"BOIL001"}
    res = runner.invoke(app, ["audit", str(SEED), "--ignore", "TERM,NAME", "-f", "json"])
    assert not any(f["rule"].startswith(("TERM", "NAME")) for f in json.loads(res.stdout)["findings"])


def test_config_file_is_read(in_tmp):
    (in_tmp / "tqa.toml").write_text('min-score = 10\nignore = ["PHRASE"]\n[weights]\nmajor = 1\n')
    res = runner.invoke(app, ["audit", str(SEED), "-f", "json"])
    data = json.loads(res.stdout)
    assert res.exit_code == 0 and not any(f["rule"] == "PHRASE001" for f in data["findings"])
    assert "weights:1/1/25" in data["tool"]["signature"]


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "make,fragment",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "bin.dat", b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(200)), "binary"),
    ],
)
def test_bad_input_one_line_exit_2(in_tmp, make, fragment):
    res = runner.invoke(app, ["audit", str(make(in_tmp))])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tqa: error:") and fragment in lines[0]
    assert "Traceback" not in res.output


def test_cp1251_file_is_audited(in_tmp):
    f = in_tmp / "ru.txt"
    f.write_bytes("Глава МИД России Сергей Лавров встретился с генсеком ООН. Переговоры шли восемь часов.".encode("cp1251"))
    res = runner.invoke(app, ["audit", str(f), "-f", "json", "--lang", "ru"])
    assert res.exit_code in (0, 1)
    data = json.loads(res.stdout)
    assert data["document"]["encoding"] == "cp1251"
    assert data["findings"] == [] or all(f["rule"] != "LANG001" for f in data["findings"])


def test_malformed_glossary_named(in_tmp):
    g = in_tmp / "g.yaml"
    g.write_text("- id: x\n  kind: person\n  forms: {en: X}\n- id: x\n  kind: person\n  forms: {en: Y}\n")
    res = runner.invoke(app, ["audit", str(SEED), "--glossary", str(g)])
    assert res.exit_code == 2
    assert f"{g}:4 (entry 'x'): duplicate id" in res.stderr


def test_usage_errors_exit_2(in_tmp):
    assert runner.invoke(app, ["audit", str(SEED), "--format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["audit", str(SEED), "--fail-on", "awful"]).exit_code == 2
    assert runner.invoke(app, ["audit"]).exit_code == 2
    assert runner.invoke(app, ["nosuchcommand"]).exit_code == 2


def test_rules_command():
    res = runner.invoke(app, ["rules"])
    assert res.exit_code == 0 and "TERM001" in res.stdout and "BOIL001" in res.stdout
    one = runner.invoke(app, ["rules", "title001"])
    assert one.exit_code == 0 and "Examples:" in one.stdout and "fires" in one.stdout
    assert runner.invoke(app, ["rules", "XX999"]).exit_code == 2


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys; from audit.cli import app\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "heavy = [m for m in ('transformers', 'torch', 'langdetect', 'sacrebleu', 'translate') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


def test_console_script_runs():
    exe = os.path.join(os.path.dirname(sys.executable), "tqa")
    out = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("tqa ")
