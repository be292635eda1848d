"""Languages are data: the same checks on Russian and German targets (en→ru, en→de)."""

from __future__ import annotations

import pytest

from audit.config import Settings
from audit.document import build_document
from audit.pipeline import audit_document
from audit.references import load_references
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def ml_refs():
    return load_references(glossary=[FIXTURES / "multilingual" / "glossary.yaml"])


def _rules(text, refs, lang, source_lang="en"):
    doc = build_document(text, refs, lang=lang, source_lang=source_lang)
    return {(f.rule, f.text) for f in audit_document(doc, refs, Settings()).findings}


RU_BAD = (
    "Министр иностранных дел Сергей Лавроф заявил, что переговоры с Европейская комиссионная продолжатся.\n\n"
    "The talks will continue next week in Geneva, the ministry said in a statement.\n\n"
    "Позже Лаврoв уточнил детали. Позже Лаврoв уточнил детали.\n\n"
    "Подписывайтесь на наш Telegram-канал"
)
RU_GOOD = (
    "Министр иностранных дел Сергей Лавров заявил, что переговоры с Еврокомиссией продолжатся. "
    "Об этом он сказал в интервью RTVI. Позже Лавров уточнил детали."
)


def test_russian_target(ml_refs):
    got = _rules(RU_BAD, ml_refs, "ru")
    assert ("TERM001", "Сергей Лавроф") in got
    assert ("TERM001", "Европейская комиссионная") in got
    assert any(r == "LANG001" and t.startswith("The talks will continue") for r, t in got)
    assert ("LANG002", "Лаврoв") in got  # a Latin 'o' inside a Cyrillic name
    assert any(r == "DUP001" for r, _ in got)
    assert ("BOIL001", "Подписывайтесь на наш Telegram-канал") in got


def test_russian_target_clean(ml_refs):
    assert _rules(RU_GOOD, ml_refs, "ru") == set()


def test_german_target(ml_refs):
    got = _rules(
        "Der russische Außenminister Sergei Lavrov traf am Montag Vertreter der Europäische Kommision in Genf. "
        "Lawrow sagte, die Gespräche würden fortgesetzt.\n\nHinterlasse einen Kommentar",
        ml_refs,
        "de",
    )
    assert ("TERM001", "Sergei Lavrov") in got
    assert ("TERM001", "Europäische Kommision") in got
    assert ("BOIL001", "Hinterlasse einen Kommentar") in got


def test_german_target_clean(ml_refs):
    got = _rules(
        "Der russische Außenminister Sergej Lawrow traf am Montag Vertreter der EU-Kommission in Genf. "
        "Lawrow sagte, die Gespräche würden in der kommenden Woche fortgesetzt.",
        ml_refs,
        "de",
    )
    assert got == set()
