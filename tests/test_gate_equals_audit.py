"""`tqa gate` audits every input kind `tqa audit` reads, the same way: for each kind in
tests/fixtures (plain text, HTML, Markdown, a translation with its source file, XLIFF 1.2 and
2.0, TMX, PO, TSV, CSV) the gate's report of the file equals `tqa audit`'s report (score,
findings, notices, segments, signature), and the exit codes agree.

A source file beside its translation (`x.ru.txt` beside `x.en.txt`, source language ru) is
the translation's source, not a second article; `--source-dir DIR` looks for it in DIR."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.config import Settings
from audit.sources import source_of, with_sources

FIX = Path(__file__).resolve().parent / "fixtures"
runner = CliRunner()

# kind -> (file under tests/fixtures, flags both commands get)
KINDS = {
    "plain": ("other/bad.en.txt", ["--source-lang", "de"]),
    "plain, clean": ("gate/library-budget.en.txt", []),
    "html": ("kinds/energy.en.html", ["--source-lang", "de"]),
    "markdown": ("kinds/energy.en.md", ["--source-lang", "de"]),
    "xliff 1.2": ("bilingual/ru-en.xlf", []),
    "xliff 2.0": ("bilingual/de-en.xlf", []),
    "tmx": ("bilingual/el-en.tmx", []),
    "po": ("bilingual/en-fr.po", ["--source-lang", "en"]),
    "tsv": ("bilingual/ru-en.tsv", ["--lang", "en"]),
    "csv": ("bilingual/de-en.csv", []),
}


def _json(args: list[str]) -> tuple[int, dict]:
    r = runner.invoke(app, [*args, "-f", "json"])
    assert r.exit_code in (0, 1), r.output
    return r.exit_code, json.loads(r.stdout)


def _same(audit_args: list[str], gate_args: list[str]) -> dict:
    """The gate's one file entry equals tqa audit's report; returns it."""
    code_a, report = _json(["audit", *audit_args])
    code_g, run = _json(["gate", "-j", "1", "--no-progress", *gate_args])
    assert len(run["files"]) == 1, [f["path"] for f in run["files"]]
    entry = dict(run["files"][0])
    assert entry.pop("status") == ("pass" if report["passed"] else "fail")
    entry.pop("path")  # the gate names each file of its run; tqa audit's report is of one
    assert entry == report
    assert code_g == code_a
    return report


@pytest.mark.parametrize("kind", list(KINDS))
def test_gate_reports_every_kind_as_audit_does(kind):
    name, flags = KINDS[kind]
    report = _same([str(FIX / name), *flags], [str(FIX / name), *flags])
    if name.endswith((".xlf", ".tmx", ".po", ".tsv", ".csv")):  # read as units, not as XML or lines of text
        assert report["bilingual"]["pairs"] and report["document"]["source_lang"]
        assert not any(f["rule"] == "LANG001" for f in report["findings"])


@pytest.mark.parametrize("name", ["entities.xlf", "malformed.xlf"])
def test_a_bilingual_file_refused_by_audit_is_an_error_entry_of_the_gate(name):
    a = runner.invoke(app, ["audit", str(FIX / "bilingual" / name)])
    g = runner.invoke(app, ["gate", "-j", "1", "--no-progress", str(FIX / "bilingual" / name), "-f", "json"])
    assert a.exit_code == g.exit_code == 2
    error = json.loads(g.stdout)["files"][0]["error"]
    assert error in a.output and "\n" not in error


def test_the_kinds_have_findings_to_compare():
    """The comparison above is not of empty reports only."""
    found = {kind: len(_json(["audit", str(FIX / name), *flags])[1]["findings"]) for kind, (name, flags) in KINDS.items()
             if kind in ("plain", "html", "markdown", "xliff 1.2", "csv")}
    assert all(found.values()), found


def _dropped_sentence(tmp: Path) -> tuple[Path, Path]:
    """news.en.txt with its second sentence deleted, and news.ru.txt: OMIT001 has a finding."""
    src = FIX / "bilingual" / "omission"
    tmp.mkdir(parents=True, exist_ok=True)
    paras = (src / "news.en.txt").read_text(encoding="utf-8").split("\n\n")
    sentences = re.split(r"(?<=[.!?])\s+", paras[1])
    paras[1] = " ".join(sentences[:1] + sentences[2:])
    (tmp / "news.en.txt").write_text("\n\n".join(paras), encoding="utf-8")
    shutil.copy(src / "news.ru.txt", tmp / "news.ru.txt")
    return tmp / "news.en.txt", tmp / "news.ru.txt"


def test_a_source_beside_its_translation_is_its_source(tmp_path):
    target, source = _dropped_sentence(tmp_path / "articles")
    report = _same([str(target), "--source", str(source), "--source-lang", "ru"],
                   [str(tmp_path / "articles"), "--source-lang", "ru"])
    assert [f["rule"] for f in report["findings"]] == ["OMIT001"]


def test_the_source_language_may_come_from_the_metadata(tmp_path):
    target, source = _dropped_sentence(tmp_path)
    (tmp_path / "news.en.meta.yaml").write_text("source_lang: ru\n", encoding="utf-8")
    report = _same([str(target), "--source", str(source)], [str(tmp_path)])
    assert report["document"]["source_lang"] == "ru" and report["findings"]


def test_source_dir(tmp_path):
    target, source = _dropped_sentence(tmp_path / "en")
    (tmp_path / "ru").mkdir()
    source = source.rename(tmp_path / "ru" / source.name)
    _same([str(target), "--source", str(source), "--source-lang", "ru"],
          [str(tmp_path / "en"), "--source-lang", "ru", "--source-dir", str(tmp_path / "ru")])
    r = runner.invoke(app, ["gate", str(tmp_path / "en"), "--source-dir", str(tmp_path / "nowhere")])
    assert r.exit_code == 2 and "not a directory" in r.output


def test_source_of_the_convention(tmp_path):
    for name in ("a.en.txt", "a.ru.txt", "b.txt", "c.en.md", "c.ru.md", "d.en.xlf", "d.ru.xlf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "b.txt").write_text("x", encoding="utf-8")
    assert source_of(tmp_path / "a.en.txt", "ru") == tmp_path / "a.ru.txt"
    assert source_of(tmp_path / "c.en.md", "ru") == tmp_path / "c.ru.md"
    assert source_of(tmp_path / "a.en.txt", None) is None  # no source language: no pairing
    assert source_of(tmp_path / "a.en.txt", "de") is None  # no a.de.txt
    assert source_of(tmp_path / "a.ru.txt", "ru") is None  # itself
    assert source_of(tmp_path / "d.en.xlf", "ru") is None  # a bilingual file carries its sources
    assert source_of(tmp_path / "b.txt", "ru", tmp_path / "src") == tmp_path / "src" / "b.txt"
    files, sources = with_sources(sorted(tmp_path.glob("*.txt")), Settings(), "ru")
    assert files == [tmp_path / "a.en.txt", tmp_path / "b.txt"] and sources == {tmp_path / "a.en.txt": tmp_path / "a.ru.txt"}


def test_a_directory_gives_the_gate_its_localisation_files_by_default(tmp_path):
    """From a directory the default `include` takes articles and the files a localisation team
    keeps translations in (XLIFF, PO, TMX), each audited as tqa audit reads it; tables and HTML
    only when included on purpose."""
    for name in ("bilingual/ru-en.xlf", "bilingual/el-en.tmx", "bilingual/de-en.csv",
                 "gate/library-budget.en.txt", "kinds/energy.en.html"):
        shutil.copy(FIX / name, tmp_path / Path(name).name)
    r = runner.invoke(app, ["gate", "-j", "1", "--no-progress", "-f", "json", str(tmp_path)])
    assert r.exit_code in (0, 1), r.output
    run = json.loads(r.stdout)
    assert sorted(Path(f["path"]).name for f in run["files"]) == [
        "el-en.tmx", "library-budget.en.txt", "ru-en.xlf"]
    code, xlf = _json(["audit", str(tmp_path / "ru-en.xlf")])
    (entry,) = [dict(f) for f in run["files"] if f["path"].endswith("ru-en.xlf")]
    assert entry["score"] == xlf["score"] and entry["findings"] == xlf["findings"]
    po = tmp_path / "po"  # a PO file names no source language: the flag gives it
    po.mkdir()
    shutil.copy(FIX / "bilingual/en-fr.po", po)
    code, run = _json(["gate", "-j", "1", "--no-progress", "--source-lang", "en", str(po)])
    assert [Path(f["path"]).name for f in run["files"]] == ["en-fr.po"]


def test_tqa_audit_finds_the_source_beside_as_the_gate_does(tmp_path):
    """`tqa audit x.en.txt` takes x.ru.txt beside it as its source, by the gate's convention, and
    says so in a notice; `--no-source` audits the translation alone."""
    target, source = _dropped_sentence(tmp_path)
    _, found = _json(["audit", str(target), "--source-lang", "ru"])
    assert found["notices"][0] == f"source: {source} (found beside {target}; --no-source audits without it)"
    found["notices"] = found["notices"][1:]
    report = _same([str(target), "--source", str(source), "--source-lang", "ru"], [str(tmp_path), "--source-lang", "ru"])
    assert found == report and [f["rule"] for f in report["findings"]] == ["OMIT001"]
    _, alone = _json(["audit", str(target), "--source-lang", "ru", "--no-source"])
    assert "bilingual" not in alone and not any(f["rule"] == "OMIT001" for f in alone["findings"])
    both = runner.invoke(app, ["audit", str(target), "--source", str(source), "--no-source"])
    assert both.exit_code == 2 and "give one of --source and --no-source" in both.output
