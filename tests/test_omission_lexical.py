"""OMIT001's word evidence (audit/checks/omission.py, lexical_share): a source sentence the
aligner left unlinked, whose content words the bilingual lexicon finds in its neighbours'
translation, was translated there (two sentences merged into one), and stays silent; one
whose words are not there is still lost. A tiny table lexicon of our own (no installed
dictionary needed); the sentences are made up in the shape of WMT21 ru-en's TED talks."""

from __future__ import annotations

from audit.checks.omission import LEXICAL_SHARE, NEIGHBOUR_SHARE, lexical_shares
from audit.lexicon.table import pair_lexicon

TABLE = [["предубеждение", "prejudice"], ["отражать", "reflect"], ["узкий", "narrow"], ["видение", "vision"],
         ["ограниченный", "limited"], ["набор", "set"], ["данные", "data"], ["пробел", "gap"],
         ["стереотип", "stereotype"], ["сокровище", "treasure"], ["место", "place"], ["увидеть", "see"],
         ["Россия", "Russia"], ["посетить", "visit"], ["министр", "minister"], ["встреча", "meeting"],
         ["весна", "spring"], ["новый", "new"], ["заявить", "say"], ["человеческий", "human"],
         ["закодировать", "encode"], ["закодированный", "encoded"]]

BEFORE = "И делая это, я собрала все возможные виды сведений."
LOST = "Предубеждений, отражающих узкое видение, ограниченное одним набором данных."
AFTER = "Пробелы, которые отражают человеческие стереотипы, закодированные в данных."


def shares(sentences, target, refs):
    return lexical_shares(sentences, target, "ru", "en", refs, pair_lexicon(refs, "ru", "en", TABLE))


def share(lost, before, after, target, refs):
    """The lost sentence's share, between its neighbours."""
    return shares([x for x in (before, lost, after) if x], target, refs)[1 if before else 0]


def test_a_sentence_merged_into_its_neighbour_is_found_there(refs):
    merged = ("And in doing that, I collected every possible kind of information. Prejudices that reflect a narrow "
              "vision, limited to one set of data - gaps that reflect human stereotypes encoded in the data.")
    assert share(LOST, BEFORE, AFTER, merged, refs) >= LEXICAL_SHARE


def test_a_dropped_sentence_is_not_found_in_its_neighbours(refs):
    dropped = ("And in doing that, I collected every possible kind of information. "
               "Gaps that reflect human stereotypes encoded in the data.")
    assert share(LOST, BEFORE, AFTER, dropped, refs) < LEXICAL_SHARE


def test_a_word_the_neighbour_has_first_is_no_evidence(refs):
    before = "Находясь в России, вы обязательно должны посетить Камчатку, - написал он."
    lost = "Сокровище России и место, которое должны увидеть."
    kept = 'While in Russia, you should definitely visit Kamchatka," he wrote. "A treasure of Russia and a place to see.'
    cut = 'While in Russia, you should definitely visit Kamchatka," he wrote.'
    assert share(lost, before, "", kept, refs) >= LEXICAL_SHARE
    assert share(lost, before, "", cut, refs) < LEXICAL_SHARE  # "Russia" is the neighbour's


def test_a_fragment_is_not_judged(refs):
    assert share("Спасибо.", BEFORE, "", "And in doing that, I collected every kind of information.", refs) is None


def test_a_neighbour_whose_words_are_missing_was_paired_wrongly(refs):
    # the aligner left AFTER unlinked and paired LOST with AFTER's translation: AFTER is there,
    # LOST is not, and its own words ("narrow", "vision", "set") say so
    target = "Gaps that reflect human stereotypes encoded in the data."
    lost_share, after_share = shares([LOST, AFTER], target, refs)
    assert after_share >= LEXICAL_SHARE and lost_share < NEIGHBOUR_SHARE


def test_words_the_neighbour_shares_are_no_evidence(refs):
    # the lost sentence dropped, its neighbour's translation carries "reflect", "prejudices", "data":
    # words of the neighbour's own source, which cannot show the lost sentence is there
    dropped = "Gaps that reflect human prejudices and stereotypes encoded in the data."
    after = "Пробелы, которые отражают человеческие предубеждения и стереотипы, закодированные в данных."
    assert share(LOST, "", after, dropped, refs) is None or share(LOST, "", after, dropped, refs) < LEXICAL_SHARE
