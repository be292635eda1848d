"""The word aligner's dictionary evidence: the passes that link words through the bilingual
lexicon (translations of phrases, their lemmas, back-translations), through derived words
(a root shared with a translation, a known place's adjective) and through compounds read by
their parts (`word_formation`). audit/wordalign/passes.py runs them between the names and
numbers passes and transliteration."""

from __future__ import annotations

import re
from functools import lru_cache

from audit import datafiles, source_names, wordclass
from audit.lexicon.table import bare, simple_lemmas
from audit.translit import base, fold, names_data, source_word, stem, surname

MAX_PHRASE = 3  # longest source phrase looked up in the lexicon


@lru_cache(maxsize=32)
def function_words(lang: str) -> frozenset:
    """Closed-class words of a language (references/bilingual/names.yaml `function_words`):
    they are aligned when the evidence says so but never count as content left unaligned."""
    return frozenset(str(w).casefold() for w in (names_data().get("function_words") or {}).get(base(lang)) or ())


def lexicon_pass(lex, src, tgt, src_text, s_tok, t_tok, add, used_s, used_t) -> None:
    said: dict[tuple[str, str], tuple[str, ...]] = {}  # the lexicon's answers, once per phrase of the pair

    def translations(phrase: str) -> tuple[str, ...]:
        if ("to", phrase) not in said:
            found = set(_translations(lex, phrase))
            if "-" in phrase:  # a hyphenated phrase as written and as words (Нью Йорк)
                found |= set(_translations(lex, phrase.replace("-", " ")))
            said[("to", phrase)] = tuple(sorted(found))
        return said[("to", phrase)]

    def back(phrase: str) -> tuple[str, ...]:
        if ("back", phrase) not in said:
            said[("back", phrase)] = _back(lex, phrase)
        return said[("back", phrase)]

    t_lem = [_lemmas(lex, t.text, tgt) if t.kind == "word" else frozenset() for t in t_tok]
    head: dict[str, list[int]] = {}
    for j, lems in enumerate(t_lem):
        for lem in lems:
            head.setdefault(lem, []).append(j)

    found: dict[str, list[int] | None] = {}

    def find(phrase: str) -> list[int] | None:
        """Where the phrase first stands in the target (whether used or not), once per phrase."""
        if phrase not in found:
            words = phrase.split()
            found[phrase] = next((list(range(j, j + len(words))) for j in (head.get(words[0], ()) if words else ())
                                  if j + len(words) <= len(t_tok)
                                  and all(words[k] in t_lem[j + k] for k in range(1, len(words)))), None)
        return found[phrase]

    # Searches for the first target word not yet used among fixed candidates resume where they
    # stopped (used_t only grows here): a long pair is not rescanned for each source word (issue 14).
    free_t = FirstFree(used_t)

    stop_t = function_words(tgt)
    caps = [j for j, t in enumerate(t_tok) if t.kind == "word" and t.content and t.text[:1].isupper()]
    caps_by_head: dict[str, list[tuple[int, str]]] = {}  # _close needs the first four letters equal
    for j in caps:
        for lem in t_lem[j]:
            caps_by_head.setdefault(lem[:4], []).append((j, lem))
    by_text: dict[str, list[int]] = {}
    for j, t in enumerate(t_tok):
        by_text.setdefault(t.text, []).append(j)
    i = 0
    while i < len(s_tok):
        if s_tok[i].kind != "word" or i in used_s:
            i += 1
            continue
        done = 0
        for n in range(MAX_PHRASE, 0, -1):
            span = range(i, i + n)
            if i + n > len(s_tok) or any(s_tok[k].kind != "word" or k in used_s for k in span):
                continue
            if n > 1 and not _adjacent(src_text, s_tok, i, n):
                continue
            if n == 1 and (not s_tok[i].content or surname(s_tok[i].text, src)):
                continue  # a surname shaped like a word (Кузнецов) is transliterated, not "Smith"
            # joined as written: a hyphenated compound is one word of a dictionary (северо-западный)
            phrase = "".join(s_tok[k].text + ("-" if k + 1 < i + n and src_text[s_tok[k].end : s_tok[k + 1].start].strip()
                                              else " " if k + 1 < i + n else "") for k in span)
            best = None
            for p in sorted(translations(phrase), key=lambda p: -len(p.split())):
                hit = find(p)
                if hit is None:
                    continue
                hit = [j for j in hit if not t_tok[j].text.casefold() in stop_t] or hit
                if best is None or (set(hit) - used_t and not set(best[0]) - used_t):
                    best = (hit, p)
                if not set(hit) & used_t:
                    break
            if best is None and n == 1:
                # a name's translation inflected or derived (цыган → romany ~ Roma): a
                # capitalised target word sharing most of its beginning with a one-word translation
                for p in (translations(phrase) if _common_word(s_tok[i].text, src) else ()):
                    if " " in p:
                        continue
                    hit = free_t.first(("close", p), lambda p=p: sorted({j for j, lem in caps_by_head.get(p[:4], ())
                                                                          if _close(p, lem)}))  # the first in the segment
                    if hit is not None:
                        best = ([hit], p)
                        break
            if best is None:
                # a multi-word translation shortened in the target: its first or last word,
                # capitalised there (United Arab Emirates → the Emirates, Central Bank → the Bank)
                for p in translations(phrase):
                    words = [w for w in p.split() if w not in stop_t]
                    if len(words) < 2:
                        continue
                    hit = next((h for w in (words[-1], words[0]) if len(w) >= 4 and (h := free_t.first(
                        ("capital", w), lambda w=w: [j for j in head.get(w, ()) if t_tok[j].text[:1].isupper()])) is not None),
                        None)
                    if hit is None:  # its initials: United Arab Emirates → UAE, customs union → CU
                        initials = "".join(w[0] for w in words).upper()
                        hit = free_t.first(("text", initials), lambda: by_text.get(initials, []))
                    if hit is not None:
                        best = ([hit], p)
                        break
            if best is not None:
                add(span, best[0], "lexicon", best[1])
                done = n
                break
        i += done or 1
    # the other way: a target word the lexicon back-translates into a source lemma
    s_head: dict[str, list[int]] = {}
    s_by_head: dict[str, list[int]] = {}  # content words by the first four letters of a lemma (_close)
    for i, s in enumerate(s_tok):
        if s.kind == "word" and not surname(s.text, src):
            for lem in _lemmas(lex, s.text, src):
                s_head.setdefault(lem, []).append(i)
                if s.content:
                    s_by_head.setdefault(lem[:4], []).append(i)
    back_found: dict[str, int | None] = {}
    free_s = FirstFree(used_s)

    prefixes, suffixes = formation(src)["prefixes"], formation(src)["place_endings"]
    s_by_rest: dict[str, list[int]] = {}  # place names by their lemma without a word-forming prefix
    for i, s in enumerate(s_tok):
        if s.kind == "word" and s.content and prefixes:
            for lem in _lemmas(lex, s.text, src):
                for pre in prefixes:
                    if lem.startswith(pre) and lem.endswith(suffixes) and len(lem) - len(pre) >= 5:
                        s_by_rest.setdefault(lem[len(pre):][:4], []).append(i)

    def derived(p: str) -> list[int]:
        """Content words of the source one of whose lemmas shares p's root: a common word's
        (десятина ~ десятинный), a longer one for a name or a word the morphological dictionary
        does not know (Десятинная), or the root after a word-forming prefix (Заполярье = за +
        полярье ~ полярный, a place name of the `word_formation` kind)."""
        near = set(s_by_head.get(p[:4], ())) | {i for i in s_head.get(p, ()) if s_tok[i].content}
        out = set()
        for i in near:
            lems = _lemmas(lex, s_tok[i].text, src)
            if _common_word(s_tok[i].text, src):
                if any(_close(p, lem) for lem in lems):
                    out.add(i)
            elif len(p) >= 6 and _unknown_word(s_tok[i].text, src) and any(_shared_root(p, lem) for lem in lems):
                out.add(i)  # not a known name (Кузнецов is no "Smith"), a word the dictionary lacks
        for i in s_by_rest.get(p[:4], ()):
            if len(p) >= 6 and any(_shared_root(p, lem[len(pre):], least=5) for lem in _lemmas(lex, s_tok[i].text, src)
                                   for pre in prefixes if lem.startswith(pre) and lem.endswith(suffixes)):
                out.add(i)
        return sorted(out)

    for j, t in enumerate(t_tok):
        if j in used_t or not t.content or t.kind != "word":
            continue
        for p in back(bare(t.text)):
            words = re.split(r"[\s\-‑]+", p)  # a hyphenated compound stands as two tokens there
            if p not in back_found:  # where the phrase first stands in the source, used or not
                back_found[p] = next((i for i in s_head.get(words[0], ()) if i + len(words) <= len(s_tok)
                                      and all(words[k] in _lemmas(lex, s_tok[i + k].text, src)
                                              for k in range(1, len(words)))), None)
            hit = back_found[p]
            if hit is not None:
                add(range(hit, hit + len(words)), (j,), "lexicon", p)
                break
        else:
            if not t.text[:1].isupper():
                continue
            # derived or inflected beyond the lemmatiser (Tithes → десятина ~ Десятинная)
            for p in back(bare(t.text)):
                if " " in p:
                    continue
                hit = free_s.first(("derived", p), lambda p=p: derived(p))
                if hit is not None:
                    add((hit,), (j,), "lexicon", p + "~")
                    break


