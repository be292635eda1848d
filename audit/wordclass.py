"""Is a word a name or a word of its language? The name checks ask this of every capitalised
word: a proper name must survive translation (transliterated, or through the lexicon); a
common word written with a capital (Евангелие, Интернете, «Ведьмак» as a title) is
translated, so its absence from the target says nothing.

Two kinds of evidence, chosen per language in references/bilingual/names.yaml (`morphology`):

* a morphological dictionary (pymorphy3 with OpenCorpora's dictionary for Russian; a
  language gets one by a line of data): every inflected form is looked up, and its readings
  carry proper-name tags
  (given name, surname, patronymic, place, trademark; organisations are translated, so they
  count as common words: Минобороны → Defence Ministry). Иван and Лида are
  frequent words and still names; Пятидесятнице is a common noun; a word the dictionary
  does not know (Госпогранслужбой, most foreign surnames) is UNKNOWN;
* otherwise a word frequency list (pyspellchecker): a frequent word is COMMON, the rest
  UNKNOWN. Frequency never says PROPER.

`classify` answers PROPER, COMMON or UNKNOWN; callers treat UNKNOWN as a possible name.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Callable

from audit import datafiles
from audit.cachedir import cache_dir
from audit.fsutil import write_atomic
from audit.wordcounts import WordCounts

PROPER = "proper"
COMMON = "common"
UNKNOWN = "unknown"

# OpenCorpora grammemes of proper names (pymorphy3's tag set). Organisation names (Orgn:
# Минобороны, Генпрокуратура, Госдеп) are left out: translations translate them (Defence
# Ministry), so like common words they are not required to survive as a transliteration.
_PROPER_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Trad"})


def _base(lang: str | None) -> str:
    return (lang or "und").split("-")[0].split("_")[0].lower()


@lru_cache(maxsize=16)
def _analyser(lang: str):
    """The language's morphological analyser, or None (no entry in the data, or its library
    or dictionary is not installed: the frequency list answers then)."""
    spec = _spec(lang)
    if spec.get("analyser") != "pymorphy3":
        return None
    try:
        import pymorphy3  # optional per language, 90 ms to import: only languages with a dictionary

        return pymorphy3.MorphAnalyzer(lang=lang)
    except Exception:  # library or this language's dictionary package missing
        return None


@lru_cache(maxsize=16)
def _spec(lang: str) -> dict:
    spec = (datafiles.load(datafiles.NAMES).get("morphology") or {}).get(lang) or {}
    return dict(spec) if isinstance(spec, dict) else {"analyser": str(spec)}


FREQUENT = 500  # a word this frequent in the language's word list is a common word, not a name


WORD_COUNTS_FORMAT = 2  # 2: hash buckets (audit/wordcounts.py), not a marshalled dict


@lru_cache(maxsize=16)
def frequencies(lang: str) -> WordCounts | None:
    """pyspellchecker's word frequency list for the language (12 languages), or None. Parsed
    once per machine: pyspellchecker reads its gzipped JSON list in 0.3-0.4 s of CPU (English),
    which every process that met a name paid (each `tqa gate` worker too); the counts are kept
    in the cache directory, keyed by the list file's size and time, as hash buckets that read
    back in 2-3 ms (audit/wordcounts.py; a marshalled dict of the 160,000 English words took
    35 ms, a tenth of an audit of the seed)."""
    lang = _base(lang)
    try:
        spec = importlib.util.find_spec("spellchecker")  # finds it without importing it (90 ms)
        source = Path(next(iter(spec.submodule_search_locations))) / "resources" / f"{lang}.json.gz"
        st = source.stat()
    except (ImportError, AttributeError, TypeError, StopIteration, ValueError, OSError):
        return None  # not installed, or no list for this language
    key = f"{WORD_COUNTS_FORMAT}-{st.st_size}-{st.st_mtime_ns}"
    try:
        cached = WordCounts.loads((cache_dir() / "wordfreq" / f"{lang}-{key}.marshal").read_bytes())
        if cached is not None:
            return cached
    except (OSError, RuntimeError):  # RuntimeError: no home directory
        pass
    try:
        from spellchecker import SpellChecker  # optional per language; parses the list (MBs)

        counts = WordCounts.from_counts(dict(SpellChecker(language=lang, distance=1).word_frequency.dictionary))
    except Exception:  # noqa: BLE001 - not installed, or no list for this language
        return None
    try:
        cached_file = cache_dir() / "wordfreq" / f"{lang}-{key}.marshal"
        cached_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached_file, counts.dumps())
        for old in cached_file.parent.glob(f"{lang}-*.marshal"):  # another pyspellchecker's list: stale
            if old.name != cached_file.name:
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is not an error
        pass
    return counts


def frequent(word: str, lang: str) -> bool:
    """A frequent word of the language's word list (lower-cased); never True without a list."""
    freq = frequencies(_base(lang))
    return freq is not None and freq[word.casefold()] >= FREQUENT


