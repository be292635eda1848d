"""LANG001 only with real confidence (script, length, langdetect and the words agreeing), and
LANG003 leaving web addresses alone. Real foreign segments still fire, in both directions."""

from __future__ import annotations

import pytest

from audit.checks.language import FOREIGN_SCRIPT, WRONG_LANGUAGE
from audit.langid import guess
from audit.pipeline import build_document, run_rules


def _codes(text, refs, rule, lang="en"):
    doc = build_document(text, refs, lang=lang)
    return [f.text for f in run_rules(doc, refs, (rule,)) if f.rule == rule.code]


@pytest.mark.parametrize("sentence", [
    "Some interesting discoveries have been made.",                                  # read as Dutch by n-grams
    "Well, it's quite a complex system, but let me explain, perhaps even simplify it.",  # read as French
    "We're knuckle-draggers, not sullen rocks.",                                     # read as Swedish
    "These are projects - large-scale reconfigurable robots - 2.5 and 3.5 metre squirrel robots.",
    "Sergey Lavrov met Emmanuel Macron and Olaf Scholz in Geneva on Monday.",
])
def test_plain_english_sentences_are_english(sentence, refs):
    assert guess(sentence, "en", refs.languages).lang in (None, "en")
    assert _codes(f"The talks ended.\n\n{sentence}", refs, WRONG_LANGUAGE) == []


@pytest.mark.parametrize("sentence,lang", [
    ("Die Gespräche endeten ohne konkrete Ergebnisse, sagte das Ministerium am Freitag.", "de"),
    ("Les négociations se sont terminées sans résultat concret, a indiqué le ministère.", "fr"),
    ("Las conversaciones terminaron sin resultados concretos, dijo el ministerio.", "es"),
    ("Переговоры завершились без конкретных результатов, заявили в министерстве.", "ru"),
])
def test_foreign_segment_in_english_fires(sentence, lang, refs):
    assert guess(sentence, "en", refs.languages).lang == lang
    assert _codes(f"The talks ended.\n\n{sentence}", refs, WRONG_LANGUAGE) == [sentence]


def test_english_segment_in_german_fires_and_german_stays_silent(refs):
    en = "The talks ended without concrete results, the ministry said on Friday."
    de = "Die Regierung hat am Montag beschlossen, die Steuern zu senken."
    assert _codes(f"Die Gespräche sind beendet.\n\n{en}", refs, WRONG_LANGUAGE, "de") == [en]
    assert _codes(f"Die Gespräche sind beendet.\n\n{de}", refs, WRONG_LANGUAGE, "de") == []


def test_web_address_in_another_script_is_not_a_foreign_word(refs):
    assert _codes("Figures are posted on стопкоронавирус.рф every day.", refs, FOREIGN_SCRIPT) == []
    assert _codes("Write to пресса@минздрав.рф for details.", refs, FOREIGN_SCRIPT) == []
    assert _codes("The talks were led by Захарова in Vienna.", refs, FOREIGN_SCRIPT) == ["Захарова"]


def test_lone_lookalike_letter_gets_the_right_suggestion(refs):
    doc = build_document("The temperature will reach 22°\u0421 in the capital.", refs, lang="en")
    found = [f for f in run_rules(doc, refs, (FOREIGN_SCRIPT,)) if f.rule == "LANG003"]
    assert [(f.text, f.suggestion) for f in found] == [("\u0421", "C")]
    assert "look-alike" in found[0].message
