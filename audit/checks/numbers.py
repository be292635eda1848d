"""Numbers and dates: every quantity of the source segment must be in its translation, and
the translation must not bring quantities the source does not have. Needs a source
(`ctx.outputs.source_pairs`); silent without one."""

from __future__ import annotations

import re

from audit.checks.bitext import example, pairs
from audit.model import Severity, Span
from audit.quantities import MINUS, clock_times, extract, negative, spaced_clock_times, tables
from audit.quantitydiff import Comparison, compare, reconcile
from audit.rules import Context, Rule


def _comparisons(ctx: Context):
    """Quantities of each pair compared once per document, shared by the three rules."""
    cache = ctx.cache.quantities
    if cache is None:
        cache = []
        bil = ctx.outputs.source_pairs
        if bil is not None:
            src_lang = bil.source_lang
            order = []  # (position in the translation, comparison): pairs and unpaired text alike
            for p, text, offset in pairs(ctx):
                cmp = compare(extract(p["source"], src_lang), extract(text, ctx.lang))
                cache.append((p, offset, cmp))
                order.append((offset, cmp))
            # text that no pair holds still holds figures: a sentence split apart on one side
            # ("+15 °C..." | "+17 °C.") leaves the second half unpaired, not lost
            for u in bil.unpaired_target:
                if 0 <= u.get("start", -1) <= u.get("end", -1) <= len(ctx.text):
                    order.append((u["start"], Comparison(extra=list(extract(ctx.text[u["start"] : u["end"]], ctx.lang)))))
            for u in bil.unpaired_source:
                qs = [q for q in extract(u.get("source") or "", src_lang) if q.required]
                order.append((u.get("at", 0), Comparison(missing=qs)))
            order.sort(key=lambda x: x[0])
            reconcile([cmp for _, cmp in order])  # a figure moved to the next sentence is not lost
        ctx.cache.quantities = cache
    return cache


def _span(q, offset: int) -> Span:
    return Span(q.span.start + offset, q.span.end + offset)


def _changed(ctx: Context):
    for p, offset, cmp in _comparisons(ctx):
        for s, t in cmp.changed:
            yield ctx.finding(
                CHANGED, _span(t, offset), f"'{t.text}' here, but the source has '{s.text}'",
                suggestion=None, evidence=[f"source ({p['id']}): {p['source'][:160]}"],
            )


def _missing(ctx: Context):
    for p, offset, cmp in _comparisons(ctx):
        for s in cmp.missing:
            span = Span(offset, p["end"])
            yield ctx.finding(
                MISSING, span, f"the source's '{s.text}' is missing from the translation",
                evidence=[f"source ({p['id']}): {p['source'][:160]}"],
            )


def _extra(ctx: Context):
    for p, offset, cmp in _comparisons(ctx):
        for t in cmp.extra:
            yield ctx.finding(
                EXTRA, _span(t, offset), f"'{t.text}' is not in the source",
                evidence=[f"source ({p['id']}): {p['source'][:160]}"],
            )


def _sign_lost(ctx: Context):
    bil = ctx.outputs.source_pairs
    if bil is None:
        return
    src_t, tgt_t = tables(bil.source_lang), tables(ctx.lang)
    if tgt_t.negative_cues is None:  # a language that cannot say where else a sign is: not read
        return
    for p, text, offset in pairs(ctx):
        source = p["source"]
        if not _SIGN_HINT.search(source) and not (src_t.negative_words and _words_hint(source, src_t)):
            continue
        minus = [q for q in extract(source, bil.source_lang) if q.kind in _SIGNED and negative(source, q, src_t)]
        if not minus or tgt_t.negative_cues.search(text):
            continue
        target = [q for q in extract(text, ctx.lang) if q.kind in _SIGNED]
        for s in minus:
            same = [t for t in target if t.values & s.values]
            if same and not any(negative(text, t, tgt_t) for t in same):
                yield ctx.finding(
                    SIGN_LOST, _span(same[0], offset),
                    f"'{same[0].text}' here, but the source's figure is negative ('{_signed(source, s)}')",
                    suggestion=None, evidence=[f"source ({p['id']}): {source[:160]}"],
                )


