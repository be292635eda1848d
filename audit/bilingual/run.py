"""Bilingual audits end to end: read, pair, audit with the bilingual stage first."""

from __future__ import annotations

from pathlib import Path

from audit.bilingual.formats import Bilingual, Unit, format_of, read_bilingual
from audit.bilingual.pairing import pair_aligned, pair_lines, units_text, with_source_lang
from audit.errors import InputError
from audit.model import AuditResult, Document, Metric


def is_bilingual(path: Path, source: Path | None, fmt: str | None = None) -> bool:
    return source is not None or (fmt in (None, "xliff", "tmx", "po", "tsv", "csv") and format_of(Path(path)) is not None)


def length_ratio(references, src: str | None, tgt: str | None) -> float:
    """Expected target/source length in characters for the pair (references/bilingual/ratios.yaml)."""

    def build():
        from audit import yamlio

        p = Path(references.root) / "bilingual" / "ratios.yaml"
        if not p.exists():
            from audit.references import bundled_root

            p = bundled_root() / "bilingual" / "ratios.yaml"
        return yamlio.load(p) or {} if p.exists() else {}

    data = references.compiled(("bilingual-ratios",), build)
    pairs = data.get("pairs") or {}
    return float(pairs.get(f"{src}-{tgt}", data.get("default", 1.0)))


def lexicon_notice(references, src: str | None, tgt: str | None) -> tuple[str, ...]:
    """One line when the pair has no bilingual dictionary (audit/lexicon); nothing is loaded."""
    if not src or not tgt or src.split("-")[0] == tgt.split("-")[0]:
        return ()
    from audit.lexicon import lexicon_for

    note = lexicon_for(references, src, tgt).notice()
    return (note,) if note else ()


def data_stage(data: dict, holder: dict):
    """A stage that hands the pairs to the checks (and keeps them for later stages)."""
    from audit.pipeline import StageOutput

    def stage(doc, references, settings):
        holder["bilingual"] = data
        notices = ()
        if data.get("unpaired_source"):
            ids = ", ".join(u["id"] for u in data["unpaired_source"][:8])
            more = "" if len(data["unpaired_source"]) <= 8 else f" and {len(data['unpaired_source']) - 8} more"
            notices = (f"{len(data['unpaired_source'])} source segment(s) have no translation: {ids}{more}",)
        notices += lexicon_notice(references, data.get("source_lang"), doc.lang)
        return StageOutput(document=with_source_lang(doc, data.get("source_lang")), notices=notices, data={"bilingual": data})

    return stage


def source_file_stage(source: Path, lines: bool, holder: dict, source_lang: str | None, max_bytes: int | None):
    """A stage that reads the source file and pairs it with the target document."""
    from audit.pipeline import StageOutput, build_document
    from audit.reading import read_path

    def stage(doc: Document, references, settings):
        read = read_path(source, max_bytes=max_bytes)
        src_lang = source_lang or doc.source_lang
        if lines:
            if src_lang is None:
                src_lang = build_document(read.text[:2000], references, str(source)).lang
            data = pair_lines(doc, read.text, str(source), src_lang)
        else:
            src_doc = build_document(read.text, references, str(source), read.encoding, lang=src_lang)
            data = pair_aligned(doc, src_doc, str(source), length_ratio(references, src_doc.lang, doc.lang), references)
        holder["bilingual"] = data
        notices = ()
        if data["unpaired_source"]:
            notices = (f"{len(data['unpaired_source'])} source sentence(s) were not aligned with any translated sentence",)
        notices += lexicon_notice(references, data["source_lang"], doc.lang)
        return StageOutput(document=with_source_lang(doc, data["source_lang"]), notices=notices, data={"bilingual": data})

    return stage


def source_chrf_stage(holder: dict):
    """With back-translations in place: chrF of each target segment's back-translation against
    its source segment (a metric, one value per segment; None where either is missing)."""
    from audit.pipeline import StageOutput

    def stage(doc: Document, references, settings):
        data = holder.get("bilingual")
        if not data or not any(s.backtranslation for s in doc.segments):
            return StageOutput()
        from sacrebleu.metrics import CHRF

        chrf = CHRF()
        per: list[float | None] = []
        hyps, refs = [], []
        for seg in doc.segments:
            pair = next((p for p in data["pairs"] if p["start"] <= seg.span.start < p["end"]), None)
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
    from audit.pipeline import build_document

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


def audit_bilingual(file: Path, source: Path | None, lines: bool, references, settings, lang=None, source_lang=None,
                    date=None, max_bytes=None, fmt=None, stages=()) -> AuditResult:
    """`tqa audit TARGET --source SOURCE` or `tqa audit FILE.xlf|.tmx|.po|.tsv|.csv`."""
    from audit.pipeline import audit_document, audit_path

    holder: dict = {}
    if source is not None:
        if format_of(Path(file)) in ("xliff", "tmx", "po") and fmt is None:
            raise InputError(f"{file}: a bilingual file carries its own source; drop --source")
        first = source_file_stage(Path(source), lines, holder, source_lang, max_bytes)
        return audit_path(file, references, settings, lang=lang, source_lang=source_lang, date=date,
                          max_bytes=max_bytes, fmt=fmt, stages=(first, *stages, source_chrf_stage(holder)))
    bil = read_bilingual(file, max_bytes=max_bytes)
    lang = lang or (None if bil.target_lang else settings.lang)  # the file's own languages beat the config's
    source_lang = source_lang or (None if bil.source_lang else settings.source_lang)
    doc, data = document_from_units(bil, references, lang, source_lang, date, str(file))
    return audit_document(doc, references, settings, stages=(data_stage(data, holder), *stages, source_chrf_stage(holder)))


def audit_pair(source: str, target: str, references, settings, lang: str, source_lang: str, reference: str | None = None,
               rules=None, ident: str = "1") -> AuditResult:
    """One source/target pair as a one-unit document (what `tqa eval` does per row)."""
    from audit.pipeline import audit_document

    bil = Bilingual("<row>", "tsv", (Unit(ident, source, target, reference),), source_lang, lang)
    doc, data = document_from_units(bil, references, lang, source_lang, path=f"<row {ident}>")
    return audit_document(doc, references, settings, rules=rules, stages=(data_stage(data, {}),))
