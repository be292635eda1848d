"""Numbers and dates in any language, normalised so a source and its translation compare.

`extract(text, lang)` finds quantities with their spans: digits of any script (every
character with a Unicode decimal value counts, mapped one-to-one so offsets hold), decimal
and thousands separators read by the language's CLDR conventions (Babel), percentages,
ordinals, ranges (each end is a quantity), scale words ("1,5 млн" = 1.5 million), dates
with month names (CLDR month names plus inflected forms from references/bilingual), numeric
dates, clock times and written-out numbers (num2words' tables read in reverse).

Written-out numbers are *optional*: they satisfy a digit on the other side but are never
required themselves ("one of them" is not a quantity). So are a month named without a day
("in March", "May" the modal), a year attached to a date, and a number glued to a name
(COVID-19, Су-35, 3D): optional, but two of one kind left unpaired on both sides are a change.
Comparing the quantities of a source and its translation is audit/quantitydiff.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from audit import datafiles, yamlio
from audit.model import Span
from audit.wordclass import lemmas

_SPACES = "\u00a0\u202f\u2009 "
_NUM = re.compile(r"\d+(?:[.,'\u00a0\u202f\u2009 ]\d+)*")
_WORD = re.compile(r"[^\W\d_]+")
_ROUND_AFTER = re.compile(r"[\s\u00a0]?([^\W\d_]+)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_NUM_DATE = re.compile(r"(?<![\d.,/])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})(?![\d])")
_CJK_DATE = re.compile(r"(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]")
_CJK_MONTH = re.compile(r"(\d{1,2})\s?月")
_TIME = re.compile(r"(?<![\d.,])([01]?\d|2[0-3])[:.\u0589\uff1a]([0-5]\d)(?![\d])")  # 17:47, 01։23 (Armenian), 17：47
# 12-hour clock: 3 p.m., 3:30pm, 9 AM (= 15:00, 15:30, 09:00)
_SPACED_TIME = re.compile(r"(?<![\d.,:])([01]\d|2[0-3])[:\u0589\uff1a]\s([0-5]\d)(?!\d|[.,:]\d)")
_CLOCK12 = re.compile(r"(?<![\d.,:])(1[0-2]|0?[1-9])(?:(?:[:.\u0589]\s?)([0-5]\d))?\s?([ap])\.?\s?m\b\.?", re.I)
_FRACTION = re.compile(r"(?<![\d.,/])(?:(\d{1,3})[\s\u00a0-](?=\d/))?(\d{1,2}) ?/ ?(\d{1,3})(?![\d/])")


@dataclass(frozen=True)
class Quantity:
    span: Span
    text: str
    kind: str  # number | percent | ordinal | date | month | time | word
    values: frozenset  # keys this quantity may stand for (floats, or tuples for dates)
    required: bool = True  # written-out numbers only satisfy, never require
    raw: str = ""  # the whole run of digits and separators it came from ("1 000 000", "1,1")
    unit: tuple | None = None  # (dimension, factor to the SI unit): 4,5 метра → ("length", 1.0)

    def show(self) -> str:
        return self.text


class Quantities(list):
    """`extract`'s answer: the quantities, and the text and language they were read from
    (audit.quantitydiff.compare reads the text for verbatim copies and unit words)."""

    text: str = ""
    lang: str = ""
    units: frozenset = frozenset()  # (dimension, factor) of every unit word in the text


def normalise_digits(text: str) -> str:
    """Every decimal digit of any script → ASCII, one character for one (offsets hold)."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if not ch.isascii():
            d = unicodedata.decimal(ch, None)
            if d is not None:
                ch = str(d)
            else:
                ch = _SEPARATORS.get(ch, ch)
        out.append(ch)
    return "".join(out)


_SEPARATORS = {"\u066b": ".", "\u066c": ",", "\uff0c": ",", "\uff0e": "."}  # Arabic decimal/thousands, fullwidth


# --- language tables -------------------------------------------------------------------


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


