"""Glossary upkeep (issue 16): the CSV files terminologists have (plain language columns,
Trados Glossary Converter, memoQ), TBX-Basic v3 export, `add` refusing what `lint` rejects,
`stats` and `remove` on the files they touch. All through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.glossary import load_glossary

runner = CliRunner()


def tqa(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def gdir(tmp_path) -> Path:
    d = tmp_path / "glossary"
    r = tqa("glossary", "init", str(d))
    assert r.exit_code == 0, r.output
    return d


def _csv(tmp_path: Path, text: str, name: str = "team.csv") -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


# --- 1. CSV import of what terminologists have --------------------------------------------


@pytest.mark.parametrize("header", ["English,Russian", "en,ru", "EN-US;ru_RU", "English (United States)\tRussian"])
def test_plain_two_column_csv(tmp_path, gdir, header):
    sep = ";" if ";" in header else ("\t" if "\t" in header else ",")
    f = _csv(tmp_path, f"{header}\nKyiv{sep}Киев\nOlaf Scholz | Scholz{sep}Олаф Шольц\n")
    r = tqa("glossary", "import", str(f), "-g", str(gdir), "--kind", "place")
    assert r.exit_code == 0, r.output
    assert "2 added" in r.output
    g = load_glossary(gdir)
    kyiv = g.get("kyiv")
    assert kyiv.kind == "place" and kyiv.forms == {"en": "Kyiv", "ru": "Киев"}
    scholz = g.get("olaf-scholz")
    assert scholz.forms["en"] == "Olaf Scholz" and scholz.variants == {"en": ("Scholz",)}
    assert all(Path(e.file).name == "places.yaml" for e in g)


def test_plain_csv_default_kind_and_note_column(tmp_path, gdir):
    f = _csv(tmp_path, "Russian,English,Definition\nпроцентная ставка,interest rate,the price of money\n")
    r = tqa("glossary", "import", str(f), "-g", str(gdir))
    assert r.exit_code == 0, r.output
    e = load_glossary(gdir).get("interest-rate")  # the id is made from the English form
    assert e.kind == "term" and e.note == "the price of money" and e.forms["ru"] == "процентная ставка"


def test_memoq_export(tmp_path, gdir):
    # memoQ's term-base CSV: ';', Entry_* columns, then per language _Def, the term and its
    # term-level fields, the language repeated once per term
    f = _csv(tmp_path,
             "Entry_ID;Entry_Subject;Entry_Domain;Entry_Note;English_Def;English;Term_Info;Term_Example;"
             "Russian_Def;Russian;Term_Info;Term_Example;Russian;Term_Info;Term_Example\n"
             "17;politics;;capital;;Kyiv;;;;Киев;;;Кийов;;\n", "memoq.csv")
    r = tqa("glossary", "import", str(f), "-g", str(gdir), "--kind", "place")
    assert r.exit_code == 0, r.output
    e = load_glossary(gdir).get("kyiv")
    assert e.forms == {"en": "Kyiv", "ru": "Киев"} and e.variants == {"ru": ("Кийов",)} and e.note == "capital"


def test_tqa_columns_still_work(tmp_path, gdir):
    f = _csv(tmp_path, "id,kind,en,en.wrong,ru\nkyiv,place,Kyiv,Kiev,Киев\n")
    r = tqa("glossary", "import", str(f), "-g", str(gdir))
    assert r.exit_code == 0, r.output
    assert load_glossary(gdir).get("kyiv").wrong == {"en": ("Kiev",)}


@pytest.mark.parametrize(
    "text, says",
    [
        ("Source,Target\nKyiv,Киев\n", "column 'Source' is not a language"),
        ("English,en\nKyiv,Kyiv\n", "two columns are language 'en'"),
        ("Term,Translation\nKyiv,Киев\n", "column 'Term' is not a language"),
        ("note\nx\n", "no language column"),
    ],
)
def test_ambiguous_header_is_exit_2_saying_what_is_expected(tmp_path, gdir, text, says):
    f = _csv(tmp_path, text)
    r = tqa("glossary", "import", str(f), "-g", str(gdir))
    assert r.exit_code == 2, r.output
    assert says in r.output and "expected tqa's columns" in r.output and "English,Russian" in r.output
    assert len(r.output.strip().splitlines()) == 1 and "Traceback" not in r.output
    assert len(load_glossary(gdir)) == 0


def test_import_kind_must_be_known(tmp_path, gdir):
    f = _csv(tmp_path, "en,ru\nKyiv,Киев\n")
    r = tqa("glossary", "import", str(f), "-g", str(gdir), "--kind", "planet")
    assert r.exit_code == 2 and "unknown kind 'planet'" in r.output
