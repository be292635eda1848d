"""The bilingual stages: pair the translation with its source (a source file, or the units of a
bilingual file), and score back-translations against the source."""

from __future__ import annotations

from pathlib import Path

from audit.bilingual.formats import Bilingual, format_of
from audit.bilingual.pairing import pair_aligned, pair_lines, units_text, with_source_lang
from audit.bilingual.ratios import length_ratio
from audit.document import build_document
from audit.errors import InputError
from audit.lexicon import lexicon_for
from audit.model import Document, Metric
from audit.reading import read_path
from audit.stages import Outputs, SourcePairs, StageOutput


def is_bilingual(path: Path, source: Path | None, fmt: str | None = None) -> bool:
    return source is not None or (fmt in (None, "xliff", "tmx", "po", "tsv", "csv") and format_of(Path(path)) is not None)


def lexicon_notice(references, src: str | None, tgt: str | None) -> tuple[str, ...]:
    """One line when the pair has no bilingual dictionary (audit/lexicon); nothing is loaded."""
    if not src or not tgt or src.split("-")[0] == tgt.split("-")[0]:
        return ()
    note = lexicon_for(references, src, tgt).notice()
    return (note,) if note else ()


def units_stage(data: dict):
    """A stage that hands the pairs of a bilingual file's units (`document_from_units`) on."""

    def stage(doc, references, settings, earlier: Outputs | None = None) -> StageOutput:
        notices = ()
        if data.get("unpaired_source"):
            ids = ", ".join(u["id"] for u in data["unpaired_source"][:8])
            more = "" if len(data["unpaired_source"]) <= 8 else f" and {len(data['unpaired_source']) - 8} more"
            notices = (f"{len(data['unpaired_source'])} source segment(s) have no translation: {ids}{more}",)
        notices += lexicon_notice(references, data.get("source_lang"), doc.lang)
        return StageOutput(document=with_source_lang(doc, data.get("source_lang")), notices=notices,
                           products=(SourcePairs(data),))

    return stage


def source_file_stage(source: Path, lines: bool, source_lang: str | None, max_bytes: int | None):
    """A stage that reads the source file and pairs it with the target document."""

    def stage(doc: Document, references, settings, earlier: Outputs | None = None) -> StageOutput:
        read = read_path(source, max_bytes=max_bytes)
        src_lang = source_lang or doc.source_lang
        if lines:
            if src_lang is None:
                src_lang = build_document(read.text[:2000], references, str(source)).lang
            data = pair_lines(doc, read.text, str(source), src_lang)
        else:
            src_doc = build_document(read.text, references, str(source), read.encoding, lang=src_lang)
            data = pair_aligned(doc, src_doc, str(source), length_ratio(references, src_doc.lang, doc.lang), references)
        notices = ()
        if data["unpaired_source"]:
            notices = (f"{len(data['unpaired_source'])} source sentence(s) were not aligned with any translated sentence",)
        notices += lexicon_notice(references, data["source_lang"], doc.lang)
        return StageOutput(document=with_source_lang(doc, data["source_lang"]), notices=notices,
                           products=(SourcePairs(data),))

    return stage


def source_chrf_stage():
    """With back-translations in place: chrF of each target segment's back-translation against
    its source segment (a metric, one value per segment; None where either is missing)."""

    def stage(doc: Document, references, settings, earlier: Outputs | None = None) -> StageOutput:
        source = earlier.source_pairs if earlier else None
        if source is None or not any(s.backtranslation for s in doc.segments):
            return StageOutput()
        from sacrebleu.metrics import CHRF  # heavy (sacrebleu): only when back-translations exist

        chrf = CHRF()
        per: list[float | None] = []
        hyps, refs = [], []
        for seg in doc.segments:
            pair = next((p for p in source.pairs if p["start"] <= seg.span.start < p["end"]), None)
            if pair is None or not seg.backtranslation:
                per.append(None)
                continue
            # the whole unit's source: a sentence of the target is compared with its unit's source
            per.append(round(chrf.sentence_score(seg.backtranslation, [pair["source"]]).score, 2))
            hyps.append(seg.backtranslation)
            refs.append(pair["source"])
        if not hyps:
            return StageOutput()
        corpus = chrf.corpus_score(hyps, [refs])
        metric = Metric("backtranslation-vs-source-chrF", round(corpus.score, 2), str(chrf.get_signature()), tuple(per))
        return StageOutput(metrics=(metric,))

    return stage


def document_from_units(bil: Bilingual, references, lang: str | None = None, source_lang: str | None = None,
                        date: str | None = None, path: str | None = None) -> tuple[Document, dict]:
    text, data = units_text(bil)
    src_lang = source_lang or bil.source_lang
    if src_lang is None:
        sample = " ".join(u.source for u in bil.units[:50])[:2000]
        try:
            src_lang = build_document(sample, references, "<source>").lang if sample.strip() else None
        except InputError:
            raise InputError(f"{bil.path}: cannot tell the source language: give it with --source-lang") from None
    data["source_lang"] = src_lang
    doc = build_document(text, references, path or bil.path, "utf-8", lang or bil.target_lang, src_lang, date)
    return doc, data
