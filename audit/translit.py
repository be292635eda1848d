"""Words of any script → Latin keys that compare across spellings, and the word facts the
name checks need: inflection endings, frequent words of a language, data files.

`romanise` gives weighted candidates: iuliia's Wikipedia, BGN/PCGN, ICAO and Mosmetro
schemes for Cyrillic, a reverse practical-transcription table (references/bilingual/
transcription.yaml: дж → j, э → e/a, ау → ow/au) for Russian, Ukrainian and Greek, and
unidecode for every other script (rough for CJK, where glossary and exonym entries are the
reliable way). `phonetic` folds spelling variants (Anthony, Antony, Entoni come close) and
`similarity` compares two words of any scripts, inflection endings allowed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from audit import datafiles, wordclass
from audit.language_facts import script_of

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


# --- data ------------------------------------------------------------------------------


# names.yaml and transcription.yaml are the references' (`--references DIR`, else the bundled
# ones): audit.datafiles says which, and empties this module's caches when they change.


def names_data() -> dict:
    return datafiles.load(datafiles.NAMES)


@lru_cache(maxsize=1)
def _folds() -> dict:
    return str.maketrans(dict(names_data().get("letter_folds") or {}))


def fold_letters(text: str) -> str:
    """Letters a script writes interchangeably made one (names.yaml `letter_folds`: ё = е)."""
    return text.translate(_folds())


def fold(word: str) -> str:
    """Case-folded and letter-folded: the one way words are made comparable."""
    return fold_letters(word.casefold())


@lru_cache(maxsize=1)
def _transcription() -> dict:
    data = datafiles.load(datafiles.TRANSCRIPTION)
    return {str(lang): [(str(a), [str(x) for x in alts]) for a, alts in rules] for lang, rules in data.items()}


def base(lang: str | None) -> str:
    return (lang or "und").split("-")[0].split("_")[0].lower()


@lru_cache(maxsize=64)
def _endings(lang: str) -> tuple[str, ...]:
    ends = (names_data().get("endings") or {}).get(base(lang)) or ()
    return tuple(sorted((str(e) for e in ends), key=len, reverse=True))


@lru_cache(maxsize=64)
def not_names(lang: str) -> frozenset:
    """Capitalised words that are not names: the data list, and CLDR day and month names."""
    out = {str(w).casefold() for w in (names_data().get("not_names") or {}).get(base(lang)) or ()}
    try:
        from babel import Locale

        loc = Locale.parse(base(lang))
        for table in (loc.days, loc.months):
            for ctx in ("format", "stand-alone"):
                for width in ("wide", "abbreviated"):
                    out.update(str(v).rstrip(".").casefold() for v in table[ctx][width].values())
    except Exception:  # a language CLDR does not know
        pass
    return frozenset(out)


def common(word: str, lang: str) -> bool:
    """A frequent word of the language (lower-cased): 'Public', «Самое» are words, not names,
    unless the language's morphological dictionary knows the word as a name (Иван, Лида are
    frequent and names)."""
    if not wordclass.frequent(word, lang):
        return False
    return not wordclass.has_morphology(lang) or wordclass.classify(word, lang) != wordclass.PROPER


def _dictionary_word(word: str, lang: str) -> bool | None:
    """Does the language's morphological dictionary know the word as a common word? None
    where the language has no dictionary (the frequency lists answer then)."""
    if not wordclass.has_morphology(lang):
        return None
    return wordclass.classify(word, lang) == wordclass.COMMON


def translatable(word: str, lang: str) -> bool:
    """A capitalised word a translation may translate (Вселенском → Ecumenical): a common
    word of the morphological dictionary; without a dictionary, a frequent word (`common`)."""
    known = _dictionary_word(word, lang)
    return common(word, lang) if known is None else known


SOURCE_WORD = 50  # a source word this frequent is a word of the language, translatable


def source_word(word: str, lang: str) -> bool:
    """«Дворце», «Евангелие»: words a translation may translate rather than transliterate
    (the morphological dictionary decides where there is one, as for `translatable`)."""
    known = _dictionary_word(word, lang)
    if known is not None:
        return known
    freq = wordclass.frequencies(base(lang))
    return freq is not None and freq[word.casefold()] >= SOURCE_WORD


@lru_cache(maxsize=16)
def _surname_shape(lang: str):
    pattern = (names_data().get("surname_shapes") or {}).get(base(lang))
    return re.compile(str(pattern)) if pattern else None


@lru_cache(maxsize=65536)
def surname(word: str, lang: str) -> bool:
    """A capitalised word shaped like a surname (names.yaml `surname_shapes`: Кузнецов,
    Соловьёвым) that the morphological dictionary reads as one, whatever else it reads it as
    (кузнецов, a plural of кузнец): a surname, to be transliterated, not translated."""
    rx = _surname_shape(lang)
    return bool(rx and word[:1].isupper() and rx.search(word)) and wordclass.surname_reading(word, lang)


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """The word without its inflection ending (Путина → Путин), case-folded."""
    w = fold(word)
    if word.isupper() and len(word) <= 6:
        return w
    for e in _endings(lang):
        if w.endswith(e) and len(w) - len(e) >= 3:
            return w[: -len(e)]
    return w


# --- romanisation ------------------------------------------------------------------------

# "ts" stays "ts" (folded to "c" it became "k" at a word's end: Гейтс missed Gates, Лутц
# missed Lutz); f, ph and v are one key (Стивен ~ Stephen, Фаддей ~ Thaddeus).
_PHONETIC = [
    ("ck", "k"), ("shch", "s"), ("sch", "s"), ("tch", "c"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"),
    ("ch", "c"), ("sh", "s"), ("th", "t"), ("ph", "v"), ("f", "v"), ("ks", "x"),
    ("tz", "ts"), ("w", "v"), ("q", "k"), ("y", "i"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"),
    ("j", "i"),
]


_HARD_C = re.compile(r"c(?=[aouklmnrt]|$)")
_SOFT_C = re.compile(r"c(?=[eiy])")


@lru_cache(maxsize=65536)
def phonetic(latin: str) -> str:
    """Spelling-insensitive key of a Latin string: Anthony, Antony, Entoni → close keys."""
    from unidecode import unidecode

    s = "".join(c for c in unidecode(latin).lower() if c.isalpha())
    for a, b in _PHONETIC:
        s = s.replace(a, b)
    s = _SOFT_C.sub("s", _HARD_C.sub("k", s))  # Cuba/Kuba, City/Siti
    return re.sub(r"(.)\1+", r"\1", s)


def _is_latin(word: str) -> bool:
    return all(script_of(c) in (None, "LATIN") for c in word)


@lru_cache(maxsize=32768)
def romanise(word: str, lang: str) -> tuple[tuple[str, float], ...]:
    """Weighted Latin candidates for a word of any script, best first (phonetic keys)."""
    from unidecode import unidecode

    if _is_latin(word):
        return ((phonetic(word), 1.0),)
    out: dict[str, float] = {}

    def add(s: str, w: float) -> None:
        k = phonetic(s)
        if k and out.get(k, 0) < w:
            out[k] = w

    scripts = {script_of(c) for c in word if c.isalpha()}
    if "CYRILLIC" in scripts:
        import iuliia

        for schema in (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.ICAO_DOC_9303, iuliia.MOSMETRO):
            add(schema.translate(word), 1.0)
    table = _transcription().get(base(lang)) or next(
        (_transcription()[other] for script, other in (names_data().get("script_transcriptions") or {}).items()
         if script in scripts and _transcription().get(other)), None)  # names.yaml: CYRILLIC → ru
    if table:
        for cand, w in _reverse(word.lower(), tuple(table)):
            add(cand, 0.95 * w)
    add(unidecode(word), 0.9)
    return tuple(sorted(out.items(), key=lambda kv: -kv[1]))


def _reverse(word: str, table: tuple, beam: int = 24) -> list[tuple[str, float]]:
    from unidecode import unidecode

    word = unicodedata.normalize("NFD", word)
    word = "".join(c for c in word if not unicodedata.combining(c) or c == "\u0306")
    word = unicodedata.normalize("NFC", word)
    rules = sorted(table, key=lambda r: -len(r[0]))
    states = [("", 1.0)]
    i = 0
    while i < len(word):
        rule = next((r for r in rules if word.startswith(r[0], i)), None)
        if rule is None:
            alts, step = [unidecode(word[i])], 1
        else:
            alts, step = rule[1], len(rule[0])
        states = sorted(
            ((s + a, w * (1.0 if k == 0 else 0.92 ** k)) for s, w in states for k, a in enumerate(alts)),
            key=lambda sw: -sw[1],
        )[:beam]
        i += step
    return states


@lru_cache(maxsize=262144)
def similarity(a: str, a_lang: str, b: str, b_lang: str) -> float:
    """0-100: how likely the two words (any scripts) are one name, endings allowed."""
    best = 0.0
    # Максим: stem Макс, and whole; Исаакиевский: also its name stem Исаак
    # Юты: also its dictionary form Юта (the stem Ют- lost the vowel that Utah keeps)
    for a_form in dict.fromkeys((_stem_keep_case(a, a_lang), a, _name_stem(a, a_lang), *_base_forms(a, a_lang))):
        for ka, wa in romanise(a_form, a_lang):
            for kb, wb in romanise(_stem_keep_case(b, b_lang), b_lang):
                s = _ratio(ka, kb) * min(wa, wb) ** 0.5
                if s > best:
                    best = s
                    if best >= 99:
                        return best
    return best


@lru_cache(maxsize=65536)
def _base_forms(word: str, lang: str) -> tuple[str, ...]:
    """Dictionary forms of an inflected word that keep more of it than its stem (Юты → Юта),
    in the word's case; () where the language has no morphological dictionary."""
    if len(word) < 3 or word.isupper():
        return ()
    st = _stem_keep_case(word, lang).casefold()
    if st == word.casefold():  # too short for the endings table (Юты): all but its last letter
        st = st[:-1]
    out = []
    for lem in wordclass.lemmas(word.casefold(), lang)[:3]:
        if lem != word.casefold() and len(lem) > len(st) and lem.startswith(st):
            out.append(word[:1] + lem[1:] if word[:1].isupper() else lem)
    return tuple(out)


