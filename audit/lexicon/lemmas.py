"""Lemmas of one word, per language: the keys the lexicon is indexed by.

- Russian and Ukrainian: pymorphy3 (a dependency already): the normal forms of every parse
  ("стали" → сталь, стать), ё folded into е on both sides of every comparison.
- Other languages: simplemma (MIT, maintained, 50 languages, pure Python with its own data)
  when installed; without it, a small English suffix stripper (kings → king, defences →
  defence, studies → study) and the word itself. Which lemmatiser serves which language is
  data: references/bilingual/lexicons.yaml (`lemmatisers`).

A word's lemma set always holds the word itself lower-cased, so a lemmatiser that over-reaches
("united" → unite, "emirates" → emirate) still matches the dictionary's own form, and the
comparison lemma-set against lemma-set is symmetric. All-capital words (abbreviations: US, ЕС)
are not lemmatised ("us" is not "we").
"""

from __future__ import annotations

import re
from functools import lru_cache

from audit.translit import fold_letters

WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.rstrip(".") if w.count(".") == 1 and w.endswith(".") else w for w in WORD.findall(text)]


def fold(s: str) -> str:
    return fold_letters(s.lower()).replace("’", "'")


@lru_cache(maxsize=8)
def morph_analyser(lang: str):
    try:
        import pymorphy3  # optional per language, 90 ms to import: a lexicon without Russian never needs it

        return pymorphy3.MorphAnalyzer(lang=lang)
    except Exception:  # library or the language's dictionary package missing
        return None


@lru_cache(maxsize=1)
def _simplemma():
    try:
        import simplemma  # 170 ms to import: only when a word needs lemmatising

        return simplemma
    except Exception:
        return None


def versions() -> str:
    """What the lemmas depend on, for the cache key."""
    from importlib import metadata  # only for a cache key, when a lexicon is compiled or opened

    out = []
    for pkg in ("pymorphy3", "pymorphy3-dicts-ru", "pymorphy3-dicts-uk", "simplemma"):
        try:
            out.append(f"{pkg}={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            out.append(f"{pkg}=-")
    return ",".join(out)


_EN_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"), ("ses", "s"),
                ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def _suffix_en(w: str) -> set[str]:
    out = set()
    for suf, rep in _EN_SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3 and not w.endswith("ss"):
            out.add(w[: len(w) - len(suf)] + rep)
    return out


@lru_cache(maxsize=262144)
def _parses(low: str, lang: str) -> tuple[tuple[str, str | None, str | None, bool], ...]:
    """pymorphy3's readings of a lower-case word, once: (normal form, POS, case, pronominal)."""
    morph = morph_analyser(lang)
    if morph is None:
        return ()
    return tuple((fold(p.normal_form), p.tag.POS, p.tag.case, "Apro" in p.tag) for p in morph.parse(low))


_NOMINATIVES = (frozenset({"nomn", "sing", "masc"}), frozenset({"nomn", "sing", "neut"}),
                frozenset({"nomn", "sing", "femn"}), frozenset({"nomn", "plur"}))


@lru_cache(maxsize=65536)
def _participle_nominatives(low: str, lang: str) -> frozenset[str]:
    """A participle's own nominative forms (Соединенного → соединенный, соединенное, …): a
    dictionary files an adjectival participle of a name (Соединённое Королевство, Объединённые
    Нации) as written, while pymorphy3 gives the verb (соединить) as its normal form."""
    morph = morph_analyser(lang)
    if morph is None:
        return frozenset()
    out = set()
    for p in morph.parse(low):
        if p.tag.POS == "PRTF":
            for g in _NOMINATIVES:
                f = p.inflect(set(g))
                if f is not None:
                    out.add(fold(f.word))
    return frozenset(out)


@lru_cache(maxsize=262144)
def function_word(word: str, lang: str) -> bool:
    """A pronoun, preposition, conjunction or particle by pymorphy3 (every reading): such a
    word alone is not a translation worth indexing ("тот" of "тот, кто ...")."""
    parses = _parses(fold(word), lang)
    return bool(parses) and all(pos in ("NPRO", "PREP", "CONJ", "PRCL", "INTJ") or apro for _, pos, _, apro in parses)


def spelling_variants(word: str, rules: tuple[tuple[str, str], ...]) -> set[str]:
    """Other spellings of a word by ending (British/American: honour/honor, defence/defense)."""
    out = set()
    for a, b in rules:
        for x, y in ((a, b), (b, a)):
            if word.endswith(x) and len(word) - len(x) >= 3:
                out.add(word[: len(word) - len(x)] + y)
    return out


@lru_cache(maxsize=262144)
def lemma_set(word: str, lang: str, engine: str, stored: bool = False) -> frozenset[str]:
    """Lower-case (folded) lemmas of `word`, the word itself included. `stored`: the word is
    from a dictionary's translation, in citation form or close to it ("новости", "изделия"):
    with pymorphy3 only nominative readings are lemmatised, so "смог" (smog) is not filed under
    смочь (could) as well."""
    w = word.strip()
    if not w:
        return frozenset()
    low = fold(w)
    out = {low}
    letters = [c for c in w if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return frozenset(out)  # an abbreviation: no lemmatising
    if engine == "pymorphy3":
        out.update(nf for nf, pos, case, _ in _parses(low, lang)
                   if not stored or pos == "INFN" or case == "nomn" and pos not in ("PRTF", "PRTS"))
        if not stored:
            out.update(_participle_nominatives(low, lang))
    elif engine == "simplemma":
        sm = _simplemma()
        if sm is not None:
            for form in {w, low}:
                try:
                    out.add(fold(sm.lemmatize(form, lang=lang)))
                except (ValueError, KeyError, TypeError):
                    pass
        elif lang == "en":
            out.update(_suffix_en(low))
    elif engine == "suffix" and lang == "en":
        out.update(_suffix_en(low))
    return frozenset(x for x in out if x)


@lru_cache(maxsize=65536)
def aspect_partners(lemma: str, lang: str, rules: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """Imperfective partners of a perfective infinitive (`rules`: ending replacements from
    lexicons.yaml), kept when pymorphy3 knows them as imperfective infinitives."""
    morph = morph_analyser(lang)
    if morph is None or not rules:
        return frozenset()
    refl = ""
    if lemma.endswith(("ся", "сь")) and len(lemma) > 4:
        lemma, refl = lemma[:-2], lemma[-2:]
    if not any(p.tag.POS == "INFN" and "perf" in p.tag for p in morph.parse(lemma + refl)):
        return frozenset()
    out: set[str] = set()
    for size in sorted({len(old) for old, _ in rules}, reverse=True):
        for old, new in rules:
            if len(old) == size and lemma.endswith(old) and len(lemma) > len(old):
                cand = lemma[: -len(old)] + new + refl
                if morph.word_is_known(cand) and any(
                        p.tag.POS == "INFN" and "impf" in p.tag and fold(p.normal_form) == cand for p in morph.parse(cand)):
                    out.add(cand)
        if out:
            break
    return frozenset(out)


def canonical(word: str, lang: str, engine: str) -> str:
    """The stored form of a phrase word: the dictionary's own citation form, lower-case (ё
    folded). Not re-lemmatised: a lemmatiser turns citation forms into something else
    ("соединённые" → соединить, "united" → unite); lookups compare lemma sets instead."""
    return fold(word)
