"""Quantities found in a text: see audit/quantities/__init__.py for what counts and how.

`extract(text, lang)` reads the text with the language's tables (audit/quantities/language.py)
and answers every quantity with its span, kind and the values it may stand for.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from audit.model import Span
from audit.quantities.language import Tables, fold, tables
from audit.wordclass import lemmas

_SPACES = "\u00a0\u202f\u2009 "
_NUM = re.compile(r"\d+(?:[.,'\u00a0\u202f\u2009 ]\d+)*")
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
        form = fold(m.group(0))
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
            homograph = not (prev and fold(prev.group(1)) in t.month_context)
        add(m.start(), m.end(), "monthword" if homograph else "month", {("m", month)}, required=False)


def _clock_words(norm: str, t: Tables, add, free) -> None:
    """A clock time in words: 17 часов 47 минут = 17:47 = 5:47 PM (and 17.78 hours)."""
    if not t.hours or not t.minutes:
        return
    joiners = "|".join(re.escape(j) for j in t.shared.joiners if j.isalpha())  # 17 hours and 47 minutes
    for m in re.finditer(rf"(?<![\d.,])(\d{{1,2}})\s*([^\W\d_]+)\.?\s*(?:(?:{joiners})\s+)?(\d{{1,2}})(?:\s+([^\W\d_]+)\.?)?(?![\d])", norm):
        h, mi = int(m.group(1)), int(m.group(3))
        hour, minute = fold(m.group(2)), fold(m.group(4) or "")
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
        if n == 1 and not m.group(1) and after and fold(after.group(1)) in t.rounds:
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
                and fold(after[:1]) not in t.units and not after[:1] in "AP")


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
    if m and fold(m.group(1)) in t.hours:  # в 17 часов = at 17:00; "1747 hours" = 17:47
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
    key = fold(word.replace(" ", ""))
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
        u = t.units.get(fold(m.group(1).replace(" ", "")))
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
        implied = t.implied.get(fold(w))
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


MINUS = "-−–‒"  # hyphen-minus, minus sign, en and figure dashes, as minus signs are typed
_BEFORE_MINUS = "([«\"'“„/:;=≈~"  # what may stand right before a minus sign that is one
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


def negative(text: str, q: Quantity, t: Tables) -> bool:
    """`q` is written negative in `text`: a minus sign right before its digits («-0,57%»,
    "−15 °C"), after a space, a bracket or a quote and not after another number (the score
    "3 -1", the range "5-15", the phone number "123-45" are no minus), or one of the language's
    `negative_words` right before it (минус 120, negative 120)."""
    i = q.span.start
    if i > 0 and text[i - 1] in MINUS and i < len(text) and text[i].isdigit():
        prev = text[i - 2] if i >= 2 else " "
        if prev.isspace() or prev in _BEFORE_MINUS:
            tail = text[: i - 1].rstrip()
            if not (tail and tail[-1].isdigit()):
                return True
    m = _WORD_BEFORE.search(text, max(0, i - 40), i)
    return bool(m and m.end() == i and fold(m.group(1)) in t.negative_words)


def _day(q: Quantity) -> int | None:
    if q.kind != "number" or not q.text.isdigit():
        return None
    v = int(q.text)
    return v if 1 <= v <= 31 else None

