"""Which language is this text in? Script, then function words, then langdetect, seeded,
behind guards it needs.

Cheapest evidence first: a segment in another script than the expected language's is not that
language; a segment of the expected language's script whose words are a fifth or more its
function words (languages.yaml `function_words`: the, of, which, ... for English) is that
language, without running langdetect (on real English news and MT seven segments in ten, and
the detector was 70% of the audit's time per article); so is one whose words are nearly all in
the expected language's word list (below), asked before langdetect rather than after it, since
it would overrule any foreign guess (95% of the English segments left; the gate's time per
article fell by a third). Only what is left goes to langdetect. benchmarks/measure_langid.py
measures both ways on real text.

langdetect guesses wildly on short strings ("NATO" → vi, "Yes." → fr) and raises on strings
with no letters. So: no verdict under `min_letters`; the script decides first (Cyrillic text is
not English, whatever the n-grams say); and within one script, langdetect must be confident,
and a second, independent detector must agree: the words themselves. A segment whose words are
nearly all in the expected language's word list (pyspellchecker's frequency lists, and the word
forms of its morphological dictionary where it has one: Russian) is in that language ("Some interesting discoveries have been made." read as Dutch by n-grams); and where
the guessed language has a word list too, it must cover the words better than the expected
language's. When the guessed language's list covers nearly all of them, the guess stands (its
capitalised nouns are not names: German); without word lists, the guess must survive the
segment read without its capitalised words. On WMT21 ru-en (ten MT systems, two human translations) every same-script
LANG001 verdict was false and this check removes them all; a real German or French sentence
in an English text covers well under half its words in the English list.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from audit.cachedir import cache_dir
from audit.fsutil import write_atomic
from audit.language_facts import Languages, script_counts, script_of
from audit.translit import base
from audit.wordclass import frequencies, knows

MIN_LETTERS = 30
MIN_PROB = 0.90
MAX_CHARS = 400  # langdetect's cost grows with length; 400 characters decide well enough
N_TRIAL = 3  # langdetect's default 7 doubles the cost; on 1000 MLQE-PE post-edits both give the same verdicts
PRIOR = 0.5  # document-level prior for the expected language; the rest is spread evenly
KNOWN_SHARE = 0.8  # this share of a segment's words in the expected language's word list: it is that language

_WORD = re.compile(r"[^\W\d_]{2,}")

# Names carry no language ("Sergey Lavrov met Emmanuel Macron in Geneva" may read as Dutch to n-grams):
# capitalised words after the first are left out, as are digits and punctuation.
_NAME = re.compile(r"(?<=[\s(\"“«'])[^\W\d_][\w'’-]*", re.UNICODE)


@dataclass(frozen=True)
class Guess:
    lang: str | None
    prob: float
    script: str | None  # dominant script of the letters
    letters: int


_factory_ready = False


def _without_names(text: str) -> str:
    return _NAME.sub(lambda m: "" if m.group()[0].isupper() else m.group(), text)


class _Profiles(dict):
    """langdetect's n-gram table (n-gram -> one probability per language) read from the cache
    instead of 55 JSON profiles: the n-grams are one sorted list (a string split, 5 ms, where a
    dict of all 87,598 cost 30 ms at every start), the probabilities one array of doubles
    mapped from disk. The dict itself holds the n-grams the texts detected so far brought, each
    with its row's place (`admit`: a bisection, once per n-gram), so `in`, asked a million
    times per hundred articles, stays a plain dict lookup; a row becomes a list (what langdetect
    builds) when first asked for. The same numbers in the same order, so the same verdicts.
    langdetect's Detector only asks `in` and `[]`, of n-grams `_Detector` has admitted."""

    __slots__ = ("_words", "_tried", "_table", "_n", "_rows", "_mmap")

    def __init__(self, words: list[str], table: memoryview, n: int, mm=None):
        super().__init__()
        self._words, self._tried, self._table, self._n, self._rows, self._mmap = words, set(), table, n, {}, mm

    def admit(self, word: str) -> bool:
        """Whether `word` has a row, entering it in the dict if so."""
        if word in self._tried:
            return False  # had none (one with a row is in the dict, and asked there first)
        self._tried.add(word)
        i = bisect_left(self._words, word)
        if i < len(self._words) and self._words[i] == word:
            dict.__setitem__(self, word, i)
            return True
        return False

    def __getitem__(self, word) -> list[float]:
        row = self._rows.get(word)
        if row is None:
            i = dict.__getitem__(self, word) * self._n
            row = self._rows[word] = self._table[i : i + self._n].tolist()
        return row


_DETECTOR: list = []  # the Detector class below, made once langdetect is imported


