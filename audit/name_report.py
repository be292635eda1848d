"""What comparing the names of a source and its translation produces and works on: the
thresholds, the report (`NameReport`) and the target's words indexed for the comparison
(`Targets`). audit/name_compare.py does the comparison; audit/name_leftovers.py pairs what it
leaves over."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from audit.source_names import Word, WordIndex

NEAR = 0.5  # a translated name stays within this share of the segment's length of its place
THRESHOLD = 80.0  # similarity (0-100) of normalised romanisations for two words to match
LOOSE = 70.0  # a source name left unmatched and a target name this close are one name spelt two ways


# A source name and the one target name left over in its place this close, with the same
# consonant skeleton (translit.same_skeleton), are one name in another spelling convention
# (Джорджа ~ George, Гжегож ~ Grzegorz, Хашкаджи ~ Khashoggi), not "a different name". Of 870
# pairs of different common first names (Russian, English), 80 reach VARIANT and 3 also share
# a skeleton (Ольга ~ Oleg); see docs/bilingual.md.
VARIANT = 60.0


@dataclass
class NameReport:
    missing: list = field(default_factory=list)  # source Names with no counterpart
    extra: list = field(default_factory=list)  # target Words with no counterpart
    glossary: list = field(default_factory=list)  # (source Name, target Word | None): canonical form absent
    matched: list = field(default_factory=list)  # (source Name, target Word)
    partial: list = field(default_factory=list)  # (source Word, target Word | None): a word of a found name missing or replaced
    # missing Names another word of which the translation has (Полина Гагарина → "Polina"): cut
    # short, not replaced by a pronoun, so a mention in a neighbouring sentence does not excuse them
    truncated: list = field(default_factory=list)


class Targets:
    """The target's words by text, for comparing source words with them: each source word is
    compared once with each distinct target word, and the answer (the positions where it is
    found) kept, so a name repeated through a long pair costs a lookup, not a scan of the
    target (issue 14). `explained` only grows during one comparison, so a search for the first
    unexplained hit resumes where it stopped."""

    def __init__(self, tgt_words: list[Word], src: str, tgt: str):
        self.words, self.src, self.tgt = tgt_words, src, tgt
        self.index = WordIndex(tgt_words, tgt)
        self.by_text: dict[str, list[int]] = {}
        for i, w in enumerate(tgt_words):
            self.by_text.setdefault(w.text, []).append(i)
        self._hits: dict[tuple, list[int]] = {}
        self._applied: set[tuple] = set()
        self._next: dict[tuple, int] = {}

    def hits(self, key: tuple, accept) -> list[int]:
        """Positions (in order) of the target words whose text `accept`s, once per key."""
        if key not in self._hits:
            texts = [t for t in self.by_text if accept(t)]
            self._hits[key] = sorted(i for t in texts for i in self.by_text[t])
        return self._hits[key]

    def explain(self, key: tuple, positions: list[int], explained: set[int]) -> None:
        if key not in self._applied:  # already added to `explained`, which only grows
            self._applied.add(key)
            explained.update(positions)

    def containing(self, offset: int) -> Word | None:
        """The first word with start <= offset <= end (a word, or the offset just after it)."""
        ws, k = self.words, bisect_right(self.index.starts, offset)
        # words do not overlap: only the last two starting at or before offset can hold it
        return next((ws[n] for n in (k - 2, k - 1) if n >= 0 and offset < ws[n].end + 1), None)

    def first_free(self, key: tuple, positions: list[int], explained: set[int]) -> int | None:
        """The first of `positions` not in `explained` (which only grows): resumes."""
        k = self._next.get(key, 0)
        while k < len(positions) and positions[k] in explained:
            k += 1
        self._next[key] = k
        return positions[k] if k < len(positions) else None
