"""NAME003 (a name spelt two ways): real inconsistencies fire, pairs of ordinary words do not,
and the suggestion goes toward the spelling the language knows better."""

from __future__ import annotations

import pytest

from audit.checks.names import TWO_SPELLINGS
from audit.document import build_document
from audit.pipeline import run_rules


def _findings(text, refs, lang="en"):
    doc = build_document(text, refs, lang=lang)
    return [f for f in run_rules(doc, refs, (TWO_SPELLINGS,)) if f.rule == "NAME003"]


def test_typo_in_a_name_fires_toward_the_frequent_form(refs):
    text = ("Kazan is the capital of Tatarstan. Tatarstan's president met the press. "
            "Officials of Tatarsan said the talks would go on.")
    found = _findings(text, refs)
    assert [(f.text, f.suggestion) for f in found] == [("Tatarsan", "Tatarstan")]


def test_transliteration_variant_of_a_first_name_fires(refs):
    assert _findings("Sergei Ivanov arrived. Later Sergey Ivanov said the talks went well.", refs)


def test_suggestion_never_goes_to_the_rarer_spelling(refs):
    # The document has Omikron more often; the language's word list knows Omicron better.
    text = "The Omikron variant spread fast. Omikron cases rose again. Omicron was found in Oslo."
    found = _findings(text, refs)
    assert found and all(f.suggestion == "Omicron" and f.text == "Omikron" for f in found)


@pytest.mark.parametrize("text", [
    "The Minister spoke. The Ministry later confirmed it.",                     # both frequent words
    "Protesters gathered on Monday. Protests went on for a week.",
    "The Democratic party met. The Democrats agreed on a candidate.",          # inflection
    "Swedes went to the polls. Sweden has a new government.",                  # demonym
    "The World Health Organisation said so. The Organization later denied it.",  # spelling variant
    "The Defence Ministry spoke. The Defense Department did not.",
    "The Centre for Research met the Center for Policy.",
    "The fire hit a bakery in Kanaevka. The Kanaevsky bread factory was closed.",  # place/adjective
])
def test_ordinary_word_pairs_stay_silent(text, refs):
    assert _findings(text, refs) == []


def test_german_name_typo_fires_and_variant_stays_silent(refs):
    assert _findings("Herr Schneider kam. Schnieder sagte, die Gespräche seien gut verlaufen.", refs, "de")
    assert not _findings("Die Großstraße ist gesperrt. Die Grossstraße bleibt offen.", refs, "de")
