"""Small helpers the renderers share: line/column of an offset, the context of a finding."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from audit.model import AuditResult, Finding

SCHEMA_VERSION = 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset (a binary search in the text's newline
    offsets, built once per text: counting newlines per finding made reports quadratic)."""
    newlines = _newlines(text)
    before = bisect_left(newlines, offset)  # newlines before `offset`
    return before + 1, offset - (newlines[before - 1] + 1 if before else 0) + 1


@lru_cache(maxsize=4)
def _newlines(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


def context(result: AuditResult, f: Finding) -> tuple[str, str, str]:
    """(before, match, after) inside the finding's segment (or a window around it)."""
    text = result.document.analysed  # markup blanked: context reads as prose
    seg = result.document.segments[f.segment] if f.segment is not None else None
    start = min(seg.span.start, f.span.start) if seg else max(0, f.span.start - 60)
    end = max(seg.span.end, f.span.end) if seg else min(len(text), f.span.end + 60)
    return text[start : f.span.start], f.text, text[f.span.end : end]


def to_dict(result: AuditResult) -> dict:
    """The JSON contract, schema 1. `findings[].text == input[span.start:span.end]`."""
    doc = result.document
    return {
        "schema": SCHEMA_VERSION,
        "tool": {"name": "tqa", "signature": result.signature},
        "document": {
            "path": doc.path,
            "lang": doc.lang,
            "source_lang": doc.source_lang,
            "date": doc.date,
            "encoding": doc.encoding,
            "format": doc.format,
            "characters": len(doc.text),
        },
        "score": result.score.quality,
        "passed": result.passed,
        "reasons": list(result.reasons),
        "words": result.score.words,
        "penalty": result.score.penalty,
        "penalty_per_1000": result.score.per_1000,
        "counts": result.score.counts,
        "notices": list(result.notices),
        "findings": [
            {
                "rule": f.rule,
                "category": f.category,
                "severity": f.severity.label,
                "message": f.message,
                "span": {"start": f.span.start, "end": f.span.end},
                "line": line_col(doc.text, f.span.start)[0],
                "column": line_col(doc.text, f.span.start)[1],
                "text": f.text,
                "suggestion": f.suggestion,
                "segment": f.segment,
                "evidence": list(f.evidence),
                # Findings of other rules about the same problem, not scored (audit/overlap.py).
                **({"absorbed": [_absorbed(a) for a in f.absorbed]} if f.absorbed else {}),
                **_unit(result, f),  # bilingual files: {"unit": {"id", "offset"}} (docs/bilingual.md)
            }
            for f in result.findings
        ],
        "metrics": [
            {"name": m.name, "score": m.score, "signature": m.signature, "per_segment": list(m.per_segment)}
            for m in result.metrics
        ],
        "segments": [
            {
                "index": s.index,
                "span": {"start": s.span.start, "end": s.span.end},
                "paragraph": s.paragraph,
                "kind": s.kind,
                "lang": s.lang,
                "text": s.text,
                **({"backtranslation": s.backtranslation} if s.backtranslation is not None else {}),
            }
            for s in doc.segments
        ],
        # Output of optional stages (e.g. "alignment"), each under its own top-level key.
        **{k: v for k, v in result.data.items() if k not in _RESERVED},
    }


_RESERVED = {"schema", "tool", "document", "score", "passed", "reasons", "words", "penalty",
             "penalty_per_1000", "counts", "notices", "findings", "metrics", "segments"}


def _absorbed(a: Finding) -> dict:
    return {"rule": a.rule, "severity": a.severity.label, "message": a.message,
            "span": {"start": a.span.start, "end": a.span.end}, "text": a.text}


def _unit(result: AuditResult, f: Finding) -> dict:
    from audit.bilingual import unit_at

    unit = unit_at(result.data, f.span.start)
    return {"unit": unit} if unit else {}
