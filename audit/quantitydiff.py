"""Quantities of a source and its translation compared (read by audit/quantities/).

`compare(source, target)` pairs the quantities of the two sides and returns what changed,
what is missing and what is extra; it stays silent where the evidence is ambiguous: a figure
copied verbatim, a number the other side states in another unit (4,5 метра → a 15-foot
boat), a repeated figure said once, a lone "1" ("до года" → "up to 1 year").
`reconcile(comparisons)` then pairs what one segment lacks with what its neighbour adds
(sentences split or aligned differently).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from audit.quantities import Quantity, tables


@dataclass
class Comparison:
    changed: list = field(default_factory=list)  # (source Quantity, target Quantity)
    missing: list = field(default_factory=list)  # source quantities with no counterpart
    extra: list = field(default_factory=list)  # target quantities with no counterpart
    # source figures the target copies with their decimal comma into a language that reads a
    # comma otherwise ("9,5 thousand" in English): (source Quantity, (start, end) in the target)
    kept_decimal: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.extra)


def _matches(a: Quantity, b: Quantity) -> bool:
    if a.values & b.values:
        return True
    if a.unit and b.unit and a.unit[0] == b.unit[0] and a.unit[1] != b.unit[1]:
        return _converted(a, b)
    return False


def _converted(a: Quantity, b: Quantity) -> bool:
    """4,5 метра ≈ 15 feet: the same length said in another unit (a tenth either way)."""
    fa, fb = a.unit[1], b.unit[1]
    if isinstance(fa, str) or isinstance(fb, str):
        return False
    for x in a.values:
        for y in b.values:
            if isinstance(x, float) and isinstance(y, float) and y and 0.9 <= (x * fa) / (y * fb) <= 1.1:
                return True
    return False


def _verbatim(q: Quantity, text: str, lang: str) -> list[tuple[int, int]]:
    """Where the other side has this quantity's characters as they are ("1 000 000", "812 485",
    "Windows 10 May 2020"): a copy, read by each language's conventions, is still a copy."""
    surface = q.raw if q.raw and len(q.raw) > len(q.text) else q.text
    if len(surface) < 3 or surface.isdigit() or not any(c.isdigit() for c in surface) or not text:
        return []
    decimal = re.search(r"\d[.,]\d", surface)
    found = []
    if not decimal or any(c.isalpha() for c in surface):  # "1,5" alone is checked below, with its scale
        found = [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w.,]){re.escape(surface)}(?![\w]|[.,]\d)", text)]
    if found or not decimal:
        return found
    # The figure alone, its decimal comma kept ("9,5 тыс." → "9,5 thousand", "27,5 процента" →
    # "27,5 percent", a vector [1,1]): the other language reads it as two numbers, but the
    # figure is the source's, not a changed one (a locale slip at most). Only where the scale
    # after it is the same: "1,5 тыс." → "1,5 million" is a changed figure.
    core = _DECIMAL_CORE.match(q.text)  # the whole figure, not a piece of one ("1" of "1,5" read as two)
    if core is None:
        return []
    literal = float(core.group(0).replace(",", "."))
    scale = max((v for v in q.values if isinstance(v, float)), default=literal) / literal if literal else 1.0
    out = []
    for m in re.finditer(rf"(?<![\w.,]){re.escape(core.group(0))}(?!\d|[.,]\d)", text):
        if abs(_scale_after(text, m.end(), lang) - scale) <= 1e-6 * scale:
            out.append((m.start(), m.end()))
    return out


