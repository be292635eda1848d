"""Monotone sentence alignment by dynamic programming (Gale-Church / Bleualign style).

Language-agnostic: it only compares strings with a similarity in [0, 1]. It serves target ↔
reference (same language) and back-translation ↔ source text alike.

Links are 1-1, 1-2, 2-1, 1-0 and 0-1. The path minimises a cost counted per segment covered:
a segment in a link costs `1 - similarity` of that link, a segment left unaligned costs
`skip_cost`, and a merge (1-2, 2-1) pays `merge_cost` on top. So a pair is linked rather than
both left out when its similarity is above `1 - skip_cost`, and two segments are merged when the
merged similarity beats linking one and skipping the other.

The default similarity is a chrF-like Dice overlap of character n-gram and word sets, computed
once per segment (and per adjacent pair, for merges): set intersections run in C, so a
100×100 alignment takes a few milliseconds. Long documents are aligned inside a band around
the diagonal given by cumulative character lengths; the band widens until the path no
longer touches its edge.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from typing import Callable, Generic, Protocol, Sequence, TypeVar

F = TypeVar("F")

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Link:
    """Left indices linked to right indices (either may be empty: an unaligned segment)."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float  # similarity of the linked texts; 0.0 for an unaligned segment

    @property
    def kind(self) -> str:
        return f"{len(self.left)}-{len(self.right)}"

    @property
    def aligned(self) -> bool:
        return bool(self.left) and bool(self.right)


class Similarity(Protocol[F]):
    """A similarity the aligner can precompute: features per text, merge, score."""

    def features(self, text: str) -> F: ...

    def merge(self, a: F, b: F) -> F: ...

    def score(self, a: F, b: F) -> float: ...


class _Features(frozenset):
    """A segment's n-gram set, its distinctive part (longest n-grams and words), its length."""

    strong: frozenset
    length: int


class NgramSimilarity:
    """Dice coefficient over the sets of character n-grams and lowercased words, mixed with
    length agreement.

    Character n-grams (orders 2–4 by default, whitespace collapsed, lowercased) make it work
    for any script and tolerate inflection and spelling variants; the words add weight to
    exact matches of names and numbers. `length_weight` of the score is the ratio of the
    shorter text's length to the longer's, as in Gale-Church: it tells a sentence from half a
    sentence when a post-edit rewrote the words.
    """

    def __init__(self, orders: Sequence[int] = (2, 3, 4), words: bool = True, containment: float = 0.4,
                 length_weight: float = 0.3, length_gate: float = 0.15):
        self.orders = tuple(orders)
        self.words = words
        self.containment = containment
        self.length_weight = length_weight
        self.length_gate = length_gate

    def features(self, text: str) -> frozenset:
        t = _SPACE.sub(" ", text.lower()).strip()
        grams: set = set()
        for n in self.orders:
            grams.update(t[i : i + n] for i in range(max(len(t) - n + 1, 0)))
            if 0 < len(t) < n:
                grams.add(t)
        words = {("w", w) for w in _WORD.findall(t)} if self.words else set()
        top = max(self.orders)
        return self._make(grams | words, frozenset(g for g in grams if len(g) >= top) | words, len(t))

    @staticmethod
    def _make(grams, strong, length: int) -> "_Features":
        feats = _Features(grams)
        feats.strong, feats.length = strong, length
        return feats

    def merge(self, a: frozenset, b: frozenset) -> frozenset:
        return self._make(a | b, _strong(a) | _strong(b), _length(a) + _length(b) + 1)

    def lexical(self, a: frozenset, b: frozenset) -> float:
        """Dice of the n-gram sets alone."""
        total = len(a) + len(b)
        if not total:
            return 1.0
        return 2.0 * len(a & b) / total

    def _mix(self, lexical: float, a, b) -> float:
        w = self.length_weight
        if not w:
            return lexical
        la, lb = _length(a), _length(b)
        agree = min(la, lb) / max(la, lb) if max(la, lb) else 1.0
        # Length alone does not make unrelated sentences similar: it counts in full only once
        # the texts share some n-grams.
        gate = min(1.0, lexical / self.length_gate) if self.length_gate else 1.0
        return (1.0 - w) * lexical + w * agree * gate

    def score(self, a: frozenset, b: frozenset) -> float:
        return self._mix(self.lexical(a, b), a, b)

    def score_merge(self, one, part1, part2, merged) -> float:
        """Dice of `one` with the merged pair, scaled down when `one` lacks much of either part.

        A set union barely grows when a short unrelated segment joins a long one, so Dice alone
        would let boilerplate ride along with a good pair. Each part must have at least
        `containment` of its distinctive n-grams and words in `one`, or the lexical score
        shrinks in proportion.
        """
        dice = self.lexical(one, merged)
        for part in (part1, part2):
            strong = _strong(part)
            if strong:
                contained = len(strong & _strong(one)) / len(strong)
                dice *= min(1.0, contained / self.containment) if self.containment else 1.0
        return self._mix(dice, one, merged)


