"""Language: segments in the wrong language, words in a foreign script, mixed-script words."""

from __future__ import annotations

import re

from audit.language_facts import script_of
from audit.model import Severity, Span
from audit.rules import Context, Rule, fails, passes

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# A web address or e-mail address (стопкоронавирус.рф, почта@mail.ru): it is written as it is.
_ADDRESS = re.compile(r"^(?:\w+://)?[\w.+-]*\w[.@]\w[\w-]*(?:\.\w[\w-]*)*(?:/\S*)?$")


def _in_address(text: str, start: int, end: int) -> bool:
    a, b = start, end
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < len(text) and not text[b].isspace():
        b += 1
    token = text[a:b].strip("\"'«»“”‘’()[]<>,;:!?")
    token = token[:-1] if token.endswith(".") else token
    return bool(_ADDRESS.match(token)) and ("." in token[1:] or "@" in token)
# Letters that look alike across Latin, Cyrillic and Greek (homoglyphs), to the Latin letter.
_CONFUSABLES = str.maketrans(
    "АВЕКМНОРСТХаеорсухіјѕԁһԛԝІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧονρ",
    "ABEKMHOPCTXaeopcyxijsdhqwIJSABEZHIKMNOPTYXovp",
)


def _wrong_language(ctx: Context):
    expected = ctx.lang
    for seg in ctx.document.segments:
        if seg.lang is None or seg.lang == expected:
            continue
        name = ctx.references.languages.get(seg.lang).name if seg.lang in ctx.references.languages else seg.lang
        untranslated = ctx.source_lang is not None and seg.lang == ctx.source_lang
        what = "left in the source language" if untranslated else "in another language"
        yield ctx.finding(
            WRONG_LANGUAGE,
            seg.span,
            f"this segment is {what} ({name}), not {ctx.references.languages.get(expected).name}",
            suggestion=None,
            evidence=[f"detected: {seg.lang}"],
        )


WRONG_LANGUAGE = Rule(
    code="LANG001",
    name="wrong-language-segment",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="A whole segment is not in the document's language (untranslated or stray text).",
    doc="""\
Each segment with at least 30 letters is identified: a segment written mostly in a script
the target language does not use is certainly foreign; one whose words are a fifth or more
the target language's function words (languages.yaml `function_words`) is in it; the rest
goes to langdetect (seeded, so the same text always gets the same answer, with the
document's language as a prior), which must be at least 90% sure, still so without the
names, and the words must agree: a segment with 80% of its words in the document language's
word list (asked first: such a segment never goes to langdetect; for a language with a
morphological dictionary, Russian, every word form the dictionary knows counts), or covered
at least as well by it as by the guessed language's, is not foreign ("Some interesting
discoveries have been made." is not Dutch; "Береза не угроза: где стоит, там и шумит." is
not Macedonian). Shorter segments get no verdict: langdetect guesses wildly on a few words.""",
    check=_wrong_language,
    yields_to=("UNTR001", "BOIL001"),  # one finding per problem (audit/overlap.py)
    examples=(
        fails("The talks ended.\n\nПереговоры завершились без конкретных результатов, заявили в МИД."),
        fails("The talks ended.\n\nDie Gespräche endeten ohne konkrete Ergebnisse, sagte das Ministerium."),
        fails("Les négociations sont terminées.\n\nLes négociations se sont terminées sans résultat concret, a indiqué le ministère."),
        fails("Die Gespräche sind beendet.\n\nThe talks ended without concrete results, the ministry said on Friday.", lang="de"),
        passes("The talks ended without concrete results, the ministry said on Friday."),
        passes("NATO. Yes. Macron."),
        passes("The talks ended.\n\nSome interesting discoveries have been made."),
        passes("The talks ended.\n\nWell, it's quite a complex system, but let me explain, perhaps even simplify it."),
        passes("Die Gespräche sind beendet.\n\nDie Regierung hat am Montag beschlossen, die Steuern zu senken.", lang="de"),
    ),
)


_LATIN = frozenset({"LATIN"})


def _word_scripts(word: str) -> set[str]:
    return {s for s in (script_of(c) for c in word) if s}


def _mixed(ctx: Context):
    for m in _WORD.finditer(ctx.text):
        word = m.group()
        if word.isascii():  # Latin letters only: nothing to mix
            continue
        scripts = _word_scripts(word) & {"LATIN", "CYRILLIC", "GREEK"}
        if len(scripts) < 2:
            continue
        expected = ctx.language.scripts
        fixed = word.translate(_CONFUSABLES) if "LATIN" in expected or not expected else word
        yield ctx.finding(
            MIXED_SCRIPT,
            Span(m.start(), m.end()),
            f"'{word}' mixes {' and '.join(sorted(s.title() for s in scripts))} letters (look-alike characters)",
            suggestion=fixed if fixed != word else None,
            evidence=[f"{c!r} is {script_of(c).title()}" for c in dict.fromkeys(word) if script_of(c) and script_of(c) not in expected][:3],
        )


