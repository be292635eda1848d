"""A clock time said in hours and minutes, translated word for word with its hour as a clock
time and its minutes joined on ("17:00 and 47 minutes" for «17 часов 47 минут», German "17 Uhr
47"): the same time, garbled, not a changed time and an added 47 (audit/quantitydiff.py).
A different hour or minute still fires. Sentences in the style of WMT21 ru-en news."""

from __future__ import annotations

import pytest

from audit.quantities import extract
from audit.quantitydiff import compare

RU = "В 17 часов 47 минут поступило сообщение, что пожар ликвидирован."
DE = "Um 17 Uhr 47 kam die Meldung, dass der Brand gelöscht sei."


def changes(src: str, sl: str, tgt: str) -> list[tuple[str, str]]:
    c = compare(extract(src, sl), extract(tgt, "en"))
    return [(s.text, t.text) for s, t in c.changed] + [(s.text, "") for s in c.missing] + [("", t.text) for t in c.extra]


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
