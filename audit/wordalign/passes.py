"""The word aligner: each source content word linked to its counterpart in the target segment
or to none, in passes of falling certainty (the package's docstring, audit/wordalign/__init__.py,
says which); the passes through the bilingual dictionary are audit/wordalign/dictionary.py's,
and the values it returns audit/wordalign/model.py's."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from audit import datafiles, source_names
from audit.lexicon.table import bare
from audit.phrases import INVISIBLE_CLASS
from audit.quantities import extract
from audit.translit import base, names_data, similarity, stem
from audit.wordalign.dictionary import FirstFree, compound_pass, derived_pass, function_words, lexicon_pass
from audit.wordalign.model import Alignment, Link, Token, indexed

THRESHOLD = 80.0  # transliteration similarity (as audit.name_compare)
# audit.lexicon.table.TOKEN, but invisible characters inside a word do not split it (the
# token's span keeps them, its text drops them: source_names.words does the same)
TOKEN = re.compile(rf"[^\W\d_]+(?:(?:['’]|[{INVISIBLE_CLASS}]+)[^\W\d_]+)*")


# --- data ----------------------------------------------------------------------------------


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
    free = FirstFree(used_t)  # the first target word not yet used, each search resuming (issue 14)
    for i, s in enumerate(s_tok):
        if s.kind == "word" and s.content and i not in used_s:
            key = bare(s.text).casefold()
            j = free.first(("same", key), lambda key=key: t_by_text.get(key, []))
            if j is not None:
                add((i,), (j,), "same")
    if lex is not None:
        lexicon_pass(lex, src, tgt, src_text, s_tok, t_tok, add, used_s, used_t)
        compound_pass(lex, src, tgt, tgt_text, s_tok, t_tok, add, used_s, used_t)
    if references is not None:
        derived_pass(src, tgt, s_tok, t_tok, add, used_s, used_t, references, lex)
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


def _translit_pass(src, tgt, s_tok, t_tok, add, used_s, used_t) -> None:
    """Name-like words left on both sides (capitalised, or in a script without case),
    compared by transliteration."""
    left_t = [j for j, t in enumerate(t_tok) if j not in used_t and t.kind == "word" and t.content and _namelike(t.text)]
    if not left_t:
        return
    by_text: dict[str, list[int]] = {}  # each distinct target word compared once per source word
    for j in left_t:
        by_text.setdefault(bare(t_tok[j].text), []).append(j)
    free = FirstFree(used_t)
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
datafiles.on_change(_demonym_endings.cache_clear)
