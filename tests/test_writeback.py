"""`tqa audit FILE --write-back` (issue 16): findings written into XLIFF units as ITS 2.0
Localization Quality Issue annotations and into PO entries as translator comments, through the
CLI; a re-run replaces tqa's annotations (never duplicates them) and keeps everyone else's."""

from __future__ import annotations

import json
import shutil

import pytest
from lxml import etree
from typer.testing import CliRunner

from audit.cli import app
from tests.conftest import FIXTURES

runner = CliRunner()
ITS = "http://www.w3.org/2005/11/its"
NS = {"its": ITS, "x": "urn:oasis:names:tc:xliff:document:1.2"}

XLF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:its="http://www.w3.org/2005/11/its">
  <file source-language="ru" target-language="en" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="t1">
        <source>Вчера Сергей Лавров прибыл в Женеву.</source>
        <target>Yesterday Sergey Lavrov arrived in Geneva.</target>
      </trans-unit>
      <trans-unit id="t2">
        <source>Энтони Блинкен сказал, что погибли 15 человек.</source>
        <target>Anthony Blinken said that 16 people died.</target>
        <note>A reviewer's note.</note>
        <its:locQualityIssues xml:id="reviewer-1"><its:locQualityIssue locQualityIssueType="style" locQualityIssueComment="mine"/></its:locQualityIssues>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

PO = """msgid ""
msgstr ""
"Language: en\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

# A translator's own note.
#: a.c:1
msgid "Энтони Блинкен прибыл в Женеву в пятницу."
msgstr "Anthony Blinken arrived in Geneva on Friday."

msgctxt "x"
msgid "Погибли 15 человек."
msgstr "16 people died."

msgid "Сергей Лавров прибыл в Женеву."
msgstr "Sergey Lavrov arrived in Geneva."
"""


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _issues(path):
    tree = etree.parse(str(path))
    out = {}
    for unit in tree.iterfind(".//x:trans-unit", NS):
        target = unit.find("x:target", NS)
        ref = target.get(f"{{{ITS}}}locQualityIssuesRef") if target is not None else None
        groups = {g.get("{http://www.w3.org/XML/1998/namespace}id"): g for g in unit.iterfind("its:locQualityIssues", NS)}
        tqa = [g for k, g in groups.items() if k.startswith("tqa-")]
        out[unit.get("id")] = {
            "ref": ref,
            "tqa": [(i.get("locQualityIssueType"), i.get("locQualityIssueSeverity"), i.get("locQualityIssueComment"))
                    for g in tqa for i in g],
            "others": sorted(k for k in groups if not k.startswith("tqa-")),
        }
    return tree, out


def test_xliff_gets_its_quality_issues_and_a_rerun_replaces_them(in_tmp):
    f = in_tmp / "a.xlf"
    f.write_text(XLF, encoding="utf-8")
    res = runner.invoke(app, ["audit", str(f), "--write-back", "-f", "json"])
    assert res.exit_code == 1, res.output
    found = json.loads(res.stdout)["findings"]
    assert {x["rule"] for x in found} >= {"TERM001", "NUM001"}
    assert f"wrote {len(found)} finding(s) into" in res.stderr
    tree, issues = _issues(f)
    assert tree.getroot().get(f"{{{ITS}}}version") == "2.0"
    assert issues["t1"] == {"ref": None, "tqa": [], "others": []}
    t2 = issues["t2"]
    assert t2["ref"] == "#tqa-1" and t2["others"] == ["reviewer-1"]  # the reviewer's annotation is kept
    kinds = {(kind, sev) for kind, sev, _ in t2["tqa"]}
    assert ("terminology", "50") in kinds and ("numbers", "50") in kinds
    assert any("TERM001" in c and "'Anthony Blinken' at 0" in c and "→ Antony Blinken" in c for _, _, c in t2["tqa"])
    assert "A reviewer's note." in f.read_text(encoding="utf-8")
    first = f.read_bytes()
    # a re-run replaces: the same file, byte for byte
    again = runner.invoke(app, ["audit", str(f), "--write-back"])
    assert again.exit_code == 1 and f.read_bytes() == first
    assert f.read_text(encoding="utf-8").count('xml:id="tqa-') == 1
    # the annotated file still reads as the same units and findings
    assert [x["rule"] for x in json.loads(runner.invoke(app, ["audit", str(f), "-f", "json"]).stdout)["findings"]] == \
        [x["rule"] for x in found]
    # fixed by a translator: tqa's annotation goes, the reviewer's stays
    f.write_text(f.read_text(encoding="utf-8").replace("Anthony Blinken said that 16", "Antony Blinken said that 15"),
                 encoding="utf-8")
    res = runner.invoke(app, ["audit", str(f), "--write-back"])
    assert res.exit_code == 0, res.output
    _, issues = _issues(f)
    assert issues["t2"] == {"ref": None, "tqa": [], "others": ["reviewer-1"]}
    assert not list(in_tmp.glob(".*.tmp"))


