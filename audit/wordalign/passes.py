"""The word aligner: each source content word linked to its counterpart in the target segment
or to none, in passes of falling certainty (the package's docstring, audit/wordalign/__init__.py,
says which); the values it returns are audit/wordalign/model.py's."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from audit import datafiles, source_names, wordclass
from audit.lexicon.table import bare, simple_lemmas
from audit.phrases import INVISIBLE_CLASS
from audit.quantities import extract
from audit.translit import base, fold, names_data, similarity, source_word, stem, surname
from audit.wordalign.model import Alignment, Link, Token, indexed

MAX_PHRASE = 3  # longest source phrase looked up in the lexicon
THRESHOLD = 80.0  # transliteration similarity (as audit.name_compare)
# audit.lexicon.table.TOKEN, but invisible characters inside a word do not split it (the
# token's span keeps them, its text drops them: source_names.words does the same)
TOKEN = re.compile(rf"[^\W\d_]+(?:(?:['’]|[{INVISIBLE_CLASS}]+)[^\W\d_]+)*")


# --- data ----------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def function_words(lang: str) -> frozenset:
    """Closed-class words of a language (references/bilingual/names.yaml `function_words`):
    they are aligned when the evidence says so but never count as content left unaligned."""
    return frozenset(str(w).casefold() for w in (names_data().get("function_words") or {}).get(base(lang)) or ())


def tokens(text: str, lang: str) -> list[Token]:
    stop = function_words(lang)
    out = []
    for m in TOKEN.finditer(text):
        w = m.group(0).translate(source_names.UNSEEN)
        letters = [c for c in w if c.isalpha()]
        acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
        content = w.casefold() not in stop and bare(w).casefold() not in stop and (len(letters) >= 3 or acronym)
        out.append(Token(m.start(), m.end(), w, content))
    return out


# --- alignment -----------------------------------------------------------------------------


def align(src_text: str, src: str, tgt_text: str, tgt: str, references, lex=None) -> Alignment:
    """Align one source segment with its target segment (offsets into each text)."""
    s_tok = tokens(src_text, src)
    t_tok = tokens(tgt_text, tgt)
    links: list[Link] = []
    used_s: set[int] = set()
    used_t: set[int] = set()

    def add(si, tj, kind: str, via: str = "") -> None:
        si, tj = tuple(si), tuple(tj)
        if si and tj:
            links.append(Link(si, tj, kind, via))
            used_s.update(si)
            used_t.update(tj)

    if references is not None:
        _names_pass(src_text, src, tgt_text, tgt, references, s_tok, t_tok, add)
    s_tok, t_tok = _numbers_pass(src_text, src, tgt_text, tgt, s_tok, t_tok, links, used_s, used_t)
    # the same word on both sides
    t_by_text: dict[str, list[int]] = {}
    for j, t in enumerate(t_tok):
        t_by_text.setdefault(bare(t.text).casefold(), []).append(j)
    free = _FirstFree(used_t)  # the first target word not yet used, each search resuming (issue 14)
    for i, s in enumerate(s_tok):
        if s.kind == "word" and s.content and i not in used_s:
            key = bare(s.text).casefold()
            j = free.first(("same", key), lambda key=key: t_by_text.get(key, []))
            if j is not None:
                add((i,), (j,), "same")
    if lex is not None:
        _lexicon_pass(lex, src, tgt, src_text, s_tok, t_tok, add, used_s, used_t)
        _compound_pass(lex, src, tgt, tgt_text, s_tok, t_tok, add, used_s, used_t)
    if references is not None:
        _derived_pass(src, tgt, s_tok, t_tok, add, used_s, used_t, references, lex)
    _translit_pass(src, tgt, s_tok, t_tok, add, used_s, used_t)
    _regnal_pass(src, tgt, src_text, tgt_text, s_tok, t_tok, links, add, used_s, used_t)
    return indexed(tuple(s_tok), tuple(t_tok), tuple(links), lex is not None)


def _names_pass(src_text, src, tgt_text, tgt, references, s_tok, t_tok, add) -> None:
    """Glossary entries, exonyms and CLDR names found on both sides (the names lexicon, audit.source_names)."""
    lex = source_names.lexicon(references, src, tgt)
    if not lex.entries:
        return
    keys = [stem(t.text, base(src)) for t in s_tok]
    taken: set[int] = set()
    found = []
    for i, k in enumerate(keys):
        for n in lex.by_head.get(k[:3], ()):
            stems = lex.entries[n][0]
            if i + len(stems) <= len(s_tok) and all(source_names.same_stem(keys[i + j], stems[j]) for j in range(len(stems))):
                found.append((n, i))
    t_words = [source_names.Word(t.start, t.end, bare(t.text), False) for t in t_tok]
    index = source_names.WordIndex(t_words, tgt)  # the target's words looked up, never scanned per name
    linked: set[int] = set()  # target words this pass has given a source name
    same_word: dict[str, list[int]] = {}  # a target word's positions, by its text (built when first needed)
    for n, i in sorted(found):
        stems, expected, entry, how = lex.entries[n]
        span = range(i, i + len(stems))
        if taken.intersection(span):
            continue
        hit = index.present(tuple(expected), tgt_text)
        if hit is None:
            continue
        first = index.position(hit.start)
        if first is None:  # a target without spaces: the form found inside a longer token
            first = bisect_left(index.starts, hit.start + 1) - 1
            if first < 0 or t_words[first].end <= hit.start:
                continue
        if first in linked:
            # One target word renders one source name: «иранской … Ирана» against "Iranian …
            # Rasskazovo" links the adjective, and Iran is left to be missed. Another
            # occurrence of the same word, unused, serves the second (Россия … России).
            if not same_word:
                for j, w in enumerate(t_words):
                    same_word.setdefault(w.text.casefold(), []).append(j)
            first = next((j for j in same_word.get(t_words[first].text.casefold(), ()) if j not in linked), None)
            if first is None:
                continue
        taken.update(span)
        form = next((f for f in expected if index.present((f,), tgt_text)), expected[0])
        n_words = max(1, len(source_names.WORD.findall(form)))
        linked.add(first)
        add(span, range(first, min(first + n_words, len(t_tok))), how, entry or expected[0])


def _numbers_pass(src_text, src, tgt_text, tgt, s_tok, t_tok, links, used_s, used_t):
    """Quantities equal on both sides become tokens of kind 'number', linked. Words inside a
    quantity (июля in '26 июля', million) become part of the number token."""
    try:
        sq, tq = extract(src_text, src), extract(tgt_text, tgt)
    except Exception:  # the numbers reader never stops an alignment
        return s_tok, t_tok
    if not sq and not tq:
        return s_tok, t_tok

    def merge(toks, qs):
        # a token inside a quantity: one starting at or before it reaches past its end (the
        # quantities by start, with the furthest end so far: no scan of them per token)
        spans = sorted((q.span.start, q.span.end) for q in qs)
        starts, reach, far = [a for a, _ in spans], [], -1
        for _, b in spans:
            far = max(far, b)
            reach.append(far)

        def inside(t) -> bool:
            k = bisect_left(starts, t.start + 1) - 1
            return k >= 0 and reach[k] >= t.end

        out = [t for t in toks if not inside(t)]
        out += [Token(q.span.start, q.span.end, q.text, True, "number") for q in qs]
        return sorted(out, key=lambda t: t.start)

    s_new, t_new = merge(s_tok, sq), merge(t_tok, tq)
    # indices of links made before (names pass) must follow the new token lists
    s_map = {(t.start, t.end): i for i, t in enumerate(s_new)}
    t_map = {(t.start, t.end): j for j, t in enumerate(t_new)}
    old = list(links)
    links.clear()
    used_s.clear()
    used_t.clear()
    for link in old:
        si = tuple(s_map[(s_tok[i].start, s_tok[i].end)] for i in link.source if (s_tok[i].start, s_tok[i].end) in s_map)
        tj = tuple(t_map[(t_tok[j].start, t_tok[j].end)] for j in link.target if (t_tok[j].start, t_tok[j].end) in t_map)
        if si and tj:
            links.append(Link(si, tj, link.kind, link.via))
            used_s.update(si)
            used_t.update(tj)
    # each source quantity takes the first target quantity not taken that shares a value:
    # target quantities indexed by value, each list resumed where it stopped (taken only grows)
    by_value: dict = {}
    for n, r in enumerate(tq):
        for v in r.values:
            by_value.setdefault(v, []).append(n)
    resume: dict = {}
    taken: set[int] = set()
    for q in sq:
        k = None
        for v in q.values:
            ns, m = by_value.get(v, ()), resume.get(v, 0)
            while m < len(ns) and ns[m] in taken:
                m += 1
            resume[v] = m
            if m < len(ns) and (k is None or ns[m] < k):
                k = ns[m]
        if k is None:
            continue
        taken.add(k)
        i, j = s_map[(q.span.start, q.span.end)], t_map[(tq[k].span.start, tq[k].span.end)]
        links.append(Link((i,), (j,), "number", ""))
        used_s.add(i)
        used_t.add(j)
    return s_new, t_new


def _lexicon_pass(lex, src, tgt, src_text, s_tok, t_tok, add, used_s, used_t) -> None:
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
    free_t = _FirstFree(used_t)

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
    free_s = _FirstFree(used_s)

    prefixes, suffixes = _formation(src)["prefixes"], _formation(src)["place_endings"]
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


class _FirstFree:
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


def _derived_pass(src, tgt, s_tok, t_tok, add, used_s, used_t, references, lex) -> None:
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
    free = _FirstFree(used_s)  # each search resumes where it stopped (used_s only grows): issue 14
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
def _formation(lang: str) -> dict:
    """How the language builds words (references/bilingual/names.yaml `word_formation`):
    linking vowels and first-stem endings of compounds, word-forming prefixes."""
    d = (names_data().get("word_formation") or {}).get(base(lang)) or {}
    return {k: tuple(str(x).casefold() for x in (d.get(k) or ()))
            for k in ("linking", "first_endings", "prefixes", "place_endings")}


def _unknown_word(word: str, lang: str) -> bool:
    """A word the language's morphological dictionary does not know (Десятинная): neither a
    common word nor a name it tags."""
    return wordclass.has_morphology(lang) and wordclass.classify(word, lang) == wordclass.UNKNOWN


def _compound_pass(lex, src, tgt, tgt_text, s_tok, t_tok, add, used_s, used_t) -> None:
    """Compounds the dictionaries do not list, read through their parts:
    * a source word of two stems joined by a linking vowel (`word_formation` of names.yaml),
      each stem a dictionary word, whose translations stand side by side in the target
      (Беломорской = бел-о-морской → White Sea, Черноморский → Black Sea), or whose first
      stem's translation opens a hyphenated compound there (русскоязычная → Russian-language);
    * a capitalised target word the lexicon does not know, made of two words it does, one of
      which back-translates into a source word left unlinked (Battlestar = battle + star ←
      Звездный)."""
    form = _formation(src)
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


def _translit_pass(src, tgt, s_tok, t_tok, add, used_s, used_t) -> None:
    """Name-like words left on both sides (capitalised, or in a script without case),
    compared by transliteration."""
    left_t = [j for j, t in enumerate(t_tok) if j not in used_t and t.kind == "word" and t.content and _namelike(t.text)]
    if not left_t:
        return
    by_text: dict[str, list[int]] = {}  # each distinct target word compared once per source word
    for j in left_t:
        by_text.setdefault(bare(t_tok[j].text), []).append(j)
    free = _FirstFree(used_t)
    # a target demonym or adjective compared through the place inside it (Chechen → Chech ~
    # Чечни): names.yaml `demonym_endings` of the target language
    forms = {t: [t] + [t[: -len(e)] for e in _demonym_endings(tgt) if t.casefold().endswith(e) and len(t) - len(e) >= 4]
             for t in by_text}
    for i, s in enumerate(s_tok):
        if i in used_s or s.kind != "word" or not s.content or not _namelike(s.text):
            continue
        j = free.first(s.text, lambda s=s: sorted(j for t, js in by_text.items()
                                                  if any(similarity(s.text, src, f, tgt) >= THRESHOLD for f in forms[t])
                                                  for j in js))
        if j is not None:
            add((i,), (j,), "translit")


@lru_cache(maxsize=32)
def _demonym_endings(lang: str) -> tuple[str, ...]:
    ends = (names_data().get("demonym_endings") or {}).get(base(lang)) or ()
    return tuple(sorted((str(e).casefold() for e in ends), key=len, reverse=True))


_ROMAN = re.compile(r"[IVXLCDM]+")


# A regnal name keeps some of its sound across languages: Пий ~ Pius 57, Людовик ~ Louis 51,
# Павел ~ Paul 67, Фридрих ~ Frederick 72; another name in its place does not (Пием ~
# Medvedev 18, ~ John 29, Людовик ~ Charles 14, Карл ~ Louis 42). Яков ~ James (40) is lost.
REGNAL = 50.0


def _regnal_pass(src, tgt, src_text, tgt_text, s_tok, t_tok, links, add, used_s, used_t) -> None:
    """A regnal or papal name: the capitalised word right before a Roman numeral that is linked
    to the same numeral in the target renders the word right before that one (Пием XII → Pius
    XII, Людовик XIV → Louis XIV: such names are translated, not transliterated), when the two
    sound somewhat alike (REGNAL). Only words left unlinked by every other kind of evidence."""
    for link in [x for x in links if x.kind == "number" and len(x.source) == 1 and len(x.target) == 1]:
        i, j = link.source[0], link.target[0]
        if not (i and j and _ROMAN.fullmatch(s_tok[i].text) and _ROMAN.fullmatch(t_tok[j].text)):
            continue
        a, b = s_tok[i - 1], t_tok[j - 1]
        if i - 1 in used_s or j - 1 in used_t or a.kind != "word" or b.kind != "word":
            continue
        if not (a.text[:1].isupper() and b.text[:1].isupper() and a.content and b.content):
            continue
        if src_text[a.end : s_tok[i].start].strip() or tgt_text[b.end : t_tok[j].start].strip():
            continue  # the name and its numeral side by side, nothing between
        if similarity(a.text, src, bare(b.text), tgt) >= REGNAL:
            add((i - 1,), (j - 1,), "regnal")


def _namelike(word: str) -> bool:
    return word[:1].isupper() or not word[:1].islower()

# emptied when another references directory's names.yaml comes in force (audit.datafiles)
datafiles.on_change(function_words.cache_clear)
datafiles.on_change(_formation.cache_clear)
datafiles.on_change(_demonym_endings.cache_clear)