def _fold(word: str) -> str:
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
            months[_fold(str(f))] = int(m)
            surface.add(str(f))
    words.update({str(k).casefold(): float(v) for k, v in (extra.get("words") or {}).items()})
    ordinal_words = {str(k).casefold(): float(v) for k, v in (extra.get("ordinal_words") or {}).items()}
    words.update(ordinal_words)
    ordinals |= set(ordinal_words)
    scales.update({str(k).casefold(): float(v) for k, v in (extra.get("scales") or {}).items()})
    stems = {_fold(str(f)): int(m) for m, forms in (extra.get("month_stems") or {}).items() for f in forms}
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
            units[_fold(str(word))] = (str(dim), float(factor) if not isinstance(factor, str) else factor)
    time_words = extra.get("time_words") or {}
    implied = {_fold(str(k)): float(v) for k, v in (extra.get("implied") or {}).items()}
    decades = frozenset(str(x) for x in extra.get("decade_suffixes") or ()) | shared(path).decades
    return Tables(base, decimal, group, months, cased, words, scales, month_re, approximate, loose, heads,
                  frozenset(ordinals), guarded, frozenset(abbreviated), stems, units,
                  frozenset(_fold(str(w)) for w in time_words.get("hour") or ()),
                  frozenset(_fold(str(w)) for w in time_words.get("minute") or ()),
                  frozenset(_fold(str(w)) for w in time_words.get("clock") or ()),
                  frozenset(_fold(str(w)) for w in extra.get("range_words") or ()),
                  tuple(str(h) for h in extra.get("half_words") or ()), implied, decades,
                  frozenset(_fold(str(w)) for w in extra.get("month_homographs") or ()),
                  frozenset(_fold(str(w)) for w in extra.get("month_context") or ()),
                  {str(k): int(v) for k, v in (extra.get("numeral_chars") or {}).items()}, shared(path),
                  frozenset(_fold(str(w)) for w in extra.get("round_words") or ()))


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
        wide_forms = {_fold(n) for ctx in ("format", "stand-alone") for n in loc.months[ctx]["wide"].values()}
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for m, name in loc.months[ctx][width].items():
                    name = name.rstrip(".")
                    if len(name) >= 3 and not any(c.isdigit() for c in name):
                        months[_fold(name)] = int(m)
                        surface.add(name)
                        if width == "abbreviated" and _fold(name) not in wide_forms:
                            abbreviated.add(_fold(name))
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


# --- extraction --------------------------------------------------------------------------


def clock_times(text: str) -> set[tuple[int, int]]:
    """(hour, minute) of every clock time written with a colon or dot (17:47, 01։23)."""
    return {(int(m.group(1)), int(m.group(2))) for m in _TIME.finditer(text)}


def spaced_clock_times(text: str) -> list[tuple[int, int, str, int, int]]:
    """(start, end, text, hour, minute) of every clock time spaced after its colon ("18: 30")."""
    return [(m.start(), m.end(), m.group(0), int(m.group(1)), int(m.group(2))) for m in _SPACED_TIME.finditer(text)]


def extract(text: str, lang: str, data_path: str | None = None) -> Quantities:
    t = tables(lang, data_path)
    norm = normalise_digits(text)
    taken = bytearray(len(norm))
    out = Quantities()
    out.text, out.lang = text, t.lang
    year_at: set[int] = set()  # where a year that belongs to a date begins

    def add(start: int, end: int, kind: str, values, required: bool = True, raw: str = "", unit=None) -> None:
        out.append(Quantity(Span(start, end), text[start:end], kind, frozenset(values), required, raw, unit))
        for i in range(start, end):
            taken[i] = 1

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    for m in _ISO_DATE.finditer(norm):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            add(m.start(), m.end(), "date", {("ymd", y, mo, d)})
    for m in _NUM_DATE.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        y = y + 2000 if y < 100 and len(m.group(4)) == 2 else y
        keys = {("ymd", y, b, a)} if 1 <= b <= 12 and 1 <= a <= 31 else set()
        if 1 <= a <= 12 and 1 <= b <= 31:
            keys.add(("ymd", y, a, b))
        if keys:
            add(m.start(), m.end(), "date", keys)
    for m in _CJK_DATE.finditer(norm):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), "date", {("md", int(m.group(1)), int(m.group(2)))})
    for m in _CJK_MONTH.finditer(norm):
        if free(m.start(), m.end()) and 1 <= int(m.group(1)) <= 12:
            add(m.start(), m.end(), "month", {("m", int(m.group(1)))}, required=False)
    if t.month_re is not None:
        _month_dates(norm, t, add, free, year_at)
    for m in _CLOCK12.finditer(norm):
        if free(m.start(), m.end()):
            hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
            bare = set() if m.group(2) else {float(int(m.group(1)))}  # "в 5" is 5am
            add(m.start(), m.end(), "time", {("hm", hour, int(m.group(2) or 0))} | bare)
    for m in _TIME.finditer(norm):
        if free(m.start(), m.end()) and m.group(0)[len(m.group(1))] != ".":
            add(m.start(), m.end(), "time", {("hm", int(m.group(1)), int(m.group(2)))})
    for m in _SPACED_TIME.finditer(norm):  # "18: 30", a tokeniser's clock time: one time, not two numbers
        if free(m.start(), m.end()):  # the same time (its spacing is NUM004's, a typography finding)
            add(m.start(), m.end(), "time", {("hm", int(m.group(1)), int(m.group(2)))})
    _clock_words(norm, t, add, free)
    _fractions(norm, t, add, free)
    for m in _NUM.finditer(norm):
        for start, end, values in _numbers(m, t):
            if not free(start, end):
                continue
            if start in year_at:
                add(start, end, "dateyear", values, required=False, raw=m.group(0))
                continue
            code = _glued(norm, start, end, t)
            end, kind, values, unit = _suffix(norm, end, values, t)
            if code:
                add(start, end, "code", values, required=False, raw=m.group(0))
            else:
                add(start, end, kind, values, raw=m.group(0), unit=unit)
    _written(norm, t, add, free)
    _roman(norm, t, add, free)
    _cjk_numerals(norm, t, add, free)
    out.sort(key=lambda q: q.span)
    _links(out, norm, t)
    out.units = frozenset(_unit_mentions(norm, t))
    return out


