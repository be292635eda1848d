"""NUM006: a negative figure of the source that the translation makes positive. What counts as
a minus (`audit.quantities.negative`) and where the translation keeps the sign in words."""

from __future__ import annotations

import pytest

from audit.quantities import extract, negative, tables


def _signs(text: str, lang: str) -> list[tuple[str, bool]]:
    t = tables(lang)
    return [(q.text, negative(text, q, t)) for q in extract(text, lang) if q.kind in ("number", "percent")]


@pytest.mark.parametrize("text, lang, expected", [
    ("Темп роста около -0,57%.", "ru", [("0,57%", True)]),
    ("Ночью до −15 градусов.", "ru", [("15", True)]),
    ("последовательность углов - минус 120, 0", "ru", [("120", True), ("0", False)]),
    ("Le taux est de (-2 %).", "fr", [("2 %", True)]),
    ("The index was «-5» points.", "en", [("5", True)]),
    ("It was minus 7 outside.", "en", [("7", True)]),
])
def test_what_is_a_minus(text, lang, expected):
    assert _signs(text, lang) == expected


@pytest.mark.parametrize("text, lang", [
    ("Счёт матча 3 -1.", "ru"),  # a score: the dash follows another number
    ("с 5-15 мая", "ru"),  # a range
    ("тел. 123-45-67", "ru"),  # a phone number
    ("COVID-19 and Su-35", "en"),  # a number glued to a name
    ("Ответ - 15 человек.", "ru"),  # a dash with a space after it is punctuation
    ("It was 5...-20 degrees", "en"),  # not after a space or a bracket: left alone
])
def test_what_is_no_minus(text, lang):
    assert not any(neg for _, neg in _signs(text, lang))


def _audit(tmp_path, source: str, translation: str, src: str = "ru", tgt: str = "en") -> list[str]:
    from typer.testing import CliRunner

    from audit.cli import app

    s, t = tmp_path / f"a.{src}.txt", tmp_path / f"a.{tgt}.txt"
    s.write_text(source + "\n", encoding="utf-8")
    t.write_text(translation + "\n", encoding="utf-8")
    out = tmp_path / "r.json"
    res = CliRunner().invoke(app, ["audit", str(t), "--source", str(s), "--lang", tgt, "--source-lang", src,
                                   "--no-bundled-references", "--select", "NUM", "-f", "json", "-o", str(out)])
    assert res.exit_code in (0, 1), res.output
    import json

    return [f["rule"] for f in json.loads(out.read_text(encoding="utf-8"))["findings"]]


def test_the_cli_reports_a_lost_sign_once_and_keeps_it_silent_where_words_carry_it(tmp_path):
    assert _audit(tmp_path, "Ночью температура опустится до -12 градусов, днём до -5.",
                  "At night the temperature will reach 12 degrees, and 5 in the daytime.") == ["NUM006", "NUM006"]
    assert _audit(tmp_path, "Ночью температура опустится до -12 градусов.",
                  "At night the temperature will fall to 12 degrees of frost.") == []
    assert _audit(tmp_path, "Выручка изменилась на -4%.", "Revenue changed by -4%.") == []
    assert _audit(tmp_path, "Выручка изменилась на -4%.", "Revenue changed by 5%.") == ["NUM001"]  # a changed figure


def test_a_target_language_without_cues_is_not_read(tmp_path):
    # Spanish has quantity tables but no negative_cues: the sign may be in words the rule cannot read
    assert tables("es").negative_cues is None and tables("en").negative_cues is not None
    assert _audit(tmp_path, "Ночью до -12 градусов.", "Por la noche hasta 12 grados.", tgt="es") == []
