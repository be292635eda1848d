"""Source ↔ target pairs, as the stage data the bilingual checks read.

`data["bilingual"]` (JSON-able, shown in the JSON report):

    {"format": "xliff" | "tmx" | "po" | "tsv" | "csv" | "text" | "lines",
     "source": path of the source file (plain text) or null, "source_lang": "ru",
     "pairs":  [{"id": "t1", "source": "...", "start": 0, "end": 42, "reference": null, "line": 5}],
     "unpaired_source": [{"id": "4", "source": "...", "at": 120}],   # no translation
     "unpaired_target": [{"start": 200, "end": 260}]}                 # no source

`start`/`end` are offsets of the target text in the audited document; `line` (bilingual files
only, when known) is the line the unit starts on in the file, for reports' locations.
Bilingual files become a document whose paragraphs are the target units, joined with blank
lines; plain-text pairs come from the aligner (sentences, monotone, 1-2 and 2-1 merges) or
from line numbers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

from audit.align import Link, align
from audit.bilingual.formats import Bilingual
from audit.errors import InputError
from audit.model import Document
from audit.name_compare import romanise, source_names, words
from audit.quantities import normalise_digits

_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0\u200b\r]*\n")
_NUM = re.compile(r"\d+")
SEPARATOR = "\n\n"
# Sentence alignment across languages (audit/align.py costs): leaving a sentence unlinked costs
# SKIP; a 1-2 or 2-1 merge pays MERGE on top of its similarity. Translations keep sentence
# boundaries far more often than they merge them (Gale and Church found 1-1 in 89% of links,
# merges in 9%), and a cheap merge hides a dropped sentence inside its neighbour: measured on
# WMT21 ru-en ref-A with one sentence deleted per document (and OMIT001's evidence test),
# MERGE 1.0 finds 113 of 116 drops within a sentence, 0.6 finds 110 and 0.1 (the same-language
# default) 97; none of them reports a sentence of the untouched translation.
SKIP, MERGE = 0.8, 1.0


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
        pairs.append({"id": u.id, "source": u.source, "start": pos, "end": pos + len(target), "reference": u.reference,
                      **({"line": u.line} if u.line else {})})
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


_PUNCT_ANCHORS = "?!()"  # marks every language writes alike: questions, exclamations, brackets


def _dice(a: Counter, b: Counter) -> float:
    return 2 * sum((a & b).values()) / (sum(a.values()) + sum(b.values()))


class _Feats:
    __slots__ = ("anchors", "length")

    def __init__(self, anchors: Counter, length: int):
        self.anchors, self.length = anchors, length


class CrossSimilarity:
    """Similarity of a source and a target sentence in different languages, in [0, 1], for
    audit/align.py: their length ratio against the expected one (a Gaussian on the log ratio
    whose width shrinks with length, as in Gale and Church: short sentences vary more), and
    shared anchors counted as multisets: numbers, question and exclamation marks and brackets,
    romanised initials of capitalised words, and the target forms the lexicon expects for the
    source's names (Госдума → State Duma). Counting anchors (not just sets) keeps a merge
    honest: two source sentences that both name Degtyarev do not match one target sentence
    that names him once as well as the right one alone does."""

    def __init__(self, ratio: float = 1.0, references=None, src: str | None = None, tgt: str | None = None):
        self.ratio, self.references, self.src, self.tgt = ratio, references, src, tgt

    def _anchors(self, text: str, source: bool) -> Counter:

        out: Counter = Counter(("n", m.group()) for m in _NUM.finditer(normalise_digits(text)))
        out.update(("p", c) for c in text if c in _PUNCT_ANCHORS)
        for w in words(text):
            if w.capitalised and not w.initial and len(w.text) >= 3:
                out[("w", romanise(w.text, "und")[0][0][:3])] += 1
        if source and self.references is not None and self.src and self.tgt:
            seen = set(k for k in out if k[0] == "w")
            for name in source_names(text, self.src, self.references, self.tgt):
                for form in name.expected[:3]:
                    first = form.split()[0] if form.split() else ""
                    key = ("w", romanise(first, "und")[0][0][:3]) if len(first) >= 2 else None
                    if key is not None and key not in seen:
                        out[key] += 1
                        seen.add(key)
        return out

    def features_left(self, text: str) -> _Feats:
        return _Feats(self._anchors(text, True), len(text))

    def features(self, text: str) -> _Feats:
        return _Feats(self._anchors(text, False), len(text))

    def merge(self, a: _Feats, b: _Feats) -> _Feats:
        return _Feats(a.anchors + b.anchors, a.length + b.length + 1)

    def score(self, a: _Feats, b: _Feats) -> float:
        la, lb = max(1, a.length), max(1, b.length)
        width = max(SIGMA_MIN, SIGMA_K / math.sqrt(min(la, lb)))
        length = math.exp(-(math.log((lb / la) / self.ratio) ** 2) / (2 * width**2))
        xa, xb = a.anchors, b.anchors
        parts = []
        na = Counter({k: v for k, v in xa.items() if k[0] == "n"})
        nb = Counter({k: v for k, v in xb.items() if k[0] == "n"})
        if na or nb:  # numbers are kept in translation: one on one side only is evidence against
            parts.append(_dice(na, nb))
        oa, ob = xa - na, xb - nb
        if oa and ob:
            parts.append(_dice(oa, ob))
        factor = 0.85 if bool(oa) != bool(ob) else 1.0  # names on one side only: weak evidence against
        if not parts:
            return length * factor
        return 0.5 * length + 0.5 * sum(parts) / len(parts)

    def __call__(self, a: str, b: str) -> float:
        return self.score(self.features_left(a), self.features(b))


# Width of the length model: the standard deviation of the log length ratio, SIGMA_K/sqrt(chars)
# (Gale and Church: the variance of a translation's length grows with the source's), at least
# SIGMA_MIN. Fitted on WMT21 ru-en (lost sentences on untouched translations vs drops found).
SIGMA_K, SIGMA_MIN = 3.5, 0.2


def cross_similarity(ratio: float = 1.0, references=None, src: str | None = None, tgt: str | None = None) -> CrossSimilarity:
    """A `CrossSimilarity` (callable on two strings, and a `Similarity` for audit/align.py)."""
    return CrossSimilarity(ratio, references, src, tgt)


def _lines_of(doc: Document, seg_idx: list[int]) -> list[list[int]]:
    """Segments grouped by the line they sit on (a line break between two segments ends a group)."""
    out: list[list[int]] = []
    for i in seg_idx:
        if out:
            prev = doc.segments[out[-1][-1]]
            cur = doc.segments[i]
            if prev.paragraph == cur.paragraph and "\n" not in doc.text[prev.span.end : cur.span.start]:
                out[-1].append(i)
                continue
        out.append([i])
    return out


def _link_units(left: list[str], right: list[str], sim) -> list[tuple[tuple[int, ...], tuple[int, ...], float | None]]:
    """Units i ↔ i when both sides have as many (translations keep their structure), else aligned."""

    if len(left) == len(right):
        return [((i,), (i,), None) for i in range(len(left))]
    if not left or not right:
        return [(tuple(range(len(left))), tuple(range(len(right))), None)]
    out: list[tuple[tuple[int, ...], tuple[int, ...], float | None]] = []
    run_l: list[int] = []
    run_r: list[int] = []
    for lk in [*align(left, right, similarity=sim, skip_cost=SKIP, merge_cost=MERGE), None]:
        if lk is not None and not lk.aligned:
            run_l.extend(lk.left)
            run_r.extend(lk.right)
            continue
        # Units left unlinked on both sides between the same two links belong together: their
        # sentences are aligned inside the group (a paragraph split in two, a line dropped).
        if run_l and run_r:
            out.append((tuple(run_l), tuple(run_r), None))
        else:
            out.extend(((i,), (), None) for i in run_l)
            out.extend(((), (j,), None) for j in run_r)
        run_l, run_r = [], []
        if lk is not None:
            out.append((lk.left, lk.right, lk.score))
    return out


def _unlinked_together(links: list) -> list:
    """Sentences left unlinked on both sides between the same two links (or a group's ends)
    belong together, as units do in `_link_units`: inside a linked group of lines, the target
    sentences that no source sentence took are the translation of the source sentences that
    none took. Two sentences merged into one whose figure changed ("200 feet" as "205 feet")
    score too low to link; paired, the figure is compared (NUM001) instead of both source
    sentences being reported lost. A run on one side only stays unlinked (a dropped sentence).
    → Links (score None for a run put together)."""
    out: list = []
    run_l: list[int] = []
    run_r: list[int] = []
    for lk in [*links, None]:
        if lk is not None and not lk.aligned:
            run_l.extend(lk.left)
            run_r.extend(lk.right)
            continue
        if run_l and run_r:
            out.append(Link(tuple(run_l), tuple(run_r), None))
        else:
            out.extend(Link((i,), (), 0.0) for i in run_l)
            out.extend(Link((), (j,), 0.0) for j in run_r)
        run_l, run_r = [], []
        if lk is not None:
            out.append(lk)
    return out


def pair_aligned(doc: Document, source_doc: Document, source_path: str, ratio: float = 1.0, references=None) -> dict:
    """Source ↔ target sentences (audit/align.py), top down: paragraphs (i ↔ i when both texts
    have as many; else aligned, since longer texts carry more anchors and steadier length
    ratios), then the lines inside each linked group of paragraphs the same way (a text with a
    segment a line keeps its lines in translation), then the sentences inside each linked group
    of lines. Each source sentence left out gets the lengths of its surroundings, so OMIT001 can
    tell a sentence the translation lacks from one the aligner merely put elsewhere."""

    sim = cross_similarity(ratio, references, source_doc.lang, doc.lang)
    src_par = [p.text for p in source_doc.paragraphs]
    tgt_par = [p.text for p in doc.paragraphs]
    groups: list[tuple[list[int], list[int]]] = []  # (source segment indices, target segment indices)
    for left_p, right_p, _ in _link_units(src_par, tgt_par, sim):
        src_lines = _lines_of(source_doc, [s.index for s in source_doc.segments if s.paragraph in left_p])
        tgt_lines = _lines_of(doc, [s.index for s in doc.segments if s.paragraph in right_p])
        line_text = lambda d, ln: " ".join(d.segments[i].text for i in ln)  # noqa: E731
        for left_l, right_l, _ in _link_units([line_text(source_doc, ln) for ln in src_lines],
                                              [line_text(doc, ln) for ln in tgt_lines], sim):
            groups.append(([i for k in left_l for i in src_lines[k]], [j for k in right_l for j in tgt_lines[k]]))
    pairs, lost, extra = [], [], []
    order: list[tuple[str, dict, str, str]] = []  # every link in document order: kind, item, source, target
    last_end = 0
    for src_idx, tgt_idx in groups:
        if src_idx and tgt_idx and (len(src_idx) > 1 or len(tgt_idx) > 1):
            inner = align([source_doc.segments[i].text for i in src_idx], [doc.segments[j].text for j in tgt_idx],
                          similarity=sim, skip_cost=SKIP, merge_cost=MERGE)
            sent_links = [(tuple(src_idx[i] for i in lk.left), tuple(tgt_idx[j] for j in lk.right), lk.score)
                          for lk in _unlinked_together(inner)]
            sent_links = [(left, right, sim(" ".join(source_doc.segments[i].text for i in left),
                                            " ".join(doc.segments[j].text for j in right)) if score is None else score)
                          for left, right, score in sent_links]
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
                order.append(("pair", pairs[-1], text, doc.text[a.span.start : b.span.end]))
            elif left:
                for i in left:
                    lost.append({"id": str(i + 1), "source": source_doc.segments[i].text, "at": last_end})
                    order.append(("lost", lost[-1], lost[-1]["source"], ""))
            else:
                for j in right:
                    seg = doc.segments[j]
                    extra.append({"start": seg.span.start, "end": seg.span.end})
                    last_end = seg.span.end
                    order.append(("extra", extra[-1], "", seg.text))
    _windows(order, sim)
    return {"format": "text", "source": source_path, "source_lang": source_doc.lang, "pairs": pairs,
            "unpaired_source": lost, "unpaired_target": extra}


def _windows(order: list[tuple[str, dict, str, str]], sim: CrossSimilarity) -> None:
    """Give each run of lost source sentences the evidence of its surroundings: the linked pair
    (or unlinked target sentences) on each side. Lengths: a sentence the translation really
    lacks leaves them as long as their own source; one the aligner merely put elsewhere leaves
    a neighbour's translation long enough to hold it too. Anchors (numbers, names): those of
    the lost sentence that its neighbours' sources lack are either in the neighbours'
    translation (found: it was translated there) or nowhere around (missing)."""
    i = 0
    while i < len(order):
        if order[i][0] != "lost":
            i += 1
            continue
        j = i
        while j < len(order) and order[j][0] == "lost":
            j += 1
        around = [order[k] for k in (i - 1, j) if 0 <= k < len(order)]
        src_text = " ".join(o[2] for o in around if o[2])
        tgt_text = " ".join(o[3] for o in around if o[3])
        lost_text = " ".join(order[k][2] for k in range(i, j))
        keep = lambda c: Counter({k: v for k, v in c.items() if k[0] != "p"})  # noqa: E731
        own = keep(sim.features_left(lost_text).anchors) - keep(sim.features_left(src_text).anchors)
        surplus = keep(sim.features(tgt_text).anchors) - keep(sim.features_left(src_text).anchors)
        found = own & surplus
        missing = own - surplus
        window = {"source_chars": len(src_text), "target_chars": len(tgt_text), "lost_chars": len(lost_text),
                  "anchors_found": sum(found.values()), "anchors_missing": sum(missing.values()),
                  "numbers_missing": sum(v for k, v in missing.items() if k[0] == "n")}
        for k in range(i, j):
            order[k][1]["window"] = window
        i = j


def with_source_lang(doc: Document, source_lang: str | None) -> Document:
    return doc if not source_lang or doc.source_lang == source_lang else replace(doc, source_lang=source_lang)