def _month_dates(norm: str, t: Tables, add, free, year_at: set) -> None:
    for m in t.month_re.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        form = _fold(m.group(0))
        month = t.months.get(form)
        adjective = month is None
        if adjective:
            month = next((v for k, v in t.month_stems.items() if form.startswith(k)), None)
        if month is None:
            continue
        year = re.match(r"\.?,?\s+(\d{4})(?!\d)", norm[m.end() : m.end() + 12])
        if not adjective:
            before = t.shared.day.search(norm[max(0, m.start() - 16) : m.start()])
            if before and 1 <= int(before.group(1)) <= 31:
                start = m.start() - (len(before.group(0)))
                if free(start, m.end()):
                    add(start, m.end(), "date", {("md", month, int(before.group(1)))})
                    if year:
                        year_at.add(m.end() + year.start(1))
                    continue
            after = re.match(r"\.?,?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?![\d.,]\d)(?!\d)", norm[m.end() : m.end() + 12])
            if after and 1 <= int(after.group(1)) <= 31:
                add(m.start(), m.end() + len(after.group(0)), "date", {("md", month, int(after.group(1)))})
                y = re.match(r",?\s+(\d{4})(?!\d)", norm[m.end() + len(after.group(0)) : m.end() + len(after.group(0)) + 8])
                if y:
                    year_at.add(m.end() + len(after.group(0)) + y.start(1))
                continue
        # a month named without a day: "in March", "May" the modal, «мартовские»: it satisfies
        # and is satisfied, never required; an abbreviation needs its full stop or a year, and a
        # form that is also a number word (French «sept») a year
        if form in t.guarded and not year:
            continue
        if form in t.abbreviated and not year and not norm[m.end() : m.end() + 1] == ".":
            continue
        if year:
            year_at.add(m.end() + year.start(1))
        homograph = form in t.homographs and not year  # "May I…": satisfies, never a changed month
        if homograph:  # unless a preposition makes it one: "in May", "by March"
            prev = re.search(r"([^\W\d_]+)[\s-]+$", norm[max(0, m.start() - 20) : m.start()])
            homograph = not (prev and _fold(prev.group(1)) in t.month_context)
        add(m.start(), m.end(), "monthword" if homograph else "month", {("m", month)}, required=False)


