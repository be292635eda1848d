"""audit/wordcounts.py: word counts in hash buckets answer what the dict answered, survive a
round trip through bytes, and refuse bytes that are not theirs."""

from __future__ import annotations

import marshal
import random

import pytest

from audit.wordcounts import FORMAT, WordCounts


def _words(n: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyzéжшœ'-"
    out = {}
    while len(out) < n:
        w = "".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
        out[w] = rng.randint(1, 10**6)
    return out


def test_every_word_and_none_other_after_a_round_trip():
    counts = _words(5000)
    wc = WordCounts.loads(WordCounts.from_counts(counts).dumps())
    assert wc is not None and len(wc) == len(counts)
    assert all(wc[w] == c for w, c in counts.items())
    # case folded as pyspellchecker looks words up; absent words, prefixes and suffixes count 0
    some = next(iter(counts))
    assert wc[some.upper()] == counts[some]
    for probe in ("", "zzzzzzzzzzzzzz", some + "q", "\t", "a\nb"):
        assert wc[probe] == counts.get(probe, 0)


def test_words_sharing_a_prefix_are_told_apart():
    counts = {"king": 500, "kings": 40, "kingdom": 300, "akin": 2, "in": 90000}
    wc = WordCounts.from_counts(counts)
    assert [wc[w] for w in ("king", "kings", "kingdom", "akin", "in", "kin", "ing")] == [500, 40, 300, 2, 90000, 0, 0]


def test_an_empty_list_answers_zero():
    assert WordCounts.from_counts({})["anything"] == 0


@pytest.mark.parametrize("data", [b"", b"garbage", marshal.dumps({"the": 5}), marshal.dumps((FORMAT + 1, ["\nthe\t5\n"])),
                                  marshal.dumps((FORMAT, [])), marshal.dumps((FORMAT, ["\nthe\t5\n", 3]))])
def test_bytes_that_are_not_a_table_are_refused(data):
    assert WordCounts.loads(data) is None


def test_the_english_list_answers_as_pyspellchecker_does():
    spellchecker = pytest.importorskip("spellchecker")
    counts = dict(spellchecker.SpellChecker(language="en", distance=1).word_frequency.dictionary)
    wc = WordCounts.loads(WordCounts.from_counts(counts).dumps())
    sample = random.Random(3).sample(sorted(counts), 3000) + ["Moscow", "THE", "qzxv"]
    assert all(wc[w] == counts.get(w.lower(), 0) for w in sample)
