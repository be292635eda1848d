"""Numbers and dates across a source and its translation (audit/quantities/, NUM001-003):
what a professional translation legitimately does stays silent, a changed, dropped or added
figure still fires. Sentences in the style of the WMT21 ru-en news and of German and French
news; nothing here reads ../shared."""

from __future__ import annotations

import pytest

from audit.quantities import extract
from audit.quantitydiff import compare, reconcile


def cmp(src: str, sl: str, tgt: str, tl: str = "en"):
    return compare(extract(src, sl), extract(tgt, tl))


SILENT = [
    ("Встреча в 18:30.", "ru", "Meeting at 18: 30."),  # a tokeniser's clock: the same time (spacing: NUM004)
    # clock times however written
    ("В 17 часов 47 минут поступило сообщение о пожаре.", "ru", "At 5:47 PM, a fire was reported."),
    ("В 11 часов 28 минут на дороге случилось ДТП.", "ru", "At 11:28 a.m., an accident occurred on the road."),
    ("25-го июля в 01։23 часов поступил сигнал.", "ru", "On July 25 at 1:23 a.m., an alert came in."),
    ("25-го июля в 01։23 часов поступил сигнал.", "ru", "On July 25 at 01։ 23 hours an alert came in."),
    ("25-го июля в 01։23 часов поступил сигнал.", "ru", "On July 25, at 01-23 hours, an alert came in."),  # garbled, same time
    ("Встреча началась в 17.47.", "ru", "The meeting began at 17:47."),
    ("Um 17 Uhr 30 beginnt das Spiel.", "de", "The match starts at 5:30 PM."),
    ("Il est parti à 17 h 30.", "fr", "He left at 5:30 p.m."),
    # months in every case form, and months without a day
    ("Всё будет готово к апрелю.", "ru", "Everything will be ready by April."),
    ("Переговоры перенесли перед маем.", "ru", "The talks were moved to before May."),
    ("Надо вспомнить мартовские наработки.", "ru", "We need to remember what we worked on in March."),
    ("Darf ich morgen kommen?", "de", "May I come tomorrow?"),
    ("Microsoft выпустила обновление May 2020 Update для Windows 10.", "ru",
     "Microsoft released the Windows 10 May 2020 Update."),
    ("Nous avons attendu sept jours.", "fr", "We waited seven days."),
    ("Le 5 sept. 2020, rien ne s'est passé.", "fr", "On 5 September 2020, nothing happened."),
    ("о погоде в Москве 27 июля - 2 августа 2020 года", "ru", "the weather in Moscow from July 27–August 2"),
    # ranges
    ("Ярмарка пройдёт с 9 по 10 декабря.", "ru", "The fair runs December 9–10."),
    ("Ракета поступит на вооружение в 2021 - 2022 годах.", "ru", "The missile enters service in 2021–22."),
    ("В сезоне-2019/20 он провел 32 матча.", "ru", "In the 2019/2020 season he played 32 matches."),
    ("Die Messe findet vom 9. bis 10. Dezember statt.", "de", "The fair runs December 9–10."),
    # inflected scale words, fractions, halves
    ("Следом идет Индия с 1,4 миллионом заразившихся и почти 33 тысячами умерших.", "ru",
     "Next comes India with 1.4 million infections and almost 33,000 deaths."),
    ("Они живут в 7 тысячах километров отсюда.", "ru", "They live 7 thousand kilometers away."),
    ("Выделено еще $1 трлн.", "ru", "Another $1 trillion was allocated."),
    ("Весной выделили около $3 трлн.", "ru", "About $3 tln was disbursed in spring."),
    ("Пришли 1,5 тыс. человек.", "ru", "1,500 people came."),
    # a figure copied with its decimal comma is the source's figure (a locale slip at most)
    ("Выручка составила 9,5 тыс. долларов.", "ru", "Revenue was 9,5 thousand dollars."),
    ("Рост составил 27,5 процента.", "ru", "Growth was 27,5 percent."),
    ("Возьмём вектор [1,1].", "ru", "Take the vector [1,1]."),
    # a knock-out round named by a fraction: 1/8 финала is the last 16
    ("Команды могут сыграть в 1/8 финала.", "ru", "The teams could play in the round of 16."),
    ("Команды могут сыграть в 1/8 финала.", "ru", "The teams could meet in the last-16."),
    ("Команды могут сыграть в 1/4 фіналу.", "uk", "The teams could meet in the quarter-finals."),
    ("Штраф составит более двух с половиной миллионов тенге.", "ru", "The fine is over 2 1/2 million tenge."),
    ("Штраф составит более двух с половиной миллионов тенге.", "ru", "The fine is over 2.5 million tenge."),
    ("Богатые в 3,5-4 раза богаче бедных.", "ru", "The rich are three and a half, four times as rich as the poor."),
    ("Мы говорим о 1/2 площади Манхэттена.", "ru", "We are talking about half the area of Manhattan."),
    ("Il a attendu deux heures et demie.", "fr", "He waited 2.5 hours."),
    ("на фоне сотен миллиардов звезд", "ru", "against hundreds of billions of stars"),
    # units: a conversion is no changed number
    ("Длиной примерно 4,5 метра.", "ru", "That's about a 15-foot boat."),
    ("Вот эта штука примерно 30 сантиметров длиной.", "ru", "That bit there is about a foot long."),
    ("Это 2,5 и 3,5 метровые белки.", "ru", "These are 8 ft., 12 ft. long proteins."),
    ("Die Stange ist 30 Zentimeter lang.", "de", "The rod is about a foot long."),
    ("Le colis pèse 5 kilogrammes.", "fr", "The parcel weighs 11 pounds."),
    # numbers inside names, implied numbers, a singular made explicit
    ("В России за сутки выявлено 5765 случаев COVID-19.", "ru", "Russia registered 5765 COVID cases in 24 hours."),
    ("Выявлен первый случай подозрения на коронавирус.", "ru", "First suspected case of COVID-19 recorded."),
    ("Два комплекса «Панцирь-С1» уничтожены.", "ru", "Two Pantsir systems were destroyed."),
    ("Затем он выводит информацию в трёхмерном пространстве.", "ru", "Then it gives an output in 3D space."),
    ("Либо 400 часов работ, либо лишение свободы до года.", "ru", "Or 400 hours of work, or up to 1 year in prison."),
    # copies, repeats, written out, digits of other scripts
    ("Песня 1 000 000 раз лучше!", "ru", "The song is 1 000 000 times better!"),
    ("Он набрал 400 баллов, ровно 400.", "ru", "He scored exactly 400 points."),
    ("Он провел 32 матча и сделал 5 передач.", "ru", "He played 32 matches and made five assists."),
    ("３０代の男性が来た。", "ja", "A man in his thirties came."),
    ("三十人が来た。", "ja", "30 people came."),
    ("более тридцати раз", "ru", "on more than thirty occasions"),
    ("Он стартовал пятым.", "ru", "He won for the second time."),  # ordinal words: idiom as often
]