MIXED_SCRIPT = Rule(
    code="LANG002",
    name="mixed-script-word",
    category="Fluency",
    severity=Severity.MAJOR,
    summary="A word mixes letters of two scripts, e.g. a Cyrillic 'е' inside a Latin name.",
    doc="""\
Look-alike letters from another alphabet (Cyrillic 'а', 'е', 'о', 'р', 'с'; Greek 'ο')
survive copy-paste and some MT pipelines. The word looks right but breaks search, spell
checking and glossary matching. Any word mixing Latin, Cyrillic or Greek letters is reported,
with the look-alikes replaced as the suggestion.""",
    check=_mixed,
    examples=(
        fails("President Emmanuel Macrоn arrived."),
        fails("The Kremlіn said so."),
        passes("President Emmanuel Macron arrived."),
        passes("Глава МИД Сергей Лавров прибыл.", lang="ru"),
        fails("Präsident Emmanuel Macrоn kam an.", lang="de"),
        passes("Präsident Emmanuel Macron kam an.", lang="de"),
    ),
)


def _foreign_words(ctx: Context):
    expected = ctx.language.scripts | ctx.language.tolerated_scripts
    if not expected:
        return
    run: list = []

    def flush():
        if run:
            span = Span(run[0].start(), run[-1].end())
            text = ctx.text[span.start : span.end]
            lookalike = text.translate(_CONFUSABLES)
            if len(text) == 1 and lookalike != text and _word_scripts(lookalike) & expected:
                # One letter that only looks foreign: "22°С" typed with a Cyrillic С.
                yield ctx.finding(
                    FOREIGN_SCRIPT, span,
                    f"'{text}' is a {script_of(text).title()} letter that looks like '{lookalike}' (look-alike character)",
                    suggestion=lookalike, evidence=[f"{text!r} is {script_of(text).title()}"],
                )
                return
            yield ctx.finding(
                FOREIGN_SCRIPT,
                span,
                f"'{text}' is in a script {ctx.language.name} does not use: untranslated?",
                evidence=[f"script: {', '.join(sorted(_word_scripts(text)))}"],
            )

    foreign_segments = {s.index for s in ctx.document.segments if s.lang and s.lang != ctx.lang}
    for m in _WORD.finditer(ctx.text):
        word = m.group()
        scripts = _LATIN if word.isascii() else _word_scripts(word)
        if not run and (not scripts or scripts & expected or len(scripts) != 1):
            continue  # not foreign and no run to close: nothing below would change anything
        seg = ctx.segment_at(m.start())
        if seg is not None and seg.index in foreign_segments:
            continue  # LANG001 reports the whole segment
        if _in_address(ctx.text, m.start(), m.end()):
            continue
        if scripts and not scripts & expected and len(scripts) == 1:
            if run and ctx.text[run[-1].end() : m.start()].strip(" ,-—–'\"«»") != "":
                yield from flush()
                run = []
            run.append(m)
        else:
            yield from flush()
            run = []
    yield from flush()


FOREIGN_SCRIPT = Rule(
    code="LANG003",
    name="foreign-script-word",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="Words in a script the target language does not use, inside a target-language text.",
    doc="""\
A Cyrillic name inside an English sentence is usually a word MT could not translate or
transliterate. Runs of such words are reported as one finding. The scripts each language
uses are data (references/languages.yaml), so the rule works for any pair; so are scripts a
language tolerates (Latin acronyms and brands in Russian text). Segments that are foreign as a
whole are left to LANG001, and web and e-mail addresses (стопкоронавирус.рф) are written as
they are. A lone letter that has a look-alike in the expected script ("22°С" with a Cyrillic
С) is reported as a look-alike character, with the right letter as the suggestion.""",
    check=_foreign_words,
    examples=(
        fails("The talks were led by Захарова in Vienna."),
        fails("The minister met Μητσοτάκης on Monday."),
        passes("The talks were led by Zakharova in Vienna."),
        passes("Переговоры вела Захарова.", lang="ru"),
        passes("Об этом он заявил в интервью RTVI.", lang="ru"),
        passes("Updates are posted on the official website стопкоронавирус.рф every day."),
        fails("Die Verhandlungen führte Захарова in Wien.", lang="de"),
        passes("Aktuelle Zahlen stehen auf стопкоронавирус.рф, sagte das Ministerium.", lang="de"),
    ),
)