@lru_cache(maxsize=64)
def _adjective_suffixes(lang: str) -> tuple[str, ...]:
    ends = (names_data().get("name_adjective_stems") or {}).get(base(lang)) or ()
    return tuple(sorted((str(e) for e in ends), key=len, reverse=True))


def _name_stem(word: str, lang: str) -> str:
    """The name inside an adjective made from it (Исаакиевский → Исаак, Рязанской → Рязан):
    the stem without a `name_adjective_stems` suffix; the stem itself when none fits."""
    s = _stem_keep_case(word, lang)
    low = s.casefold()
    for e in _adjective_suffixes(lang):
        if low.endswith(e) and len(s) - len(e) >= 3:
            return s[: -len(e)]
    return s


def _stem_keep_case(word: str, lang: str) -> str:
    s = stem(word, lang)
    return word[: len(s)] if len(s) < len(word) else word


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    r = fuzz.ratio(a, b)
    la, lb = len(a), len(b)
    if la != lb and min(la, lb) >= 4 and abs(la - lb) <= (5 if min(la, lb) >= 6 else 3):
        short, long = (a, b) if la < lb else (b, a)
        r = max(r, fuzz.ratio(short, long[: len(short)]) - 3)
    return r


def known_word(word: str, lang: str) -> bool:
    """In the language's word list at all (any word, when the language has no list)."""
    freq = wordclass.frequencies(base(lang))
    return freq is None or freq[word.casefold()] > 0


