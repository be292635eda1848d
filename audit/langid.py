"""Which language is this text in? langdetect, seeded, behind guards it needs.

langdetect guesses wildly on short strings ("NATO" → vi, "Yes." → fr) and raises on strings
with no letters. So: no verdict under `min_letters`; the script decides first (Cyrillic text is
not English, whatever the n-grams say); and within one script, langdetect must be confident.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.languages import Languages, script_counts

MIN_LETTERS = 30
MIN_PROB = 0.90
MAX_CHARS = 400  # langdetect's cost grows with length; 400 characters decide well enough


@dataclass(frozen=True)
class Guess:
    lang: str | None
    prob: float
    script: str | None  # dominant script of the letters
    letters: int


_factory_ready = False


def _detect(text: str) -> list:
    global _factory_ready
    from langdetect import DetectorFactory, detector_factory
    from langdetect.lang_detect_exception import LangDetectException

    if not _factory_ready:
        DetectorFactory.seed = 0
        detector_factory.init_factory()
        _factory_ready = True
    try:
        detector = detector_factory._factory.create()
        detector.set_max_text_length(MAX_CHARS)
        detector.append(text)
        return detector.get_probabilities()
    except LangDetectException:
        return []


def guess(text: str, expected: str, languages: Languages) -> Guess:
    counts = script_counts(text)
    letters = sum(counts.values())
    if not letters:
        return Guess(None, 0.0, None, 0)
    script, n = counts.most_common(1)[0]
    if letters < MIN_LETTERS:
        return Guess(None, 0.0, script, letters)
    expected_scripts = languages.get(expected).scripts
    if expected_scripts and n / letters >= 0.6 and script not in expected_scripts:
        # Wrong script for the language: certainly not `expected`. Name the language if we can.
        probs = _detect(text)
        top = probs[0] if probs else None
        lang = top.lang if top is not None and script in languages.get(top.lang).scripts else None
        return Guess(lang or f"und-{script.lower()}", 1.0, script, letters)
    probs = _detect(text)
    if not probs:
        return Guess(None, 0.0, script, letters)
    top = probs[0]
    lang = top.lang.split("-")[0]
    return Guess(lang, float(top.prob), script, letters)
