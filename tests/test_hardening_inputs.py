"""Crashes found by the adversarial pass of issue 14, each now a one-line exit 2 (or a
correct read): csv.Error (CR-only line ends, fields over the csv module's limit) in glossary
import, TSV/CSV audit and eval; deep nesting in YAML, TOML and JSON; NaN, infinite and
negative weights; an unreadable or special config file; non-UTF-8 file names with -o and in
the gate; CSV export cells a spreadsheet would run as formulas."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audit.config import load_settings
from audit.errors import ConfigError
from tests.conftest import ROOT, SEED

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
BIG = 200_000  # over csv's default field limit (131072)


def tqa(*args, cwd=None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audit", *map(str, args)], cwd=cwd or ROOT, env=ENV,
                          capture_output=True, text=True, errors="surrogateescape", timeout=timeout)


def one_line(r: subprocess.CompletedProcess, *needles: str) -> str:
    assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("tqa: error")]
    assert len(errors) == 1 and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in errors[0], (n, errors[0])
    return errors[0]


@pytest.fixture
def gdir(tmp_path) -> Path:
    d = tmp_path / "G"
    shutil.copytree(ROOT / "references" / "glossary", d)
    return d


# -- csv.Error ------------------------------------------------------------------------------------


def test_glossary_csv_with_cr_only_line_ends_imports(gdir, tmp_path):
    f = tmp_path / "mac.csv"
    f.write_bytes(b"id,kind,en\rolaf-scholz-2,person,Olaf Scholz Junior\rsome-term,term,hybrid warfare\r")
    r = tqa("glossary", "import", f, "-g", gdir, "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "2 would be added" in r.stdout + r.stderr


def test_csv_fields_over_the_limit_are_one_line(gdir, tmp_path):
    g = tmp_path / "g.csv"
    g.write_text(f'id,kind,en\nx,person,"{"a" * BIG}"\n', encoding="utf-8")
    one_line(tqa("glossary", "import", g, "-g", gdir), "g.csv:2", "not valid CSV", "field larger")
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("source\ttarget\n" + "a" * BIG + "\tb\n", encoding="utf-8")
    one_line(tqa("audit", tsv, "--source-lang", "ru", "--lang", "en"), "pairs.tsv:2", "not valid TSV")
    csv_ = tmp_path / "pairs.csv"
    csv_.write_text('source,target\n"' + "a" * BIG + '",b\n', encoding="utf-8")
    one_line(tqa("audit", csv_, "--source-lang", "ru", "--lang", "en"), "pairs.csv:2", "not valid CSV")
    ev = tmp_path / "eval.tsv"
    ev.write_text("src_lang\ttgt_lang\tsource\ttranslation\tlabel\nru\ten\t" + "a" * BIG + "\tb\tok\n", encoding="utf-8")
    one_line(tqa("eval", ev), "eval.tsv:2", "not valid TSV")


def test_tsv_with_cr_only_line_ends_is_read_as_rows(tmp_path):
    from audit.bilingual.formats import read_bilingual

    tsv = tmp_path / "mac.tsv"
    tsv.write_bytes(b"source\ttarget\r\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\tHello\r\xd0\x9c\xd0\xb8\xd1\x80\tWorld\r")
    units = read_bilingual(tsv).units
    assert [(u.source, u.target) for u in units] == [("Привет", "Hello"), ("Мир", "World")]


# -- deep nesting ---------------------------------------------------------------------------------


def test_deep_nesting_is_one_line_in_yaml_toml_and_json(gdir, tmp_path):
    (gdir / "deep.yaml").write_text("- " * 5000 + "x\n", encoding="utf-8")
    one_line(tqa("glossary", "list", "-g", gdir), "deep.yaml", "nest")
    one_line(tqa("audit", SEED, "-g", gdir), "deep.yaml", "nest")
    (gdir / "deep.yaml").unlink()
    cfg = tmp_path / "tqa.toml"
    cfg.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    one_line(tqa("audit", SEED, cwd=tmp_path), "tqa.toml", "nested too deeply")
    cfg.unlink()
    (tmp_path / "pyproject.toml").write_text("[tool.x]\ny = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    r = tqa("audit", SEED, cwd=tmp_path)  # a pyproject that is not ours is skipped, deep or not
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    base = tmp_path / "baseline.json"
    base.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    one_line(tqa("gate", SEED, "--baseline", base), "baseline.json", "nested too deeply")


# -- weights and config files --------------------------------------------------------------------


@pytest.mark.parametrize("value,why", [("nan", "finite"), ("inf", "finite"), ("-inf", "finite"), ("-5", "0 or more")])
def test_nan_infinite_and_negative_weights_are_refused(tmp_path, value, why):
    cfg = tmp_path / "tqa.toml"
    cfg.write_text(f"[weights]\nmajor = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=why):
        load_settings(cfg)
    if value == "nan":
        one_line(tqa("audit", SEED, cwd=tmp_path), "weights.major", why)


def test_unreadable_or_special_config_files_are_one_line(tmp_path, monkeypatch):
    cfg = tmp_path / "tqa.toml"
    cfg.write_text("min-score = 90\n", encoding="utf-8")
    real = Path.read_text

    def denied(self, *a, **k):
        if self == cfg:
            raise PermissionError(13, "Permission denied")
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "read_text", denied)  # CI runs as root, for whom chmod 000 reads
    with pytest.raises(ConfigError, match="cannot read: Permission denied"):
        load_settings(cfg)
    monkeypatch.undo()
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.toml"
        os.mkfifo(fifo)
        one_line(tqa("audit", SEED, "--config", fifo, timeout=30), "fifo.toml", "FIFO")


# -- file names that are not UTF-8 ---------------------------------------------------------------

ODD = b"caf\xe9-\xff"  # latin-1 bytes: not UTF-8


def _odd_name_ok(tmp_path: Path) -> bool:
    try:
        p = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), ODD + b".probe")))
        p.write_text("x")
        p.unlink()
        return True
    except (OSError, UnicodeError):
        return False


def test_non_utf8_file_names_in_the_gate_and_with_o(tmp_path):
    if not _odd_name_ok(tmp_path):
        pytest.skip("the file system refuses non-UTF-8 names")
    tree = tmp_path / "tree"
    tree.mkdir()
    art = Path(os.fsdecode(os.fsencode(tree) + b"/" + ODD + b".en.txt"))
    shutil.copy(SEED, art)
    for fmt in ("json", "html", "markdown"):
        report = tmp_path / f"gate.{fmt}"
        r = tqa("gate", tree, "-f", fmt, "-o", report)  # wrote a lone surrogate: exit 3 before
        assert r.returncode == 1 and "Traceback" not in r.stderr and "internal error" not in r.stderr, (fmt, r.stderr)
        assert "caf" in report.read_bytes().decode("utf-8")  # valid UTF-8: the odd bytes shown as U+FFFD
    r = tqa("gate", tree)  # the terminal report, on stdout
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    out = Path(os.fsdecode(os.fsencode(tmp_path) + b"/" + ODD + b".json"))
    r = subprocess.run([sys.executable, "-m", "audit", "audit", os.fsencode(art), "-f", "json", "-o", os.fsencode(out)],
                       cwd=ROOT, env=ENV, capture_output=True, text=True, errors="surrogateescape", timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == 1


# -- CSV export and spreadsheets -----------------------------------------------------------------


def test_csv_export_neutralises_formulas_and_imports_them_back(gdir, tmp_path):
    r = tqa("glossary", "add", "-g", gdir, "--kind", "term", "--id", "formula-term", "--form", "en==HYPERLINK(\"http://x\")",
            "--variant", "en=+1 tonne", "--wrong", "en=@SUM(A1)", "--note", "-2 degrees", "--force")  # lint: unmatchable
    assert r.returncode == 0, r.stderr
    out = tmp_path / "g.csv"
    assert tqa("glossary", "export", "-g", gdir, "--format", "csv", "-o", out).returncode == 0
    import csv

    rows = list(csv.reader(out.open(encoding="utf-8")))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], [c for c in cells if c[:1] in "=+-@"]
    row = next(r for r in rows if r[0] == "formula-term")
    assert "'=HYPERLINK(\"http://x\")" in row and "'+1 tonne" in row and "'@SUM(A1)" in row and "'-2 degrees" in row
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert tqa("glossary", "import", out, "-g", fresh).returncode == 0
    from audit.glossary import load_glossary

    e = load_glossary(fresh).get("formula-term")
    assert e.forms["en"] == '=HYPERLINK("http://x")' and e.variants["en"] == ("+1 tonne",)
    assert e.wrong["en"] == ("@SUM(A1)",) and e.note == "-2 degrees"


# -- metadata, config globs, entry keys, output paths, UTF-32 XML ---------------------------------


@pytest.mark.parametrize("meta,needle", [
    ("date: [1, 2]", "date [1, 2] must be YYYY"),
    ("date: yesterday", "date 'yesterday' must be YYYY"),
    ("date: '2022-02-30'", "not a day of the calendar"),
    ("date: 2022-02-30", "day is out of range"),
    ("lang: 5", "lang must be a language code"),
    ("lang: en\nsource_lang: {a: 1}", "source_lang must be a language code"),
])
def test_metadata_of_the_wrong_type_or_form_is_one_line(tmp_path, meta, needle):
    art = tmp_path / "art.en.txt"
    shutil.copy(SEED, art)
    (tmp_path / "art.en.meta.yaml").write_text(meta + "\n", encoding="utf-8")
    line = one_line(tqa("audit", art), "art.en.meta.yaml:", needle)
    assert f"meta.yaml:{meta.count(chr(10)) + 1}" in line


def test_metadata_in_every_accepted_form_still_audits(tmp_path):
    art = tmp_path / "art.en.txt"
    shutil.copy(SEED, art)
    for meta in ("date: 2022-01", "lang: en\nsource_lang: ru\nid: [x]\ndate: 2022"):
        (tmp_path / "art.en.meta.yaml").write_text(meta + "\n", encoding="utf-8")
        r = tqa("audit", art)
        assert r.returncode in (0, 1), (meta, r.stderr)


def test_a_bad_glob_class_in_the_config_is_one_line(tmp_path):
    shutil.copy(SEED, tmp_path / "a.en.txt")
    (tmp_path / "tqa.toml").write_text('include = ["[z-a]*.txt"]\n', encoding="utf-8")
    one_line(tqa("gate", ".", cwd=tmp_path), "glob '[z-a]*.txt'", "bad character range")


def test_unknown_keys_of_two_types_in_one_entry(gdir):
    (gdir / "zz.yaml").write_text("- id: x\n  kind: term\n  forms: {en: X}\n  1: a\n  foo: b\n", encoding="utf-8")
    one_line(tqa("glossary", "list", "-g", gdir), "zz.yaml:4", "unknown field(s): 1, foo")
    one_line(tqa("audit", SEED, "-g", gdir), "zz.yaml:4", "unknown field(s)")


def test_output_that_is_no_file_name_or_a_directory_names_the_cause(tmp_path):
    one_line(tqa("audit", SEED, "-o", ""), "not a file name")  # was "Device or resource busy"
    one_line(tqa("audit", SEED, "-o", tmp_path), "is a directory")


def test_utf32_xliff_declaring_entities_is_refused(tmp_path):
    xlf = tmp_path / "e.xlf"
    xlf.write_bytes(('<?xml version="1.0" encoding="UTF-32"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">'
                     '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<xliff version="1.2"><file source-language="ru" '
                     'target-language="en" datatype="plaintext" original="x"><body><trans-unit id="1"><source>'
                     'Привет &b;</source><target>Hello</target></trans-unit></body></file></xliff>').encode("utf-32"))
    one_line(tqa("audit", xlf), "declares XML entities")


@pytest.mark.parametrize("count", ["1e400", "-5", "0", "1" + "0" * 5000, "NaN", '"x"'])
def test_absurd_baseline_counts_are_one_line(tmp_path, count):
    art = tmp_path / "a.en.txt"
    shutil.copy(SEED, art)
    base = tmp_path / "b.json"
    assert tqa("gate", art, "--write-baseline", base, cwd=tmp_path).returncode == 0
    text = base.read_text(encoding="utf-8")
    assert '"count": 1' in text
    base.write_text(text.replace('"count": 1', f'"count": {count}', 1), encoding="utf-8")
    one_line(tqa("gate", art, "--baseline", base, cwd=tmp_path), "b.json", "baseline")


# -- usage errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args,needle", [
    (["audit", str(SEED), "--bogus"], "No such option: --bogus (tqa audit -h for help)"),
    (["audit"], "Missing argument 'FILE'"),
    (["audit", str(SEED), "--max-bytes", "abc"], "Invalid value for '--max-bytes'"),
    (["gate", ".", "-j", "abc"], "Invalid value for '--jobs'"),
    (["gate", "--date", "2022-01-14"], "No such option: --date"),
    (["corpus", "--bogus"], "tqa corpus -h for help"),
    (["eval"], "Missing argument 'FILE'"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["gat"], "Did you mean 'gate'?"),
    (["glossary", "nope"], "(tqa glossary -h for help)"),
    (["glossary", "add"], "Missing option '--kind'"),
    (["glossary", "add", "-k", "person", "--bogus"], "No such option: --bogus"),
    (["rules", "--json", "--json=3"], "--json"),
])
def test_usage_errors_are_one_line(args, needle):
    """Click printed a usage block (four lines; a box with rich) for a usage error; every other
    error is one line. Now these are one line too, exit 2, with where to find help."""
    from typer.testing import CliRunner

    from audit.cli import app

    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tqa: error: "), res.stderr
    assert needle in lines[0], lines[0]
    assert not any(c in res.stderr for c in "╭│╰") and "Traceback" not in res.output


# -- file names the file system cannot hold ---------------------------------------------------------


def test_a_long_article_name_audits_and_longer_names_are_one_line(tmp_path):
    """A 254-byte article name is legal, but its metadata name (+ .meta.yaml) is not: the probe
    for it raised ENAMETOOLONG, exit 3 in audit and gate. Names over the limit are one line."""
    art = tmp_path / ("z" * 247 + ".en.txt")
    shutil.copy(SEED, art)
    r = tqa("audit", art.name, "-f", "json", cwd=tmp_path)
    assert r.returncode == 1 and json.loads(r.stdout)["schema"] == 1, r.stderr
    r = tqa("gate", ".", "-j", "1", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    too_long = "y" * 300
    for args in (["audit", f"{too_long}.en.txt"], ["audit", art.name, "-o", f"{art.name}.json"],
                 ["gate", f"{too_long}.en.txt"], ["glossary", "list", "-g", too_long],
                 ["audit", art.name, "--config", f"{too_long}.toml"]):
        one_line(tqa(*args, cwd=tmp_path), "File name too long")


@pytest.mark.parametrize("path", [".", "/", "./", ".."])
def test_a_directory_without_a_name_is_named_as_a_directory(tmp_path, path):
    # `.` and `/` have no name: looking for their metadata file raised ValueError, exit 3
    one_line(tqa("audit", path, cwd=tmp_path), "is a directory, not a file")
