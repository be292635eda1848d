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
from audit import wordalign
from audit.pipeline import audit_document, run_rules
from audit.rules import Context
from audit.stages import AuditCache, BackTranslation, Outputs, SourcePairs, StageOutput, WordAlignment


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


# --- the word alignment: a derived stage, the same for an audit and a rule example ------------


def _pair_audit(refs, source: str, target: str, rules):
    bil = Bilingual("<t>", "tsv", (Unit("1", source, target),), "ru", "en")
    doc, data = document_from_units(bil, refs)
    return audit_document(doc, refs, Settings(), rules=rules, stages=(units_stage(data),))


def test_every_bilingual_audit_has_a_word_alignment_whichever_rules_run(refs):
    """The word alignment no longer depends on the XNAME rules having run: an audit that selects
    no rule at all reports the same links as one that runs them all."""
    none = _pair_audit(refs, "Путин встретился с Байденом в Женеве.", "Putin met Biden in Geneva.", ())
    every = _pair_audit(refs, "Путин встретился с Байденом в Женеве.", "Putin met Biden in Geneva.", None)
    words = WordAlignment(none.data["word_alignment"])
    assert words.pairs and words.of_pair(0) is words.pairs[0]
    assert none.data["word_alignment"] == every.data["word_alignment"]
    linked = {(a["source"][l["source"][0]]["text"], a["target"][l["target"][0]]["text"])
              for a in words.pairs for l in a["links"]}
    assert ("Женеве", "Geneva") in linked and ("Путин", "Putin") in linked
    assert "alignment" not in none.data["bilingual"]["pairs"][0]  # one place, not written into the pair


def test_no_word_alignment_without_a_source(refs):
    doc = build_document("Putin met Biden in Geneva.", refs, "<t>", "utf-8", "en", None, None, {})
    assert "word_alignment" not in audit_document(doc, refs, Settings(), rules=()).data


def test_the_word_alignment_round_trips_through_its_json(refs):
    al = wordalign.align("Иван Петров приехал в Москву 5 мая.", "ru", "Ivan Petrov came to Moscow on May 5.", "en", refs)
    back = wordalign.from_dict(al.to_dict())
    assert back.to_dict() == al.to_dict()
    assert [t.text for t in back.unaligned_target()] == [t.text for t in al.unaligned_target()]
    j = next(j for j, t in enumerate(back.target) if t.text == "Moscow")
    assert back.target_links(j) == al.target_links(j) != ()


def test_a_rule_example_gets_the_derived_word_alignment_and_may_give_its_own(refs):
    """`run_rules` runs the derived stage on an example's stage data as the pipeline does on an
    audit's, and a word alignment the data already holds is used as it is."""
    text = "Putin met Smith in Geneva."
    bil = Bilingual("<t>", "tsv", (Unit("1", "Путин встретился с Байденом в Женеве.", text),), "ru", "en")
    doc, data = document_from_units(bil, refs)
    seen = []
    probe = replace(RULES[0], code="TEST900", check=lambda ctx: seen.append(ctx.outputs.word_alignment) or ())
    run_rules(doc, refs, (probe,), {"bilingual": data})
    assert isinstance(seen[0], WordAlignment) and seen[0].of_pair(0)["target"][0]["text"] == "Putin"
    given = {"pairs": [{"pair": 0, "id": "1", "lexicon": False, "source": [], "target": [], "links": []}]}
    run_rules(doc, refs, (probe,), {"bilingual": data, "word_alignment": given})
    assert seen[1].json is given