def _strong(f) -> frozenset:
    return getattr(f, "strong", f)


def _length(f) -> int:
    return getattr(f, "length", 0) or sum(len(g) for g in f if isinstance(g, tuple))


class FunctionSimilarity(Generic[F]):
    """Wraps a plain `similarity(a: str, b: str) -> float`; merges join the texts."""

    def __init__(self, fn: Callable[[str, str], float]):
        self.fn = fn

    def features(self, text: str) -> str:
        return text

    def merge(self, a: str, b: str) -> str:
        return f"{a} {b}"

    def score(self, a: str, b: str) -> float:
        return float(self.fn(a, b))


DEFAULT_SIMILARITY = NgramSimilarity()

_INF = float("inf")
# (left step, right step) of each link kind, in tie-break order: prefer 1-1, then merges.
_MOVES = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))


def align(
    left: Sequence[str],
    right: Sequence[str],
    similarity: Similarity | Callable[[str, str], float] | None = None,
    *,
    skip_cost: float = 0.9,
    merge_cost: float = 0.1,
    band: int | None = None,
    full_below: int = 40_000,
) -> list[Link]:
    """Align two sequences of segments monotonically; every index appears in exactly one link.

    `similarity`: None (character n-gram Dice), a `Similarity` object, or a function of two
    strings returning a value in [0, 1]. `band`: half-width of the search band in segments
    (None: full search when len(left) × len(right) ≤ `full_below`, else a band that widens
    until the path fits inside it).
    """
    sim = _as_similarity(similarity)
    n, m = len(left), len(right)
    if n == 0 or m == 0:
        return [Link((i,), (), 0.0) for i in range(n)] + [Link((), (j,), 0.0) for j in range(m)]
    fl = [getattr(sim, "features_left", sim.features)(t) for t in left]  # a side may have its own features
    fr = [sim.features(t) for t in right]
    fl2 = [sim.merge(fl[i], fl[i + 1]) for i in range(n - 1)]
    fr2 = [sim.merge(fr[j], fr[j + 1]) for j in range(m - 1)]
    centre = _diagonal(left, right)
    if band is None and n * m <= full_below:
        width = max(n, m)
    else:
        width = band if band is not None else max(10, min(n, m) // 50)
    while True:
        links, touched = _dp(sim, fl, fr, fl2, fr2, centre, width, skip_cost, merge_cost)
        if links is not None and (not touched or band is not None or width >= max(n, m)):
            return links
        width = min(width * 2, max(n, m))


def _as_similarity(similarity) -> Similarity:
    if similarity is None:
        return DEFAULT_SIMILARITY
    if all(hasattr(similarity, a) for a in ("features", "merge", "score")):
        return similarity
    if callable(similarity):
        return FunctionSimilarity(similarity)
    raise TypeError("similarity must be None, a Similarity or a function of two strings")


def _diagonal(left: Sequence[str], right: Sequence[str]) -> list[int]:
    """For each left position 0..n, the right position where the same share of text has passed."""
    cl = [0, *accumulate(len(t) + 1 for t in left)]
    cr = [0, *accumulate(len(t) + 1 for t in right)]
    tl, tr = cl[-1], cr[-1]
    return [min(bisect_left(cr, c * tr / tl), len(right)) for c in cl]


MERGE_MIN = 0.15  # a merge needs one part whose own 1-1 score with the other side reaches this


def _plausible(a: float | None, b: float | None) -> bool:
    return a is None or b is None or max(a, b) >= MERGE_MIN


def _dp(sim, fl, fr, fl2, fr2, centre, width, skip_cost, merge_cost):
    """Cost-minimising path inside the band; returns (links or None, whether it touched the edge)."""
    n, m = len(fl), len(fr)
    lo = [max(0, min(c - width, m)) for c in centre]
    hi = [min(m, c + width) for c in centre]
    # Keep the band connected: row i must overlap rows i-1 and i+1.
    for i in range(1, n + 1):
        lo[i] = min(lo[i], hi[i - 1])
        hi[i] = max(hi[i], lo[i - 1])
    lo[0], hi[n] = 0, m
    cost = [[_INF] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    back = [[0] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    cost[0][0] = 0.0
    score = sim.score
    score_merge = getattr(sim, "score_merge", None)
    if score_merge is None:

        def score_merge(one, part1, part2, merged):
            return score(one, merged)

    scores: dict[tuple[int, int, int], float] = {}  # (i, j, move) -> similarity of that link

    def at(i: int, j: int) -> float:
        if i < 0 or j < lo[i] or j > hi[i]:
            return _INF
        return cost[i][j - lo[i]]

    for i in range(n + 1):
        row, brow, base = cost[i], back[i], lo[i]
        for j in range(lo[i], hi[i] + 1):
            if i == 0 and j == 0:
                continue
            best, arg = _INF, 0
            if i >= 1 and j >= 1:
                c = at(i - 1, j - 1)
                if c < _INF:
                    s = scores[i, j, 0] = score(fl[i - 1], fr[j - 1])
                    c += 2.0 * (1.0 - s)
                    if c < best:
                        best, arg = c, 0
                # A merge is worth scoring only if it can beat the best so far and one of its
                # parts resembles the other side at all (both 1-1 scores are already known).
                if j >= 2:
                    c = at(i - 1, j - 2)
                    if c + merge_cost < best and _plausible(scores.get((i, j - 1, 0)), scores.get((i, j, 0))):
                        s = scores[i, j, 1] = score_merge(fl[i - 1], fr[j - 2], fr[j - 1], fr2[j - 2])
                        c += 3.0 * (1.0 - s) + merge_cost
                        if c < best:
                            best, arg = c, 1
                if i >= 2:
                    c = at(i - 2, j - 1)
                    if c + merge_cost < best and _plausible(scores.get((i - 1, j, 0)), scores.get((i, j, 0))):
                        s = scores[i, j, 2] = score_merge(fr[j - 1], fl[i - 2], fl[i - 1], fl2[i - 2])
                        c += 3.0 * (1.0 - s) + merge_cost
                        if c < best:
                            best, arg = c, 2
            if i >= 1:
                c = at(i - 1, j) + skip_cost
                if c < best:
                    best, arg = c, 3
            if j >= 1:
                c = row[j - 1 - base] + skip_cost if j - 1 >= base else _INF
                if c < best:
                    best, arg = c, 4
            row[j - base] = best
            brow[j - base] = arg
    if cost[n][m - lo[n]] == _INF:
        return None, True
    links: list[Link] = []
    touched = False
    i, j = n, m
    while i > 0 or j > 0:
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched = True
        move = back[i][j - lo[i]]
        di, dj = _MOVES[move]
        li, rj = tuple(range(i - di, i)), tuple(range(j - dj, j))
        links.append(Link(li, rj, round(scores.get((i, j, move), 0.0), 4)))
        i, j = i - di, j - dj
    links.reverse()
    return links, touched
