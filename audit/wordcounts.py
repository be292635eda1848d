"""A language's word counts (pyspellchecker's frequency list, 160,000 English words) in a form
that loads in a few milliseconds.

As a dict the English list took 35 ms to read back from the cache directory (marshal makes
160,000 strings, 160,000 integers and the table), paid by every process that met a name, by
`tqa audit` of one file and by each of the gate's workers alike: a tenth of an audit of the
seed. Here the words are spread over hash buckets, each one string ("\\nword\\tcount\\n..."), so
reading the list makes one string per bucket, and a word is found by hashing it (CRC-32 of its
UTF-8: the same in every process, unlike Python's own string hash) and searching its bucket of
about eight words (0.3 µs a lookup, as fast as the dict's lower-casing and get)."""

from __future__ import annotations

import marshal
import zlib

FORMAT = 1
PER_BUCKET = 8


def fingerprint(text: str) -> int:
    """CRC-32 of the text's UTF-8: the same in every process, unlike Python's string hash (the
    lexicon store's key prefixes are kept as these too, audit/lexicon/index.py)."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def _bucket_of(word: str, n: int) -> int:
    return fingerprint(word) % n


class WordCounts:
    """`counts[word]`: the word's count (looked up lower-cased, as pyspellchecker does), 0 when
    it is not in the list."""

    __slots__ = ("_buckets",)

    def __init__(self, buckets: list[str]):
        self._buckets = buckets

    @classmethod
    def from_counts(cls, counts: dict[str, int]) -> "WordCounts":
        """Words with a newline or a tab in them (none in pyspellchecker's lists) are left out."""
        words = [(w, int(c)) for w, c in counts.items() if "\n" not in w and "\t" not in w]
        n = max(1, len(words) // PER_BUCKET)
        parts: list[list[str]] = [[] for _ in range(n)]
        for w, c in words:
            parts[_bucket_of(w, n)].append(f"{w}\t{c}")
        return cls(["\n" + "\n".join(p) + "\n" if p else "\n" for p in parts])

    def __getitem__(self, word: str) -> int:
        w = word.lower()
        if "\n" in w or "\t" in w:
            return 0
        bucket = self._buckets[_bucket_of(w, len(self._buckets))]
        at = bucket.find(f"\n{w}\t")
        if at < 0:
            return 0
        start = at + len(w) + 2
        return int(bucket[start : bucket.index("\n", start)])

    def __len__(self) -> int:
        return sum(b.count("\t") for b in self._buckets)

    def dumps(self) -> bytes:
        return marshal.dumps((FORMAT, self._buckets))

    @classmethod
    def loads(cls, data: bytes) -> "WordCounts | None":
        """The table `dumps` wrote; None for anything else (an older format, a damaged file)."""
        try:
            fmt, buckets = marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            return None
        if fmt != FORMAT or not isinstance(buckets, list) or not buckets or set(map(type, buckets)) != {str}:  # at C speed: 20,000 buckets
            return None
        return cls(buckets)
