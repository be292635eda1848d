"""LANG001 only with real confidence (script, length, langdetect and the words agreeing), and
LANG003 leaving web addresses alone. Real foreign segments still fire, in both directions."""

from __future__ import annotations

import pytest

from audit.checks.language import FOREIGN_SCRIPT, WRONG_LANGUAGE
from audit.langid import guess
from audit.document import build_document
from audit.pipeline import run_rules


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


# --- function words first: langdetect only where they do not decide (audit/langid.py) ---

from pathlib import Path  # noqa: E402

from audit import langid  # noqa: E402


@pytest.mark.parametrize("sentence", [
    "The talks ended without concrete results, the ministry said on Friday.",
    "Some interesting discoveries have been made.",
    "He said that the parties would meet again after the elections, but gave no date.",
])
def test_english_function_words_decide_without_the_detector(sentence, refs, monkeypatch):
    def no_detector(*args, **kwargs):
        raise AssertionError("langdetect asked")

    monkeypatch.setattr(langid, "_detect", no_detector)
    g = langid.guess(sentence, "en", refs.languages)
    assert g.lang == "en" and 0.2 <= g.prob <= 1


@pytest.mark.parametrize("sentence", [
    "Die Gespräche endeten ohne konkrete Ergebnisse, sagte das Ministerium am Freitag.",
    "Les négociations se sont terminées sans résultat concret, a indiqué le ministère.",
    "Las conversaciones terminaron sin resultados concretos, dijo el ministerio.",
    "pomiń ścieżki usunięte w drzewie roboczym (to samo, co --no-all)",
    "Non specificare l'opzione ONLY, oppure esegui TRUNCATE ONLY direttamente sulle partizioni.",
    "NATO summit in Geneva.",  # too short to decide: the detector's (and the guards') call
])
def test_function_words_do_not_decide_foreign_or_short_segments(sentence, refs):
    assert langid.function_word_share(sentence, refs.languages.get("en").function_words) is None


def test_no_function_words_for_a_language_means_the_detector_decides(refs):
    assert langid.function_word_share("The talks ended without results, the ministry said.", frozenset()) is None
    de = "Die Regierung hat am Montag beschlossen, die Steuern zu senken, sagte der Sprecher."
    assert langid.guess(de, "de", refs.languages).lang == "de"  # no German list: langdetect, as before


SHARED_WMT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "wmt21-ruen" / "newstest2021.ru-en.all.xml"


@pytest.mark.skipif(not SHARED_WMT.is_file(), reason="needs ../shared/data (WMT21 ru-en)")
def test_function_words_lose_no_foreign_verdict_on_real_news(refs):
    """1,200 real English segments (MT systems and human translations): with the function-word
    step, no verdict moves away from English and none from a foreign language."""
    import dataclasses
    import xml.etree.ElementTree as ET

    from audit.language_facts import Languages

    segs = []
    for d in ET.parse(SHARED_WMT).getroot().iter("doc"):
        for part in list(d.findall("hyp"))[:2] + list(d.findall("ref"))[:1]:
            segs += [s.text for s in part.iter("seg") if s.text][:4]
    segs = segs[:1200]
    without = Languages({c: dataclasses.replace(lang, function_words=frozenset())
                         for c, lang in refs.languages.by_code.items()})
    changed = [(s, o, n) for s in segs
               for o, n in [(langid.guess(s, "en", without).lang, langid.guess(s, "en", refs.languages).lang)] if o != n]
    assert len(segs) >= 1000
    assert all(o is None and n == "en" for _, o, n in changed), changed[:5]
    assert len(changed) <= len(segs) // 100
