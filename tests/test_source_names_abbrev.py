"""A word after an abbreviation that stands in front of names (languages.yaml
`name_abbreviations`: им., ул., Dr.) does not open a sentence, so a name there is required
(audit/source_names.py `words`). MLQE-PE ru-en test 9453-drop: «дивизия им. Дзержинского» with
the name dropped went unreported, Дзержинского read as a sentence's first word."""

from audit.references import load_references
from audit.source_names import source_names, words

REFS = load_references(None, None)


def _strong(text: str) -> dict[str, bool]:
    return {" ".join(w.text for w in n.words): n.strong for n in source_names(text, "ru", REFS, "en")}


def test_a_name_after_a_name_abbreviation_is_required():
    assert _strong("Там находится дивизия им. Дзержинского, которая входит в округ.").get("Дзержинского") is True
    assert _strong("Он живёт на ул. Ленина.").get("Ленина") is True


def test_after_a_number_the_abbreviation_is_a_unit_that_may_end_a_sentence():
    assert not _strong("Это было в 2020 г. Затем он уехал.").get("Затем")


def test_without_a_language_a_period_still_opens_a_sentence():
    ws = words("дивизия им. Дзержинского")
    assert ws[-1].initial
    assert not words("дивизия им. Дзержинского", "ru")[-1].initial


def test_english_too():
    assert not words("He met Dr. Watson there.", "en")[-2].initial
