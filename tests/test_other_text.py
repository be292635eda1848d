"""The checks on text and a glossary they have never seen (fixtures in tests/fixtures/other)."""

from __future__ import annotations

import pytest

from audit.config import Settings
from audit.entry import audit_path
from audit.references import load_references
from tests.conftest import FIXTURES

OTHER = FIXTURES / "other"


@pytest.fixture(scope="module")
def other_refs():
    return load_references(glossary=[OTHER / "glossary.yaml"])


def _audit(name, refs, **kw):
    return audit_path(OTHER / name, refs, Settings(), source_lang="de", date="2023-05-01", **kw)


def test_bad_article_hits(other_refs):
    result = _audit("bad.en.txt", other_refs)
    got = {(f.rule, f.text) for f in result.findings}
    assert ("TERM001", "Eurocommission") in got
    assert ("TERM001", "Federal Day") in got
    assert ("TERM001", "Ursula von der Lyayen") in got
    assert any(r == "NAME002" and t.startswith("XYZ") for r, t in got)
    assert any(r == "NAME001" and t == "Annalena Baerbok" for r, t in got)
    assert any(r == "TITLE002" and "Foreign Minister Ursula" in t for r, t in got)
    assert any(r == "TITLE001" and t.startswith("The head of the German diplomacy") for r, t in got)
    assert any(r == "LANG001" and t.startswith("Die Abgeordneten") for r, t in got)
    assert ("BOIL001", "Share on Facebook") in got
    # "Head of the Eurocommission" is a wrong title: reported once, as a whole
    assert ("TERM001", "Head of the Eurocommission") in got
    assert not result.passed


def test_good_article_is_clean(other_refs):
    result = _audit("good.en.txt", other_refs)
    assert result.findings == (), [(f.rule, f.text, f.message) for f in result.findings]
    assert result.passed and result.score.quality == 100.0


def test_bundled_glossary_silent_on_the_good_article(refs):
    result = audit_path(OTHER / "good.en.txt", refs, Settings(), source_lang="de")
    assert [f for f in result.findings if f.rule.startswith(("TERM", "NAME", "TITLE"))] == []
