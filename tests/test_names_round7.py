"""The name checks' seventh round (docs/bilingual.md "Seventh round, names"): names of their
kind made of common words, surnames shaped like a word's plural, names matched loosely only
after close matches, a known place never a common word translated, a name in the place of a
word of a name, and NAME003's word families. A table lexicon stands in for the dictionaries."""

from __future__ import annotations

import pytest

from tests.namecases import report, reported


@pytest.mark.parametrize("src,tgt,table,silent", [
    # after the noun of its kind a common word is a name: dropped, it is reported
    ("Пенсионер ехал в сторону села Широкого.", "The retiree was driving towards the village.", (), False),
    ("Пенсионер ехал в сторону села Широкого.", "The retiree was driving towards the village of Shirokoye.", (), True),
    # translated, it keeps its capital; a lower-case translation of another word is not it
    ('Он дал интервью изданию "Подъем".', "He gave an interview to the publication Rise.", (("подъем", "rise"),), True),
    ('Вопросы поднимали и в беседе с изданием "Подъем".', "The issues were raised in an interview with the publication.",
     (("подъем", "raise"), ("поднимать", "raise")), False),
    # a title of its kind whose last word is transliterated keeps its other words
    ('Солист группы "Руки Вверх" посетил Тверь.', "The singer of the group Vverkh visited Tver.", (), False),
    ('Солист группы "Руки Вверх" посетил Тверь.', "The singer of the group Hands Up visited Tver.",
     (("рука", "hand"), ("вверх", "up")), True),
    # not a name of its kind: a Roman numeral after the noun, a saint's name said the English way
    ("Показали линейный корабль XVI века.", "A 16th-century ship of the line was shown.", (), True),
    ("Он выступил на площади Святого Петра.", "He spoke in St. Peter's Square.", (("святой", "saint"),), True),
])
def test_names_of_their_kind(refs, src, tgt, table, silent):
    r = report(refs, src, tgt, table)
    assert reported(r) != silent, (r.missing, r.partial, r.extra)


def test_close_transliteration_claims_its_word_first(refs):
    # Милан is Milan at the strict threshold; Миранчука must not take it loosely
    r = report(refs, 'На полузащитника Алексея Миранчука претендуют "Милан" и "Лацио".',
               "Milan and Lazio are interested in the halfback Alexei.")
    assert [n.text for n in r.missing] == ["Алексея Миранчука"]


@pytest.mark.parametrize("tgt,silent", [
    ("It went along the Vladivostok Embankment.", False),  # a known place is no common word translated
    ("It went along the Admiralty Embankment.", True),
])
def test_known_place_is_not_a_translation(refs, tgt, silent):
    r = report(refs, "Он проходил вдоль Адмиралтейской набережной.", tgt,
               (("набережная", "embankment"), ("адмиралтейский", "admiralty")))
    assert bool(reported(r) or r.extra) != silent, (r.missing, r.extra)


def test_surname_shaped_like_a_plural(refs):
    table = (("кузнец", "smith"),)
    r = report(refs, "Вчера Сергей Кузнецов прибыл в Минск.", "Yesterday Sergei Smith arrived in Minsk.", table)
    assert reported(r)
    r = report(refs, "Вчера Сергей Кузнецов прибыл в Минск.", "Yesterday Sergei Kuznetsov arrived in Minsk.", table)
    assert not reported(r) and not r.extra


def test_lower_case_word_is_no_transliteration(refs):
    # Ланди ~ "and" scores 86: a lower-case word of the language is not the name's rendering
    src = "Бригитта Ланди-Пейн играет Билли, а Тед и Билл поют."
    r = report(refs, src, "Brigette Paine plays Billie, and Ted and Bill sing.")
    assert [w.text for w, _ in r.partial] == ["Ланди"]
    r = report(refs, src, "Brigette Lundy-Paine plays Billie, and Ted and Bill sing.")
    assert not r.partial and not r.missing


def test_place_words_are_places(refs):
    from audit.name_leftovers import place_words as _place_words

    places = _place_words(refs, "ru", "en")
    assert {"canada", "toronto", "vladivostok"} <= places
    assert not {"god", "english", "aleksandr"} & places  # not a language, a given name, an exonym of another kind
