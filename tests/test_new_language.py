"""A new language is added by data alone (issue 13): Czech, which the bundled references do not
describe, is added to a copy of references/ (its script, caption markers, function words, month
forms, scale abbreviations, ordinal and percent words) and texts in it are audited through the
CLI with no code change. Language-specific findings fire on a wrong text and stay silent on a
correct one; without the data, the same correct text is refused or misread."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.references import bundled_root

runner = CliRunner()

LANGUAGE = """
cs:
  name: Czech
  scripts: [LATIN]
  caption_markers: ["(vlevo)", "(vpravo)", "(uprostřed)", "Foto:", "Snímek:"]
  title_heads: [premiér, premiérka, ministr, ministryně, prezident, prezidentka, mluvčí, předseda,
                předsedkyně, velvyslanec, velvyslankyně, tajemník, ředitel, hejtman, starosta]
  title_joiners: [pro, věcí, a]
  title_skip: [bývalý, bývalá]
  abbreviations: [č, tj, tzv, např, atd, apod, mld, mil, tis, odst, str, resp, cca]
  name_abbreviations: [p, pí, ing, mgr, dr, prof, doc, sv, ul]
  function_words: [se, je, že, jsou, by, byl, byla, bylo, který, která, které, jejich, také, jeho, její,
                   při, nebo, aby, než, jak, jako, ale, podle, kde, když, proto, však, již, už, ani]
  final_vowels: [áéěíóúůý]
"""

# CLDR (Babel) gives Czech month names in the nominative and genitive (březen, března) and
# num2words the cardinals; the locative of months (v březnu), the scale abbreviations, the
# ordinals (num2words has none for Czech) and the percent word are data.
QUANTITIES = """
cs:
  scales: {tis: 1000, tisíc: 1000, mil: 1000000, milion: 1000000, milionů: 1000000, mld: 1000000000,
           miliarda: 1000000000, miliardy: 1000000000, miliard: 1000000000}
  month_forms: {1: [lednu], 2: [únoru], 3: [březnu], 4: [dubnu], 5: [květnu], 6: [červnu], 7: [červenci],
                8: [srpnu], 9: [září], 10: [říjnu], 11: [listopadu], 12: [prosinci]}
  ordinal_words: {první: 1, druhý: 2, druhé: 2, třetí: 3, čtvrtý: 4, čtvrté: 4, pátý: 5, páté: 5,
                  šestý: 6, šesté: 6, sedmý: 7, sedmé: 7, osmý: 8, osmé: 8, devátý: 9, deváté: 9}
  percent_patterns: ['procent\\w*']
  number_joiners: [a]
  range_words: [až, do, a]
"""

SOURCE = ("Prime Minister Petr Fiala met the President in Prague on 5 May. The government approved a budget "
          "of 4.5 billion crowns. Inflation rose to 7 percent in March. The 5th round of talks began.\n")
RIGHT = ("Premiér Petr Fiala se 5. května v Praze setkal s prezidentem. Vláda schválila rozpočet 4,5 mld. "
         "korun. Inflace v březnu vzrostla na 7 procent. Začalo páté kolo jednání.\n")
WRONG = ("Premiér Petr Fiala se 5. května v Praze setkal s prezidentem. Vláda schválila rozpočet 5,4 mld. "
         "korun. Inflace v dubnu vzrostla na 7 procent. Začalo šesté kolo jednání.\n")

ARTICLE = """Vláda schválila nový rozpočet

Premiér Petr Fiala uvedl, že vláda schválila rozpočet, který podle něj pomůže rodinám s dětmi. Ministr financí řekl, že schodek bude letos nižší než loni, ale také varoval před růstem cen energií.

{third}

Foto: Petr Fiala (vlevo) a ministr financí
"""
CZECH = "Podle ministra by se měl rozpočet projednat ve sněmovně již příští týden, jak uvedla tisková mluvčí."
ENGLISH = "The minister said that the budget should be debated by the lower house of parliament as early as next week."


@pytest.fixture(autouse=True)
def bundled_data_afterwards(refs):
    yield
    refs.activate()  # the CLI made the copy's data files the ones in force


def references(tmp_path, language: bool = True, quantities: bool = True):
    root = tmp_path / "refs"
    shutil.copytree(bundled_root(), root)
    for rel, add, wanted in (("languages.yaml", LANGUAGE, language), ("bilingual/quantities.yaml", QUANTITIES, quantities)):
        if wanted:
            with open(root / rel, "a", encoding="utf-8") as fh:
                fh.write(add)
    return root


def audit(tmp_path, refs_dir, text: str, *args: str) -> tuple[int, dict]:
    target = tmp_path / "article.cs.txt"
    target.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["audit", str(target), "--lang", "cs", "--references", str(refs_dir), "-f", "json", *args])
    assert res.exit_code in (0, 1), res.output
    return res.exit_code, json.loads(res.stdout)


def with_source(tmp_path) -> tuple[str, ...]:
    src = tmp_path / "source.en.txt"
    src.write_text(SOURCE, encoding="utf-8")
    return ("--source", str(src), "--source-lang", "en")


def test_the_bundled_references_do_not_know_czech(tmp_path):
    target = tmp_path / "article.cs.txt"
    target.write_text(RIGHT, encoding="utf-8")
    res = runner.invoke(app, ["audit", str(target), "--lang", "cs"])
    assert res.exit_code == 2 and "add it to languages.yaml" in res.output


def test_changed_figures_through_czech_month_scale_and_ordinal_words_are_found(tmp_path):
    refs_dir = references(tmp_path)
    code, report = audit(tmp_path, refs_dir, WRONG, *with_source(tmp_path))
    found = {(f["rule"], WRONG[f["span"]["start"]:f["span"]["end"]]) for f in report["findings"]}
    assert ("NUM001", "5,4 mld.") in found  # 4.5 billion: the scale abbreviation is data
    assert ("NUM001", "dubnu") in found  # April, where the source has March: the locative is data
    assert any(f["rule"] == "NUM002" and "'5th'" in f["message"] for f in report["findings"])  # «šesté»: 6th
    assert code == 1


def test_a_correct_czech_translation_has_no_number_findings(tmp_path):
    code, report = audit(tmp_path, references(tmp_path), RIGHT, *with_source(tmp_path))
    assert [f for f in report["findings"] if f["rule"].startswith("NUM")] == []
    assert code == 0


def test_without_the_quantities_data_the_correct_text_is_misread(tmp_path):
    """The data is what reads «4,5 mld.» as 4.5 billion and «páté» as 5th: without it, false alarms."""
    _, report = audit(tmp_path, references(tmp_path, quantities=False), RIGHT, *with_source(tmp_path))
    assert {f["rule"] for f in report["findings"]} >= {"NUM001", "NUM002"}


def test_a_segment_in_another_language_is_found_and_captions_are_read_by_their_markers(tmp_path):
    refs_dir = references(tmp_path)
    code, report = audit(tmp_path, refs_dir, ARTICLE.format(third=ENGLISH))
    lang = [f for f in report["findings"] if f["rule"] == "LANG001"]
    assert len(lang) == 1 and "English" in lang[0]["message"] and "Czech" in lang[0]["message"]
    assert report["segments"][-1]["kind"] == "caption"  # "Foto:" and "(vlevo)" are the data's markers
    code, report = audit(tmp_path, refs_dir, ARTICLE.format(third=CZECH))
    assert report["findings"] == [] and code == 0
    assert [s["kind"] for s in report["segments"]] == ["headline", "body", "body", "body", "caption"]
