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


def cross_similarity(ratio: float = 1.0, references=None, src: str | None = None, tgt: str | None = None):
    """Similarity of a source and a target sentence in different languages, in [0, 1]: their
    length ratio against the expected one (a Gaussian on the log ratio, as Gale and Church),
    and shared anchors: numbers, romanised initials of capitalised words, and the target
    forms the lexicon expects for the source's names (Госдума → State Duma)."""
    import math

    from audit.crossnames import romanise, source_names, words
    from audit.quantities import normalise_digits

    cache: dict = {}

    def anchors(text: str, side: str) -> set:
        key = (side, text)
        if key in cache:
            return cache[key]
        out = {("n", m.group()) for m in _NUM.finditer(normalise_digits(text))}
        for w in words(text):
            if w.capitalised and not w.initial and len(w.text) >= 3:
                out.add(("w", romanise(w.text, "und")[0][0][:3]))
        if side == "src" and references is not None and src and tgt:
            for name in source_names(text, src, references, tgt):
                for form in name.expected[:3]:
                    first = form.split()[0] if form.split() else ""
                    if len(first) >= 2:
                        out.add(("w", romanise(first, "und")[0][0][:3]))
        cache[key] = out
        return out

    def sim(a: str, b: str) -> float:
        la, lb = max(1, len(a)), max(1, len(b))
        length = math.exp(-(math.log((lb / la) / ratio) ** 2) / (2 * 0.3**2))
        xa, xb = anchors(a, "src"), anchors(b, "tgt")
        if not xa or not xb:  # anchors on one side only: weak evidence against
            return length * (1.0 if not xa and not xb else 0.85)
        dice = 2 * len(xa & xb) / (len(xa) + len(xb))
        return 0.5 * length + 0.5 * dice

    return sim


def pair_aligned(doc: Document, source_doc: Document, source_path: str, ratio: float = 1.0, references=None) -> dict:
    """Source ↔ target sentences (audit/align.py): paragraphs first (i ↔ i when both texts have
    as many; else aligned, since longer texts carry more anchors and steadier length ratios),
    then sentences inside each linked group."""
    from audit.align import align

    sim = cross_similarity(ratio, references, source_doc.lang, doc.lang)
    src_par = [p.text for p in source_doc.paragraphs]
    tgt_par = [p.text for p in doc.paragraphs]
    if len(src_par) == len(tgt_par):  # translations keep paragraphs: trust the structure
        links = [((i,), (i,)) for i in range(len(src_par))]
    elif not src_par or not tgt_par:
        links = [(tuple(range(len(src_par))), tuple(range(len(tgt_par))))]
    else:
        links = [(lk.left, lk.right) for lk in align(src_par, tgt_par, similarity=sim, skip_cost=0.8)]
    pairs, lost, extra = [], [], []
    last_end = 0
    for left_p, right_p in links:
        src_idx = [s.index for s in source_doc.segments if s.paragraph in left_p]
        tgt_idx = [s.index for s in doc.segments if s.paragraph in right_p]
        if src_idx and tgt_idx and (len(src_idx) > 1 or len(tgt_idx) > 1):
            inner = align([source_doc.segments[i].text for i in src_idx], [doc.segments[j].text for j in tgt_idx],
                          similarity=sim, skip_cost=0.8)
            sent_links = [(tuple(src_idx[i] for i in lk.left), tuple(tgt_idx[j] for j in lk.right), lk.score) for lk in inner]
        else:
            score = sim(" ".join(source_doc.segments[i].text for i in src_idx), " ".join(doc.segments[j].text for j in tgt_idx)) if src_idx and tgt_idx else 0.0
            sent_links = [(tuple(src_idx), tuple(tgt_idx), score)]
        for left, right, score in sent_links:
            if left and right:
                a, b = doc.segments[right[0]], doc.segments[right[-1]]
                text = " ".join(source_doc.segments[i].text for i in left)
                pairs.append({"id": ",".join(str(i + 1) for i in left), "source": text, "start": a.span.start,
                              "end": b.span.end, "reference": None, "score": round(score, 3)})
                last_end = b.span.end
            elif left:
                for i in left:
                    lost.append({"id": str(i + 1), "source": source_doc.segments[i].text, "at": last_end})
            else:
                for j in right:
                    seg = doc.segments[j]
                    extra.append({"start": seg.span.start, "end": seg.span.end})
                    last_end = seg.span.end
    return {"format": "text", "source": source_path, "source_lang": source_doc.lang, "pairs": pairs,
            "unpaired_source": lost, "unpaired_target": extra}


def with_source_lang(doc: Document, source_lang: str | None) -> Document:
    return doc if not source_lang or doc.source_lang == source_lang else replace(doc, source_lang=source_lang)