def test_a_reviewers_reference_on_the_target_is_kept(in_tmp):
    f = in_tmp / "a.xlf"
    f.write_text(XLF.replace("<target>Anthony", '<target its:locQualityIssuesRef="#reviewer-1">Anthony'), encoding="utf-8")
    assert runner.invoke(app, ["audit", str(f), "--write-back"]).exit_code == 1
    tree, issues = _issues(f)
    assert issues["t2"]["ref"] == "#reviewer-1" and issues["t2"]["tqa"]
    unit = tree.find(".//x:trans-unit[@id='t2']", NS)
    assert unit.get(f"{{{ITS}}}locQualityIssuesRef") == "#tqa-1"  # ours on the unit instead


def test_po_gets_translator_comments_like_pofilter(in_tmp):
    from translate.storage import po

    f = in_tmp / "a.po"
    f.write_text(PO, encoding="utf-8")
    res = runner.invoke(app, ["audit", str(f), "--source-lang", "ru", "--write-back"])
    assert res.exit_code == 1, res.output
    text = f.read_text(encoding="utf-8")
    assert "# A translator's own note.\n# (tqa) TERM001 [major]" in text
    assert "# (tqa) NUM001 [major] '16' here, but the source has '15'" in text
    units = [u for u in po.pofile(f.read_bytes()).units if not u.isheader()]
    notes = [u.getnotes("translator") for u in units]
    assert "(tqa) TERM001" in notes[0] and "(tqa) NUM001" in notes[1] and notes[2] == ""
    first = f.read_bytes()
    assert runner.invoke(app, ["audit", str(f), "--source-lang", "ru", "--write-back"]).exit_code == 1
    assert f.read_bytes() == first and f.read_text(encoding="utf-8").count("(tqa) TERM001") == 1
    f.write_text(f.read_text(encoding="utf-8").replace('"16 people died."', '"15 people died."'), encoding="utf-8")
    runner.invoke(app, ["audit", str(f), "--source-lang", "ru", "--write-back"])
    text = f.read_text(encoding="utf-8")
    assert "(tqa) NUM001" not in text and "(tqa) TERM001" in text and "# A translator's own note." in text


def test_write_back_refuses_what_it_cannot_annotate(in_tmp):
    plain = in_tmp / "a.en.txt"
    plain.write_text("Anthony Blinken arrived in Geneva on Friday for talks with his counterpart.\n", encoding="utf-8")
    for args, fragment in (([str(plain), "--write-back"], "XLIFF 1.2 and PO"),
                           ([str(FIXTURES / "bilingual" / "el-en.tmx"), "--write-back"], "XLIFF 1.2 and PO"),
                           (["-", "--write-back"], "standard input"),
                           ([str(plain), "--write-back", "--fix"], "one of --fix")):
        res = runner.invoke(app, ["audit", *args], input="Anthony Blinken spoke.")
        assert res.exit_code == 2, (args, res.output)
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and fragment in lines[0], res.stderr
    assert "Anthony" in plain.read_text(encoding="utf-8")


def test_fixture_xliff_round_trips(in_tmp):
    f = in_tmp / "ru-en.xlf"
    shutil.copy(FIXTURES / "bilingual" / "ru-en.xlf", f)
    res = runner.invoke(app, ["audit", str(f), "--write-back"])
    assert res.exit_code == 1 and "wrote 1 finding(s)" in res.stderr
    _, issues = _issues(f)
    assert issues["t2"]["ref"] == "#tqa-1" and issues["t2"]["tqa"][0][0] == "numbers"
    assert f.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<xliff')
