"""The engine for rules whose knowledge is a list of phrases (Vale's substitution/existence).

Glossary wrong forms, calques and boilerplate all compile into a `PhraseSet`: literal phrases
matched on tokens, plus regular expressions. A phrase with no suggestion is an *exception*:
it matches like the others (leftmost-longest) and so shields what it covers, which is how a
wrong form never fires inside a longer correct term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from audit.model import Span
from audit.phrases import PhraseMatcher


@dataclass(frozen=True)
class Hit:
    span: Span
    suggestion: str | None
    what: str  # what was matched: the phrase, or the entry it belongs to
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class _Item:
    suggestion: str | None
    what: str
    note: str | None
    source: str | None
    exception: bool


class PhraseSet:
    def __init__(self) -> None:
        self.matcher: PhraseMatcher[_Item] = PhraseMatcher()
        self.regexes: list[tuple[re.Pattern, _Item]] = []

    def __len__(self) -> int:
        return len(self.matcher) + len(self.regexes)

    def add(self, phrase: str, suggestion: str | None = None, what: str | None = None,
            note: str | None = None, source: str | None = None) -> None:
        self.matcher.add(phrase, _Item(suggestion, what or phrase, note, source, False))

    def except_(self, phrase: str) -> None:
        self.matcher.add(phrase, _Item(None, phrase, None, None, True))

    def add_regex(self, regex: re.Pattern, suggestion: str | None = None, what: str | None = None,
                  note: str | None = None, source: str | None = None) -> None:
        self.regexes.append((regex, _Item(suggestion, what or regex.pattern, note, source, False)))

    def find(self, tokens, text: str) -> Iterator[Hit]:
        for m in self.matcher.find(tokens, text):
            if any(p.exception for p in m.payloads):
                continue  # an accepted reading covers this text
            p = m.payloads[0]
            yield Hit(m.span, p.suggestion, p.what, p.note, p.source)
        for regex, p in self.regexes:
            for rm in regex.finditer(text):
                if rm.end() > rm.start():
                    suggestion = rm.expand(p.suggestion) if p.suggestion else None
                    yield Hit(Span(rm.start(), rm.end()), suggestion, p.what, p.note, p.source)


def match_case(suggestion: str, original: str) -> str:
    """Capitalise a suggestion where the text it replaces is capitalised (sentence start)."""
    if original[:1].isupper() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion
