"""What a language says about numbers, for audit/quantities/extraction.py to read a text with.

`tables(lang)` gathers, once per language (and per quantities.yaml in force), the language's
decimal and group separators and month names (Babel's CLDR data), its number words (num2words'
tables read in reverse), and what references/bilingual/quantities.yaml adds: inflected month
forms, scale words, units, clock and range words, numeral characters. `shared()` is what every
language of that file contributes to reading a text of any language (ordinal and day endings,
percent words, joiners). Babel's and num2words' facts are kept in the cache directory
(audit.datafiles.derived); both caches here are cleared when the file in force changes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from audit import datafiles, yamlio

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Tables:
    lang: str
    decimal: str
    group: str
    months: dict  # casefolded form → month number
    months_cased: bool  # month names are capitalised (en, de): match them only so
    words: dict  # casefolded word → value (cardinal, ordinal, extras)
    scales: dict  # casefolded word → multiplier
    month_re: re.Pattern | None
    approximate: frozenset = frozenset()  # words that count loosely ("dozens", «пару»)
    loose_scales: dict = field(default_factory=dict)  # glued abbreviations that may scale: 3k, 1.5m
    heads: frozenset = frozenset()  # first 3 letters of every number word: who may be an inflected one
    ordinals: frozenset = frozenset()  # number words that are ordinals ("second", «пятый»): never a count
    guarded: frozenset = frozenset()  # month forms that count only beside a day or a year (sept = 7)
    abbreviated: frozenset = frozenset()  # month abbreviations: a month with a "." or a day or a year
    month_stems: dict = field(default_factory=dict)  # adjective stems: мартовск → 3 (a month, no day)
    units: dict = field(default_factory=dict)  # casefolded unit word → (dimension, factor)
    hours: frozenset = frozenset()  # "часов", "hours": 17 часов 47 минут is a clock time
    minutes: frozenset = frozenset()
    clock: frozenset = frozenset()  # hour words of the clock alone (17 h 30, 17 Uhr 30): no minute word needed
    ranges: frozenset = frozenset()  # words joining the ends of a range: по, to, bis
    halves: tuple = ()  # "and a half", «с половиной»: add one half to the number before
    implied: dict = field(default_factory=dict)  # words that imply a number: сутки = 24 (hours)
    decades: frozenset = frozenset()  # suffixes that make a decade: 1990s, 90-х, 30代
    homographs: frozenset = frozenset()  # month names that are common words too ("May", "March")
    month_context: frozenset = frozenset()  # words before a month that make a homograph one: in, by
    numerals: dict = field(default_factory=dict)  # digits written as characters: 三 → 3
    shared: Shared | None = None  # what every language contributes (ordinal endings, percent words...)
    rounds: frozenset = frozenset()  # words after 1/N that name a knock-out round: 1/8 финала = the last 16
    negative_words: frozenset = frozenset()  # words before a number that make it negative: минус, minus
    negative_cues: re.Pattern | None = None  # words that carry a sign in a sentence: below zero, fell


def fold(word: str) -> str:
    """A word as the tables key it: lower case, composed (NFC)."""
    return unicodedata.normalize("NFC", word.lower())


def _extra(lang: str, path: str | None = None) -> dict:
    """The language's entry of quantities.yaml: `path`, else the file in force (audit.datafiles)."""
    data = _load(path) if path else datafiles.load(datafiles.QUANTITIES)
    return dict(data.get(lang) or {})


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    return dict(yamlio.load(Path(path)) or {}) if Path(path).exists() else {}


@dataclass(frozen=True)
class Shared:
    """What every language of quantities.yaml contributes to reading a text of any language:
    ordinal and day endings, percent words, number joiners, decade and Roman-numeral endings."""

    ordinal: re.Pattern  # an ordinal ending right after a number: 5th, 5-го, 1er, 2º
    percent: re.Pattern  # a percent sign or word right after a number
    day: re.Pattern  # a day's number (and its ending, joiner) right before a month name
    roman: re.Pattern  # a Roman numeral and its ending: XXe, XX-го
    joiners: frozenset  # and, и, und, ... (and "-"): inside a written-out number
    decades: frozenset  # s, х, е, er, 代: an ending that makes a decade


def _alts(items, escape: bool = True) -> str:
    return "|".join(re.escape(x) if escape else x for x in sorted(set(items), key=lambda x: (-len(x), x)))


@lru_cache(maxsize=4)
def shared(path: str | None = None) -> Shared:
    data = _load(path) if path else datafiles.load(datafiles.QUANTITIES)
    entries = [e for e in data.values() if isinstance(e, dict)]

    def every(key: str) -> list[str]:
        return [str(x) for e in entries for x in e.get(key) or ()]

    def endings(key: str) -> str:
        plain = [str(x) for e in entries if not e.get("ordinal_hyphen") for x in e.get(key) or ()]
        hyphen = [str(x) for e in entries if e.get("ordinal_hyphen") for x in e.get(key) or ()]
        return "|".join(filter(None, (_alts(plain), hyphen and f"-?(?:{_alts(hyphen)})")))

    joiners = _alts((j.replace(" ", "\\s+") for j in every("date_joiners")), escape=False)
    roman_ends = _alts(every("roman_suffixes"), escape=False)
    return Shared(
        ordinal=re.compile(rf"(?:{endings('ordinal_suffixes')})(?![^\W\d_])"),
        percent=re.compile(rf"\s?(?:{'|'.join(['%', '‰', *every('percent_patterns')])})", re.I),
        day=re.compile(rf"(?<![\d.,])(\d{{1,2}})(?:{endings('day_suffixes')})?\.?\s+(?:(?:{joiners})\s+)?$"),
        roman=re.compile(r"(?<![^\W\d_])((?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"
                         rf"(?:{roman_ends})?(?![^\W\d_])"),
        joiners=frozenset(every("number_joiners")) | {"-"},
        decades=frozenset(every("decade_suffixes")),
    )


@lru_cache(maxsize=64)
def tables(lang: str, path: str | None = None) -> Tables:
    base = (lang or "en").split("-")[0].split("_")[0]
    extra = _extra(base, path)
    decimal, group, months, wide_upper, surface, abbreviated, words, scales, ordinals = datafiles.derived(
        f"locale-{base}", _locale_sources(base), lambda: _locale_facts(base))
    months, surface, abbreviated, ordinals = dict(months), set(surface), set(abbreviated), set(ordinals)
    cased = wide_upper and not extra.get("months_uncased")
    for m, forms in (extra.get("month_forms") or {}).items():
        for f in forms:
            months[fold(str(f))] = int(m)
            surface.add(str(f))
    words.update({str(k).casefold(): float(v) for k, v in (extra.get("words") or {}).items()})
    ordinal_words = {str(k).casefold(): float(v) for k, v in (extra.get("ordinal_words") or {}).items()}
    words.update(ordinal_words)
    ordinals |= set(ordinal_words)
    scales.update({str(k).casefold(): float(v) for k, v in (extra.get("scales") or {}).items()})
    stems = {fold(str(f)): int(m) for m, forms in (extra.get("month_stems") or {}).items() for f in forms}
    month_re = None
    if months:
        alts = "|".join(re.escape(m) for m in sorted(surface if cased else months, key=len, reverse=True))
        stem_alts = "".join(f"|{re.escape(f)}[^\\W\\d_]*" for f in sorted(stems, key=len, reverse=True))
        month_re = re.compile(rf"(?<![^\W\d_])(?:{alts}{stem_alts})(?![^\W\d_])", 0 if cased else re.I)
    # a month form that is also a number word (French «sept») needs a day or a year beside it
    guarded = frozenset(f for f in months if f in words)
    approximate = frozenset(str(w).casefold() for w in extra.get("approximate") or ())
    loose = {str(k): float(v) for k, v in (extra.get("loose_scales") or {}).items()}
    heads = frozenset(k[:3] for k in (*words, *scales))
    units = {}
    for dim, table in (extra.get("units") or {}).items():
        for word, factor in (table or {}).items():
            units[fold(str(word))] = (str(dim), float(factor) if not isinstance(factor, str) else factor)
    time_words = extra.get("time_words") or {}
    implied = {fold(str(k)): float(v) for k, v in (extra.get("implied") or {}).items()}
    decades = frozenset(str(x) for x in extra.get("decade_suffixes") or ()) | shared(path).decades
    return Tables(base, decimal, group, months, cased, words, scales, month_re, approximate, loose, heads,
                  frozenset(ordinals), guarded, frozenset(abbreviated), stems, units,
                  frozenset(fold(str(w)) for w in time_words.get("hour") or ()),
                  frozenset(fold(str(w)) for w in time_words.get("minute") or ()),
                  frozenset(fold(str(w)) for w in time_words.get("clock") or ()),
                  frozenset(fold(str(w)) for w in extra.get("range_words") or ()),
                  tuple(str(h) for h in extra.get("half_words") or ()), implied, decades,
                  frozenset(fold(str(w)) for w in extra.get("month_homographs") or ()),
                  frozenset(fold(str(w)) for w in extra.get("month_context") or ()),
                  {str(k): int(v) for k, v in (extra.get("numeral_chars") or {}).items()}, shared(path),
                  frozenset(fold(str(w)) for w in extra.get("round_words") or ()),
                  frozenset(fold(str(w)) for w in extra.get("negative_words") or ()),
                  _cues(extra.get("negative_cues") or ()))


def _cues(patterns) -> re.Pattern | None:
    """The language's `negative_cues` as one pattern of whole words, any case; None without."""
    if not patterns:
        return None
    return re.compile(rf"(?<![^\W\d_])(?:{_alts((str(p) for p in patterns), escape=False)})(?![^\W\d_])", re.I)


def _locale_sources(base: str) -> tuple:
    """What `_locale_facts` depends on: babel's and num2words' files for the language."""
    files = (datafiles.package_file("babel", "__init__.py"), datafiles.package_file("babel", "locale-data", f"{base}.dat"),
             datafiles.package_file("num2words", "__init__.py"),
             datafiles.package_file("num2words", f"lang_{base.upper()}.py"))
    return tuple(f if f is not None else "-" for f in files)


def _locale_facts(base: str) -> tuple:
    """The language's number symbols and month names (babel's CLDR data) and number words
    (num2words), as plain values: kept in the cache directory (datafiles.derived), since
    importing the two libraries costs more (0.04 s) than everything else `tables` does."""
    decimal, group, months, wide_upper, surface, abbreviated = ".", ",", {}, False, set(), set()
    try:
        from babel import Locale  # CLDR data: only when no cached copy of these facts is there

        loc = Locale.parse(base)
        sym = loc.number_symbols.get("latn", {})
        decimal, group = sym.get("decimal", "."), sym.get("group", ",")
        wide_forms = {fold(n) for ctx in ("format", "stand-alone") for n in loc.months[ctx]["wide"].values()}
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for m, name in loc.months[ctx][width].items():
                    name = name.rstrip(".")
                    if len(name) >= 3 and not any(c.isdigit() for c in name):
                        months[fold(name)] = int(m)
                        surface.add(name)
                        if width == "abbreviated" and fold(name) not in wide_forms:
                            abbreviated.add(fold(name))
        wide = loc.months["format"]["wide"].get(1, "")
        wide_upper = bool(wide[:1].isupper())
    except Exception:  # unknown locale: digits still work
        pass
    words, scales, ordinals = _number_words(base)
    return (str(decimal), str(group), months, wide_upper, sorted(surface), sorted(abbreviated), words, scales,
            sorted(ordinals))


def _number_words(lang: str) -> tuple[dict, dict, set]:
    words: dict = {}
    scales: dict = {}
    ordinals: set = set()
    try:
        from num2words import num2words

        num2words(1, lang=lang)
    except Exception:
        return words, scales, ordinals
    for n in list(range(0, 101)) + [200, 300, 400, 500, 600, 700, 800, 900]:
        for to in ("cardinal", "ordinal"):
            if to == "ordinal" and (n == 0 or n > 31):
                continue
            try:
                spelled = num2words(n, lang=lang, to=to)
            except Exception:
                continue
            toks = [t.casefold() for t in _WORD.findall(spelled)]
            if len(toks) == 1:
                if to == "ordinal" and toks[0] not in words:
                    ordinals.add(toks[0])
                words.setdefault(toks[0], float(n))
    for n in (100, 1000, 10**6, 10**9):
        try:
            toks = [t.casefold() for t in _WORD.findall(num2words(n, lang=lang))]
        except Exception:
            continue
        if toks:
            scales[toks[-1]] = float(n)
            words.setdefault(toks[-1], float(n))
    return words, scales, ordinals - {w for w in words if w in scales}



# What was read from quantities.yaml goes when the file in force changes (audit.datafiles).
datafiles.on_change(tables.cache_clear, shared.cache_clear)