def _clock_words(norm: str, t: Tables, add, free) -> None:
    """A clock time in words: 17 часов 47 минут = 17:47 = 5:47 PM (and 17.78 hours)."""
    if not t.hours or not t.minutes:
        return
    joiners = "|".join(re.escape(j) for j in t.shared.joiners if j.isalpha())  # 17 hours and 47 minutes
    for m in re.finditer(rf"(?<![\d.,])(\d{{1,2}})\s*([^\W\d_]+)\.?\s*(?:(?:{joiners})\s+)?(\d{{1,2}})(?:\s+([^\W\d_]+)\.?)?(?![\d])", norm):
        h, mi = int(m.group(1)), int(m.group(3))
        hour, minute = _fold(m.group(2)), _fold(m.group(4) or "")
        if minute not in t.minutes:  # 17 h 30, 17 Uhr 30: the clock's own hour word needs none
            if hour not in t.clock or len(m.group(3)) != 2:
                continue
            m_end = m.start(4) if m.group(4) else m.end()
        else:
            m_end = m.end()
        if (hour in t.hours or hour in t.clock) and h <= 24 and mi < 60 and free(m.start(), m_end):
            add(m.start(), m_end, "time", {("hm", h, mi), round(h + mi / 60, 6)})


def _fractions(norm: str, t: Tables, add, free) -> None:
    """1/2, 2 1/2, ½: a fraction is one quantity (2 1/2 million = 2.5 million)."""
    for m in _FRACTION.finditer(norm):
        n, d = int(m.group(2)), int(m.group(3))
        if not (0 < n < d <= 100) or not free(m.start(), m.end()):
            continue
        value = n / d + (int(m.group(1)) if m.group(1) else 0)
        after = _ROUND_AFTER.match(norm, m.end())
        if n == 1 and not m.group(1) and after and _fold(after.group(1)) in t.rounds:
            # «1/8 финала» is a knock-out round, the last 16: "the round of 16" or "the
            # eighth-finals" renders it, neither a required figure
            add(m.start(), m.end(), "number", {round(value, 6), float(2 * d)}, required=False, raw=m.group(0))
            continue
        end, kind, values, unit = _suffix(norm, m.end(), {round(value, 6)}, t)
        add(m.start(), end, kind, values, raw=m.group(0), unit=unit)
    for i, ch in enumerate(norm):
        if unicodedata.category(ch) == "No" and unicodedata.numeric(ch, 0) and "FRACTION" in unicodedata.name(ch, ""):
            start = i
            whole = re.search(r"(\d+)\s?$", norm[max(0, i - 6) : i])
            value = unicodedata.numeric(ch)
            if whole and free(i - len(whole.group(0)), i):
                start, value = i - len(whole.group(0)), value + int(whole.group(1))
            if free(start, i + 1):
                end, kind, values, unit = _suffix(norm, i + 1, {round(value, 6)}, t)
                add(start, end, kind, values, raw=norm[start : i + 1], unit=unit)


def _glued(norm: str, start: int, end: int, t: Tables) -> bool:
    """A number glued to a name (COVID-19, Су-35, С1, MH17) or to a capital (3D, 5G): part
    of an identifier, not a quantity."""
    before = norm[max(0, start - 2) : start]
    if before[-1:].isalpha() or (before[-1:] in "-‑" and before[:1].isalpha()):
        return True
    after = norm[end : end + 3]
    if after[:1] == "-":  # 3-D
        after = after[1:]
    return bool(after[:1].isupper() and not after[1:2].isalpha() and after[:1] not in t.loose_scales
                and _fold(after[:1]) not in t.units and not after[:1] in "AP")


def _numbers(m: re.Match, t: Tables):
    """One `_NUM` match → [(start, end, values)]: split where a separator cannot be one."""
    raw = m.group(0)
    parts = re.split(r"([.,'\u00a0\u202f\u2009 ])", raw)
    digits, seps = parts[0::2], parts[1::2]
    chunks: list[list[int]] = [[0]]
    for i, sep in enumerate(seps):
        nxt = digits[i + 1]
        joinable = sep not in _SPACES or (len(nxt) == 3 and len(digits[chunks[-1][0]]) <= 3 and (t.group in _SPACES or sep != " "))
        if sep == "," and t.decimal != "," and len(nxt) != 3:
            joinable = False  # "1,5" in English: two numbers in a list, not a decimal
        if joinable:
            chunks[-1].append(i + 1)
        else:
            chunks.append([i + 1])
    pos = m.start()
    offsets = []
    for i, d in enumerate(digits):
        offsets.append(pos)
        pos += len(d) + (len(seps[i]) if i < len(seps) else 0)
    for chunk in chunks:
        start = offsets[chunk[0]]
        end = offsets[chunk[-1]] + len(digits[chunk[-1]])
        yield start, end, _chunk_values([digits[i] for i in chunk], [seps[i - 1] for i in chunk[1:]], t)


def _chunk_values(digits: list[str], seps: list[str], t: Tables) -> set:
    if not seps:
        return {float(int(digits[0]))}
    kinds = {("space" if s in _SPACES else s) for s in seps}
    grouped = all(len(d) == 3 for d in digits[1:])
    if len(kinds) == 1 and len(seps) > 1:
        return {float("".join(digits))} if grouped else {float(d) for d in digits}
    if len(kinds) > 1:  # 1,234.5 / 1.234,5: the last separator is the decimal one
        return {float("".join(digits[:-1]) + "." + digits[-1])}
    sep, head, tail = seps[0], digits[0], digits[1]
    clock = {("hm", int(head), int(tail))} if sep == "." and len(tail) == 2 and int(head) <= 23 and int(tail) < 60 else set()
    return clock | _one_separator(sep, head, tail, t)


def _one_separator(sep: str, head: str, tail: str, t: Tables) -> set:
    as_decimal = float(head + "." + tail)
    as_group = float(head + tail)
    if sep in _SPACES or sep == "'":
        return {as_group}
    if sep == t.decimal:
        return {as_decimal, as_group} if len(tail) == 3 else {as_decimal}
    if sep == t.group:
        return {as_group, as_decimal} if len(tail) == 3 else {as_decimal}
    return {as_decimal, as_group} if len(tail) == 3 else {as_decimal}


def _suffix(norm: str, end: int, values: set, t: Tables):
    """What follows a number: a percent sign, a scale word (млн, тысячах), a unit (метра, -foot),
    an hour word (в 17 часов = at 17:00), an ordinal or decade ending. → (end, kind, values, unit)"""
    rest = norm[end : end + 24]
    m = t.shared.percent.match(rest)
    if m:
        return end + m.end(), "percent", values, None
    m = re.match(r"\s?([^\W\d_]+)\.?", rest)
    scale = _scale(m.group(1), t) if m else None
    if m and scale is None:  # CJK: no spaces, so the scale is a prefix of the "word"
        key = next((k for k in sorted(t.scales, key=len, reverse=True) if _is_cjk(k) and m.group(1).startswith(k)), None)
        if key is not None:
            scale = t.scales[key]
            m = re.match(r"\s?" + re.escape(key), rest)
    if m and scale is not None:
        nums = {v * scale for v in values if isinstance(v, float)}
        return end + m.end(), "number", {round(v, 6) for v in nums}, None
    m = re.match(r"([^\W\d_]+)(?![^\W\d_])", rest)  # glued: 1.5m, 3k (or 1.5 metres: both)
    loose = t.loose_scales.get(m.group(1)) if m else None
    if loose is not None:
        return end + m.end(), "number", values | {round(v * loose, 6) for v in values if isinstance(v, float)}, _unit(m.group(1), t)
    m = t.shared.ordinal.match(rest)
    if m and m.group(0):
        if m.group(0).lstrip("-'’") in t.decades:
            values = values | _decades(values)
        return end + m.end(), "ordinal", values, None
    m = re.match(r"(?:\s|-)?" + _UNIT_WORD, rest)
    unit = _unit(m.group(1), t) if m else None
    if unit is not None:
        return end, "number", values, unit
    if m and _fold(m.group(1)) in t.hours:  # в 17 часов = at 17:00; "1747 hours" = 17:47
        clock = {("hm", int(v), 0) for v in values if isinstance(v, float) and v.is_integer() and v <= 24}
        digits = norm[end - 4 : end]
        if digits.isdigit() and (end < 5 or not norm[end - 5].isdigit()) and int(digits[:2]) <= 23 and int(digits[2:]) < 60:
            clock.add(("hm", int(digits[:2]), int(digits[2:])))
        return end, "number", values | clock, None
    m = re.match(r"-?([^\W\d_])(?![^\W\d_])", rest)  # 30代 (one's thirties), a decade suffix of one letter
    if m and m.group(1) in t.decades:
        return end + m.end(), "ordinal", values | _decades(values), None
    return end, "number", values, None


def _scale(word: str, t: Tables) -> float | None:
    key = word.casefold()
    scale = t.scales.get(key)
    if scale is None and len(key) >= 3 and key[:3] in t.heads:
        scale = next((t.scales[x] for x in lemmas(key, t.lang) if x in t.scales), None)  # миллионом, тысячах
    return scale


_UNIT_WORD = r"(°\s?[CFcf](?![^\W\d_])|[^\W\d_]+|°)"


