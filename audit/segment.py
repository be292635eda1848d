"""Text → paragraphs → sentences, each with offsets into the text, and a structural kind.

Sentences come from sentencex (Wikimedia's Rust segmenter, ~300 languages, returns offsets,
~15 µs a paragraph). Kinds are read from what the text shows: a first short paragraph with no
closing punctuation is the headline; other such lines are headings; a paragraph carrying a
caption marker of the language ("(left)", «(слева)») is a caption; the rest is body.
"""

from __future__ import annotations

import re

from audit.languages import Language
from audit.model import Paragraph, Segment, Span

_PARA_BREAK = re.compile(r"\n[ \t\f\v\u00a0\u200b\r]*\n|\r\r|\u2029")
_TERMINAL = tuple(".!?…:;\"'”»)]*。！？")


def paragraphs(text: str) -> list[Span]:
    spans, start = [], 0
    for m in _PARA_BREAK.finditer(text):
        spans.append(Span(start, m.start()))
        start = m.end()
    spans.append(Span(start, len(text)))
    return [s for s in (_strip(text, s) for s in spans) if s is not None]


def _strip(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def sentences(text: str, span: Span, lang: str) -> list[Span]:
    """Sentence spans inside `span`; lines inside a paragraph also end a sentence."""
    out: list[Span] = []
    for line in _lines(text, span):
        chunk = text[line.start : line.end]
        try:
            from sentencex import get_sentence_boundaries

            bounds = [(b["start_index"], b["end_index"]) for b in get_sentence_boundaries(lang or "en", chunk)]
        except Exception:  # an unknown language or a segmenter failure: keep the line whole
            bounds = [(0, len(chunk))]
        for a, b in bounds:
            s = _strip(text, Span(line.start + a, line.start + b))
            if s is not None:
                out.append(s)
    return out or [span]


def _lines(text: str, span: Span) -> list[Span]:
    out, start = [], span.start
    for m in re.finditer(r"\r\n|\n|\r", text[span.start : span.end]):
        out.append(Span(start, span.start + m.start()))
        start = span.start + m.end()
    out.append(Span(start, span.end))
    return [s for s in (_strip(text, s) for s in out) if s is not None]


def kind_of(para: str, index: int, language: Language) -> str:
    words = len(para.split())
    if any(marker.casefold() in para.casefold() for marker in language.caption_markers):
        return "caption"
    open_ended = not para.rstrip().endswith(_TERMINAL) and "\n" not in para
    if open_ended and words <= 25:
        return "headline" if index == 0 else "heading"
    return "body"


def segment(text: str, language: Language) -> tuple[tuple[Paragraph, ...], tuple[Segment, ...]]:
    paras, segs = [], []
    for p_index, p_span in enumerate(paragraphs(text)):
        p_text = text[p_span.start : p_span.end]
        kind = kind_of(p_text, p_index, language)
        paras.append(Paragraph(p_index, p_span, p_text, kind))
        for s_span in sentences(text, p_span, language.code):
            segs.append(Segment(len(segs), s_span, text[s_span.start : s_span.end], p_index, kind))
    return tuple(paras), tuple(segs)
