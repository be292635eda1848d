"""Two source sentences translated as one (audit/bilingual/pairing.py, _unlinked_together):
when the aligner links neither, the sentences left unlinked on both sides between the same two
links are one pair, so a figure changed inside the merge is NUM001 (not two lost sentences,
OMIT001), an unchanged merge stays silent, and a sentence dropped from a line is still lost.
Sentences in the style of WMT21 ru-en's TED talks and of German news; nothing reads ../shared."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from audit.align import Link
from audit.bilingual.pairing import _unlinked_together
from audit.cli import app

runner = CliRunner()

SOURCE = {
    "ru": ("Я впервые поехала в Антарктиду почти 10 лет назад.\n"
           "Айсберги вокруг выплывали из воды почти на 200 футов. И я не могла не удивляться тому, "
           "что это одна снежинка поверх другой, год за годом.\n"
           "Айсберги рождаются, когда откалываются от ледников.\n"),
    "de": ("Ich war vor fast 10 Jahren zum ersten Mal in der Antarktis.\n"
           "Die Eisberge ragten fast 200 Fuß aus dem Wasser. Und ich staunte, dass hier eine Schneeflocke "
           "auf der anderen lag, Jahr für Jahr.\n"
           "Eisberge entstehen, wenn sie von Gletschern abbrechen.\n"),
}
MERGED = ("I first went to Antarctica almost 10 years ago.\n"
          "The icebergs around me were almost {n} feet out of the water, and I could only wonder that this "
          "was one snowflake on top of another snowflake, year after year.\n"
          "Icebergs are born when they calve off of glaciers.\n")


def _findings(tmp_path, lang: str, translation: str) -> list[tuple[str, str]]:
    src = tmp_path / f"talk.{lang}.txt"
    tgt = tmp_path / "talk.en.txt"
    src.write_text(SOURCE[lang], encoding="utf-8")
    tgt.write_text(translation, encoding="utf-8")
    res = runner.invoke(app, ["audit", str(tgt), "--source", str(src), "-f", "json", "--select", "NUM,OMIT"])
    assert res.exit_code in (0, 1), res.output
    return [(f["rule"], f["text"]) for f in json.loads(res.stdout)["findings"]]


@pytest.mark.parametrize("lang", ["ru", "de"])
def test_a_figure_changed_inside_a_merge_is_a_changed_number(tmp_path, lang):
    assert _findings(tmp_path, lang, MERGED.format(n=205)) == [("NUM001", "205")]


@pytest.mark.parametrize("lang", ["ru", "de"])
def test_a_merge_with_the_same_figure_is_silent(tmp_path, lang):
    assert _findings(tmp_path, lang, MERGED.format(n=200)) == []


def test_a_sentence_dropped_from_a_line_is_still_lost(tmp_path):
    src = tmp_path / "talk.ru.txt"
    tgt = tmp_path / "talk.en.txt"
    src.write_text("Я впервые поехала в Антарктиду почти 10 лет назад. В 2012 году я провела три месяца на "
                   "исследовательском судне у берегов Гренландии. Сердце билось часто, голова кружилась, когда я пыталась понять, что стоит передо мной.\n",
                   encoding="utf-8")
    tgt.write_text("I first went to Antarctica almost 10 years ago. My heart beat fast, my head was dizzy, "
                   "trying to comprehend what it was that stood in front of me.\n", encoding="utf-8")
    res = runner.invoke(app, ["audit", str(tgt), "--source", str(src), "-f", "json", "--select", "OMIT,NUM"])
    assert res.exit_code in (0, 1), res.output
    assert [f["rule"] for f in json.loads(res.stdout)["findings"]] == ["OMIT001"]


def test_runs_unlinked_on_both_sides_are_put_together_and_one_sided_runs_are_not():
    links = [Link((0,), (0,), 0.9), Link((1,), (), 0.0), Link((2,), (), 0.0), Link((), (1,), 0.0),
             Link((3,), (2,), 0.8), Link((4,), (), 0.0), Link((5,), (3,), 0.7), Link((), (4,), 0.0)]
    assert [(lk.left, lk.right) for lk in _unlinked_together(links)] == [
        ((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), ()), ((5,), (3,)), ((), (4,))]
    assert all(lk.score is None for lk in _unlinked_together(links) if len(lk.left) == 2)
