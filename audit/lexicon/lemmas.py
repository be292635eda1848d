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

WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.rstrip(".") if w.count(".") == 1 and w.endswith(".") else w for w in WORD.findall(text)]


def fold(s: str) -> str:
    return s.lower().replace("ё", "е").replace("’", "'")


@lru_cache(maxsize=8)
def _pymorphy(lang: str):
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang=lang)
    except Exception:  # library or the language's dictionary package missing
        return None


@lru_cache(maxsize=1)
def _simplemma():
    try:
        import simplemma

        return simplemma
    except Exception:
        return None


def versions() -> str:
    """What the lemmas depend on, for the cache key."""
    from importlib import metadata

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
def lemma_set(word: str, lang: str, engine: str) -> frozenset[str]:
    """Lower-case (folded) lemmas of `word`, the word itself included."""
    w = word.strip()
    if not w:
        return frozenset()
    low = fold(w)
    out = {low}
    letters = [c for c in w if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return frozenset(out)  # an abbreviation: no lemmatising
    if engine == "pymorphy3":
        morph = _pymorphy(lang)
        if morph is not None:
            out.update(fold(p.normal_form) for p in morph.parse(low))
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


def canonical(word: str, lang: str, engine: str) -> str:
    """The stored form of a phrase word: the dictionary's own citation form, lower-case (ё
    folded). Not re-lemmatised: a lemmatiser turns citation forms into something else
    ("соединённые" → соединить, "united" → unite); lookups compare lemma sets instead."""
    return fold(word)
