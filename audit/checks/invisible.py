"""LANG004: invisible format characters inside a word (zero-width space, word joiner, soft
hyphen, a BOM, bidi marks and controls, Unicode tags; zero-width joiners where the script does
not spell with them)."""

from __future__ import annotations

import re
import unicodedata

from audit.language_facts import script_of
from audit.model import Severity, Span
from audit.phrases import INVISIBLE_CLASS
from audit.rules import Context, Rule, fails, passes

_RUN = re.compile(rf"[{INVISIBLE_CLASS}]+")
# Joiners are part of spelling in Arabic, Persian, the Indic scripts and Mongolian (ZWNJ in
# Persian "می‌خواهم", MVS in Mongolian); between letters of these alphabets they have no role.
_JOINERS = frozenset("\u200c\u200d\u180e")
_NO_JOINERS = frozenset({"LATIN", "CYRILLIC", "GREEK"})
_SHORT = {0x00AD: "SHY", 0x061C: "ALM", 0x180E: "MVS", 0x200B: "ZWSP", 0x200C: "ZWNJ", 0x200D: "ZWJ",
          0x200E: "LRM", 0x200F: "RLM", 0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO",
          0x202E: "RLO", 0x2060: "WJ", 0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI",
          0xFEFF: "BOM"}


def _short(ch: str) -> str:
    return _SHORT.get(ord(ch), f"U+{ord(ch):04X}")


def _spelt_with(run: str, before: str, after: str) -> bool:
    """Whether `run` is joiners between letters of a script that spells with them."""
    if not set(run) <= _JOINERS:
        return False
    scripts = {script_of(before), script_of(after)} - {None}  # a digit has none
    return bool(scripts - _NO_JOINERS)


def _invisible(ctx: Context):
    # A word with invisible characters between its letters or digits is one token (tokens see
    # through them, audit/phrases.py: the glossary still finds the word); this rule says so.
    for tok in ctx.tokens:
        word = tok.text
        if word.isascii():
            continue
        runs = [r for r in _RUN.finditer(word) if not _spelt_with(r.group(), word[r.start() - 1], word[r.end()])]
        if not runs:
            continue
        chars = "".join(r.group() for r in runs)
        cut = set(r.start() + i for r in runs for i in range(len(r.group())))
        visible = "".join(c for i, c in enumerate(word) if i not in cut)
        shown = "".join(f"⟨{_short(c)}⟩" if i in cut else c for i, c in enumerate(word))
        names = ", ".join(dict.fromkeys(_short(c) for c in chars))
        yield ctx.finding(
            INVISIBLE,
            Span(tok.start, tok.end),
            f"'{shown}' has an invisible character inside ({names}): the word looks like '{visible}' "
            "but search, spell checking and glossary tools see it broken",
            suggestion=visible,
            evidence=[f"U+{ord(c):04X} {unicodedata.name(c, 'format character')}" for c in dict.fromkeys(chars)][:3],
        )


INVISIBLE = Rule(
    code="LANG004",
    name="invisible-character",
    category="Fluency",
    severity=Severity.MINOR,
    summary="A word carries an invisible character (zero-width space, soft hyphen, BOM, bidi control) inside it.",
    doc="""\
Zero-width spaces and joiners, the word joiner, soft hyphens, a byte-order mark, bidi marks and
controls and Unicode tag characters are invisible, and survive copy-paste from web pages, CMS
editors and some MT pipelines. Inside a word they break it for everything that reads the text
instead of looking at it: search, spell checking, term bases, and a reader's Ctrl-F. tqa's own
matching sees through them (tokens ignore them, spans keep them), so the glossary rules still
find "Ki⟨ZWSP⟩ev"; this rule reports the word, with the word without them as the suggestion.
Zero-width joiners and non-joiners are part of spelling in Arabic, Persian, the Indic scripts
and Mongolian: between letters of those scripts they are left alone; between Latin, Cyrillic
or Greek letters or digits they are reported. Invisible characters between words (a ZWSP
used as a line-break hint, an emoji's ZWJ sequence) are not in a word and not reported.""",
    check=_invisible,
    # a glossary or look-alike fix of the same word rewrites it whole, invisible characters included
    yields_to=("TERM001", "NAME001", "LANG002", "LANG003"),
    examples=(
        fails("President Emmanuel Mac\u200bron arrived in Berlin."),
        fails("The Krem\u00adlin said so on Monday."),
        fails("The talks in Gen\u2060eva ended without an agreement."),
        fails("Talks on the 20\ufeff22 budget ended."),
        fails("The minister met the press in Vie\u202enna."),
        passes("President Emmanuel Macron arrived in Berlin."),
        passes("The talks ended.\u200b The minister left for the airport."),
        passes("He posted a family photo 👨\u200d👩\u200d👧 on Monday."),
        fails("Президент Эмма\u200bнуэль Макрон прибыл в Берлин.", lang="ru", source_lang="en"),
        passes("Президент Эммануэль Макрон прибыл в Берлин.", lang="ru", source_lang="en"),
        fails("Präsident Emmanuel Mac\u200dron kam in Berlin an.", lang="de", source_lang="en"),
        passes("Der Außenminister sprach mit Journalisten in Berlin.", lang="de", source_lang="en"),
        passes("من می\u200cخواهم به تهران بروم.", lang="fa", source_lang="en"),
    ),
)
