"""Token-level phrase matching: many literal phrases, one pass, leftmost-longest.

Glossary forms, calques and boilerplate are all lists of literal phrases. Matching them on
tokens rather than characters makes spacing and dash variants irrelevant ("Russia — NATO",
"Russia-NATO" and "Russia – NATO" are the same three tokens) and costs one dictionary look-up
per token and phrase length, however many phrases there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, Iterable, NamedTuple, TypeVar

from audit.model import Span

T = TypeVar("T")

# Invisible format characters (soft hyphen, zero-width space and joiners, bidi marks and
# controls, word joiner, a BOM, Unicode tags): a word may carry them and still read the same,
# so tokens see through them: "Ki<ZWSP>ev" is one token whose key is "kiev", and its span
# covers the characters as they stand in the text. LANG004 (audit/checks/invisible.py)
# reports them.
_INVISIBLE_RANGES = ((0x00AD, 0x00AD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
                     (0x2060, 0x2064), (0x2066, 0x2069), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0xE0001, 0xE0001),
                     (0xE0020, 0xE007F))
INVISIBLE = frozenset(chr(c) for a, b in _INVISIBLE_RANGES for c in range(a, b + 1))
INVISIBLE_CLASS = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in _INVISIBLE_RANGES)  # inside [...] of a regex
_TOKEN = re.compile(rf"\w+(?:[{INVISIBLE_CLASS}]+\w+)*|[^\w\s{INVISIBLE_CLASS}]")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
_QUOTES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_FOLD = {**_DASHES, **_QUOTES, **{ord(c): None for c in INVISIBLE}}  # one pass: the tables map disjoint characters


class Token(NamedTuple):
    """A word or a punctuation mark of a text, and where it stands. A named tuple, not a frozen
    dataclass: an audit makes one per token of its text (60,000 for the gate's 200 articles),
    and a frozen dataclass's __init__ (a setattr per field) was a tenth of the gate's time."""

    text: str
    start: int
    end: int
    key: str  # the matching key, `normalise_token(text)`, computed once (glossary, calques, boilerplate ask it)


def normalise_token(tok: str) -> str:
    if tok.isascii():  # most tokens: nothing to translate
        return tok.lower()
    return tok.translate(_FOLD).casefold()


def tokenize(text: str) -> list[Token]:
    return [Token(w, m.start(), m.end(), normalise_token(w)) for m in _TOKEN.finditer(text) for w in (m.group(),)]


def phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(normalise_token(m.group()) for m in _TOKEN.finditer(phrase))


def is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return 0 < len(letters) <= 6 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class Match(Generic[T]):
    span: Span
    tokens: tuple[int, int]  # token index range [i, j)
    payloads: tuple[T, ...]


class PhraseMatcher(Generic[T]):
    """Literal phrases → payloads. `find` returns non-overlapping leftmost-longest matches.

    Matching ignores case, except for short all-capital phrases (acronyms: "US" is not "us").
    A phrase may carry several payloads (the same form in two entries).
    """

    def __init__(self) -> None:
        self._table: dict[tuple[str, ...], list[tuple[T, str | None]]] = {}
        self._lengths: list[int] = []
        self._firsts: dict[str, list[int]] = {}  # first token -> lengths of the phrases it starts, longest first

    def __len__(self) -> int:
        return len(self._table)

    def add(self, phrase: str, payload: T) -> None:
        key = phrase_key(phrase)
        if not key:
            return
        exact = phrase if is_acronym(phrase) else None
        self._table.setdefault(key, []).append((payload, exact))
        if len(key) not in self._lengths:
            self._lengths.append(len(key))
            self._lengths.sort(reverse=True)
        lengths = self._firsts.setdefault(key[0], [])
        if len(key) not in lengths:
            lengths.append(len(key))
            lengths.sort(reverse=True)

    def find(self, tokens: list[Token], text: str) -> list[Match[T]]:
        out: list[Match[T]] = []
        keys = [t.key for t in tokens]
        i, n = 0, len(tokens)
        table, firsts = self._table, self._firsts
        while i < n:
            hit = None
            lengths = firsts.get(keys[i])  # most tokens start no phrase: one look-up, not one per length
            if lengths and (keys[i][0].isalnum() or keys[i] in PUNCT_STARTS):
                for length in lengths:
                    if i + length > n:
                        continue
                    found = table.get(tuple(keys[i : i + length]))
                    if not found:
                        continue
                    start, end = tokens[i].start, tokens[i + length - 1].end
                    surface = text[start:end]
                    payloads = tuple(p for p, exact in found if exact is None or _same_acronym(exact, surface))
                    if payloads:
                        hit = Match(Span(start, end), (i, i + length), payloads)
                        break
            if hit:
                out.append(hit)
                i = hit.tokens[1]
            else:
                i += 1
        return out


PUNCT_STARTS = frozenset({'"', "'", "(", "*", "#", "@", "&"})


def _same_acronym(form: str, surface: str) -> bool:
    return [c for c in form if c.isalnum()] == [c for c in surface if c.isalnum()]


def words_of(phrases: Iterable[str]) -> set[str]:
    return {tok for p in phrases for tok in phrase_key(p)}
