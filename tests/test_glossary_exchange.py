"""TBX and CSV exchange: lossless round trips, translate-toolkit reads our TBX, import merges
and reports conflicts, unsafe XML is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.errors import DataError
from audit.glossary import load_glossary
from audit.glossary.authoring.serialize import entry_to_data
from audit.glossary.authoring.tbx import read_tbx
from tests.conftest import ROOT

BUNDLED = ROOT / "references" / "glossary"
runner = CliRunner()


def tqa(*args: str):
    return runner.invoke(app, list(args))


def _same(a, b) -> None:
    assert [entry_to_data(e) for e in a] == [entry_to_data(e) for e in b]


@pytest.fixture
def gdir(tmp_path) -> Path:
    d = tmp_path / "glossary"
    shutil.copytree(BUNDLED, d)
    return d


@pytest.mark.parametrize("fmt", ["tbx", "csv"])
def test_export_then_import_gives_the_same_glossary(tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    r = tqa("glossary", "export", "--format", fmt, "-o", str(out), "-g", str(BUNDLED))
    assert r.exit_code == 0, r.output
    target = tmp_path / "imported"
    r = tqa("glossary", "import", str(out), "-g", str(target))
    assert r.exit_code == 0, r.output
    original, back = load_glossary(BUNDLED), load_glossary(target)
    _same(original, back)
    assert sorted(Path(f).name for f in back.files) == sorted(Path(f).name for f in original.files)
    # importing again changes nothing
    r = tqa("glossary", "import", str(out), "-g", str(target))
    assert r.exit_code == 0 and "0 added, 0 merged, 59 unchanged, 0 conflict(s)" in r.output


def test_tbx_opens_in_translate_toolkit_with_the_right_languages(tmp_path):
    tbx = pytest.importorskip("translate.storage.tbx")  # the `formats` extra

    out = tmp_path / "g.tbx"  # translate-toolkit reads TBX v2 (martif) only: the option is for it
    assert tqa("glossary", "export", "--tbx-version", "2", "-o", str(out), "-g", str(BUNDLED)).exit_code == 0
    g = load_glossary(BUNDLED)
    with open(out, "rb") as f:
        store = tbx.tbxfile(f, sourcelanguage="en", targetlanguage="ru")
    assert len(store.units) == len(g)
    by_source = {u.source: u.target for u in store.units}
    for e in g:
        assert by_source[e.forms["en"]] == e.forms["ru"]
    with open(out, "rb") as f:
        reverse = tbx.tbxfile(f, sourcelanguage="ru", targetlanguage="en")
    assert {u.source: u.target for u in reverse.units}["Совет Россия — НАТО"] == "NATO-Russia Council"
    with open(out, "rb") as f:
        de = tbx.tbxfile(f, sourcelanguage="en", targetlanguage="de")
    assert {u.source: u.target for u in de.units}["German Chancellor"] == "Bundeskanzler"


def test_tbx_statuses_and_fields(tmp_path):
    for version, root, term in (("3", '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">', "termSec"),
                                ("2", '<martif type="TBX-Basic" xml:lang="en">', "tig")):
        out = tmp_path / f"g{version}.tbx"
        assert tqa("glossary", "export", "--tbx-version", version, "-o", str(out), "-g", str(BUNDLED)).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert root in text and f"<{term}>" in text
        blinken = next(d for d in read_tbx(out) if d["id"] == "antony-blinken")
        assert blinken["kind"] == "person" and blinken["wrong"]["en"][0] == "Anthony Blinken"
        assert blinken["roles"][1] == {"title": "secretary-of-state", "from": "2021-01-26", "to": "2025-01-20"}
        assert "<term>Anthony Blinken</term>\n            <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>" in text
        assert 'type="subjectField"' not in text and "<note>tqa-kind: person</note>" in text


def test_tbx_from_another_tool_v3(tmp_path):
    f = tmp_path / "other.tbx"
    f.write_text(
        """<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <tbxHeader><fileDesc><sourceDesc><p>CAT tool</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="c1">
   <langSec xml:lang="en">
    <termSec><term>Bank of England</term></termSec>
    <termSec><term>BoE</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
    <termSec><term>England Bank</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
   </langSec>
   <langSec xml:lang="ru"><termSec><term>Банк Англии</term></termSec></langSec>
  </conceptEntry>
  <conceptEntry><langSec xml:lang="en"><termSec><term>interest rate</term></termSec></langSec></conceptEntry>
 </body></text>
