"""The reference stage: align the translation with reference texts, diff and score the pairs.

Output, `data["alignment"]` (JSON-able; the REF checks read it, reports show it):

    {"references": [{"path", "label", "kind", "lang", "segments", "sha256"}],
     "metrics":    [{"name", "score", "signature", "segment_signature"}],     # the document
     "pairs":      [{"ref": 0, "target": [3, 4], "reference": [2], "start", "end",
                     "target_text", "reference_text", "reference_line", "similarity",
                     "scores": {"chrF": .., "BLEU": .., "TER": ..},
                     "diff": [{"op": "replace", "target": "Anthony", "reference": "Antony",
                               "start": 120, "end": 127, "ref_start": 80, "ref_end": 86}],
                     "glossary": [{"entries", "reference", "target", "start", "end", "target_wrong"}],
                     "numbers": [{"kind": "changed", "reference": "12", "target": "13", "start", "end"}]}],
     "unaligned_target":    [{"ref": 0, "segment": 9, "start", "end", "text"}],   # added
     "unaligned_reference": [{"ref": 0, "segment": 5, "text", "line", "at"}]}    # dropped

Offsets (`start`, `end`, `at`) are into the audited text, `ref_start`/`ref_end` into the
pair's `reference_text`; `at` is where dropped reference
content would go (the end of the previous aligned pair's target text). Document scores use every
link (dropped content scores against an empty hypothesis, added content against an empty
reference), and all references together where there are several.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from audit.align import DEFAULT_SIMILARITY, Link, align
from audit.glossary.index import term_index
from audit.metrics import Scorer, default_scorers
from audit.model import Document, Metric
from audit.phrases import tokenize
from audit.reference_diff import glossary_differences, number_differences, word_diff
from audit.reference_texts import POST_EDIT, REFERENCE, RefText, discover, load, shown_path
from audit.references import References
from audit.stages import Outputs, ReferenceAlignment, StageOutput

MIN_PAIR_SIMILARITY = 0.3  # below this an aligned pair is too loose to compare names or numbers
# A link whose texts share less than this (n-gram Dice, audit.align) is content on both sides
# that happened to sit in the same place: reported as added and dropped, not as a bad pair.
# On MLQE-PE, 95% of unrelated sentence pairs score below 0.2 and 97.7% of MT/post-edit pairs
# 0.2 or more (0.25 would keep 99.5% of unrelated pairs out but split 3.2% of true ones).
MIN_LINK_LEXICAL = 0.2


def reference_stage(
    files: Sequence[str | Path] = (),
    post_edits: Sequence[str | Path] = (),
    bundled: bool = True,
    tokenize_bleu: str = "13a",
    max_bytes: int | None = None,
):
    """A pipeline stage. The user's files come first (the first reference anchors document
    units); the bundled references for the document id are added when `bundled`."""

    def stage(doc: Document, references: References, settings, earlier: Outputs | None = None) -> StageOutput:
        given = [(Path(f), REFERENCE) for f in files] + [(Path(f), POST_EDIT) for f in post_edits]
        if bundled:
            given += discover(doc, references)
        wanted, seen = [], set()
        for p, kind in given:  # each file once, the first way it was named
            if p.resolve() not in seen:
                seen.add(p.resolve())
                wanted.append((p, kind))
        if not wanted:
            return StageOutput()
        refs = [load(p, doc, references, kind, max_bytes=max_bytes) for p, kind in wanted]
        data, metrics = compare(doc, refs, references, tokenize_bleu)
        notice = (
            f"aligned with {len(refs)} reference(s): "
            + ", ".join(Path(r.path).name for r in refs)
            + f"; {len(data['unaligned_target'])} target and {len(data['unaligned_reference'])} reference segment(s) unaligned"
        )
        return StageOutput(metrics=tuple(metrics), notices=(notice,),
                           products=(ReferenceAlignment(data),))

    return stage


def compare(doc: Document, refs: Sequence[RefText], references: References | None = None,
            tokenize_bleu: str = "13a") -> tuple[dict, list[Metric]]:
    """Align, diff and score `doc` against `refs` (all in the document's language)."""
    target = [s.text for s in doc.segments]
    alignments = [unlink_weak(align(target, [s.text for s in r.segments]), target, [s.text for s in r.segments])
                  for r in refs]
    post_edit = bool(refs) and all(r.kind == POST_EDIT for r in refs)
    scorers = default_scorers(post_edit=post_edit, tokenize=tokenize_bleu)
    pairs, added, dropped = [], [], []
    index = None
    if references is not None:
        index = term_index(references, doc.lang)
    mentions = index.find(tokenize(doc.text), doc.text) if index is not None else []
    for k, (ref, links) in enumerate(zip(refs, alignments)):
        same = (ref.kind == POST_EDIT) == post_edit  # share the document's scorers (and their memo)
        pe_scorers = scorers if same else default_scorers(post_edit=ref.kind == POST_EDIT, tokenize=tokenize_bleu)
        last_end = 0
        for link in links:
            if link.left and link.right:
                pair = _pair(doc, ref, k, link, pe_scorers)
                if pair["similarity"] >= MIN_PAIR_SIMILARITY:
                    ref_mentions = index.find(tokenize(pair["reference_text"]), pair["reference_text"]) if index else []
                    pair["glossary"] = glossary_differences(pair, mentions, ref_mentions, doc.text)
                    pair["numbers"] = number_differences(pair, doc.text, doc.lang)
                pairs.append(pair)
                last_end = pair["end"]
            elif link.left:
                for i in link.left:
                    seg = doc.segments[i]
                    added.append({"ref": k, "segment": i, "start": seg.span.start, "end": seg.span.end, "text": seg.text})
            else:
                for j in link.right:
                    rs = ref.segments[j]
                    dropped.append({"ref": k, "segment": j, "text": rs.text, "line": ref.line_of(rs.span.start), "at": last_end})
    hyps, unit_refs, owners = _units(doc, refs, alignments)
    metrics = []
    for scorer in scorers:
        per_unit = [scorer.sentence(h, r) for h, r in zip(hyps, unit_refs)]
        per_segment: list[float | None] = [None] * len(doc.segments)
        for score, segs, rs in zip(per_unit, owners, unit_refs):
            for i in segs:
                per_segment[i] = score if any(rs) else None  # no reference counterpart: no score
        metrics.append(scorer.metric(hyps, unit_refs, per_segment=per_segment, prefix="ref-"))
    data = {
        "references": [
            {"path": shown_path(r.path), "label": r.label, "kind": r.kind, "lang": r.lang, "segments": len(r.segments), "sha256": r.sha256}
            for r in refs
        ],
        "metrics": [
            {"name": m.name, "score": m.score, "signature": m.signature,
             "segment_signature": s.signature(True, nrefs=1), "higher_is_better": s.higher_is_better}
            for m, s in zip(metrics, scorers)
        ],
        "pairs": pairs,
        "unaligned_target": list({a["segment"]: a for a in added if _unaligned_everywhere(a["segment"], alignments)}.values()),
        "unaligned_reference": dropped,
    }
    return data, metrics


def unlink_weak(links: list[Link], left: Sequence[str], right: Sequence[str],
                threshold: float = MIN_LINK_LEXICAL) -> list[Link]:
    """Split links whose texts share almost nothing into unaligned segments on both sides."""
    sim = DEFAULT_SIMILARITY

    out: list[Link] = []
    for link in links:
        if link.left and link.right:
            a = sim.features(" ".join(left[i] for i in link.left))
            b = sim.features(" ".join(right[j] for j in link.right))
            if sim.lexical(a, b) < threshold:
                out += [Link((i,), (), 0.0) for i in link.left] + [Link((), (j,), 0.0) for j in link.right]
                continue
        out.append(link)
    return out


def _unaligned_everywhere(i: int, alignments: Sequence[list[Link]]) -> bool:
    return all(any(i in link.left and not link.right for link in links) for links in alignments)


def _pair(doc: Document, ref: RefText, k: int, link: Link, scorers: Sequence[Scorer]) -> dict:
    a, b = doc.segments[link.left[0]], doc.segments[link.left[-1]]
    ra, rb = ref.segments[link.right[0]], ref.segments[link.right[-1]]
    start, end = a.span.start, b.span.end
    t_text = " ".join(doc.segments[i].text for i in link.left)
    r_text = " ".join(ref.segments[j].text for j in link.right)
    return {
        "ref": k,
        "target": list(link.left),
        "reference": list(link.right),
        "start": start,
        "end": end,
        "target_text": t_text,
        "reference_text": r_text,
        "reference_line": ref.line_of(ra.span.start),
        "reference_start": ra.span.start,
        "reference_end": rb.span.end,
        "similarity": link.score,
        "scores": {s.name: s.sentence(t_text, [r_text]) for s in scorers},
        "diff": word_diff(doc.text, start, end, r_text),
        "glossary": [],  # filled in by compare() for pairs similar enough to compare
        "numbers": [],
    }


def _units(doc: Document, refs: Sequence[RefText], alignments: Sequence[list[Link]]):
    """Scoring units anchored on the first reference's links; other references map onto them.

    Returns (hypotheses, references per hypothesis, target segments per unit).
    """
    if not refs:
        return [], [], []
    hyps, unit_refs, owners = [], [], []
    maps = []  # per other reference: target segment -> reference segments linked with it
    for ref, links in zip(refs[1:], alignments[1:]):
        m: dict[int, list[int]] = {}
        for link in links:
            for i in link.left:
                m.setdefault(i, []).extend(link.right)
        maps.append((ref, m))
    first = refs[0]
    for link in alignments[0]:
        hyp = " ".join(doc.segments[i].text for i in link.left)
        rs: list[str | None] = [" ".join(first.segments[j].text for j in link.right)]
        for ref, m in maps:
            js = sorted({j for i in link.left for j in m.get(i, ())})
            rs.append(" ".join(ref.segments[j].text for j in js) if js else None)
        if not any(rs):  # no reference has it: empty in each (nrefs stays constant; scores are the same)
            rs = [""] * len(refs)
        hyps.append(hyp)
        unit_refs.append(rs)
        owners.append(list(link.left))
    return hyps, unit_refs, owners
