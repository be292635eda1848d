"""How the figures of a source sentence and its translation are compared (audit/quantitydiff.py,
`compare`), in sentences in the style of WMT21 ru-en news and German news; nothing here reads
../shared.

Repeats: a figure said twice and translated once, or said once and repeated, is no change; but
a repeat left over on both sides (3,5 twice and 5,5 once → 3.5 once and 5.5 twice) is a changed
figure.

Garbled times: a clock time said in hours and minutes, translated word for word with its hour
as a clock time and its minutes joined on ("17:00 and 47 minutes" for «17 часов 47 минут»,
German "17 Uhr 47"), is the same time, garbled, not a changed time and an added 47. A
different hour or minute still fires.
"""

from __future__ import annotations

import pytest

from audit.quantities import extract
from audit.quantitydiff import compare

FORECAST_RU = ("Сокращение экономики составит 4,5-5,5%, а рост в 2021 году составит 3,5-4,5%, "
               "в 2022 году - 2,5-3,5%.")
FORECAST_DE = "Die Wirtschaft schrumpft um 4,5 bis 5,5 %, wächst 2021 um 3,5 bis 4,5 % und 2022 um 2,5 bis 3,5 %."
FORECAST_EN = "The economy will shrink by 4.5%-5.5%, grow by {a}%-4.5% in 2021 and by 2.5%-{b}% in 2022."


def changes(src: str, sl: str, tgt: str) -> list[tuple[str, str]]:
    c = compare(extract(src, sl), extract(tgt, "en"))
    return [(s.text, t.text) for s, t in c.changed] + [(s.text, "") for s in c.missing] + [("", t.text) for t in c.extra]


@pytest.mark.parametrize("src,sl", [(FORECAST_RU, "ru"), (FORECAST_DE, "de")])
@pytest.mark.parametrize("a,b", [("5.5", "3.5"), ("3.5", "5.5")])
def test_a_repeated_figure_changed_into_another_of_the_sentence_fires(src, sl, a, b):
    found = changes(src, sl, FORECAST_EN.format(a=a, b=b))
    assert len(found) == 1 and found[0][0].startswith("3,5") and found[0][1].startswith("5.5")


@pytest.mark.parametrize("src,sl", [(FORECAST_RU, "ru"), (FORECAST_DE, "de")])
def test_the_same_figures_are_silent(src, sl):
    assert changes(src, sl, FORECAST_EN.format(a="3.5", b="3.5")) == []


SILENT = [
    # said twice, translated once
    ("В 2020 году выручка выросла на 5%, и в 2020 году же прибыль выросла на 5%.", "ru",
     "In 2020 revenue and profit both grew by 5%."),
    # said once, repeated in translation
    ("Выручка и прибыль выросли на 7%.", "ru", "Revenue grew by 7% and profit grew by 7%."),
    # a figure read two ways (1.500 = 1500 or 1.5) paired with the right one once the pairs are the most there can be
    ("Kamen 1.500 Menschen und 1500 Autos?", "de", "Did 1,500 cars and 1,500 people come?"),
    ("Es kamen 1.500 Menschen, dazu 1,5 Tonnen Hilfe und wieder 1.500 Helfer.", "de",
     "1,500 people came, 1.5 tonnes of aid and 1,500 helpers again."),
]


@pytest.mark.parametrize("src,sl,tgt", SILENT)
def test_repeats_said_another_number_of_times_are_silent(src, sl, tgt):
    assert changes(src, sl, tgt) == []


@pytest.mark.parametrize("n", [290, 1200])
def test_a_line_of_many_repeated_figures_is_read_without_error(n):
    # a data table on one line: paired as far as there is room (the limit keeps the
    # recursion of the augmenting paths bounded), never an error
    src = " ".join(["3,5%"] * n + ["5,5%"])
    found = changes(src, "ru", " ".join(["5.5%"] * 2 + ["3.5%"] * (n - 1)))
    assert found == ([("3,5%", "5.5%")] if n < 300 else [])


# --- garbled clock times ---------------------------------------------------------------

RU = "В 17 часов 47 минут поступило сообщение, что пожар ликвидирован."
DE = "Um 17 Uhr 47 kam die Meldung, dass der Brand gelöscht sei."


@pytest.mark.parametrize("src,sl", [(RU, "ru"), (DE, "de")])
def test_the_hour_as_a_clock_time_and_the_minutes_joined_on_is_the_same_time(src, sl):
    assert changes(src, sl, "At 17:00 and 47 minutes, it was reported that the fire was out.") == []


@pytest.mark.parametrize("tgt,wrong", [("At 18:00 and 47 minutes, it was reported.", "18:00"),
                                       ("At 17:00 and 48 minutes, it was reported.", "17:00")])
def test_another_hour_or_minute_still_fires(tgt, wrong):
    found = changes(RU, "ru", tgt)
    assert found and found[0][1] == wrong


def test_a_time_and_a_later_interval_are_not_joined_when_the_source_says_both():
    src = "Встреча началась в 10:00, а через 30 минут все ушли."
    assert changes(src, "ru", "The meeting began at 10:00 and 30 minutes later everyone left.") == []
    assert changes(src, "ru", "The meeting began at 10:00 and 40 minutes later everyone left.") == [("30", "40")]
