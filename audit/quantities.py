"""Numbers and dates in any language, normalised so a source and its translation compare.

`extract(text, lang)` finds quantities with their spans: digits of any script (every
character with a Unicode decimal value counts, mapped one-to-one so offsets hold), decimal
and thousands separators read by the language's CLDR conventions (Babel), percentages,
ordinals, ranges (each end is a quantity), scale words ("1,5 млн" = 1.5 million), dates
with month names (CLDR month names plus inflected forms from references/bilingual), numeric
dates, clock times and written-out numbers (num2words' tables read in reverse).

Written-out numbers are *optional*: they satisfy a digit on the other side but are never
required themselves ("one of them" is not a quantity). `compare(source, target)` pairs the
quantities of the two sides and returns what changed, what is missing and what is extra.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from audit.model import Span

_SPACES = "\u00a0\u202f\u2009 "
_NUM = re.compile(r"\d+(?:[.,'\u00a0\u202f\u2009 ]\d+)*")
_WORD = re.compile(r"[^\W\d_]+")
_ORD_SUFFIX = re.compile(r"(?:st|nd|rd|th|s|-?(?:й|го|м|я|е|ое|ей|ый|ий|ом|х|ю|ым|ая)|er|re|ère|ème|e|º|ª|°)(?![^\W\d_])")
_PERCENT = re.compile(r"\s?(?:%|‰|per\s?cent|percent|процент\w*|проц\.|Prozent|pour\s?cent|por\s?ciento|τοις\s?εκατό)", re.I)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_NUM_DATE = re.compile(r"(?<![\d.,/])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})(?![\d])")
_CJK_DATE = re.compile(r"(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]")
_CJK_MONTH = re.compile(r"(\d{1,2})\s?月")
_TIME = re.compile(r"(?<![\d.,])([01]?\d|2[0-3])[:.]([0-5]\d)(?![\d])")
# 12-hour clock: 3 p.m., 3:30pm, 9 AM (= 15:00, 15:30, 09:00)
_CLOCK12 = re.compile(r"(?<![\d.,:])(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s?([ap])\.?\s?m\b\.?", re.I)
_JOINERS = frozenset({"and", "и", "und", "et", "y", "e", "και", "-"})


@dataclass(frozen=True)
class Quantity:
    span: Span
    text: str
    kind: str  # number | percent | ordinal | date | month | time | word
    values: frozenset  # keys this quantity may stand for (floats, or tuples for dates)
    required: bool = True  # written-out numbers only satisfy, never require

    def show(self) -> str:
        return self.text


@dataclass
class Comparison:
    changed: list = field(default_factory=list)  # (source Quantity, target Quantity)
    missing: list = field(default_factory=list)  # source quantities with no counterpart
    extra: list = field(default_factory=list)  # target quantities with no counterpart

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.extra)


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


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower())


def _data_file() -> Path:
    from audit.references import bundled_root

    return bundled_root() / "bilingual" / "quantities.yaml"


@lru_cache(maxsize=64)
def _extra(lang: str, path: str | None = None) -> dict:
    from audit import yamlio

    p = Path(path) if path else _data_file()
    if not p.exists():
        return {}
    data = yamlio.load(p) or {}
    return dict(data.get(lang) or {})


@lru_cache(maxsize=64)
def tables(lang: str, path: str | None = None) -> Tables:
    base = (lang or "en").split("-")[0].split("_")[0]
    extra = _extra(base, path)
    decimal, group, months, cased, surface = ".", ",", {}, False, set()
    try:
        from babel import Locale

        loc = Locale.parse(base)
        sym = loc.number_symbols.get("latn", {})
        decimal, group = sym.get("decimal", "."), sym.get("group", ",")
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for m, name in loc.months[ctx][width].items():
                    name = name.rstrip(".")
                    if len(name) >= 3 and not any(c.isdigit() for c in name):
                        months[_fold(name)] = int(m)
                        surface.add(name)
        wide = loc.months["format"]["wide"].get(1, "")
        cased = bool(wide[:1].isupper()) and base not in ("el",)
    except Exception:  # unknown locale: digits still work
        pass
    for m, forms in (extra.get("month_forms") or {}).items():
        for f in forms:
            months[_fold(str(f))] = int(m)
            surface.add(str(f))
    words, scales = _number_words(base)
    words.update({str(k).casefold(): float(v) for k, v in (extra.get("words") or {}).items()})
    scales.update({str(k).casefold(): float(v) for k, v in (extra.get("scales") or {}).items()})
    month_re = None
    if months:
        alts = "|".join(re.escape(m) for m in sorted(surface if cased else months, key=len, reverse=True))
        month_re = re.compile(rf"(?<![^\W\d_])(?:{alts})(?![^\W\d_])", 0 if cased else re.I)
    approximate = frozenset(str(w).casefold() for w in extra.get("approximate") or ())
    loose = {str(k): float(v) for k, v in (extra.get("loose_scales") or {}).items()}
    heads = frozenset(k[:3] for k in (*words, *scales))
    return Tables(base, decimal, group, months, cased, words, scales, month_re, approximate, loose, heads)


def _number_words(lang: str) -> tuple[dict, dict]:
    words: dict = {}
    scales: dict = {}
    try:
        from num2words import num2words

        num2words(1, lang=lang)
    except Exception:
        return words, scales
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
                words.setdefault(toks[0], float(n))
    for n in (100, 1000, 10**6, 10**9):
        try:
            toks = [t.casefold() for t in _WORD.findall(num2words(n, lang=lang))]
        except Exception:
            continue
        if toks:
            scales[toks[-1]] = float(n)
            words.setdefault(toks[-1], float(n))
    return words, scales


# --- extraction --------------------------------------------------------------------------


def extract(text: str, lang: str, data_path: str | None = None) -> list[Quantity]:
    t = tables(lang, data_path)
    norm = normalise_digits(text)
    taken = bytearray(len(norm))
    out: list[Quantity] = []

    def add(start: int, end: int, kind: str, values, required: bool = True) -> None:
        out.append(Quantity(Span(start, end), text[start:end], kind, frozenset(values), required))
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
            add(m.start(), m.end(), "month", {("m", int(m.group(1)))})
    if t.month_re is not None:
        _month_dates(norm, t, add, free)
    for m in _CLOCK12.finditer(norm):
        if free(m.start(), m.end()):
            hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
            bare = set() if m.group(2) else {float(int(m.group(1)))}  # "в 5" is 5am
            add(m.start(), m.end(), "time", {("hm", hour, int(m.group(2) or 0))} | bare)
    for m in _TIME.finditer(norm):
        if free(m.start(), m.end()) and m.group(0)[len(m.group(1))] == ":":
            add(m.start(), m.end(), "time", {("hm", int(m.group(1)), int(m.group(2)))})
    for m in _NUM.finditer(norm):
        for start, end, values in _numbers(m, t):
            if not free(start, end):
                continue
            end, kind, values = _suffix(norm, end, values, t)
            add(start, end, kind, values)
    _written(norm, t, add, free)
    _roman(norm, add, free)
    out.sort(key=lambda q: q.span)
    return out


def _month_dates(norm: str, t: Tables, add, free) -> None:
    for m in t.month_re.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        month = t.months.get(_fold(m.group(0)))
        if month is None:
            continue
        before = re.search(r"(?<![\d.,])(\d{1,2})(?:st|nd|rd|th|-?го|er|º)?\.?\s+(?:(?:de|of|du)\s+(?:the\s+)?)?$", norm[max(0, m.start() - 16) : m.start()])
        if before and 1 <= int(before.group(1)) <= 31:
            start = m.start() - (len(before.group(0)))
            if free(start, m.end()):
                add(start, m.end(), "date", {("md", month, int(before.group(1)))})
                continue
        after = re.match(r"\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?![\d.,]\d)(?!\d)", norm[m.end() : m.end() + 12])
        if after and 1 <= int(after.group(1)) <= 31:
            add(m.start(), m.end() + len(after.group(0)), "date", {("md", month, int(after.group(1)))})
            continue
        add(m.start(), m.end(), "month", {("m", month)})


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
    rest = norm[end : end + 24]
    m = _PERCENT.match(rest)
    if m:
        return end + m.end(), "percent", values
    m = re.match(r"\s?([^\W\d_]+)\.?", rest)
    scale = t.scales.get(m.group(1).casefold()) if m else None
    if m and scale is None:  # CJK: no spaces, so the scale is a prefix of the "word"
        key = next((k for k in sorted(t.scales, key=len, reverse=True) if _is_cjk(k) and m.group(1).startswith(k)), None)
        if key is not None:
            scale = t.scales[key]
            m = re.match(r"\s?" + re.escape(key), rest)
    if m and scale is not None:
        nums = {v * scale for v in values if isinstance(v, float)}
        return end + m.end(), "number", {round(v, 6) for v in nums}
    m = re.match(r"([^\W\d_]+)(?![^\W\d_])", rest)  # glued: 1.5m, 3k (or 1.5 metres: both)
    loose = t.loose_scales.get(m.group(1)) if m else None
    if loose is not None:
        return end + m.end(), "number", values | {round(v * loose, 6) for v in values if isinstance(v, float)}
    m = _ORD_SUFFIX.match(rest)
    if m and m.group(0):
        if m.group(0).lstrip("-'’") in _DECADE_SUFFIXES:
            values = values | _decades(values)
        return end + m.end(), "ordinal", values
    return end, "number", values


_DECADE_SUFFIXES = frozenset({"s", "х", "е", "x", "er"})  # 1990s, 90's, 90-х, 1990-е, 90er


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


_ROMAN = re.compile(r"(?<![^\W\d_])((?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"
                    r"(?:e|er|re|ème|-[а-яё]{1,3})?(?![^\W\d_])")  # XXe siècle, XX-го века
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


def _roman(norm: str, add, free) -> None:
    """Roman numerals (XX век = 20th century, Елизавета II = Elizabeth II): they satisfy,
    never require. A lone letter counts only after a capitalised word (Peter I, not "I")."""
    for m in _ROMAN.finditer(norm):
        s = m.group(1)
        if not s or not free(m.start(), m.end()):
            continue
        if len(s) == 1 and not re.search(r"[^\W\d_]*[A-ZА-ЯЁ][^\W\d_]+\s$", norm[max(0, m.start() - 30) : m.start()]):
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

    def flush():
        if run:
            vals = [v for _, _, v in run]
            values = {round(_sequence(vals), 6)} | {v for v in vals}
            loose = all(norm[a:b].casefold() in t.approximate for a, b, _ in run)
            add(run[0][0], run[-1][1], "approx" if loose else "word", values, required=False)
            run.clear()

    for m in re.finditer(r"[^\W\d_]+|-", norm):
        w = m.group(0).casefold()
        if w in _JOINERS and run:
            continue
        v = t.words.get(w, t.scales.get(w))
        if v is None and len(w) >= 3 and w[:3] in t.heads:
            v = _by_lemma(w, t)
        if v is not None and free(m.start(), m.end()):
            if run and norm[run[-1][1] : m.start()].strip(" -") not in ("", "and", "и", "und", "et", "y", "e", "και"):
                flush()
            run.append((m.start(), m.end(), v))
        else:
            flush()
    flush()


def _by_lemma(word: str, t: Tables) -> float | None:
    """An inflected number word through the language's morphological dictionary, where it
    has one (семнадцати → семнадцать, пятерых → пятеро, двухсот → двести)."""
    from audit.wordclass import lemmas

    for lemma in lemmas(word, t.lang):
        v = t.words.get(lemma, t.scales.get(lemma))
        if v is not None:
            return v
    return None


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


# --- comparison --------------------------------------------------------------------------


def _matches(a: Quantity, b: Quantity) -> bool:
    return bool(a.values & b.values)


def compare(source: list[Quantity], target: list[Quantity]) -> Comparison:
    used_t: set[int] = set()
    used_s: set[int] = set()
    for pass_required in (True, False):  # prefer pairing digits with digits
        for i, s in enumerate(source):
            if i in used_s or not s.required:
                continue
            for j, q in enumerate(target):
                if j not in used_t and q.required == pass_required and _matches(s, q):
                    used_s.add(i)
                    used_t.add(j)
                    break
    for j, q in enumerate(target):
        if j in used_t or not q.required:
            continue
        for i, s in enumerate(source):
            if i not in used_s and _matches(s, q):
                used_s.add(i)
                used_t.add(j)
                break
    missing = [s for i, s in enumerate(source) if i not in used_s and s.required]
    extra = [q for j, q in enumerate(target) if j not in used_t and q.required]
    out = Comparison()
    while missing and extra:
        s = missing.pop(0)
        pick = next((q for q in extra if _family(q) == _family(s)), None)
        if pick is None:
            out.missing.append(s)
            continue
        extra.remove(pick)
        out.changed.append((s, pick))
    out.missing.extend(missing)
    out.extra.extend(extra)
    # Written-out numbers never require a counterpart ("one of them"), but a written-out
    # number of the source left unpaired and one of the target left unpaired are a change
    # ("пять лет" → "six years"); one and its kin are left alone, being articles as often.
    for i, s in enumerate(source):
        if i not in used_s and not s.required:
            j = next((j for j, q in enumerate(target) if j not in used_t and not q.required
                      and max(s.values) == max(q.values)), None)  # the whole run's value
            if j is not None:
                used_s.add(i)
                used_t.add(j)
    left_s = [s for i, s in enumerate(source) if i not in used_s and not s.required and _counted(s)]
    left_t = [q for j, q in enumerate(target) if j not in used_t and not q.required and _counted(q)]
    out.changed.extend(zip(left_s, left_t))
    return out


def _counted(q: Quantity) -> bool:
    return q.kind == "word" and min(q.values) >= 2


def _family(q: Quantity) -> str:
    return "date" if q.kind in ("date", "month") else "time" if q.kind == "time" else "number"
