"""A source-target lexicon for one language pair as the word aligner reads it: a small one
from a table (`TableLexicon`: rule examples inject one as stage data, tests build one without
dictionaries), else the installed dictionaries (audit.lexicon), through `pair_lexicon`."""

from __future__ import annotations

import re
from functools import lru_cache

from audit import wordclass
from audit.lexicon import lexicon_for as dictionaries_for
from audit.translit import base, fold

TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$|['’]$", re.I)


def bare(word: str) -> str:
    """A word without a possessive ending (Bank’s → Bank, Finland's → Finland)."""
    return _POSSESSIVE.sub("", word) or word


class TableLexicon:
    """The audit.lexicon API over a list of (source phrase, target phrase) pairs: what rule
    examples inject through ctx.data["lexicon"] and tests use without dictionaries."""

    available = True

    def __init__(self, pairs, src: str, tgt: str):
        self.src, self.tgt = base(src), base(tgt)
        self._fwd: dict[str, set] = {}
        self._back: dict[str, set] = {}
        for s, t in pairs:
            ks, kt = self._key(s, self.src), self._key(t, self.tgt)
            self._fwd.setdefault(ks, set()).add(kt)
            self._back.setdefault(kt, set()).add(ks)
        self.sources = (f"table ({len(self._fwd)} entries)",)
        self.digest = str(len(self._fwd))

    def lemmas(self, word: str, lang: str) -> frozenset:
        return simple_lemmas(word, base(lang))

    def _key(self, text: str, lang: str) -> str:
        return " ".join(sorted(self.lemmas(w, lang))[0] for w in TOKEN.findall(text))

    def _keys(self, text: str, lang: str) -> set:
        keys = {""}
        for w in TOKEN.findall(text):
            keys = {(k + " " + lem).strip() for k in keys for lem in self.lemmas(w, lang)}
        return keys

    def translations(self, text: str) -> frozenset:
        return frozenset(t for k in self._keys(text, self.src) for t in self._fwd.get(k, ()))

    def back(self, text: str) -> frozenset:
        return frozenset(t for k in self._keys(text, self.tgt) for t in self._back.get(k, ()))

    def explains(self, src_text: str, tgt_text: str) -> bool:
        keys = self._keys(tgt_text, self.tgt)
        return any(p in keys or p.split()[-1] in keys for p in self.translations(src_text))


@lru_cache(maxsize=65536)
def simple_lemmas(word: str, lang: str) -> frozenset:
    w = fold(bare(word))
    out = {w}
    out.update(fold(x) for x in wordclass.lemmas(w, lang))
    if lang == "en" and len(w) > 3:
        if w.endswith("ies"):
            out.add(w[:-3] + "y")
        elif w.endswith(("ses", "xes", "shes", "ches")):
            out.add(w[:-2])
        elif w.endswith("s") and not w.endswith("ss"):
            out.add(w[:-1])
    return frozenset(out)


def pair_lexicon(references, src: str, tgt: str, table: list | None = None):
    """The pair's lexicon: `table` ([[src, tgt], ...], a rule example's injected stage data,
    `ctx.outputs.lexicon`), else audit.lexicon's; None when there is none for the pair."""
    if table is not None:
        key = ("table-lexicon", base(src), base(tgt), tuple(map(tuple, table)))
        lex = references.compiled(key, lambda: TableLexicon(table, src, tgt)) if references is not None else TableLexicon(table, src, tgt)
        return lex
    try:
        lex = dictionaries_for(references, src, tgt)
    except Exception:  # never let a dictionary problem stop an audit
        return None
    return lex if getattr(lex, "available", False) else None
