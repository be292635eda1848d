"""Differences inside one aligned (target, reference) pair: words, glossary entries, numbers.

`word_diff` is a token-level diff with target offsets. `glossary_differences` lists the
reference's glossary mentions (canonical forms and accepted variants) that the target pair
does not match with an accepted form of the same entry. `number_differences` compares the
quantities of both sides (audit/quantities/: "10-13" and "10 to 13" agree).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from audit.model import Span
from audit.phrases import normalise_token, tokenize
from audit.quantities import extract
from audit.quantitydiff import compare

MAX_DIFF_OPS = 40  # per pair, so a wholly rewritten pair does not flood the report


def word_diff(text: str, start: int, end: int, reference: str) -> list[dict]:
    """Word-level differences between text[start:end] and `reference`.

    Tokens compare case-folded, dashes and quotes unified (audit/phrases.py). `start`/`end`
    are offsets into `text`, `ref_start`/`ref_end` into `reference`. Words only one side has
    get an empty span on the other side, where they would go.
    """
    t_toks = tokenize(text[start:end])
    r_toks = tokenize(reference)
    sm = SequenceMatcher(None, [normalise_token(t.text) for t in t_toks], [normalise_token(t.text) for t in r_toks], autojunk=False)
    ops = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if i1 < i2:
            s, e = start + t_toks[i1].start, start + t_toks[i2 - 1].end
        else:
            s = e = start + (t_toks[i1 - 1].end if i1 else 0)
        if j1 < j2:
            rs, re_ = r_toks[j1].start, r_toks[j2 - 1].end
        else:
            rs = re_ = r_toks[j1 - 1].end if j1 else 0
        ops.append({"op": op, "target": text[s:e], "reference": reference[rs:re_], "start": s, "end": e,
                    "ref_start": rs, "ref_end": re_})
    return ops[:MAX_DIFF_OPS]


def target_span_for(pair: dict, ref_span: Span) -> Span | None:
    """The target words the diff pairs with `ref_span` of the reference text.

    None when the diff has no target words there: the reference adds the words (the target
    names it some other way elsewhere in the sentence, or not at all).
    """
    ops = [op for op in pair.get("diff", ())
           if op["ref_start"] < ref_span.end and ref_span.start < op["ref_end"] and op["start"] < op["end"]]
    if not ops:
        return None
    return Span(min(op["start"] for op in ops), max(op["end"] for op in ops))


def glossary_differences(pair: dict, target_mentions, ref_mentions, text: str) -> list[dict]:
    """Reference mentions with no accepted counterpart in the target pair.

    `target_wrong`: the target has a known wrong form of the entry (TERM001's). `located`: the
    diff pairs the mention with target words (else `start`/`end` are the pair's and `target`
    is empty).
    """
    start, end = pair["start"], pair["end"]
    inside = [m for m in target_mentions if start <= m.span.start and m.span.end <= end]
    out = []
    for rm in ref_mentions:
        if rm.wrong:
            continue
        entries = set(rm.entries)
        if any(entries & set(m.entries) and not m.wrong for m in inside):
            continue
        wrong = [m for m in inside if entries & set(m.entries) and m.wrong]
        span = wrong[0].span if wrong else target_span_for(pair, rm.span)
        located = span is not None
        span = span or Span(start, end)
        out.append({"entries": list(rm.entries), "reference": rm.text,
                    "target": text[span.start:span.end] if located else "",
                    "start": span.start, "end": span.end, "target_wrong": bool(wrong), "located": located})
    return out


def number_differences(pair: dict, text: str, lang: str) -> list[dict]:

    start = pair["start"]
    cmp = compare(extract(pair["reference_text"], lang), extract(text[start : pair["end"]], lang))
    out = []
    for r, t in cmp.changed:
        out.append({"kind": "changed", "reference": r.text, "target": t.text, "start": start + t.span.start, "end": start + t.span.end})
    for r in cmp.missing:
        out.append({"kind": "missing", "reference": r.text, "target": "", "start": start, "end": pair["end"]})
    for t in cmp.extra:
        out.append({"kind": "extra", "reference": "", "target": t.text, "start": start + t.span.start, "end": start + t.span.end})
    return out
