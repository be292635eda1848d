"""The stage contract (audit/stages/__init__.py): each stage receives what the stages before it
produced, typed; rules read stage products through `ctx.outputs`, and share values through
`ctx.cache`, not through attributes hung on the context."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audit.bilingual.formats import Bilingual, Unit
from audit.bilingual.run import document_from_units, units_stage
from audit.checks import RULES
from audit.config import Settings
from audit.document import build_document
from audit.pipeline import audit_document
from audit.rules import Context
from audit.stages import AuditCache, BackTranslation, Outputs, SourcePairs, StageOutput


@pytest.fixture(scope="module")
def pair_doc(refs):
    bil = Bilingual("<t>", "tsv", (Unit("1", "Погибли 12 человек.", "13 people died."),), "ru", "en")
    return document_from_units(bil, refs)


def test_a_stage_sees_the_products_of_the_stages_before_it(refs, pair_doc):
    doc, data = pair_doc
    seen = []

    def later(d, references, settings, earlier: Outputs) -> StageOutput:
        seen.append(earlier)
        return StageOutput()

    result = audit_document(doc, refs, Settings(), rules=(), stages=(later, units_stage(data), later))
    before, after = seen
    assert before.source_pairs is None
    assert isinstance(after.source_pairs, SourcePairs)
    assert after.source_pairs.source_lang == "ru" and after.source_pairs.pairs[0]["source"] == "Погибли 12 человек."
    assert result.data["bilingual"] is after.source_pairs.json  # reports show the product's JSON


def test_rules_read_the_typed_products(refs, pair_doc):
    """NUM001 reads the source pairs through ctx.outputs: with the units stage it finds the
    changed figure; with the same document and no stage it is silent."""
    doc, data = pair_doc
    num = tuple(r for r in RULES if r.code.startswith("NUM"))
    paired = audit_document(doc, refs, Settings(), rules=num, stages=(units_stage(data),))
    assert [f.text for f in paired.findings] == ["13"]
    assert not audit_document(doc, refs, Settings(), rules=num).findings


def test_a_products_json_and_plain_data_both_reach_the_result():
    out = StageOutput(products=(BackTranslation({"roundtrip_chrf": [12.0], "min_roundtrip_chrf": 20}),),
                      data={"extra": 1})
    assert out.json() == {"extra": 1, "backtranslation": {"roundtrip_chrf": [12.0], "min_roundtrip_chrf": 20}}
    typed = Outputs.of(out.json())
    assert typed.backtranslation.roundtrip_chrf == [12.0] and typed.backtranslation.min_roundtrip_chrf == 20.0
    assert typed.source_pairs is None and typed.alignment is None


def test_a_back_translation_product_reaches_bt002(refs):
    text = "The delegations discussed the security guarantees for several hours on Monday."
    doc = build_document(text, refs, lang="en", source_lang="ru")

    def bt(d, references, settings, earlier):
        segs = tuple(replace(s, backtranslation="Кошка спит.") for s in d.segments)
        return StageOutput(document=replace(d, segments=segs),
                           products=(BackTranslation({"roundtrip_chrf": [5.0], "min_roundtrip_chrf": 20.0,
                                                      "roundtrip": ["The cat sleeps."]}),))

    bt002 = tuple(r for r in RULES if r.code == "BT002")
    result = audit_document(doc, refs, Settings(), rules=bt002, stages=(bt,))
    assert [f.rule for f in result.findings] == ["BT002"]
    assert "round trip: The cat sleeps." in result.findings[0].evidence


def test_the_cache_is_typed_and_per_context(refs, pair_doc):
    doc, data = pair_doc
    ctx = Context(doc, refs, {"bilingual": data})
    assert isinstance(ctx.cache, AuditCache) and ctx.cache.quantities is None
    with pytest.raises(AttributeError):
        ctx.cache.anything_else = 1  # slots: a new shared value is declared in AuditCache
    assert Context(doc, refs, {"bilingual": data}).cache is not ctx.cache