_SIGNED = ("number", "percent")
_SIGN_HINT = re.compile(rf"[{re.escape(MINUS)}]\d")


def _words_hint(text: str, t) -> bool:
    low = text.casefold()
    return any(w in low for w in t.negative_words)


def _signed(text: str, q) -> str:
    """The figure with what makes it negative: "-0,57%", "минус 120"."""
    start = q.span.start - 1 if q.span.start and text[q.span.start - 1] in MINUS else q.span.start
    if start == q.span.start:
        start = text.rfind(" ", 0, max(0, q.span.start - 1)) + 1
    return text[start : q.span.end]


def _spaced_times(ctx: Context):
    for p, text, offset in pairs(ctx):
        said = clock_times(p["source"])
        for start, end, written, h, mi in spaced_clock_times(text):
            if (h, mi) in said:
                yield ctx.finding(
                    SPACED_TIME, Span(offset + start, offset + end),
                    f"'{written}': a clock time with a space after the colon",
                    suggestion="".join(written.split()),
                    evidence=[f"source ({p['id']}): {p['source'][:160]}"],
                )


def _kept_decimal(ctx: Context):
    for p, offset, cmp in _comparisons(ctx):
        for q, (a, b) in cmp.kept_decimal:
            written = ctx.text[offset + a : offset + b]
            yield ctx.finding(
                DECIMAL_COMMA, Span(offset + a, offset + b),
                f"'{written}' keeps the source's decimal comma; in this language it reads as two numbers or a thousands separator",
                suggestion=written.replace(",", "."),
                evidence=[f"source ({p['id']}): {p['source'][:160]}"],
            )


