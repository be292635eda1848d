"""Sentence splitting that knows the language's abbreviations, and OMIT001 that reports a lost
source sentence only on real evidence: a sentence deleted from a translation is found, an
untouched translation draws nothing, and sentences the translation merged or split stay silent.

The texts are small made-up news pieces (tests/fixtures/bilingual/omission/README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.entry import audit
from audit.config import Settings
from audit.model import Span
from audit.segment import sentences

FIX = Path(__file__).resolve().parent / "fixtures" / "bilingual" / "omission"


def _split(text: str, lang: str, refs) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text, Span(0, len(text)), lang, refs.languages.get(lang))]


@pytest.mark.parametrize("lang,text,expected", [
    ("ru", "Об этом сообщает BFM.TV со ссылкой на источник. Далее текст.",
     ["Об этом сообщает BFM.TV со ссылкой на источник.", "Далее текст."]),
    ("ru", "Бойцы 3-го бат. вошли в город. Потом ушли.", ["Бойцы 3-го бат. вошли в город.", "Потом ушли."]),
    ("ru", "Вход через вх. 3 со двора. Охрана на месте.", ["Вход через вх. 3 со двора.", "Охрана на месте."]),
    ("ru", "Пожар на ул. Заводской потушен. Пострадавших нет.", ["Пожар на ул. Заводской потушен.", "Пострадавших нет."]),
    ("ru", "Госсекретарь М. Помпео заявил об этом. Потом ушёл.", ["Госсекретарь М. Помпео заявил об этом.", "Потом ушёл."]),
    ("ru", "«Мы работали всю ночь», — сказал он. Угрозы не было.", ["«Мы работали всю ночь», — сказал он.", "Угрозы не было."]),
    ("ru", "Он сказал: «Нет». — А вы? — спросила она.", ["Он сказал: «Нет».", "— А вы? — спросила она."]),
    ("en", "Dr. No said so. Mr. Smith left.", ["Dr. No said so.", "Mr. Smith left."]),
    ("en", "See No. 5 on the list. It is short.", ["See No. 5 on the list.", "It is short."]),
    ("en", "It costs 3.5 dollars. Really.", ["It costs 3.5 dollars.", "Really."]),
    ("de", "Dr. Müller kam am 3. Mai. Er ging.", ["Dr. Müller kam am 3. Mai.", "Er ging."]),
    ("fr", "M. Dupont est venu. Il est parti.", ["M. Dupont est venu.", "Il est parti."]),
    # a clock time whose colon is the Armenian full stop, spaced by a tokeniser, is no sentence end
    ("en", "On July 25 at 01։ 23 hours a signal came. Help was sent.",
     ["On July 25 at 01։ 23 hours a signal came.", "Help was sent."]),
    ("en", "The score was 12. 3 people left.", ["The score was 12.", "3 people left."]),
])
def test_sentence_splitting_knows_abbreviations(lang, text, expected, refs):
    assert _split(text, lang, refs) == expected


def test_real_sentence_ends_still_split(refs):
    assert len(_split("Он ушёл. Потом вернулся. В 2020 г. всё изменилось.", "ru", refs)) == 3
    assert len(_split("The talks ended. The ministry said so. Nobody was hurt.", "en", refs)) == 3


def _omit(source: str, target_text: str, lang: str, tmp_path: Path, refs):
    tgt = tmp_path / "t.en.txt"
    tgt.write_text(target_text, encoding="utf-8")
    r = audit(tgt, refs, Settings(select=("OMIT",)), source=FIX / source, lang="en", source_lang=lang)
    return [f for f in r.findings if f.rule == "OMIT001"]


def _drop_line(text: str, sentence: str) -> str:
    """The text without `sentence` (and its line, when it is a line of its own)."""
    i = text.index(sentence)
    j = i + len(sentence)
    if (i == 0 or text[i - 1] == "\n") and text[j : j + 1] == "\n":
        return text[:i] + text[j + 1 :]
    if text[j : j + 1] == " ":
        return text[:i] + text[j + 1 :]
    return text[:i].rstrip(" ") + text[j:]


PAIRS = [("news.ru.txt", "news.en.txt", "ru"), ("news.fr.txt", "news.fr-en.txt", "fr")]


@pytest.mark.parametrize("source,target,lang", PAIRS)
def test_untouched_translation_has_no_omission(source, target, lang, tmp_path, refs):
    assert _omit(source, (FIX / target).read_text(encoding="utf-8"), lang, tmp_path, refs) == []


@pytest.mark.parametrize("source,target,lang,dropped", [
    ("news.ru.txt", "news.en.txt", "ru", "The fire covered 2 thousand square metres."),
    ("news.ru.txt", "news.en.txt", "ru", "According to preliminary information, nobody was hurt."),
    ("news.ru.txt", "news.en.txt", "ru", "Sixty firefighters and 15 vehicles worked at the scene."),
    ("news.ru.txt", "news.en.txt", "ru", "The warehouse belongs to a local trading company, which has not yet commented on the incident."),
    ("news.ru.txt", "news.en.txt", "ru", "Residents of neighbouring houses complained of a strong smell of smoke."),
    ("news.ru.txt", "news.en.txt", "ru", "Traffic on Zavodskaya Street was restored by noon."),
    ("news.fr.txt", "news.fr-en.txt", "fr", "The works took three years and cost 45 million euros."),
    ("news.fr.txt", "news.fr-en.txt", "fr", "Cars will not be allowed on it, except emergency vehicles."),
    ("news.fr.txt", "news.fr-en.txt", "fr", "The town hall plans to install benches and trees next spring."),
])
def test_deleted_sentence_is_reported(source, target, lang, dropped, tmp_path, refs):
    text = (FIX / target).read_text(encoding="utf-8")
    found = _omit(source, _drop_line(text, dropped), lang, tmp_path, refs)
    assert len(found) == 1, [f.evidence for f in found]
    assert found[0].evidence[0].startswith("untranslated source")


def test_merged_and_split_sentences_stay_silent(tmp_path, refs):
    # The translator joined two source sentences into one line and split another in two.
    text = (FIX / "news.en.txt").read_text(encoding="utf-8")
    text = text.replace("nobody was hurt.", "nobody was hurt, and the fire covered 2 thousand square metres.")
    text = text.replace(" The fire covered 2 thousand square metres.", "")
    text = text.replace("which has not yet commented on the incident.", "which has not yet commented. It said nothing about the incident.")
    assert _omit("news.ru.txt", text, "ru", tmp_path, refs) == []


def test_fragments_and_stage_directions_are_not_judged(tmp_path, refs):
    src = tmp_path / "talk.ru.txt"
    src.write_text("Спасибо за внимание, это была долгая история о пожарах.\n(Аплодисменты)\nПервый.\n", encoding="utf-8")
    tgt = tmp_path / "talk.en.txt"
    tgt.write_text("Thank you for listening, this was a long story about fires.\n", encoding="utf-8")
    r = audit(tgt, refs, Settings(select=("OMIT",)), source=src, lang="en", source_lang="ru")
    assert [f for f in r.findings if f.rule == "OMIT001"] == []
    assert len(r.data["bilingual"]["unpaired_source"]) == 2  # still listed, in the notice
