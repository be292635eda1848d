"""Names or words (audit.wordclass) and what the cross-lingual name checks do with the answer:
a source name made of common words may be translated, a name may not. Sentences written for
these tests (not taken from the MLQE-PE data the checks were tuned on)."""

from __future__ import annotations

import pytest

from audit import wordclass
from audit.name_compare import compare_names
from audit.translit import similarity


@pytest.mark.parametrize(
    "word,expected",
    [
        ("Иван", wordclass.PROPER),  # a frequent word, and a given name
        ("Лида", wordclass.PROPER),
        ("Меркель", wordclass.PROPER),
        ("Ростовском", wordclass.PROPER),  # an adjective made from a place name (Ростов)
        ("Соколовскому", wordclass.PROPER),  # ... from a surname (Соколов)
        ("Пятидесятнице", wordclass.COMMON),  # a feast: translated (Pentecost)
        ("Евангелие", wordclass.COMMON),
        ("Вселенском", wordclass.COMMON),
        ("Госпогранслужбой", wordclass.UNKNOWN),  # not in the dictionary
        ("Минобороны", wordclass.COMMON),  # an organisation: translated (Defence Ministry)
    ],
)
def test_russian_classes(word, expected):
    assert wordclass.classify(word, "ru") == expected


def test_sentence_initial_takes_the_likeliest_reading():
    # mid-sentence any name reading counts (Тверской: the street, the region); first in a
    # sentence only the likeliest reading does (the adjective 'of Tver')
    assert wordclass.classify("Тверской", "ru") == wordclass.PROPER
    assert wordclass.classify("Тверской", "ru", initial=True) == wordclass.COMMON


def test_languages_without_a_dictionary_use_frequencies():
    assert not wordclass.has_morphology("en")
    assert wordclass.classify("Public", "en") == wordclass.COMMON
    assert wordclass.classify("Medvedev", "en") == wordclass.UNKNOWN  # never PROPER from frequencies


def test_missing_analyser_falls_back(monkeypatch):
    wordclass._analyser.cache_clear()
    wordclass.classify.cache_clear()
    monkeypatch.setitem(__import__("sys").modules, "pymorphy3", None)  # import fails
    try:
        assert not wordclass.has_morphology("ru")
        assert wordclass.classify("Евангелие", "ru") in (wordclass.COMMON, wordclass.UNKNOWN)
    finally:
        monkeypatch.undo()
        wordclass._analyser.cache_clear()
        wordclass.classify.cache_clear()
    assert wordclass.has_morphology("ru")


def _counts(refs, src, tgt, lang="ru"):
    r = compare_names(src, lang, tgt, "en", refs)
    return len(r.missing) + len(r.partial), len(r.extra)


@pytest.mark.parametrize(
    "src,tgt,expected",
    [
        # a name made of common words, translated: nothing to report
        ("Речь шла о Вселенском соборе и его решениях.", "It was about the Ecumenical Council and its decisions.", (0, 0)),
        ("Службы прошли на Пасху и на Троицу в соборе.", "Services were held at Easter and at Trinity in the cathedral.", (0, 0)),
        # ... replaced by a name that is no English word: the name from nowhere is reported
        # (the common-word name itself never is: without a dictionary it cannot be resolved)
        ("Службы прошли на Пасху и на Троицу в соборе.", "Services were held at Easter and at Gorbunov in the cathedral.", (0, 1)),
        # a place adjective is a name, transliterated
        ("Выставка открылась в Тверской области.", "The exhibition opened in the Tver region.", (0, 0)),
        ("Выставка открылась в Тверской области.", "The exhibition opened in the Kaluga region.", (1, 1)),
        ("Выставка открылась в Тверской области.", "The exhibition opened in the region.", (1, 0)),
        # a frequent word that is a given name must survive
        ("Приходите, Лида, я покажу вам сад.", "Come, Lida, I'll show you the garden.", (0, 0)),
        ("Приходите, Лида, я покажу вам сад.", "Come, I'll show you the garden.", (1, 0)),
        # a first name dropped from a full name
        ("Об этом рассказал художник Иван Петров.", "This was told by the artist Ivan Petrov.", (0, 0)),
        ("Об этом рассказал художник Иван Петров.", "This was told by the artist Petrov.", (1, 0)),
        # a sentence-initial word is a name when the dictionary knows it as nothing else
        ("Меркель заявила, что переговоры продолжатся.", "She said the talks would continue.", (1, 0)),
        ("Кулик не велик, а всё-таки птичка.", "Snipe is not big, yet still a bird.", (0, 0)),
        # demonyms and adjectives explain the name they come from
        ("Туристы поехали к японцам в гости.", "Tourists went to visit Japan.", (0, 0)),
        ("Экскурсия по Исаакиевскому собору заняла час.", "The tour of St. Isaac's Cathedral took an hour.", (0, 0)),
    ],
)
def test_translated_or_transliterated(refs, src, tgt, expected):
    assert _counts(refs, src, tgt) == expected


def test_translated_name_pairs_only_near_its_place(refs):
    # the common-word name closes the source: a capitalised word closing the target may be
    # its translation; one opening it is a name from nowhere
    src = "Тогда, как пишут историки, собор изменил очень многое в жизни церкви к Пятидесятнице."
    near = "Then, historians write, the council changed a great deal in the life of the church by Pentecost."
    far = "By Pentecost, historians write, the council had changed a great deal in the life of the church."
    assert _counts(refs, src, near) == (0, 0)
    assert _counts(refs, src, far) == (0, 1)


def test_name_stems_for_comparison():
    assert similarity("Исаакиевский", "ru", "Isaac", "en") >= 80
    assert similarity("кубинцам", "ru", "Cuba", "en") >= 80
    assert similarity("Клаб", "ru", "Club", "en") >= 80  # а read as English /ʌ/