</tbx>""",
        encoding="utf-8",
    )
    target = tmp_path / "g"
    r = tqa("glossary", "import", str(f), "-g", str(target))
    assert r.exit_code == 0, r.output
    g = load_glossary(target)
    c1 = g.get("c1")
    assert c1.kind == "term" and c1.forms == {"en": "Bank of England", "ru": "Банк Англии"}
    assert c1.variants == {"en": ("BoE",)} and c1.wrong == {"en": ("England Bank",)}
    assert g.get("interest-rate").forms == {"en": "interest rate"}


def test_import_merges_and_reports_conflicts(gdir, tmp_path):
    csv = tmp_path / "team.csv"
    csv.write_text(
        "id,kind,en,en.variants,en.wrong,ru,note\n"
        "kyiv,place,Kyiv,,Kyyiv,Киев,\n"  # adds a wrong rendering: merged
        "moscow,place,Moskva,,,Москва,\n"  # another canonical form: conflict
        "liz-truss,person,Liz Truss,Truss,,Лиз Трасс,UK Foreign Secretary 2021-2022\n"  # new: added
        "kiev-city,place,Kyiv,,,,\n"  # a new id for something the glossary has: conflict
        "belarus,place,Belarus,Belorussia,,Белоруссия,\n",  # accepts what the glossary calls wrong: conflict
        encoding="utf-8",
    )
    before_moscow = load_glossary(gdir).get("moscow")
    r = tqa("glossary", "import", str(csv), "-g", str(gdir), "--dry-run")
    assert r.exit_code == 1 and "would be added liz-truss" in r.output
    assert load_glossary(gdir).get("liz-truss") is None  # dry run wrote nothing
    r = tqa("glossary", "import", str(csv), "-g", str(gdir))
    assert r.exit_code == 1, r.output
    assert "merged kyiv: + en wrong 'Kyyiv'" in r.output
    assert "conflict moscow: en form is 'Moscow' here, 'Moskva' in the import" in r.output
    assert "conflict kiev-city: its en form 'Kyiv' is the canonical form of kyiv" in r.output
    assert "conflict belarus: en 'Belorussia' is wrong here, a variant in the import" in r.output
    assert "1 added, 1 merged, 0 unchanged, 3 conflict(s)" in r.output
    g = load_glossary(gdir)
    assert g.get("kyiv").wrong["en"] == ("Kiev", "Kiyev", "Kyyiv")
    assert entry_to_data(g.get("moscow")) == entry_to_data(before_moscow)
    assert g.get("liz-truss").note == "UK Foreign Secretary 2021-2022" and g.get("kiev-city") is None


@pytest.mark.parametrize(
    "content, message",
    [
        ("id,kind,en\nx,planet,X\n", "team.csv:2 (entry 'x'): kind 'planet'"),
        ("id,kind,en,colour\nx,term,X,red\n", "unknown column 'colour'"),
        ("id,en\nx,X\n", "the header needs kind"),
        ("id,kind,en\nx,term\n", "team.csv:2: 2 columns, the header has 3"),
        ("id,kind,en,roles\nx,person,X Y,bad role here\n", "role 'bad role here'"),
        ("id,kind,en\nx,term,X\nx,term,Y\n", "the id appears twice"),
    ],
)
def test_bad_csv_is_one_clear_error(gdir, tmp_path, content, message):
    f = tmp_path / "team.csv"
    f.write_text(content, encoding="utf-8")
    r = tqa("glossary", "import", str(f), "-g", str(gdir))
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


@pytest.mark.parametrize(
    "xml, message",
    [
        ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><martif>&b;</martif>', "refused"),
        ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif>&x;</martif>', "refused"),
        ("<martif><text><body><termEntry>", "not well-formed"),
        ("<html/>", "not a TBX file"),
    ],
)
def test_unsafe_or_bad_xml_is_refused(tmp_path, xml, message):
    f = tmp_path / "evil.tbx"
    f.write_text(xml, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_tbx(f)
    r = tqa("glossary", "import", str(f), "-g", str(tmp_path / "g"))
    assert r.exit_code == 2 and message in r.output


def test_csv_export_is_documented_header(tmp_path):
    r = tqa("glossary", "export", "--format", "csv", "-g", str(BUNDLED), "--lang", "en", "--lang", "ru")
    assert r.exit_code == 0
    assert r.output.splitlines()[0] == "id,kind,en,en.variants,en.wrong,ru,ru.variants,ru.wrong,roles,source,note,fuzzy"
    assert "antony-blinken,person,Antony Blinken,Blinken | Antony J. Blinken | Tony Blinken," in r.output
    assert "deputy-secretary-of-state 2015-01-09..2017-01-20 | secretary-of-state 2021-01-26..2025-01-20" in r.output


@pytest.mark.parametrize(
    "xml, message",
    [
        ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><martif>&b;</martif>', "refused"),
        ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif>&x;</martif>', "refused"),
    ],
)
def test_unsafe_xml_is_refused_without_defusedxml(tmp_path, monkeypatch, xml, message):
    import sys

    monkeypatch.setitem(sys.modules, "defusedxml", None)  # the standard-library path
    monkeypatch.setitem(sys.modules, "defusedxml.ElementTree", None)
    f = tmp_path / "evil.tbx"
    f.write_text(xml, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_tbx(f)
    out = tmp_path / "ok.tbx"
    assert tqa("glossary", "export", "-o", str(out), "-g", str(BUNDLED)).exit_code == 0
    assert len(read_tbx(out)) == 59
