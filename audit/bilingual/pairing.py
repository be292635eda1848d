"""Source ↔ target pairs, as the stage data the bilingual checks read.

`data["bilingual"]` (JSON-able, shown in the JSON report):

    {"format": "xliff" | "tmx" | "po" | "tsv" | "csv" | "text" | "lines",
     "source": path of the source file (plain text) or null, "source_lang": "ru",
     "pairs":  [{"id": "t1", "source": "...", "start": 0, "end": 42, "reference": null}],
     "unpaired_source": [{"id": "4", "source": "...", "at": 120}],   # no translation
     "unpaired_target": [{"start": 200, "end": 260}]}                 # no source

`start`/`end` are offsets of the target text in the audited document. Bilingual files become
a document whose paragraphs are the target units, joined with blank lines; plain-text pairs
come from the aligner (sentences, monotone, 1-2 and 2-1 merges) or from line numbers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from audit.bilingual.formats import Bilingual
from audit.errors import InputError
from audit.model import Document

_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0\u200b\r]*\n")
_NUM = re.compile(r"\d+")
SEPARATOR = "\n\n"


def flatten(text: str) -> str:
    """A unit's text with no blank lines (they would split it into paragraphs), same length."""
    text = text.replace("\u2029", "\n")
    while True:
        new = _BLANK_LINE.sub(lambda m: "\n" + " " * (len(m.group(0)) - 1), text)
        if new == text:
            return text
        text = new


def units_text(bil: Bilingual) -> tuple[str, dict]:
    """The target document text and the bilingual data for a bilingual file."""
    parts: list[str] = []
    pairs, unpaired = [], []
    pos = 0
    for u in bil.units:
        target = flatten(u.target or "").strip()
        if not target:
            unpaired.append({"id": u.id, "source": u.source, "at": max(0, pos - len(SEPARATOR))})
            continue
        if parts:
            pos += len(SEPARATOR)
        parts.append(target)
        pairs.append({"id": u.id, "source": u.source, "start": pos, "end": pos + len(target), "reference": u.reference})
        pos += len(target)
    if not parts:
        raise InputError(f"{bil.path}: no unit has a translation")
    data = {"format": bil.format, "source": None, "source_lang": bil.source_lang, "pairs": pairs,
            "unpaired_source": unpaired, "unpaired_target": []}
    return SEPARATOR.join(parts), data


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        s = len(body) - len(body.lstrip())
        if body.strip():
            out.append((pos + s, pos + len(body.rstrip())))
        pos += len(line)
    return out


def pair_lines(doc: Document, source_text: str, source_path: str, source_lang: str | None) -> dict:
    """Line i of the source ↔ line i of the target (non-empty lines); counts must agree."""
    src, tgt = _lines(source_text), _lines(doc.text)
    if len(src) != len(tgt):
        raise InputError(f"{source_path}: {len(src)} non-empty lines, but the translation has {len(tgt)}: "
                         "they cannot be paired line by line (drop --pair-lines to align them)")
    pairs = [{"id": str(i + 1), "source": source_text[a:b], "start": s, "end": e, "reference": None}
             for i, ((a, b), (s, e)) in enumerate(zip(src, tgt))]
    return {"format": "lines", "source": source_path, "source_lang": source_lang, "pairs": pairs,
            "unpaired_source": [], "unpaired_target": []}


def cross_similarity(ratio: float = 1.0):
    """Similarity of a source and a target sentence in different languages, in [0, 1]: their
    length ratio against the expected one, and shared anchors (numbers, capitalised words'
    romanised initials)."""
    from audit.quantities import normalise_digits

    def anchors(text: str) -> set:
        t = normalise_digits(text)
        out = {("n", m.group()) for m in _NUM.finditer(t)}
        from audit.crossnames import romanise, words

        for w in words(text):
            if w.capitalised and not w.initial and len(w.text) >= 3:
                k = romanise(w.text, "und")[0][0][:3]
                out.add(("w", k))
        return out

    def sim(a: str, b: str) -> float:
        la, lb = max(1, len(a)), max(1, len(b))
        r = (lb / la) / ratio
        length = min(r, 1 / r)
        xa, xb = anchors(a), anchors(b)
        if not xa and not xb:
            return length
        dice = 2 * len(xa & xb) / (len(xa) + len(xb))
        return 0.5 * length + 0.5 * dice

    return sim


def pair_aligned(doc: Document, source_doc: Document, source_path: str, ratio: float = 1.0) -> dict:
    """Sentences of the source aligned with sentences of the target (audit/align.py)."""
    from audit.align import align

    src = [s.text for s in source_doc.segments]
    tgt = [s.text for s in doc.segments]
    links = align(src, tgt, similarity=cross_similarity(ratio), skip_cost=0.8)
    pairs, lost, extra = [], [], []
    last_end = 0
    for link in links:
        if link.left and link.right:
            a, b = doc.segments[link.right[0]], doc.segments[link.right[-1]]
            text = " ".join(source_doc.segments[i].text for i in link.left)
            pairs.append({"id": ",".join(str(i + 1) for i in link.left), "source": text, "start": a.span.start,
                          "end": b.span.end, "reference": None, "score": round(link.score, 3)})
            last_end = b.span.end
        elif link.left:
            for i in link.left:
                lost.append({"id": str(i + 1), "source": source_doc.segments[i].text, "at": last_end})
        else:
            for j in link.right:
                seg = doc.segments[j]
                extra.append({"start": seg.span.start, "end": seg.span.end})
                last_end = seg.span.end
    return {"format": "text", "source": source_path, "source_lang": source_doc.lang, "pairs": pairs,
            "unpaired_source": lost, "unpaired_target": extra}


def with_source_lang(doc: Document, source_lang: str | None) -> Document:
    return doc if not source_lang or doc.source_lang == source_lang else replace(doc, source_lang=source_lang)