@pytest.mark.parametrize("src,sl,tgt", SILENT)
def test_professional_renderings_stay_silent(src, sl, tgt):
    c = cmp(src, sl, tgt)
    assert c.ok, ([(a.text, b.text) for a, b in c.changed], [q.text for q in c.missing], [q.text for q in c.extra])


FIRES = [
    # (source, lang, translation, what must be reported: changed / missing / extra)
    ("В 17 часов 47 минут поступило сообщение.", "ru", "At 6:47 PM, a report came in.", "changed"),
    ("Дело в июле было частично закрыто.", "ru", "The case was partially closed in June.", "changed"),
    ("более тридцати раз", "ru", "on more than thirteen occasions", "changed"),
    ("24 апреля Трамп подписал закон.", "ru", "On April 14 Trump signed a law.", "changed"),
    ("Собеседники приветствовали договоренность 22 июля.", "ru", "They welcomed the agreement of June 22.", "changed"),
    ("Ставки могут упасть еще на 0,3-0,6 процентного пункта.", "ru", "Rates could fall another 0.3-0.5 percentage points.", "changed"),
    ("Ярмарка пройдёт с 9 по 10 декабря.", "ru", "The fair runs December 9–11.", "any"),
    ("Выделено еще $1 трлн.", "ru", "Another $1 billion was allocated.", "changed"),
    ("Они живут в 7 тысячах километров отсюда.", "ru", "They live 8 thousand kilometers away.", "changed"),
    ("Die Stange ist 30 Zentimeter lang.", "de", "The rod is 40 centimeters long.", "changed"),
    ("Am 3. Mai kommen wir.", "de", "We come on May 4.", "changed"),
    ("Il est parti à 17 h 30.", "fr", "He left at 6:30 p.m.", "changed"),
    ("Le 5 sept. 2020, rien.", "fr", "On 6 September 2020, nothing.", "changed"),
    ("Су-35 взлетел с аэродрома.", "ru", "The Su-34 took off from the airfield.", "changed"),
    ("25 июля 2019 года всё началось.", "ru", "It all began on July 25, 2020.", "changed"),
    ("Погибли 15 человек.", "ru", "16 people died.", "changed"),
    ("Пришли 1,5 тыс. человек.", "ru", "15 people came.", "changed"),
    ("Пришли 1,5 тыс. человек.", "ru", "1,5 people came.", "changed"),  # the copy lost its scale
    ("Выручка составила 9,5 тыс. долларов.", "ru", "Revenue was 9,5 million dollars.", "changed"),
    ("Команды могут сыграть в 1/8 финала.", "ru", "The teams could play in the round of 32.", "any"),
    ("25-го июля в 01։23 часов поступил сигнал.", "ru", "On July 25, at 01-24 hours, an alert came in.", "any"),
    ("Рост составил 27,5 процента.", "ru", "Growth was 27,6 percent.", "changed"),
    ("Мы приедем 5 апреля.", "ru", "We will come in April.", "missing"),
    ("Четвертая - Партия труда (6,2 процента).", "ru", "Fourth is the Labour Party.", "missing"),
    ("Die Stange ist 30 Zentimeter lang.", "de", "The rod is long.", "missing"),
    ("Мы ждали.", "ru", "We waited until 5:47 PM.", "extra"),
    ("Il est venu en mai.", "fr", "He came on 3 May.", "extra"),
    ("Er kam gestern.", "de", "He came 3 days ago.", "extra"),
    ("Погиб человек.", "ru", "2 people died.", "extra"),
]