CHANGED = Rule(
    code="NUM001",
    name="number-changed",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="A number or date of the source appears changed in the translation.",
    doc="""\
Quantities are read on both sides after normalising digits of every script, decimal and
thousands separators by each language's conventions (1,5 = 1.5 in Russian; 1.500 = 1500 in
German), percentages, ordinals, ranges (each end counts; "с 9 по 10 декабря" = December
9–10, "2021–22" = 2021–2022), scale words in any case form (1,5 млн, 33 тысячами = 33
thousand, 1 трлн = 1 trillion), fractions ("2 1/2", «двух с половиной» = 2.5), clock
times however written (17 часов 47 минут = 17:47 = 5:47 PM; 01։23 = 1:23 a.m.; even
garbled into two numbers, its hour and minute side by side: "01-23 hours", "17:00 and 47
minutes") and dates
with month names in every case form (26 июля = July 26, к апрелю = by April). A source
quantity with no equal on the target side, paired with a target quantity with no equal on
the source side, is a changed quantity: both are quoted. Written-out numbers ("three",
«трёх»), a month named without a day, a year beside a date and a number inside a name
(COVID-19, Су-35) satisfy a counterpart but are never required; two of one kind left
unpaired on both sides are a change ("пять лет" → "six years", "в июле" → "in June").
Silent where the evidence is ambiguous: a number the other side gives in another unit
(4,5 метра → a 15-foot boat), a figure copied verbatim (its decimal comma too: "9,5
thousand", "27,5 percent", a vector [1,1]; the scale after it must be the same), a figure
said twice and translated once (unless a figure of the translation is left over as well:
3,5 twice and 5,5 once, translated 3.5 once and 5.5 twice, is 3,5 changed to 5.5), a
knock-out round (1/8 финала = the round of 16, from `round_words` in quantities.yaml).
Needs the source: `--source`, or a bilingual file.""",
    check=_changed,
    examples=(
        example("Погибли 15 человек.", "16 people died.", "ru"),
        example("Am 3. März kamen 1.500 Menschen.", "On March 4, 1,500 people came.", "de"),
        example("Στις 26 Ιουλίου ήρθαν 30 άνθρωποι.", "On July 26, 40 people came.", "el"),
        example("Nous avons attendu trois jours.", "We waited ten days.", "fr"),
        example("Погибли 15 человек, 26 июля.", "15 people died on July 26.", "ru", fails=False),
        example("Am 3. März kamen 1.500 Menschen.", "On 3 March, 1,500 people came.", "de", fails=False),
        example("在7月26日，有5万人。", "On July 26, 50,000 people came.", "zh", fails=False),
        example("Nous avons attendu trois jours.", "We waited three days.", "fr", fails=False),
        # clock times, months without a day, units, ranges, inflected scales (issue 12)
        example("В 17 часов 47 минут поступило сообщение.", "At 6:47 PM, a report came in.", "ru"),
        example("Дело в июле было частично закрыто.", "The case was partially closed in June.", "ru"),
        example("Die Stange ist 30 Zentimeter lang.", "The rod is 40 centimeters long.", "de"),
        example("Il est parti à 17 h 30.", "He left at 6:30 p.m.", "fr"),
        example("В 17 часов 47 минут поступило сообщение.", "At 5:47 PM, a report came in.", "ru", fails=False),
        example("Ярмарка пройдёт с 9 по 10 декабря.", "The fair runs December 9–10.", "ru", fails=False),
        example("Ракета поступит на вооружение в 2021 - 2022 годах.", "The missile enters service in 2021–22.", "ru", fails=False),
        example("Выделено еще $1 трлн, а Индия насчитала 1,4 миллионом случаев.",
                "Another $1 trillion was allocated, and India counted 1.4 million cases.", "ru", fails=False),
        example("Длиной примерно 4,5 метра.", "That's about a 15-foot boat.", "ru", fails=False),
        example("Die Stange ist 30 Zentimeter lang.", "The rod is about a foot long.", "de", fails=False),
        example("Il est parti à 17 h 30.", "He left at 5:30 p.m.", "fr", fails=False),
        example("Nous avons attendu sept jours.", "We waited seven days.", "fr", fails=False),
        example("Выручка выросла до 9,5 тыс. долларов.", "Revenue rose to 9,5 thousand dollars.", "ru", fails=False),
        example("Выручка выросла до 9,5 тыс. долларов.", "Revenue rose to 9,5 million dollars.", "ru"),
        example("«Реал» может сыграть с «Сити» в 1/8 финала.", "Real could meet City in the round of 16.", "ru", fails=False),
        # a repeated figure changed into another figure of the same sentence
        example("Рост составит 3,5-5,5% в 2021 году и 2,5-3,5% в 2022 году.",
                "Growth will be 3.5%-5.5% in 2021 and 2.5%-5.5% in 2022.", "ru"),
        example("Рост составит 3,5-5,5% в 2021 году и 2,5-3,5% в 2022 году.",
                "Growth will be 3.5%-5.5% in 2021 and 2.5%-3.5% in 2022.", "ru", fails=False),
        example("Die Wirtschaft wächst um 2 %, die Löhne steigen um 2 %.", "The economy and wages both grow by 2%.",
                "de", fails=False),
    ),
)

MISSING = Rule(
    code="NUM002",
    name="number-missing",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="A number or date of the source is missing from the translation.",
    doc="""\
A quantity of the source segment (digits, a date, a percentage) that has no equal in the
translation, and no other quantity of the translation to pair it with: the figure was
dropped. The finding covers the translated segment and quotes the source quantity. Written
out on the target side ("two" for 2, "half" for 1/2) counts as present. Silent where the
figure is said in another unit (30 сантиметров → about a foot), was said twice and is
translated once, is part of a name (Панцирь-С1 → Pantsir), or turns up in a neighbouring
segment (sentences split differently).""",
    check=_missing,
    yields_to=("OMIT001",),  # one finding per problem (audit/overlap.py)
    examples=(
        example("В 2019 году погибли 15 человек.", "People died in 2019.", "ru"),
        example("Le 5 mai, 12,5 % des électeurs ont voté.", "Voters voted on 5 May.", "fr"),
        example("Am 3. März kamen 1.500 Menschen.", "On March 3, people came.", "de"),
        example("В 2019 году погибли 15 человек.", "Fifteen people died in 2019.", "ru", fails=False),
        example("Le 5 mai, 12,5 % des électeurs ont voté.", "On 5 May, 12.5% of voters voted.", "fr", fails=False),
        example("Am 3. März kamen 1.500 Menschen.", "On 3 March 1500 people came.", "de", fails=False),
        example("Мы приедем 5 апреля.", "We will come in April.", "ru"),
        example("Die Stange ist 30 Zentimeter lang.", "The rod is long.", "de"),
        example("Il est parti à 17 h 30.", "He left in the evening.", "fr"),
        example("Вот эта штука примерно 30 сантиметров длиной.", "That bit is about a foot long.", "ru", fails=False),
        example("Он набрал 400 баллов, ровно 400.", "He scored exactly 400 points.", "ru", fails=False),
        example("Два комплекса «Панцирь-С1» уничтожены.", "Two Pantsir systems were destroyed.", "ru", fails=False),
        example("Мы говорим о 1/2 площади Манхэттена.", "We are talking about half the area of Manhattan.", "ru", fails=False),
        example("Штраф составит более двух с половиной миллионов тенге.", "The fine is over 2.5 million tenge.", "ru", fails=False),
        example("Le 5 sept. 2020, rien.", "On 5 September 2020, nothing.", "fr", fails=False),
    ),
)

