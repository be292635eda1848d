"""The glossary as one phrase matcher per language: every form of every entry, tagged.

A mention is a leftmost-longest match, so a form never matches inside a longer form
("Secretary General" inside "Alliance Secretary General").
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.model import Span
from audit.phrases import Match, PhraseMatcher

CANONICAL, VARIANT, WRONG = "canonical", "variant", "wrong"


@dataclass(frozen=True)
class FormRef:
    entry: str
    kind: str  # entry kind: person, title, ...
    form: str  # the form as written in the glossary
    status: str  # canonical | variant | wrong


@dataclass(frozen=True)
class Mention:
    span: Span
    text: str
    refs: tuple[FormRef, ...]
    tokens: tuple[int, int]

    @property
    def entries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.entry for r in self.refs))

    @property
    def wrong(self) -> bool:
        return all(r.status == WRONG for r in self.refs)

    def of_kind(self, kind: str) -> tuple[FormRef, ...]:
        return tuple(r for r in self.refs if r.kind == kind)


class TermIndex:
    def __init__(self, matcher: PhraseMatcher[FormRef]):
        self.matcher = matcher

    def find(self, tokens, text) -> list[Mention]:
        return [_mention(m, text) for m in self.matcher.find(tokens, text)]


def _mention(m: Match[FormRef], text: str) -> Mention:
    return Mention(m.span, text[m.span.start : m.span.end], tuple(dict.fromkeys(m.payloads)), m.tokens)


def build_index(glossary, lang: str) -> TermIndex:
    matcher: PhraseMatcher[FormRef] = PhraseMatcher()
    for e in glossary:
        if lang in e.forms:
            matcher.add(e.forms[lang], FormRef(e.id, e.kind, e.forms[lang], CANONICAL))
        for v in e.variants.get(lang, ()):
            matcher.add(v, FormRef(e.id, e.kind, v, VARIANT))
        for w in e.wrong.get(lang, ()):
            matcher.add(w, FormRef(e.id, e.kind, w, WRONG))
    return TermIndex(matcher)


def term_index(references, lang: str) -> TermIndex:
    return references.compiled(("terms", lang), lambda: build_index(references.glossary, lang))