@pytest.mark.parametrize("src,sl,tgt,what", FIRES)
def test_real_number_errors_fire(src, sl, tgt, what):
    c = cmp(src, sl, tgt)
    assert not c.ok
    if what != "any":
        assert getattr(c, what), (c.changed, c.missing, c.extra)


def test_clock_time_in_words_is_one_quantity():
    (q,) = [q for q in extract("В 17 часов 47 минут", "ru")]
    assert q.kind == "time" and ("hm", 17, 47) in q.values


def test_month_without_day_is_optional_and_a_date_is_required():
    qs = extract("в июле и 26 июля", "ru")
    assert [(q.kind, q.required) for q in qs] == [("month", False), ("date", True)]


def test_number_in_a_name_is_optional():
    (q,) = extract("COVID-19", "en")
    assert q.kind == "code" and not q.required


def test_unit_read_through_the_dictionary_form():
    qs = extract("2,5 метрового робота", "ru")
    assert qs[0].unit == ("length", 1.0)


def test_fullwidth_digits_and_armenian_colon():
    assert cmp("午後１７：４７に", "ja", "at 5:47 PM").ok
    assert cmp("в 01։23", "ru", "at 01:23").ok


def test_reconcile_moves_a_figure_to_the_neighbouring_segment():
    pairs = [
        ("В своих работах я показываю, что всё взаимосвязано.", "I first went to Antarctica almost 10 years ago."),
        ("Впервые я побывала в Антарктиде почти 10 лет назад.", "My heart beat fast."),
    ]
    comparisons = [cmp(s, "ru", t) for s, t in pairs]
    assert comparisons[0].extra and comparisons[1].missing
    reconcile(comparisons)
    assert all(c.ok for c in comparisons)


def test_reconcile_keeps_a_figure_lost_everywhere():
    comparisons = [cmp("Погибли 15 человек.", "ru", "People died."), cmp("Было тихо.", "ru", "It was quiet.")]
    reconcile(comparisons)
    assert comparisons[0].missing


def test_language_facts_are_data():
    from audit.quantities import tables

    ru = tables("ru")
    assert ru.months["апрелю"] == 4 and "часов" in ru.hours and ru.implied["суток"] == 24
    assert "с половиной" in ru.halves and tables("en").units["foot"][0] == "length"


def _audit(target: str, pairs: list[tuple[str, int, int]], unpaired_target=(), refs=None):
    from audit.checks.numbers import CHANGED, EXTRA, MISSING
    from audit.document import build_document
    from audit.pipeline import run_rules
    from audit.references import load_references

    refs = refs or load_references()
    data = {"bilingual": {"format": "tsv", "source": None, "source_lang": "ru",
                          "pairs": [{"id": str(i + 1), "source": s, "start": a, "end": b, "reference": None}
                                    for i, (s, a, b) in enumerate(pairs)],
                          "unpaired_source": [], "unpaired_target": [{"start": a, "end": b} for a, b in unpaired_target]}}
    doc = build_document(target, refs, lang="en", source_lang="ru")
    return run_rules(doc, refs, (CHANGED, MISSING, EXTRA), data)


def test_a_figure_in_unpaired_text_next_door_is_not_missing():
    target = "At night it will drop to +15 °C... +17 °C."
    cut = target.index("+17")
    src = "Ночью столбик термометра опустится до отметки +15°С...+17°С."
    assert _audit(target, [(src, 0, cut - 1)])  # alone, the 17 is missing
    assert not _audit(target, [(src, 0, cut - 1)], unpaired_target=[(cut, len(target))])


def test_a_figure_moved_to_the_next_pair_is_not_missing():
    target = "School No. 30 was jubilant. The director was proud."
    cut = target.index("The")
    findings = _audit(target, [("Сегодня все ликуют.", 0, cut - 1), ("Школа № 30 ликует, директор гордится.", cut, len(target))])
    assert not findings, [f.message for f in findings]
