"""Language facts as data (references/languages.yaml), and the Unicode script of a letter.

Checks read the facts from their References (`references.languages`); functions that answer
without one (`source_names.cased`) read the languages.yaml in force (`in_force`, the last
loaded references', see audit.datafiles).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from audit import datafiles
from audit.errors import DataError


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    scripts: frozenset[str]
    tolerated_scripts: frozenset[str] = frozenset()
    caption_markers: tuple[str, ...] = ()
    title_heads: frozenset[str] = frozenset()
    title_joiners: frozenset[str] = frozenset()
    title_skip: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()  # with a period, no sentence break before a digit
    name_abbreviations: frozenset[str] = frozenset()  # ... nor before a capitalised word (titles, "St.")
    spelling_variants: tuple[tuple[str, str], ...] = ()  # letter groups two spellings swap: (isation, ization)
    function_words: frozenset[str] = frozenset()  # enough of them: this language, no detector asked (langid)
    cased: bool = True  # its script has capital letters that mark names (not zh, ja, ar, ...)
    final_vowels: frozenset[str] = frozenset()  # letters an inflection ending is made of (а, я, й, ь)
    alphabet: frozenset[str] = frozenset()  # its own script's letters, where others of the script have more (ru)


@dataclass(frozen=True)
class Languages:
    by_code: dict = field(default_factory=dict)

    def get(self, code: str | None) -> Language:
        if code and code in self.by_code:
            return self.by_code[code]
        code = code or "und"
        return Language(code=code, name=code, scripts=frozenset())

    def __contains__(self, code: str) -> bool:
        return code in self.by_code

    @cached_property
    def final_vowels(self) -> frozenset[str]:
        """Every language's `final_vowels`: a glossary form's words are compared without them."""
        return frozenset().union(*(lang.final_vowels for lang in self.by_code.values()))


@lru_cache(maxsize=1)
def in_force() -> Languages:
    """The languages.yaml of the references loaded last (the bundled one before any)."""
    p = datafiles.path(datafiles.LANGUAGES)
    return parse_languages(datafiles.load(datafiles.LANGUAGES), str(p)) if p is not None else Languages()


datafiles.on_change(in_force.cache_clear)


def _listed(value) -> list:
    """A field given as one string or as a list of strings."""
    return [value] if isinstance(value, str) else list(value or ())


def parse_languages(data: dict, path: str = "languages.yaml") -> Languages:
    if not isinstance(data, dict):
        raise DataError(path, "expected a mapping of language codes")
    out = {}
    for code, spec in data.items():
        if not isinstance(spec, dict):
            raise DataError(path, "expected a mapping", entry=str(code))
        lower = lambda key: frozenset(str(w).lower() for w in spec.get(key) or ())  # noqa: E731
        out[str(code)] = Language(
            code=str(code),
            name=str(spec.get("name", code)),
            scripts=frozenset(str(s).upper() for s in spec.get("scripts") or ()),
            tolerated_scripts=frozenset(str(s).upper() for s in spec.get("tolerated_scripts") or ()),
            caption_markers=tuple(str(m) for m in spec.get("caption_markers") or ()),
            title_heads=lower("title_heads"),
            title_joiners=lower("title_joiners"),
            title_skip=lower("title_skip"),
            abbreviations=lower("abbreviations") | lower("name_abbreviations"),
            name_abbreviations=lower("name_abbreviations"),
            function_words=lower("function_words"),
            cased=bool(spec.get("cased", True)),
            final_vowels=frozenset("".join(str(v) for v in spec.get("final_vowels") or ()).lower()),
            alphabet=frozenset("".join(str(v) for v in _listed(spec.get("alphabet"))).lower()),
            spelling_variants=tuple((str(v[0]).lower(), str(v[1]).lower()) for v in spec.get("spelling_variants") or ()
                                    if isinstance(v, (list, tuple)) and len(v) == 2),
        )
    return Languages(out)


@lru_cache(maxsize=8192)
def script_of(ch: str) -> str | None:
    """The script of a letter ("LATIN", "CYRILLIC", "CJK", ...), None for non-letters."""
    if not ch.isalpha():
        return None
    if ch.isascii():
        return "LATIN"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    first = name.split(" ", 1)[0]
    if first in ("FULLWIDTH", "HALFWIDTH"):
        first = name.split(" ", 2)[1]
    return first


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def script_counts(text: str) -> Counter:
    if text.isascii():  # the common case in Latin-script text: counted in C
        n = len(_ASCII_LETTER.findall(text))
        return Counter({"LATIN": n}) if n else Counter()
    counts: Counter = Counter()
    for ch in text:
        if ch.isalpha():
            s = script_of(ch)
            if s:
                counts[s] += 1
    return counts