def knows(lang: str) -> Callable[[str], bool] | None:
    """The language's morphological dictionary's test of a word form (any inflected form of
    a word it lists: "слоёв", "населения"), or None for a language without one. A frequency
    list holds the forms that are frequent; a Russian word has a dozen."""
    analyser = _analyser(_base(lang))
    return None if analyser is None else analyser.word_is_known


def has_morphology(lang: str) -> bool:
    return _analyser(_base(lang)) is not None


@lru_cache(maxsize=65536)
def classify(word: str, lang: str, initial: bool = False) -> str:
    """PROPER, COMMON or UNKNOWN. `initial`: the word starts a sentence, so its capital says
    nothing; it is PROPER only when its most likely reading is a name (Грозного mid-sentence
    is the city, at the start of a sentence it may be 'formidable')."""
    lang = _base(lang)
    morph = _analyser(lang)
    if morph is None:
        return COMMON if frequent(word, lang) else UNKNOWN
    parses = [p for p in morph.parse(word) if p.is_known]
    if not parses:
        return UNKNOWN
    readings = parses[:1] if initial else parses
    if any(_PROPER_TAGS & p.tag.grammemes for p in readings):
        return PROPER
    if any(_from_name(p, lang) for p in readings):
        return PROPER
    return COMMON


def only_name(word: str, lang: str) -> bool:
    """Every reading the dictionary knows is a name (Меркель, Москвы; not Кулик, also a bird):
    a name even where a capital says nothing, at the start of a sentence."""
    morph = _analyser(_base(lang))
    parses = [p for p in morph.parse(word) if p.is_known] if morph is not None else []
    return bool(parses) and all(_PROPER_TAGS & p.tag.grammemes for p in parses)


def organisation(word: str, lang: str) -> bool:
    """Among the dictionary's readings of the word is an organisation's name (Orgn:
    Роскомнадзор, Минобороны), which `classify` counts as a common word."""
    morph = _analyser(_base(lang))
    return morph is not None and any(p.is_known and "Orgn" in p.tag.grammemes for p in morph.parse(word))


def likely_noun(word: str, lang: str) -> bool:
    """Is the dictionary's most likely reading of the word a noun (кнопку, избирателей; not
    московский, сообщает, и, в, whose rarer readings include nouns: letters, surnames)?"""
    morph = _analyser(_base(lang))
    parses = morph.parse(word) if morph is not None else []
    return bool(parses) and parses[0].is_known and parses[0].tag.POS == "NOUN"


def surname_reading(word: str, lang: str) -> bool:
    """Among the dictionary's readings of the word is a surname (Кузнецов, Соловьёвым), even
    when another reads it as a common word (кузнецов, the genitive plural of кузнец)."""
    morph = _analyser(_base(lang))
    return morph is not None and any(p.is_known and "Surn" in p.tag.grammemes for p in morph.parse(word))


def _from_name(parse, lang: str) -> bool:
    """An adjective made from a name: Ростовском ← Ростов, Рязанской ← Рязань, Соколовскому ←
    Соколов. Its lemma ends in one of the language's `name_adjective` suffixes, and the stem
    plus one of its `stem_endings` is a noun the dictionary knows as a name."""
    if "ADJF" not in parse.tag:
        return False
    spec = _spec(lang)
    lemma = parse.normal_form
    for suffix in spec.get("name_adjective") or ():
        if lemma.endswith(suffix) and len(lemma) > len(suffix) + 2:
            stem = lemma[: -len(suffix)]
            return any(_is_name_lemma(stem + str(e), lang) for e in spec.get("stem_endings") or ("",))
    return False


@lru_cache(maxsize=16384)
def _is_name_lemma(word: str, lang: str) -> bool:
    return any(p.is_known and p.normal_form == word and _PROPER_TAGS & p.tag.grammemes
               for p in _analyser(lang).parse(word))


@lru_cache(maxsize=65536)
def lemmas(word: str, lang: str) -> tuple[str, ...]:
    """Dictionary forms of a word (пятерых → пятеро, двухсот → двести), most likely first;
    () where the language has no morphological dictionary or the word is unknown."""
    morph = _analyser(_base(lang))
    if morph is None:
        return ()
    return tuple(dict.fromkeys(p.normal_form for p in morph.parse(word) if p.is_known))

# emptied when another references directory's names.yaml (its `morphology`) comes in force
datafiles.on_change(_spec.cache_clear, _analyser.cache_clear, classify.cache_clear, _is_name_lemma.cache_clear,
                    lemmas.cache_clear)
