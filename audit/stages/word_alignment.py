"""The word alignment of a bilingual audit, derived from its source pairs: each pair's source
words linked to its translation's (audit/wordalign/), read with the pair's bilingual lexicon
where there is one (audit/lexicon/table.py `pair_lexicon`: installed dictionaries, or the tiny
table a rule example injects).

A derived stage (audit/pipeline.py `DERIVED`): every audit with a source runs it, whichever rules
are selected, and so does every rule example whose stage data holds source pairs, so a rule reads
`ctx.outputs.word_alignment` the same way in both. Reports show it under "word_alignment"
(`--show-backtranslation` prints it as a table)."""

from __future__ import annotations

from audit import wordalign
from audit.lexicon.table import pair_lexicon
from audit.model import Document
from audit.stages import Outputs, StageOutput, WordAlignment


def word_alignment_stage(doc: Document, references, settings, earlier: Outputs) -> StageOutput:
    bil = earlier.source_pairs
    if bil is None or not bil.source_lang or earlier.word_alignment is not None:
        return StageOutput()
    text = doc.analysed  # what the rules read: markup blanked, offsets those of doc.text
    lex = pair_lexicon(references, bil.source_lang, doc.lang, earlier.lexicon)
    out = []
    for k, p in enumerate(bil.pairs):
        start, end = p["start"], p["end"]
        if 0 <= start <= end <= len(text):
            al = wordalign.align(p["source"], bil.source_lang, text[start:end], doc.lang, references, lex)
            out.append({"pair": k, "id": p.get("id"), **al.to_dict()})
    return StageOutput(products=(WordAlignment({"pairs": out}),))