class FirstFree:
    """The first of a fixed list of candidates not in `used`, for a set `used` that only grows:
    each list is computed once (per key) and each search resumes where the last one stopped,
    so asking for every word of a long pair costs linear time, not a scan each."""

    def __init__(self, used: set[int]):
        self.used = used
        self._lists: dict = {}
        self._at: dict = {}

    def first(self, key, candidates) -> int | None:
        if key not in self._lists:
            self._lists[key] = candidates()
        ns, k = self._lists[key], self._at.get(key, 0)
        while k < len(ns) and ns[k] in self.used:
            k += 1
        self._at[key] = k
        return ns[k] if k < len(ns) else None


def _common_word(word: str, lang: str) -> bool:
    """A common word of its language (a morphological dictionary decides where there is one):
    only those are matched loosely; a name that looks like a word (Акуля ~ акула) is not."""
    if wordclass.has_morphology(lang):
        return wordclass.classify(word, lang) == wordclass.COMMON
    return source_word(word, lang)


def _close(a: str, b: str) -> bool:
    """Two lemmas of one root: a common beginning of at least 4 letters and three quarters of
    the shorter (romany ~ roma, десятина ~ десятинный; not finnish ~ finland)."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 4 and n >= 0.75 * min(len(a), len(b)) and abs(len(a) - len(b)) <= 4


def _adjacent(text: str, toks, i: int, n: int) -> bool:
    """Consecutive words of one phrase: only spaces or a hyphen between them."""
    return all(text[toks[k].end : toks[k + 1].start].strip() in ("", "-", "‑") for k in range(i, i + n - 1))


# Sorted, never a set's order: which translation links first must not depend on Python's
# per-process string hashing, or two runs of one audit could report differently.
def _translations(lex, phrase: str) -> tuple[str, ...]:
    try:
        return tuple(sorted(lex.translations(phrase)))
    except Exception:
        return ()


def _back(lex, phrase: str) -> tuple[str, ...]:
    try:
        return tuple(sorted(lex.back(phrase)))
    except Exception:
        return ()


def _lemmas(lex, word: str, lang: str) -> frozenset:
    word = bare(word)
    try:
        out = set(lex.lemmas(word, lang))
    except Exception:
        out = set()
    out.add(word.casefold())
    return frozenset(out)


def derived_pass(src, tgt, s_tok, t_tok, add, used_s, used_t, references, lex) -> None:
    """A place name of the target rendered from a source word derived from it (an adjective):
    * the source word shares a long root with a one-word exonym or CLDR name whose target form
      is the target word (прибалтийском ~ Прибалтика → Baltic);
    * the source word names a language (CLDR, or a lexicon translation of it does) that is an
      official language of the country the target word names (финские → Finnish → Finland;
      CLDR's official languages per territory).
    Only capitalised target words left unlinked, and content words of the source left unlinked."""
    caps = [j for j, t in enumerate(t_tok) if j not in used_t and t.kind == "word" and t.content and t.text[:1].isupper()]
    if not caps:
        return
    roots, countries = _derived_tables(references, src, tgt)
    left = [i for i, s in enumerate(s_tok) if i not in used_s and s.kind == "word" and s.content and len(s.text) >= 4]
    if not left:
        return
    s_stems = {i: stem(s_tok[i].text, base(src)) for i in left}
    by_root: dict[str, list[int]] = {}  # _shared_root needs six letters in common
    for i in left:
        by_root.setdefault(s_stems[i][:6], []).append(i)
    free = FirstFree(used_s)  # each search resumes where it stopped (used_s only grows): issue 14
    said: dict[str, list[str]] = {}  # a source word's lemmas and translations, once per word

    def names(i: int) -> list[str]:
        w = s_tok[i].text
        if w not in said:
            out = set(_lemmas(lex, w, src)) if lex is not None else set(simple_lemmas(w, base(src)))
            if lex is not None:
                out |= {t.casefold() for t in _translations(lex, w)}
            said[w] = sorted(out)
        return said[w]

    for j in caps:
        key = bare(t_tok[j].text).casefold()
        hit = None
        for root in sorted(roots.get(key, ())):
            hit = free.first(("root", root), lambda root=root: [i for i in by_root.get(root[:6], ())
                                                                  if _shared_root(s_stems[i], root)])
            if hit is not None:
                add((hit,), (j,), "derived", root + "~")
                break
        if hit is not None or key not in countries:
            continue
        langs = countries[key]
        i = free.first(("country", key), lambda: [i for i in left if any(n in langs for n in names(i))])
        if i is not None:
            add((i,), (j,), "derived", next(n for n in names(i) if n in langs))


def _shared_root(a: str, b: str, least: int = 6) -> bool:
    """Two stems of one root, the longer derived from the shorter (прибалтийск ~ прибалтик):
    a common beginning of at least `least` letters and of all but the last letter or two of
    the shorter."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= least and n >= min(len(a), len(b)) - 2


@lru_cache(maxsize=32)
def formation(lang: str) -> dict:
    """How the language builds words (references/bilingual/names.yaml `word_formation`):
    linking vowels and first-stem endings of compounds, word-forming prefixes."""
    d = (names_data().get("word_formation") or {}).get(base(lang)) or {}
    return {k: tuple(str(x).casefold() for x in (d.get(k) or ()))
            for k in ("linking", "first_endings", "prefixes", "place_endings")}


def _unknown_word(word: str, lang: str) -> bool:
    """A word the language's morphological dictionary does not know (Десятинная): neither a
    common word nor a name it tags."""
    return wordclass.has_morphology(lang) and wordclass.classify(word, lang) == wordclass.UNKNOWN


def compound_pass(lex, src, tgt, tgt_text, s_tok, t_tok, add, used_s, used_t) -> None:
    """Compounds the dictionaries do not list, read through their parts:
    * a source word of two stems joined by a linking vowel (`word_formation` of names.yaml),
      each stem a dictionary word, whose translations stand side by side in the target
      (Беломорской = бел-о-морской → White Sea, Черноморский → Black Sea), or whose first
      stem's translation opens a hyphenated compound there (русскоязычная → Russian-language);
    * a capitalised target word the lexicon does not know, made of two words it does, one of
      which back-translates into a source word left unlinked (Battlestar = battle + star ←
      Звездный)."""
    form = formation(src)
    t_lem = [_lemmas(lex, t.text, tgt) if t.kind == "word" else frozenset() for t in t_tok]
    head: dict[str, list[int]] = {}
    for j, lems in enumerate(t_lem):
        for lem in lems:
            head.setdefault(lem, []).append(j)
    if form["linking"]:
        for i, s in enumerate(s_tok):
            w = bare(s.text)
            if i in used_s or s.kind != "word" or not s.content or len(w) < 7 or _translations(lex, w):
                continue
            low = w.casefold()
            for k in range(3, len(low) - 4):
                if low[k] not in form["linking"]:
                    continue
                first = {t.casefold() for e in form["first_endings"] for t in _translations(lex, low[:k] + e) if " " not in t}
                if not first:
                    continue
                second = {t.casefold() for t in _translations(lex, low[k + 1:]) if " " not in t}
                pair = next(((j, j + 1) for a in sorted(first) for j in head.get(a, ()) for b in sorted(second)
                             if j + 1 < len(t_tok) and b in t_lem[j + 1] and not {j, j + 1} <= used_t), None)
                if pair is None:
                    pair = next(((j,) for a in sorted(first) for j in head.get(a, ()) if j not in used_t and j + 1 < len(t_tok)
                                 and tgt_text[t_tok[j].end : t_tok[j + 1].start] in ("-", "‑")), None)
                if pair is not None:
                    add((i,), [j for j in pair if j not in used_t], "lexicon", low[:k] + "+" + low[k + 1:])
                    break
    s_head: dict[str, list[int]] = {}
    for i, s in enumerate(s_tok):
        if s.kind == "word" and s.content:
            for lem in _lemmas(lex, s.text, src):
                s_head.setdefault(lem, []).append(i)
    for j, t in enumerate(t_tok):
        w = bare(t.text)
        if j in used_t or t.kind != "word" or not t.content or not w[:1].isupper() or len(w) < 6 or _back(lex, w):
            continue
        low = w.casefold()
        for k in range(3, len(low) - 2):
            parts = (low[:k], low[k:])
            said = [_back(lex, part) for part in parts]
            if not all(said):
                continue
            hit = next((i for ps in said for p in ps if " " not in p for i in s_head.get(p, ()) if i not in used_s), None)
            if hit is not None:
                add((hit,), (j,), "lexicon", "+".join(parts))
                break


def _derived_tables(references, src: str, tgt: str):
    """(target form → source stems of one-word exonym/CLDR entries; target country name →
    names of its official languages in either language), once per pair."""

    def build():
        roots: dict[str, set] = {}
        for stems, expected, entry, how in source_names.lexicon(references, src, tgt).entries:
            if how in ("exonym", "cldr") and len(stems) == 1 and len(stems[0]) >= 6:
                for f in expected:
                    if " " not in f:
                        roots.setdefault(f.casefold(), set()).add(stems[0])
        countries: dict[str, set] = {}
        try:
            from babel import Locale
            from babel.languages import get_official_languages

            ls, lt = Locale.parse(base(src)), Locale.parse(base(tgt))
            for code, name in lt.territories.items():
                if code.isdigit() or len(code) != 2:
                    continue
                langs = set()
                for lang in get_official_languages(code):
                    for loc in (ls, lt):
                        n = loc.languages.get(lang)
                        if n and " " not in n:
                            langs.add(fold(n))
                if langs:
                    countries[name.casefold()] = langs
        except Exception:  # a language CLDR does not know
            pass
        return roots, countries

    return references.compiled(("wordalign-derived", base(src), base(tgt)), build)


# emptied when another references directory's names.yaml comes in force (audit.datafiles)
datafiles.on_change(function_words.cache_clear)
datafiles.on_change(formation.cache_clear)
