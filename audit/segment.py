"""Text → paragraphs → sentences, each with offsets into the text, and a structural kind.

Sentences come from sentencex (Wikimedia's Rust segmenter, ~300 languages, returns offsets,
~15 µs a paragraph), then breaks it makes that cannot be sentence ends are undone: inside a
word ("BFM.TV"), inside a clock time ("01։ 23", the Armenian full stop as a colon), before a lower-case word ("бат. вошли", «— А вы? — спросила она»), after a
one-letter initial ("М. Помпео"), and after the language's abbreviations before a number
("вх. 3") or, for abbreviations that precede names, before a capitalised word ("Dr. No",
"ул. Ленина"). The abbreviations are data (references/languages.yaml). Kinds are read from what the text shows: a first short paragraph with no
closing punctuation is the headline; other such lines are headings; a paragraph carrying a
caption marker of the language ("(left)", «(слева)») is a caption; the rest is body.
"""

from __future__ import annotations

import re

from audit.language_facts import Language
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


# What may stand before a sentence's first letter: spaces, quotes, dashes, brackets, ellipses.
_LEAD = re.compile(r"[\s\"'«»„“”‘’‹›()\[\]\-–—―…*•]*")
_LAST_WORD = re.compile(r"(?:^|[\s(\[«\"“„'‘])([^\s(\[«\"“„'‘]+)\.[\s\"'»”’)\]]*$")
_CLOCK_MARK = re.compile(r"(?<!\d)\d{1,2}[:\u0589\uff1a]$")
_NUMBER_BEFORE = re.compile(r"\d[\d\s.,]*\s+\S+\.[\s\"'»”’)\]]*$")


def _joined(chunk: str, left: str, start: int, language: Language | None) -> bool:
    """Is the break between `left` (a sentence so far) and the text at `start` not a sentence end?"""
    if start > 0 and not chunk[start - 1].isspace():
        return True  # inside a word: "BFM.TV", "3.5"
    lead = _LEAD.match(chunk, start)
    first = chunk[lead.end() : lead.end() + 1] if lead else chunk[start : start + 1]
    if not first:
        return False
    if first.islower():
        return True  # a sentence does not start in lower case: "бат. вошли", «— А вы? — спросила она»
    if first.isdigit() and _CLOCK_MARK.search(left.rstrip()):
        return True  # a clock time spaced by a tokeniser: "at 01։ 23" (the Armenian full stop as a colon)
    m = _LAST_WORD.search(left.rstrip())
    if m is None:
        return False
    word = m.group(1).casefold()
    if len(word) == 1 and word.isalpha() and m.group(1).isupper() and first.isupper():
        return True  # an initial: "М. Помпео", "J. K. Rowling"
    if language is None:
        return False
    if first.isdigit():
        return word in language.abbreviations  # "вх. 3", "No. 5"
    if first.isupper() and word in language.name_abbreviations:
        return not _NUMBER_BEFORE.search(left.rstrip())  # "ул. Ленина", but "в 2020 г. Затем"
    return False


def sentences(text: str, span: Span, lang: str, language: Language | None = None) -> list[Span]:
    """Sentence spans inside `span`; lines inside a paragraph also end a sentence."""
    out: list[Span] = []
    for line in _lines(text, span):
        chunk = text[line.start : line.end]
        try:
            from sentencex import get_sentence_boundaries

            bounds = [(b["start_index"], b["end_index"]) for b in get_sentence_boundaries(lang or "en", chunk)]
        except Exception:  # an unknown language or a segmenter failure: keep the line whole
            bounds = [(0, len(chunk))]
        merged: list[tuple[int, int]] = []
        for a, b in bounds:
            if merged and _joined(chunk, chunk[merged[-1][0] : a], a, language):
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        for a, b in merged:
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
        for s_span in sentences(text, p_span, language.code, language):
            segs.append(Segment(len(segs), s_span, text[s_span.start : s_span.end], p_index, kind))
    return tuple(paras), tuple(segs)
