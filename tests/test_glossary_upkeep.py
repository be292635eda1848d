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


@pytest.mark.parametrize("header", ["English,Russian", "en,ru", "EN-US;ru_RU", "English (United States)\tRussian", "English,Russian,"])
def test_plain_two_column_csv(tmp_path, gdir, header):
    sep = ";" if ";" in header else ("\t" if "\t" in header else ",")
    tail = sep if header.endswith(sep) else ""  # a spreadsheet's empty last column
    f = _csv(tmp_path, f"{header}\nKyiv{sep}Киев{tail}\nOlaf Scholz | Scholz{sep}Олаф Шольц{tail}\n")
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


# --- 2. TBX-Basic v3 export ---------------------------------------------------------------

TBX_NS = "urn:iso:std:iso:30042:ed-2"
RNG = Path(__file__).parent / "fixtures" / "tbx" / "TBXcoreStructV03_TBX-Basic_integrated.rng"


def _bundled() -> Path:
    from tests.conftest import ROOT

    return ROOT / "references" / "glossary"


def _dialect_rules(doc) -> list[str]:
    """The TBX-Basic DCA Schematron's rules that apply to tqa's output (the .sch is XSLT 2,
    which lxml cannot run: see tests/fixtures/tbx/SOURCE.md)."""
    ns = {"t": TBX_NS}
    root = doc.getroot()
    out = []
    if root.get("type") != "TBX-Basic" or root.get("style") != "dca":
        out.append("type/style")
    if doc.xpath("//*[namespace-uri() != $ns]", ns=TBX_NS):
        out.append("element outside the TBX namespace")
    statuses = {"admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "preferredTerm-admn-sts"}
    if any(n.text not in statuses for n in doc.xpath("//t:termNote[@type='administrativeStatus']", namespaces=ns)):
        out.append("administrativeStatus value")
    ids = set(doc.xpath("//@id"))
    if any(t not in ids for t in doc.xpath("//@target")):
        out.append("target that is no id")
    if doc.xpath("//t:ref[@type='relatedConcept'][not(parent::t:conceptEntry)]", namespaces=ns):
        out.append("relatedConcept below conceptEntry")
    if doc.xpath("//t:termNote[not(parent::t:termSec)]", namespaces=ns):
        out.append("termNote outside termSec")
    return out


def test_tbx_v3_export_validates_against_the_tbx_basic_schema(tmp_path):
    etree = pytest.importorskip("lxml.etree")  # comes with translate-toolkit (the formats extra)

    rng = etree.RelaxNG(etree.parse(str(RNG)))
    out = tmp_path / "g.tbx"
    r = tqa("glossary", "export", "-g", str(_bundled()), "-o", str(out))
    assert r.exit_code == 0, r.output
    doc = etree.parse(str(out))
    assert rng.validate(doc), rng.error_log
    assert _dialect_rules(doc) == []
    ns = {"t": TBX_NS}
    assert len(doc.xpath("//t:conceptEntry", namespaces=ns)) == len(load_glossary(_bundled()))
    # the kind is a note, not the domain
    assert not doc.xpath("//t:descrip[@type='subjectField']", namespaces=ns)
    kinds = doc.xpath("//t:conceptEntry[@id='antony-blinken']/t:note/text()", namespaces=ns)
    assert "tqa-kind: person" in kinds
    # the schema is not a rubber stamp: v2 output, and v3 with the kind in a made-up admin type, fail it
    v2 = tmp_path / "g2.tbx"
    assert tqa("glossary", "export", "-g", str(_bundled()), "--tbx-version", "2", "-o", str(v2)).exit_code == 0
    assert not rng.validate(etree.parse(str(v2)))
    bad = out.read_text(encoding="utf-8").replace("<note>tqa-kind: person</note>", '<admin type="x-tqa-kind">person</admin>', 1)
    assert not rng.validate(etree.fromstring(bad.encode()))


@pytest.mark.parametrize("version", ["3", "2"])
def test_tbx_round_trip_both_versions(tmp_path, version):
    from audit.glossary.authoring.serialize import entry_to_data

    out = tmp_path / "g.tbx"
    assert tqa("glossary", "export", "-g", str(_bundled()), "--tbx-version", version, "-o", str(out)).exit_code == 0
    target = tmp_path / "back"
    r = tqa("glossary", "import", str(out), "-g", str(target))
    assert r.exit_code == 0, r.output
    assert [entry_to_data(e) for e in load_glossary(target)] == [entry_to_data(e) for e in load_glossary(_bundled())]


def test_old_tqa_tbx_with_kind_in_subject_field_still_imports(tmp_path, gdir):
    f = tmp_path / "old.tbx"
    f.write_text('<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry id="kyiv">'
                 '<descrip type="subjectField">place</descrip><langSet xml:lang="en"><tig><term>Kyiv</term>'
                 '</tig></langSet></termEntry></body></text></martif>', encoding="utf-8")
    r = tqa("glossary", "import", str(f), "-g", str(gdir))
    assert r.exit_code == 0, r.output
    assert load_glossary(gdir).get("kyiv").kind == "place"


def test_tbx_export_bad_version_and_empty_glossary(tmp_path, gdir):
    r = tqa("glossary", "export", "-g", str(_bundled()), "--tbx-version", "4")
    assert r.exit_code == 2 and "unknown TBX version 4" in r.output
    r = tqa("glossary", "export", "-g", str(gdir))  # init made it: no entries
    assert r.exit_code == 2 and "needs at least one concept entry" in r.output


# --- 3. add refuses what lint rejects; stats; removing the last entry ------------------------


@pytest.fixture
def bundled_copy(tmp_path) -> Path:
    import shutil

    d = tmp_path / "bundled"
    shutil.copytree(_bundled(), d)
    return d


@pytest.mark.parametrize(
    "args, says",
    [
        # a new canonical form that the glossary lists as a wrong rendering of another entry
        (["--kind", "place", "--form", "en=Kiev"], "[wrong-is-accepted] en 'Kiev' is a wrong rendering of kyiv"),
        # a new wrong rendering that another entry accepts
        (["--kind", "place", "--id", "kyiv-oblast", "--form", "en=Kyiv Oblast", "--wrong", "en=Kyiv"],
         "[wrong-is-accepted] en 'Kyiv' is a wrong rendering of kyiv-oblast but the canonical form of kyiv"),
        # a Latin-script Russian form
        (["--kind", "person", "--form", "en=Liz Truss", "--form", "ru=Liz Truss"], "[wrong-script] ru 'Liz Truss' is not written in CYRILLIC"),
        # the canonical form of another entry again
        (["--kind", "place", "--id", "kyiv-city", "--form", "en=Kyiv"], "[duplicate-form]"),
    ],
)
def test_add_refuses_what_lint_rejects(bundled_copy, args, says):
    before = {f.name: f.read_bytes() for f in bundled_copy.glob("*.yaml")}
    r = tqa("glossary", "add", "-g", str(bundled_copy), *args)
    assert r.exit_code == 2, r.output
    assert "refused, `tqa glossary lint` would reject it" in r.output and says in r.output
    assert len(r.output.strip().splitlines()) == 1
    assert {f.name: f.read_bytes() for f in bundled_copy.glob("*.yaml")} == before  # nothing written
    assert tqa("glossary", "lint", "-g", str(bundled_copy)).exit_code == 0


def test_add_force_writes_what_lint_rejects_and_lint_says_so(bundled_copy):
    r = tqa("glossary", "add", "-g", str(bundled_copy), "--kind", "place", "--form", "en=Kiev", "--force")
    assert r.exit_code == 0, r.output
    r = tqa("glossary", "lint", "-g", str(bundled_copy))
    assert r.exit_code == 1 and "[wrong-is-accepted]" in r.output


def test_add_accepts_a_clean_entry_and_lint_stays_clean(bundled_copy):
    r = tqa("glossary", "add", "-g", str(bundled_copy), "--kind", "person", "--form", "en=Liz Truss",
            "--form", "ru=Лиз Трасс", "--wrong", "en=Liz Trass")
    assert r.exit_code == 0, r.output
    assert tqa("glossary", "lint", "-g", str(bundled_copy)).exit_code == 0


def test_stats_counts_the_files_it_lists(gdir):
    r = tqa("glossary", "stats", "-g", str(gdir))  # init: five files, no entries
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "0 entries in 5 file(s)"
    listed = lines[lines.index("files:") + 1: lines.index("files:") + 6]
    assert [x.split()[0] for x in listed] == ["organisations.yaml", "people.yaml", "places.yaml", "terms.yaml", "titles.yaml"]
    assert all(x.split()[1] == "0" for x in listed)
    assert tqa("glossary", "add", "-g", str(gdir), "--kind", "place", "--form", "en=Kyiv").exit_code == 0
    r = tqa("glossary", "stats", "-g", str(gdir))
    assert r.output.splitlines()[0] == "1 entries in 5 file(s)" and "  places.yaml                 1" in r.output


@pytest.mark.parametrize("layout", ["directory", "file"])
def test_removing_the_last_entry_leaves_a_valid_empty_file(tmp_path, gdir, layout):
    if layout == "directory":
        g, f = gdir, gdir / "places.yaml"
    else:
        g = f = tmp_path / "one.yaml"
        f.write_text("- id: kyiv\n  kind: place\n  forms: {en: Kyiv}\n", encoding="utf-8")
    if layout == "directory":
        assert tqa("glossary", "add", "-g", str(g), "--kind", "place", "--form", "en=Kyiv").exit_code == 0
    r = tqa("glossary", "remove", "kyiv", "-g", str(g))
    assert r.exit_code == 0, r.output
    # kept, on purpose: -g FILE still names the glossary, a directory's kind file is where the
    # next add goes (with init's comment on the fields); it reads as no entries and lints clean
    assert f.is_file() and "- id:" not in f.read_text(encoding="utf-8")
    assert len(load_glossary(g)) == 0
    assert tqa("glossary", "lint", "-g", str(g)).exit_code == 0
    assert tqa("glossary", "stats", "-g", str(g)).output.startswith("0 entries")
    assert tqa("glossary", "add", "-g", str(g), "--kind", "place", "--form", "en=Kyiv").exit_code == 0
    assert load_glossary(g).get("kyiv") is not None


def test_organisation_near_misses_flagged_in_audit_once_fuzzy(tmp_path, gdir):
    """What the README says: an organisation's near-misses are flagged once its entry is fuzzy."""
    assert tqa("glossary", "add", "-g", str(gdir), "--kind", "organisation", "--form", "en=Naftogaz").exit_code == 0
    art = tmp_path / "n.en.txt"
    art.write_text("Naftogas, the state company, denied the report on Tuesday.\n", encoding="utf-8")
    import json

    r = tqa("audit", str(art), "-g", str(gdir), "--format", "json")
    assert json.loads(r.stdout)["findings"] == []  # organisations are matched exactly by default
    assert tqa("glossary", "edit", "naftogaz", "-g", str(gdir), "--fuzzy").exit_code == 0
    r = tqa("audit", str(art), "-g", str(gdir), "--format", "json")
    (f,) = json.loads(r.stdout)["findings"]
    assert (f["rule"], f["text"], f["suggestion"]) == ("NAME001", "Naftogas", "Naftogaz")


def test_tbx_ids_starting_with_a_digit_are_valid_xml_ids_and_come_back(tmp_path):
    etree = pytest.importorskip("lxml.etree")

    g = tmp_path / "g.yaml"
    g.write_text("- id: 1st-deputy-pm\n  kind: title\n  forms: {en: First Deputy Prime Minister}\n"
                 "- id: 2022-election\n  kind: term\n  forms: {en: 2022 election}\n"
                 "- id: andrei-belousov\n  kind: person\n  forms: {en: Andrei Belousov}\n"
                 "  roles: [{title: 1st-deputy-pm, from: 2020-01-21, to: 2024-05-12}]\n", encoding="utf-8")
    out = tmp_path / "g.tbx"
    assert tqa("glossary", "export", "-g", str(g), "-o", str(out)).exit_code == 0
    doc = etree.parse(str(out))
    rng = etree.RelaxNG(etree.parse(str(RNG)))
    assert rng.validate(doc), rng.error_log
    assert _dialect_rules(doc) == []
    back = tmp_path / "back"
    assert tqa("glossary", "import", str(out), "-g", str(back)).exit_code == 0
    from audit.glossary.authoring.serialize import entry_to_data

    assert sorted(map(entry_to_data, load_glossary(back)), key=lambda d: d["id"]) == \
        sorted(map(entry_to_data, load_glossary(g)), key=lambda d: d["id"])


def test_edit_refuses_what_it_would_bring_in_but_not_old_problems(bundled_copy, tmp_path):
    r = tqa("glossary", "edit", "kyiv", "-g", str(bundled_copy), "--add-wrong", "en=Moscow")
    assert r.exit_code == 2 and "[wrong-is-accepted] en 'Moscow' is a wrong rendering of kyiv" in r.output
    r = tqa("glossary", "edit", "moscow", "-g", str(bundled_copy), "--form", "ru=Moskva")
    assert r.exit_code == 2 and "[wrong-script] ru 'Moskva'" in r.output
    assert tqa("glossary", "lint", "-g", str(bundled_copy)).exit_code == 0  # nothing was written
    # an entry that already has a problem can still be edited in other ways
    g = tmp_path / "one.yaml"
    g.write_text("- id: moscow\n  kind: place\n  forms: {en: Moscow, ru: Moskva}\n", encoding="utf-8")
    r = tqa("glossary", "edit", "moscow", "-g", str(g), "--add-wrong", "en=Moskow")
    assert r.exit_code == 0, r.output
    r = tqa("glossary", "edit", "moscow", "-g", str(bundled_copy), "--form", "ru=Moskva", "--force")
    assert r.exit_code == 0 and tqa("glossary", "lint", "-g", str(bundled_copy)).exit_code == 1