def _unit(word: str, t: Tables):
    if not t.units:
        return None
    key = _fold(word.replace(" ", ""))
    unit = t.units.get(key)
    if unit is None and len(key) >= 4:
        unit = next((t.units[x] for x in lemmas(key, t.lang) if x in t.units), None)  # метровые → метровый
    return unit


def _unit_mentions(norm: str, t: Tables) -> set:
    """Every unit word in a text, with or without a number: "about a foot long"."""
    if not t.units:
        return set()
    out = set()
    for m in re.finditer(_UNIT_WORD, norm):
        u = t.units.get(_fold(m.group(1).replace(" ", "")))
        if u is None and m.group(0)[:1].islower() and len(m.group(0)) >= 4:
            u = _unit(m.group(0), t)
        if u is not None:
            out.add(u)
    return out


def _decades(values: set) -> set:
    """A decade said two ways: the 90s = the 1990s = 90-х (the 2000s and 2010s too)."""
    out = set()
    for v in values:
        if isinstance(v, float) and v.is_integer() and v % 10 == 0:
            if 10 <= v < 100:
                out.add(1900 + v)
            elif 1900 <= v < 2100 and v % 100:
                out.add(v % 100)
            if v in (0.0, 10.0, 20.0):
                out.add(2000 + v)
    return out


_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


def _roman(norm: str, t: Tables, add, free) -> None:
    """Roman numerals (XX век = 20th century, Елизавета II = Elizabeth II): they satisfy,
    never require. A lone letter counts only after a capitalised word (Peter I, not "I")."""
    for m in t.shared.roman.finditer(norm):
        s = m.group(1)
        if not s or not free(m.start(), m.end()):
            continue
        before = re.search(r"([^\W\d_]+)\s$", norm[max(0, m.start() - 30) : m.start()])
        if len(s) == 1 and not (before and any(c.isupper() for c in before.group(1)[:-1])):
            continue
        vals = [_ROMAN_VALUES[c] for c in s]
        value = sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))
        add(m.start(), m.end(), "roman", {float(value)}, required=False)


def _is_cjk(word: str) -> bool:
    return unicodedata.name(word[0], "").startswith(("CJK", "HIRAGANA", "KATAKANA"))


def _written(norm: str, t: Tables, add, free) -> None:
    if not t.words:
        return
    run: list[tuple[int, int, float]] = []
    halves = {}
    for phrase in t.halves:  # "and a half", «с половиной»: start → end
        for m in re.finditer(rf"(?<![^\W\d_]){re.escape(phrase)}(?![\w-])", norm, re.I):
            halves[m.start()] = m.end()

    def flush():
        if run:
            vals = [v for _, _, v in run]
            values = {round(_sequence(vals), 6)} | {v for v in vals}
            first = norm[run[0][0] : run[0][1]].casefold()
            loose = first in t.approximate  # "hundreds of billions", «сотен миллиардов»
            ordinal = all(norm[a:b].casefold() in t.ordinals or _by_lemma(norm[a:b].casefold(), t, ordinal=True)
                          for a, b, _ in run)
            kind = "approx" if loose else "ordword" if ordinal else "word"
            add(run[0][0], run[-1][1], kind, values, required=False)
            run.clear()

    skip = -1
    for m in re.finditer(r"[^\W\d_]+|-", norm):
        if m.start() < skip:
            continue
        if m.start() in halves and run and re.fullmatch(r"[\s-]*(?:[^\W\d_]+\s+)?", norm[run[-1][1] : m.start()]):
            run.append((m.start(), halves[m.start()], 0.5))
            skip = halves[m.start()]
            continue
        w = m.group(0).casefold()
        if w in t.shared.joiners and run:
            continue
        implied = t.implied.get(_fold(w))
        if implied is not None:  # за сутки = in 24 hours: satisfies, alone
            flush()
            if free(m.start(), m.end()):
                add(m.start(), m.end(), "approx", {implied}, required=False)
            continue
        v = t.words.get(w, t.scales.get(w))
        if v is None and len(w) >= 3 and w[:3] in t.heads:
            v = _by_lemma(w, t)
        if v is not None and free(m.start(), m.end()):
            if run and norm[run[-1][1] : m.start()].strip(" -") not in t.shared.joiners - {"-"} | {""}:
                flush()
            run.append((m.start(), m.end(), v))
        elif run and _half_after(norm, m.end(), halves) and not norm[run[-1][1] : m.start()].strip():
            continue  # "deux heures et demie", "dos horas y media": the noun stands inside
        else:
            flush()
    flush()