EXTRA = Rule(
    code="NUM003",
    name="number-added",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="The translation has a number or date the source does not.",
    doc="""\
A quantity in the translation with no equal in the source and nothing in the source to
pair it with: MT sometimes invents a year, a figure or a date. A number written out in the
source («двух», "zwei") counts as its source, and so does a word that implies one (за сутки
= in 24 hours). A month named without a day ("by April", "May" the modal verb, «мартовские»
= of March), a number inside a name (COVID-19, 3D) and a lone "1" made explicit ("до года"
→ "up to 1 year") are never reported as added.""",
    check=_extra,
    yields_to=("NUM001",),  # one finding per problem (audit/overlap.py)
    examples=(
        example("Погибли люди.", "15 people died.", "ru"),
        example("Die Gespräche dauerten lange.", "The talks lasted 3 hours.", "de"),
        example("Η συνάντηση έγινε χθες.", "The meeting took place on 5 May.", "el"),
        example("Погибли двое.", "2 people died.", "ru", fails=False),
        example("Die Gespräche dauerten drei Stunden.", "The talks lasted 3 hours.", "de", fails=False),
        example("Η συνάντηση έγινε στις 5 Μαΐου.", "The meeting took place on 5 May.", "el", fails=False),
        example("Мы ждали.", "We waited until 5:47 PM.", "ru"),
        example("Il est venu en mai.", "He came on 3 May.", "fr"),
        example("Er kam gestern.", "He came 3 days ago.", "de"),
        example("Это будет готово к апрелю.", "It will be ready by April.", "ru", fails=False),
        example("Надо вспомнить мартовские наработки.", "We need to remember what we did in March.", "ru", fails=False),
        example("Выявлен первый случай подозрения на коронавирус.", "First suspected case of COVID-19 recorded.", "ru", fails=False),
        example("За сутки умерли 13 пациентов.", "In the past 24 hours, 13 patients died.", "ru", fails=False),
        example("Либо лишение свободы до года.", "Or up to 1 year in prison.", "ru", fails=False),
        example("Darf ich kommen?", "May I come?", "de", fails=False),
        example("Il a attendu deux heures et demie.", "He waited 2.5 hours.", "fr", fails=False),
    ),
)


SPACED_TIME = Rule(
    code="NUM004",
    name="clock-time-spaced",
    category="Fluency",
    severity=Severity.MINOR,
    summary="A clock time of the source is written with a space after the colon (18: 30).",
    doc="""\
Machine translation that tokenises "18:30" and joins it back badly writes "18: 30". The time
is the same (NUM001 reads it as 18:30 and stays silent), so this is typography, not a changed
figure: a minor finding with the fix. Only where the source has that time written as a clock
time, so scores ("won 3: 1" in a quote) and ratios are left alone. On WMT21 news one system
(NVIDIA-NeMo) writes every clock time this way: 11 findings that were major changed-number
findings before.""",
    check=_spaced_times,
    examples=(
        example("Встреча в 18:30 в мэрии.", "The meeting is at 18: 30 in the city hall.", "ru"),
        example("Le train part à 07:45.", "The train leaves at 07: 45.", "fr"),
        example("Встреча в 18:30 в мэрии.", "The meeting is at 18:30 in the city hall.", "ru", fails=False),
        example("Der Zug kam um 18 Uhr an.", "The train arrived at 18: 30.", "de", fails=False),
        example("Счёт матча 3:1.", "The score was 3: 1.", "ru", fails=False),
    ),
)