def _kept_decimal(q: Quantity, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """Copies of a decimal-comma figure that are decimals beyond doubt (a scale word, a
    percentage or a unit after it: "9,5 thousand", "27,5 percent"; not a vector [1,1]), in
    a language whose decimal sign is not the comma."""
    if not (q.kind == "percent" or q.unit or len(q.text) > len(q.raw or q.text)) or "," not in q.text:
        return []
    return spans if tables(lang).decimal != "," else []


_DECIMAL_CORE = re.compile(r"\d{1,3}[.,]\d{1,3}(?![\d.,])")


def _scale_after(text: str, end: int, lang: str) -> float:
    """The scale the word after a copied figure gives it ("9,5 thousand": 1000), read with
    the quantity tables of the text's language; 1 where none follows."""
    m = re.match(r"\s*([^\W\d_]+)", text[end:])
    if m is None:
        return 1.0
    t = tables(lang)
    word = m.group(1)
    return t.scales.get(word.casefold()) or t.loose_scales.get(word) or 1.0


def compare(source: list[Quantity], target: list[Quantity]) -> Comparison:
    used_t: set[int] = set()
    used_s: set[int] = set()
    partner: dict[int, int] = {}  # target index → source index, for pairs made by value (not by a copy)
    src_text, tgt_text = getattr(source, "text", ""), getattr(target, "text", "")
    src_lang, tgt_lang = getattr(source, "lang", "en"), getattr(target, "lang", "en")
    kept = []
    for mine, other, used_mine, used_other, text, lang in ((target, source, used_t, used_s, src_text, src_lang),
                                                           (source, target, used_s, used_t, tgt_text, tgt_lang)):
        for j, q in enumerate(mine):
            spans = _verbatim(q, text, lang)
            if mine is source and spans and not any(c.isalpha() for c in text[spans[0][0] : spans[0][1]]):
                kept += [(q, sp) for sp in _kept_decimal(q, spans, lang)]
            for a, b in spans:
                used_mine.add(j)
                used_other.update(i for i, s in enumerate(other) if s.span.start < b and a < s.span.end)
    for pass_required in (True, False):  # prefer pairing digits with digits
        for i, s in enumerate(source):
            if i in used_s or not s.required:
                continue
            for j, q in enumerate(target):
                if j not in used_t and q.required == pass_required and _matches(s, q):
                    used_s.add(i)
                    used_t.add(j)
                    partner[j] = i
                    break
    for j, q in enumerate(target):
        if j in used_t or not q.required:
            continue
        for i, s in enumerate(source):
            if i not in used_s and _matches(s, q):
                used_s.add(i)
                used_t.add(j)
                partner[j] = i
                break
    # optional quantities pair among themselves: a month with a month, a year with a year
    for i, s in enumerate(source):
        if i not in used_s and not s.required and s.kind in ("month", "monthword", "dateyear", "code"):
            j = next((j for j, q in enumerate(target) if j not in used_t and not q.required and _matches(s, q)), None)
            if j is not None:
                used_s.add(i)
                used_t.add(j)
    # a clock time the other side writes as two numbers with another mark between ("01-23
    # hours" for 01։23): its hour and minute, in order, side by side: the same time, garbled;
    # so is its hour as a clock time and its minutes joined on ("17:00 and 47 minutes" for
    # «17 часов 47 минут»)
    for mine, other, used_mine, used_other, text, lang in ((source, target, used_s, used_t, tgt_text, tgt_lang),
                                                           (target, source, used_t, used_s, src_text, src_lang)):
        joiners = tables(lang).shared.joiners
        for i, q in enumerate(mine):
            hm = next((v for v in q.values if isinstance(v, tuple) and v[0] == "hm"), None)
            if i in used_mine or q.kind != "time" or hm is None:
                continue
            for j in range(len(other) - 1):
                a, b = other[j], other[j + 1]
                if j in used_other or j + 1 in used_other or not text:
                    continue
                between = text[a.span.end : b.span.start]
                split = len(between.strip()) == 1 and not between.strip().isalnum() and float(hm[1]) in a.values \
                    and len(a.text) <= 2
                joined = (hm[2] != 0 and a.kind == "time" and ("hm", hm[1], 0) in a.values
                          and between.strip(" ,").casefold() in joiners)
                if (split or joined) and float(hm[2]) in b.values and b.text[:2].isdigit():
                    used_mine.add(i)
                    used_other.update((j, j + 1))
                    break
    # a date the other side does not have, whose day is a bare number there ("Windows 10 May
    # 2020" beside «May 2020 Update для Windows 10»): a number beside a month, not a date
    for mine, other, used_mine, used_other in ((target, source, used_t, used_s), (source, target, used_s, used_t)):
        for j, q in enumerate(mine):
            if j in used_mine or q.kind != "date" or len(q.values) != 1:
                continue
            key = next(iter(q.values))
            if key[0] != "md" or any(key[1] in {k[1] for k in o.values if isinstance(k, tuple) and k[0] in ("md", "m")} for o in other):
                continue
            i = next((i for i, o in enumerate(other) if i not in used_other and o.kind == "number" and o.values == {float(key[2])}), None)
            if i is not None:
                used_mine.add(j)
                used_other.add(i)
    src_units, tgt_units = getattr(source, "units", frozenset()), getattr(target, "units", frozenset())
    # a figure said twice and translated once (or the reverse) is there all the same, and a
    # figure the other side states in another unit (30 см → about a foot) cannot be compared
    missing = [s for i, s in enumerate(source) if i not in used_s and s.required
               and not any(_matches(s, q) for q in target) and not _unit_elsewhere(s, tgt_units)]
    extra = [q for j, q in enumerate(target) if j not in used_t and q.required
             and not any(_matches(s, q) for s in source) and not _unit_elsewhere(q, src_units)]
    # ... unless a repeat is left over on both sides: the source says 3,5 twice and 5,5 once,
    # the translation 3.5 once and 5.5 twice. Once the pairs by value are the most there can
    # be, a figure of each side still unpaired is a change (3,5 → 5.5), not a repeat said once.
    said_s = [i for i, s in enumerate(source) if i not in used_s and s.required and s not in missing
              and not _unit_elsewhere(s, tgt_units)]
    said_t = [j for j, q in enumerate(target) if j not in used_t and q.required and q not in extra
              and not _unit_elsewhere(q, src_units) and not _lone_one(q)]
    if said_s and said_t and max(len(source), len(target)) <= _AUGMENT_MAX:
        said_s = [i for i in said_s if not _augment(i, source, target, partner, used_t, set())]
        said_t = [j for j in said_t if j not in partner]
        if said_s and said_t:
            missing += [source[i] for i in said_s]
            extra += [target[j] for j in said_t]
    out = Comparison(kept_decimal=kept)
    while missing and extra:
        s = missing.pop(0)
        pick = next((q for q in extra if _family(q) == _family(s)), None)
        if pick is None:
            out.missing.append(s)
            continue
        extra.remove(pick)
        out.changed.append((s, pick))
    out.missing.extend(missing)
    out.extra.extend(q for q in extra if not _lone_one(q))
    # Written-out numbers never require a counterpart ("one of them"), but a written-out
    # number of the source left unpaired and one of the target left unpaired are a change
    # ("пять лет" → "six years"); one and its kin are left alone, being articles as often.
    # So are two months named without a day, two years of dates, two numbers of names.
    for i, s in enumerate(source):
        if i not in used_s and not s.required:
            j = next((j for j, q in enumerate(target) if j not in used_t and not q.required
                      and max(s.values, key=_order) == max(q.values, key=_order)), None)  # the whole run's value
            if j is not None:
                used_s.add(i)
                used_t.add(j)
    for kind in ("word", "month", "dateyear", "code"):
        left_s = [s for i, s in enumerate(source) if i not in used_s and not s.required and _counted(s, kind)]
        left_t = [q for j, q in enumerate(target) if j not in used_t and not q.required and _counted(q, kind)]
        out.changed.extend(zip(left_s, left_t))
    return out


# Augmenting paths recurse once per pair they move: a segment with more quantities than this
# (a data table on one line) keeps the excuse for repeats rather than risk the recursion limit.
_AUGMENT_MAX = 300


def _augment(i: int, source: list, target: list, partner: dict, used_t: set, seen: set) -> bool:
    """Kuhn's augmenting path: pair source `i` with a target quantity of the same value, moving
    the source quantity that holds it (by value) to another one if need be, so the pairs made
    by value are as many as there can be. A target that is free (not in `used_t`) and required,
    or held by value, may be taken; one a copy or a garbled time took stays where it is."""
    for j, q in enumerate(target):
        if j in seen or not _matches(source[i], q):
            continue
        seen.add(j)
        free = j not in used_t and q.required
        if free or (j in partner and _augment(partner[j], source, target, partner, used_t, seen)):
            partner[j] = i
            used_t.add(j)
            return True
    return False


def _order(v) -> tuple:
    return (0, v, ()) if isinstance(v, float) else (1, 0.0, v)


def _unit_elsewhere(q: Quantity, units: frozenset) -> bool:
    """The other side names the same dimension in another unit: a conversion, not a change."""
    if not q.unit or q.unit in units:  # the other side uses this very unit: comparable
        return False
    return any(u[0] == q.unit[0] and u[1] != q.unit[1] for u in units)


def _lone_one(q: Quantity) -> bool:
    """A 1 the translation adds ("до года" → "up to 1 year"): a singular made explicit."""
    return q.kind == "number" and q.values == {1.0}


def _counted(q: Quantity, kind: str = "word") -> bool:
    if q.kind != kind:
        return False
    return min(q.values, key=_order) >= 2 if kind == "word" else True


def _family(q: Quantity) -> str:
    return "date" if q.kind in ("date", "month", "monthword") else "time" if q.kind == "time" else "number"


def reconcile(comparisons: list[Comparison], reach: int = 2) -> None:
    """Across neighbouring segments, in place: a figure one segment lacks that a segment
    nearby adds was moved by a different sentence split or alignment, not lost."""
    for i, cmp in enumerate(comparisons):
        for s in list(cmp.missing):
            for j in sorted(range(max(0, i - reach), min(len(comparisons), i + reach + 1)), key=lambda j: abs(j - i)):
                other = comparisons[j]
                q = next((q for q in other.extra if _matches(s, q)), None) if j != i else None
                if q is not None:
                    cmp.missing.remove(s)
                    other.extra.remove(q)
                    break