@lru_cache(maxsize=1)
def _skeleton_rules():
    rules = names_data().get("skeleton") or ()
    return re.compile("|".join(f"(?P<c{n}>{rx})" for n, (rx, _) in enumerate(rules))), [str(c) for _, c in rules]


@lru_cache(maxsize=65536)
def skeleton(latin: str) -> str:
    """The consonant classes of a Latin spelling (references/bilingual/names.yaml
    `skeleton`): George and Dzhordzh → JRJ, Grzegorz and Gzhegozh → KJKJ."""
    rx, classes = _skeleton_rules()
    out = []
    for m in rx.finditer(re.sub(r"(.)\1+", r"\1", latin.lower())):  # Lutts = Luts
        c = classes[int(m.lastgroup[1:])]
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _latin_spellings(word: str, lang: str) -> tuple[str, ...]:
    """Latin spellings of a word (its own, or its romanisations by the maintained schemes)."""
    from unidecode import unidecode

    if _is_latin(word):
        return (word,)
    out = []
    if any(script_of(c) == "CYRILLIC" for c in word):
        import iuliia

        out = [schema.translate(word) for schema in (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.ICAO_DOC_9303)]
    out.append(unidecode(word))
    return tuple(dict.fromkeys(out))


def same_skeleton(a: str, a_lang: str, b: str, b_lang: str) -> bool:
    """Do the two words (any scripts; inflection endings of either dropped) have the same
    consonant skeleton, one class apart at most when one is four or more long? One name in two
    spelling conventions (Джорджа ~ George, Гжегож ~ Grzegorz, Хашкаджи ~ Khashoggi), where
    `similarity` alone cannot tell them from different names of similar letters."""
    from rapidfuzz.distance import Levenshtein

    ka = {skeleton(x) for f in dict.fromkeys((_stem_keep_case(a, a_lang), a)) for x in _latin_spellings(f, a_lang)}
    kb = {skeleton(x) for f in dict.fromkeys((_stem_keep_case(b, b_lang), b)) for x in _latin_spellings(f, b_lang)}
    for x in ka:
        for y in kb:
            if x and y and Levenshtein.distance(x, y) <= (1 if max(len(x), len(y)) >= 4 else 0):
                return True
    return False


def latin(text: str) -> str:
    """A readable ASCII spelling of any text: Cyrillic by the Wikipedia scheme (iuliia:
    Дмитрий Песков → Dmitry Peskov), every other letter by unidecode (Київ → Kyiv)."""
    import iuliia  # loads its schemes' tables: only when a text asks
    from unidecode import unidecode

    if any(script_of(c) == "CYRILLIC" for c in text):
        text = iuliia.WIKIPEDIA.translate(text)
    return unidecode(text)


WORDLIKE = 300  # this frequent in the word list: a word of the language (maybe a translated name)


def wordlike(word: str, lang: str) -> bool:
    freq = wordclass.frequencies(base(lang))
    return freq is not None and freq[word.casefold()] >= WORDLIKE


# What this module derived from names.yaml and transcription.yaml goes when they change.
datafiles.on_change(*(f.cache_clear for f in (
    _folds, _transcription, _endings, not_names, stem, romanise, similarity, _base_forms,
    _adjective_suffixes, _skeleton_rules, skeleton, _surname_shape, surname)))