DECIMAL_COMMA = Rule(
    code="NUM005",
    name="decimal-comma-kept",
    category="Fluency",
    severity=Severity.MINOR,
    summary="A decimal figure is copied with the source's decimal comma into a language that reads it otherwise (9,5 thousand).",
    doc="""\
Machine translation often copies "9,5 тыс." as "9,5 thousand" or "27,5 процента" as "27,5
percent". The figure is the source's (NUM001 stays silent: nothing was changed), but an
English reader takes the comma for a thousands separator or a list: a locale slip, minor,
with the fix. Only where the figure is a decimal beyond doubt (a scale word, a percentage or
a unit after it), so a vector [1,1] or a list "1,2" copied as it is stays silent, and only
when the target language's decimal sign (CLDR, through Babel) is not the comma. On WMT21
ru-en one such copy was judged a real error and two false alarms as NUM001 (major); this rule
says what it is.""",
    check=_kept_decimal,
    examples=(
        example("Выручка выросла до 9,5 тыс. долларов.", "Revenue rose to 9,5 thousand dollars.", "ru"),
        example("Рост составил 27,5 процента.", "Growth was 27,5 percent.", "ru"),
        example("Le taux est de 12,5 %.", "The rate is 12,5 %.", "fr"),
        example("Выручка выросла до 9,5 тыс. долларов.", "Revenue rose to 9.5 thousand dollars.", "ru", fails=False),
        example("Возьмём вектор [1,1].", "Take the vector [1,1].", "ru", fails=False),
        example("Le taux est de 12,5 %.", "Der Satz beträgt 12,5 %.", "fr", lang="de", fails=False),
    ),
)


SIGN_LOST = Rule(
    code="NUM006",
    name="number-sign-lost",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="A negative figure of the source (-15 °C, минус 120, -0,57%) is positive in the translation.",
    doc="""\
NUM001 compares figures by their size, so «до -15 градусов» translated "to 15 degrees" passes
it: the figure is there, its sign is not. A source figure is negative when a minus sign stands
right before its digits after a space, a bracket or a quote (not after another number: the
score "3 -1", a range or a phone number is no minus), or when one of the language's
`negative_words` (quantities.yaml: минус, minus) stands before it. The rule fires when the
translation has the same figure with neither, and its sentence has none of the target
language's `negative_cues` either: "15 degrees below zero", "fell 3%", "a decline of 0.57%"
keep the sign in words. A target language without that list is not read. On WMT21 ru-en
news, three source sentences have a negative figure; the references and the ten MT systems
keep every sign (no finding).""",
    check=_sign_lost,
    examples=(
        example("Температура опустилась до -15 градусов.", "The temperature reached 15 degrees.", "ru"),
        example("Рост составил минус 3 процента.", "Growth was 3 percent.", "ru"),
        example("Die Temperatur lag bei -8 Grad.", "The temperature was 8 degrees.", "de"),
        example("Температура опустилась до -15 градусов.", "The temperature dropped to 15 degrees below zero.", "ru",
                fails=False),
        example("Температура опустилась до −15 градусов.", "The temperature reached -15 degrees.", "ru", fails=False),
        example("Счёт матча 3 -1 в пользу гостей.", "The score was 3 1 to the visitors.", "ru", fails=False),
        example("Le taux est de -2 %.", "The rate is 2 % lower.", "fr", fails=False),
        example("Рост составил -3%.", "Der Zuwachs lag bei minus 3 %.", "ru", lang="de", fails=False),
    ),
)