def _detector(factory):
    """langdetect's Detector; over cached profiles, one that admits each n-gram of its text
    into them as it extracts it (the rest of langdetect's work unchanged)."""
    if not isinstance(factory.word_lang_prob_map, _Profiles):
        return factory.create()
    if not _DETECTOR:
        from langdetect.detector import Detector  # langdetect: only when a segment needs it
        from langdetect.utils.ngram import NGram

        class _Detector(Detector):
            def _extract_ngrams(self):
                """langdetect's own (1.0.9), n-grams not met before looked up in the sorted list."""
                profiles = self.word_lang_prob_map
                admit = profiles.admit
                result = []
                ngram = NGram()
                for ch in self.text:
                    ngram.add_char(ch)
                    if ngram.capitalword:
                        continue
                    for n in range(1, NGram.N_GRAM + 1):
                        if len(ngram.grams) < n:
                            break
                        w = ngram.grams[-n:]
                        if w and w != " " and (w in profiles or admit(w)):
                            result.append(w)
                return result

        _DETECTOR.append(_Detector)
    return _DETECTOR[0](factory)


PROFILES_FORMAT = 3


def _profiles_key() -> tuple[str, str]:
    """(directory of langdetect's profiles, a key naming their exact contents)."""
    import hashlib
    import os
    import sys

    import langdetect
    from langdetect import detector_factory

    directory = detector_factory.PROFILES_DIRECTORY
    h = hashlib.sha256(f"{PROFILES_FORMAT}|{sys.byteorder}|{getattr(langdetect, '__version__', '')}".encode())
    for name in sorted(os.listdir(directory)):
        st = os.stat(os.path.join(directory, name))
        h.update(f"|{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return directory, h.hexdigest()[:20]


def _cached_factory(factory) -> bool:
    """Fill langdetect's factory from the cache (written on first use); False when it cannot
    be (no cache directory, a corrupt or partial cache: the profiles are parsed as usual and
    the cache is written again)."""
    import marshal
    import mmap

    try:
        directory, key = _profiles_key()
        base = cache_dir() / "langdetect"
        index_file, table_file = base / f"profiles-{key}.index", base / f"profiles-{key}.f64"
    except (OSError, ImportError, AttributeError, RuntimeError):  # RuntimeError: no home directory
        return False
    try:
        langs, joined = marshal.loads(index_file.read_bytes())
        words = joined.split("\n")
        with open(table_file, "rb") as fh:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        table = memoryview(mm).cast("d")
        if not (isinstance(langs, list) and len(table) == len(words) * len(langs)):
            raise ValueError("partial cache")
        factory.langlist, factory.word_lang_prob_map = list(langs), _Profiles(words, table, len(langs), mm)
        return True
    except (OSError, ValueError, EOFError, TypeError, AttributeError):
        pass
    factory.load_profile(directory)
    try:
        import array

        words = sorted(factory.word_lang_prob_map)  # sorted: found by bisection (_Profiles.admit)
        if any("\n" in w for w in words):
            return True  # cannot be listed one a line: langdetect's own dict serves
        table = array.array("d")
        for w in words:
            table.extend(factory.word_lang_prob_map[w])
        base.mkdir(parents=True, exist_ok=True)
        write_atomic(table_file, table.tobytes())  # the table first: an index always has its table
        write_atomic(index_file, marshal.dumps((list(factory.langlist), "\n".join(words))))
        for old in base.glob("profiles-*"):  # another langdetect's or format's: stale
            if not old.name.startswith(f"profiles-{key}."):
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is not an error
        pass
    return True


def _detect(text: str, expected: str | None = None) -> list:
    global _factory_ready
    from langdetect import DetectorFactory, detector_factory
    from langdetect.lang_detect_exception import LangDetectException

    if not _factory_ready:
        DetectorFactory.seed = 0
        if detector_factory._factory is None:
            factory = DetectorFactory()
            if _cached_factory(factory):
                detector_factory._factory = factory
            else:
                detector_factory.init_factory()
        _factory_ready = True
    try:
        detector = _detector(detector_factory._factory)
        detector.set_max_text_length(MAX_CHARS)
        detector.n_trial = N_TRIAL
        langs = detector_factory._factory.get_lang_list()
        if expected in langs and len(langs) > 1:
            rest = (1.0 - PRIOR) / (len(langs) - 1)
            detector.set_prior_map({lang: (PRIOR if lang == expected else rest) for lang in langs})
        detector.append(text)
        return detector.get_probabilities()
    except LangDetectException:
        return []


def guess(text: str, expected: str, languages: Languages) -> Guess:
    counts = script_counts(text)
    letters = sum(counts.values())
    if not letters:
        return Guess(None, 0.0, None, 0)
    script, n = counts.most_common(1)[0]
    if letters < MIN_LETTERS:
        return Guess(None, 0.0, script, letters)
    expected_scripts = languages.get(expected).scripts
    if expected_scripts and n / letters >= 0.6 and script not in expected_scripts:
        # Wrong script for the language: certainly not `expected`. Name the language if we can.
        probs = _detect(text)
        top = probs[0] if probs else None
        lang = top.lang if top is not None and script in languages.get(top.lang).scripts else None
        return Guess(lang or f"und-{script.lower()}", 1.0, script, letters)
    words = _words(text)  # read once: the function words, the word lists and their verdict ask it
    share = function_word_share(text, languages.get(expected).function_words, words)
    if share is not None:  # the expected language's own grammar words: no detector needed
        return Guess(expected, share, script, letters)
    known = coverage(words, expected)
    if known is not None and known >= KNOWN_SHARE and not other_letters(text, languages.get(expected)):
        # Most of its words are in the expected language's word list: whatever langdetect said,
        # the words would overrule a foreign guess (_words_verdict), so it is not asked. This
        # decides 95% of the English segments the function words leave (headlines, short
        # sentences), which were two thirds of the gate's time (docs/gate.md, "Speed").
        return Guess(expected, known, script, letters)
    found = _top(text, expected)
    if found is None or found[0] == expected:
        return Guess(found[0] if found else None, found[1] if found else 0.0, script, letters)
    verdict = _words_verdict(words, known, found[0])
    if verdict is False:
        return Guess(None, found[1], script, letters)
    if verdict is True:
        return Guess(found[0], found[1], script, letters)
    # Not the expected language, and no word lists to ask: make sure it is not the names
    # talking. Without capitalised words the text must still be long enough and still not
    # the expected language.
    bare = _without_names(text)
    if sum(script_counts(bare).values()) < MIN_LETTERS:
        return Guess(None, found[1], script, letters)
    again = _top(bare, expected)
    if again is None or again[0] == expected:
        return Guess(None, found[1], script, letters)
    return Guess(found[0], found[1], script, letters)


FW_MIN_WORDS = 6  # words of two letters or more in the segment
FW_MIN_HITS = 3  # of them function words of the expected language
FW_MIN_SHARE = 0.2  # and this share of them (0.25 decided 70% of the English segments of 30+ letters, 0.2 78%)


def function_word_share(text: str, function_words: frozenset[str], words: list[str] | None = None) -> float | None:
    """Share of the segment's words that are the language's function words (languages.yaml
    `function_words`), when it is enough to say the segment is in that language; None
    otherwise (too short, too few, or no list); `words`: the text's words (`_words`), when the
    caller has them. English prose runs at 35-50%. Measured
    (benchmarks/measure_langid.py): of 23,273 WMT21 and MLQE-PE English segments it decides
    16,519, changing 22 verdicts from none to English and no foreign verdict; of 2,800 German,
    French, Spanish, Italian, Portuguese, Dutch and Polish sentences it takes none for English."""
    if not function_words:
        return None
    words = _words(text) if words is None else words
    if len(words) < FW_MIN_WORDS:
        return None
    hits = sum(1 for w in words if w in function_words)
    if hits < FW_MIN_HITS or hits < FW_MIN_SHARE * len(words):
        return None
    return hits / len(words)


def other_letters(text: str, language) -> bool:
    """The text has a letter of the language's script that its alphabet lacks (languages.yaml
    `alphabet`: і, є or ў in a Cyrillic segment expected to be Russian): its words may be
    known to the language's word list and dictionary, but it is not decided by them."""
    alphabet = language.alphabet
    if not alphabet:
        return False
    return any(c.isalpha() and c not in alphabet and script_of(c) in language.scripts for c in set(text.lower()))


def _words(text: str) -> list[str]:
    """The text's words of two letters or more, case-folded."""
    return [w.casefold() for w in _WORD.findall(text)]


def coverage(words: list[str], lang: str) -> float | None:
    """Share of `words` that are the language's: in its word list (pyspellchecker's frequency
    list) or, for a language with a morphological dictionary (references/bilingual/names.yaml
    `morphology`: Russian), a form the dictionary knows; None where it has no list. Russian
    inflects: the list alone covered 80% of the words of 29% of WMT21 and MLQE-PE Russian
    segments, the list and the dictionary 96% (benchmarks/measure_langid.py --lang ru), and
    the rest went to langdetect at a millisecond each, 9% of a bilingual audit."""
    freq = frequencies(base(lang))
    if freq is None or not words:
        return None
    known = knows(lang)
    if known is None:
        return sum(1 for w in words if freq[w] > 0) / len(words)
    return sum(1 for w in words if freq[w] > 0 or known(w)) / len(words)


def _words_verdict(words: list[str], mine: float | None, guessed: str) -> bool | None:
    """The words' verdict on langdetect's guess, given `mine`, their coverage by the expected
    language's word list (under KNOWN_SHARE: `guess` decides above it without langdetect):
    False when they side with the expected language (covered by it at least as well as by the
    guessed language's list), True when they side with the guess (most of them in its list,
    and better covered than by the expected one's), None when there is no list to ask or no
    clear answer."""
    if mine is None:
        return None
    theirs = coverage(words, guessed)
    if theirs is None:
        return None
    if theirs <= mine:
        return False
    return True if theirs >= KNOWN_SHARE else None


def _top(text: str, expected: str) -> tuple[str, float] | None:
    probs = _detect(text, expected)
    if not probs:
        return None
    top = probs[0]
    if top.lang.split("-")[0] != expected and top.prob < MIN_PROB:
        return None
    return top.lang.split("-")[0], float(top.prob)