def _half_after(norm: str, pos: int, halves: dict) -> bool:
    gap = re.match(r"\s+", norm[pos : pos + 4])
    return bool(gap) and pos + gap.end() in halves


def _by_lemma(word: str, t: Tables, ordinal: bool = False):
    """An inflected number word through the language's morphological dictionary, where it
    has one (семнадцати → семнадцать, пятерых → пятеро, двухсот → двести); with
    `ordinal`, whether it is an ordinal one (пятым → пятый)."""
    if len(word) < 3 or word[:3] not in t.heads:
        return None if not ordinal else False
    for lemma in lemmas(word, t.lang):
        v = t.words.get(lemma, t.scales.get(lemma))
        if v is not None:
            return (lemma in t.ordinals) if ordinal else v
    return None if not ordinal else False


def _sequence(vals: list[float]) -> float:
    total, current = 0.0, 0.0
    for v in vals:
        if v >= 1000:
            total += max(current, 1.0) * v
            current = 0.0
        elif v == 100 and 0 < current < 100:
            current *= 100
        else:
            current += v
    return total + current


def _cjk_numerals(norm: str, t: Tables, add, free) -> None:
    """Chinese and Japanese numerals (三十 = 30, 二千五百 = 2500, 五万 = 50000): they satisfy a
    digit on the other side, never require one (一 is as often "a" as "one")."""
    digits = t.numerals
    if not digits:
        return
    mult = {k: v for k, v in t.scales.items() if len(k) == 1 and _is_cjk(k)}
    chars = "".join(re.escape(c) for c in (*digits, *mult))
    for m in re.finditer(rf"[{chars}]+", norm):
        if not free(m.start(), m.end()) or all(c in mult for c in m.group(0)):
            continue
        total, section, current = 0, 0, 0
        for c in m.group(0):
            if c in digits:
                current = current * 10 + digits[c] if current else digits[c]
            elif mult[c] >= 10000:
                total += (section + current or 1) * mult[c]
                section, current = 0, 0
            else:
                section += (current or 1) * mult[c]
                current = 0
        value = float(total + section + current)
        end, kind, values, unit = _suffix(norm, m.end(), {value}, t)
        add(m.start(), end, "word" if kind == "number" else kind, values, required=False, unit=unit)


def _links(out: list, norm: str, t: Tables) -> None:
    """What neighbouring quantities say about each other, in place: the ends of a range share
    a month (с 9 по 10 декабря = December 9–10) and a century (2021–22 = 2021–2022), and
    coordinated numbers share their unit (2,5 и 3,5 метровые)."""
    ranges = "|".join(re.escape(w) for w in sorted(t.ranges, key=len, reverse=True))
    joiner = re.compile(rf"\.?(?:\s*[-–—/]\s*|\s+(?:{ranges})\s+)" if ranges else r"\.?\s*[-–—/]\s*", re.I)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        between = norm[a.span.end : b.span.start]
        if not joiner.fullmatch(between):
            continue
        md_a = next((k for k in a.values if isinstance(k, tuple) and k[0] == "md"), None)
        md_b = next((k for k in b.values if isinstance(k, tuple) and k[0] == "md"), None)
        day_a, day_b = _day(a), _day(b)
        if md_b and day_a:
            out[i] = a = replace(a, values=a.values | {("md", md_b[1], day_a)})
        if md_a and day_b:
            out[i + 1] = b = replace(b, values=b.values | {("md", md_a[1], day_b)})
        if re.fullmatch(r"\s*[-–—/]\s*", between) and b.text.isdigit() and len(b.text) == 2 and a.text.isdigit() and len(a.text) == 4:
            century = int(a.text) // 100 * 100
            out[i + 1] = b = replace(b, values=b.values | {float(century + int(b.text))})
        if b.unit and not a.unit and a.kind == "number" and between.strip() not in ("/",):
            out[i] = replace(a, unit=b.unit)


def _day(q: Quantity) -> int | None:
    if q.kind != "number" or not q.text.isdigit():
        return None
    v = int(q.text)
    return v if 1 <= v <= 31 else None


# What was read from quantities.yaml goes when the file in force changes (audit.datafiles).
datafiles.on_change(tables.cache_clear, shared.cache_clear)
