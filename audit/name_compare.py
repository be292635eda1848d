"""Names across languages: does every name of the source survive into the translation, and
does every name of the translation come from the source?

Source names (audit/source_names.py) are capitalised words and runs of them (not
sentence-initial single words, and only runs in languages that capitalise every noun),
glossary source forms and exonyms. Each is looked for in the target three ways, cheapest
first:

1. a lexicon: glossary entries, exonyms (references/bilingual/names.yaml) and CLDR country
   and language names (Babel), matched on stems so inflection does not matter (России,
   Россия → Russia);
2. transliteration: romanised candidates of the source word (iuliia's schemes for Cyrillic,
   a weighted reverse-transcription table for practical spellings: Энтони → Anthony,
   Дауден → Dowden; unidecode for the rest, including CJK) compared with target words
   after phonetic normalisation, allowing inflection endings on either side;
3. for a target without letter case (Chinese, Japanese): a fuzzy search of the romanised
   candidates inside the romanised target.

A target name is explained when a source word (any word, not only capitalised ones)
transliterates to it, or the lexicon expects it. A source name made only of common words of
its language (audit.wordclass: a morphological dictionary where there is one) may have been
translated: left unmatched it is not reported, and it explains an unexplained capitalised
target word near its place. What is left on either side is reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from rapidfuzz import fuzz

from audit import datafiles
from audit.language_facts import script_of
from audit.name_leftovers import (
    after_cut_short,
    check_back,
    derived_claimed,
    lexicon_claims,
    merge_adjacent,
    pair_translated,
    pair_variants,
    place_words,
    quoted,
)
from audit.name_report import LOOSE, THRESHOLD, NameReport, Targets
from audit.source_names import (  # noqa: F401 - re-exported: the name checks' vocabulary
    WORD,
    Name,
    Word,
    cased,
    key_word_of,
    optional_word,
    prefix_of,
    present_form,
    source_names,
    words,
)
from audit.translit import (  # noqa: F401 - re-exported: the name checks' vocabulary
    base,
    common,
    known_word,
    names_data,
    not_names,
    phonetic,
    romanise,
    similarity,
    source_word,
    wordlike,
)


def compare_names(src_text: str, src: str, tgt_text: str, tgt: str, references, back: str | None = None,
                  alignment=None, lex=None) -> NameReport:
    """What the name checks need for one source/target pair (offsets into tgt_text). `back`:
    the target's back-translation into the source language, when a model made one.
    `alignment` (audit.wordalign.Alignment) and `lex` (a bilingual lexicon): with them a name
    translated (Китая → China, Гроба Господня → Holy Sepulchre) counts as rendered, a target
    word the dictionary explains is no unexplained name, and names the lexicon knows are
    required; without them the checks work from transliteration and word lists alone."""
    report = NameReport()
    tgt_words = words(tgt_text)
    src_words = words(src_text)
    targets = Targets(tgt_words, src, tgt)
    explained: set[int] = set()  # indices into tgt_words
    tgt_cased = cased(tgt)
    present: dict = {}  # expected forms → target word: a name repeated is looked up once (issue 8)
    names = source_names(src_text, src, references, tgt, lex)
    # a target word a name transliterates closely is that name's before any name matches it
    # loosely (Алексея Миранчука took "Milan" at LOOSE, though Милан is Milan at THRESHOLD)
    for name in names:
        if name.how != "lexicon":
            _translit_hit(name, src, targets, tgt, tgt_text, explained)
    for name in names:
        if name.how == "lexicon":
            if name.expected not in present:
                present[name.expected] = present_form(name.expected, tgt_words, tgt, tgt_text, targets.index)
            hit = present[name.expected]
            if hit is not None:
                _explain_from(hit, name.expected, targets, explained)
                report.matched.append((name, hit))
                if name.strong and name.entry and len(name.words) > 1:
                    _first_replaced(name, hit, src, targets, tgt, explained, alignment, report,
                                    _kind(references, name.entry) == "person")
            elif name.entry and name.strong and quoted(src_text, name.start, name.end) \
                    and (hit := _translit_hit(name, src, targets, tgt, tgt_text, explained)[0]) is not None:
                # a title in quotes (a channel, a ship, a newspaper: «Говорит Москва») may be kept
                # transliterated (Govorit Moskva): the glossary's form is for the place, not the title
                report.matched.append((name, hit))
            elif name.entry and name.strong and _kind(references, name.entry) in ("person", "place", "organisation") \
                    and not _another_country(name, src_text, src_words, references, src, tgt, lex):
                # titles and terms are paraphrased too often ("глава МИД" for Foreign Minister);
                # the glossary is the authority: the lexicon does not excuse its entries
                report.glossary.append((name, _wrong_form(name.entry, references, targets, tgt)))
            elif name.strong and not name.entry:  # an exonym or CLDR name: maybe transliterated
                hit, _ = _translit_hit(name, src, targets, tgt, tgt_text, explained)
                if hit is not None and tgt_cased and hit.text.islower():
                    hit = None  # a country or city keeps its capital: "ian" (of a cut "Iranian") is no Ирана
                if hit is None and name.words[0].capitalised and _loose_hit(name, src, targets, tgt, explained, alignment) is None \
                        and _aligned(name, src, alignment, targets) is None:
                    report.missing.append(name)
            continue
        hit, problems = _translit_hit(name, src, targets, tgt, tgt_text, explained)
        if hit is None:
            hit, problems = _aligned(name, src, alignment, targets), []  # translated: Китая → China
        if hit is None:
            hit = _loose_hit(name, src, targets, tgt, explained, alignment)
        if hit is None:
            hit = _descriptor_said_otherwise(name, src, targets, tgt, tgt_text, explained)
        if hit is not None:
            report.matched.append((name, hit))
            if name.strong:
                for w, t in problems:
                    if w.acronym:
                        continue
                    if _same_name(w, src, t, tgt, alignment):
                        if t is not None:  # Фаддея ~ Thaddeus: that target word is explained
                            if (n := targets.index.position(t.start)) is not None:
                                explained.add(n)
                        continue
                    report.partial.append((w, t))
        elif name.strong:
            report.missing.append(name)
            if _other_word_rendered(name, src, targets, tgt):
                report.truncated.append(name)
    lexicon_claims(report, targets)
    if not tgt_cased:
        return report
    # Target names: capitalised, not sentence-initial, not stop words, not explained.
    expected = list(dict.fromkeys(f for name in names if name.how == "lexicon" for f in name.expected))  # each form once
    stop = not_names(tgt)
    same_script = _scripts(src_text) == _scripts(tgt_text)
    src_texts = list(dict.fromkeys(s.text for s in src_words if len(s.text) >= 2))  # each source word once
    prefixed: dict[str, bool] = {}  # a target word's answers, once per distinct word
    similar: dict[str, bool] = {}
    joined: dict[tuple[str, str], bool] = {}
    terms = []  # capitalised words of the language left unexplained: translated names ("Customs Union")
    spare = []  # capitalised words that are no names (sentence-initial, titles): translations too
    for i, w in enumerate(tgt_words):
        if i in explained or not w.capitalised or len(w.text) < 2:
            continue
        if alignment is not None and alignment.explained(w.start, w.end):
            continue  # the lexicon, a number or a transliteration explains it
        if w.initial != (w.text.casefold() in stop) and len(w.text) >= 3 and not w.acronym:
            spare.append(w)  # "Educational" opening a sentence, "Christmas"; not "The"
        if w.initial:
            continue
        if w.text.casefold() in stop or _ROMAN.match(w.text) or ((w.acronym or _plural_acronym(w.text)) and not same_script):
            continue
        if w.text not in prefixed:
            prefixed[w.text] = any(prefix_of(w.text, f) for f in expected)
        if prefixed[w.text]:
            continue
        if w.text not in similar:
            similar[w.text] = any(similarity(s, src, w.text, tgt) >= THRESHOLD for s in src_texts)
        if similar[w.text]:
            continue
        if _joined_match(i, tgt_words, tgt_text, src_texts, src, tgt, joined):
            continue  # Куангбинь → Quang Binh: one source word written as two
        if not cased(src) and _inside(w.text, tgt, src_text, src):
            continue
        if wordlike(w.text, tgt) and not after_cut_short(w, i, tgt_words, tgt_text, alignment, references, src, tgt):
            terms.append(w)  # a word of the language, maybe a translated name: not reported
            continue
        report.extra.append(w)
    if report.extra or terms:
        derived_claimed(report, names, targets, tgt_text)
    translated = pair_translated(report, terms, spare, src, tgt, tgt_words, max(len(src_text), 1), max(len(tgt_text), 1),
                                  lex is not None, place_words(references, src, tgt))
    pair_variants(report, src, tgt, src_text, tgt_text, targets)
    merge_adjacent(report, src_text)
    if back:
        check_back(report, translated, src, back)
    return report


@lru_cache(maxsize=16)
def _function_words(lang: str) -> frozenset:
    """Closed-class words of the language (names.yaml `function_words`), case-folded."""
    return frozenset(str(w).casefold() for w in (names_data().get("function_words") or {}).get(base(lang)) or ())


@lru_cache(maxsize=16)
def _pro_forms(lang: str) -> frozenset:
    return frozenset(str(w).casefold() for w in (names_data().get("pro_forms") or {}).get(base(lang)) or ())


def refers_back(tgt_text: str, tgt: str) -> bool:
    """Has the target text a word that can stand for a name said in a neighbouring sentence (a
    pronoun, "there", "the minister": names.yaml `pro_forms`)? True for a language without a
    list (nothing to tell by)."""
    forms = _pro_forms(tgt)
    return not forms or any(w.text.casefold() in forms for w in words(tgt_text))


def rendered_in(name: Name, src: str, tgt_text: str, tgt: str) -> bool:
    """Is the source name in this target text (another sentence's translation): one of its
    lexicon forms, or its key word by transliteration?"""
    targets = Targets(words(tgt_text), src, tgt)
    if name.expected and targets.index.present(name.expected, tgt_text) is not None:
        return True
    return _translit_hit(name, src, targets, tgt, tgt_text, set())[0] is not None


def _plural_acronym(word: str) -> bool:
    """MCIs, SAMs: an acronym with a plural ending (an acronym of another script, translated)."""
    return len(word) >= 3 and word[-1] == "s" and len(word[:-1]) >= 2 and word[:-1].isupper() and word[:-1].isalpha()


def _joined_match(i: int, tgt_words: list[Word], tgt_text: str, src_texts: list[str], src: str, tgt: str,
                  memo: dict) -> bool:
    """Is target word i, joined to the word next to it (a space or a hyphen between), one source
    word spelt as two (Куангбинь → Quang Binh, Ким Чен Ын → Kim Jong-un)? `src_texts`: the
    source's words, each once; `memo`: answers per pair of target words, kept by the caller."""
    for a, b in ((i - 1, i), (i, i + 1)):
        if a < 0 or b >= len(tgt_words):
            continue
        gap = tgt_text[tgt_words[a].end : tgt_words[b].start]
        if not (gap == "-" or (gap == " " and tgt_words[a].capitalised and tgt_words[b].capitalised)):
            continue  # two parts of one name: both capitalised, or hyphenated
        pair = (tgt_words[a].text, tgt_words[b].text)
        if pair not in memo:
            memo[pair] = _one_word_as_two(*pair, src_texts, src, tgt)
        if memo[pair]:
            return True
    return False


def _one_word_as_two(a: str, b: str, src_texts: list[str], src: str, tgt: str) -> bool:
    joined = a + b.lower()
    for s in src_texts:
        if len(s) < 5 or abs(len(s) - len(joined)) > 2:
            continue
        whole = similarity(s, src, joined, tgt)
        # the two words together must say it as well as either alone (not "Pontiff Pius"
        # for понтификом, which "Pontiff" says by itself)
        if whole >= THRESHOLD and whole >= max(similarity(s, src, a, tgt), similarity(s, src, b, tgt)):
            return True
    return False


def _first_replaced(name: Name, hit: Word, src: str, targets: Targets, tgt: str, explained: set[int],
                    alignment, report: NameReport, person: bool = False) -> None:
    """A glossary name found in a short form (Владимир Путин → "Putin") right after a capitalised
    word nothing explains ("President Dyukov Putin"): that word took the first name's place.
    A person's given name said in the source and said nowhere in the translation (`person`:
    «Президент Владимир Путин» → "President Putin") was dropped, as any name's first name is."""
    if not cased(tgt) or similarity(name.words[0].text, src, hit.text, tgt) >= THRESHOLD:
        return  # the full form is there
    i = targets.index.position(hit.start)
    if not i:
        return
    prev = targets.words[i - 1]
    if (i - 1 in explained or not prev.capitalised or prev.initial or prev.acronym or len(prev.text) < 3
            or prev.text.casefold() in not_names(tgt) or wordlike(prev.text, tgt)
            or (alignment is not None and alignment.explained(prev.start, prev.end))
            or any(prefix_of(prev.text, f) for f in name.expected)):
        if person and not _initial_of(name.words[0], prev, src) \
                and not _said_anywhere(name.words[0], hit, src, targets, tgt, alignment):
            report.partial.append((name.words[0], None))
        return
    explained.add(i - 1)
    report.partial.append((name.words[0], prev))


def _initial_of(w: Word, prev: Word, src: str) -> bool:
    """Is `prev` (right before the surname) the given name's initial ("V. Putin" for Владимир
    Путин): one capital letter that starts a romanisation of it?"""
    return len(prev.text) == 1 and prev.text.isupper() and any(r[:1] == prev.text.lower() for r, _ in romanise(w.text, src))


def _said_anywhere(w: Word, hit: Word, src: str, targets: Targets, tgt: str, alignment) -> bool:
    """Is the source word rendered somewhere in the target other than at `hit` (the surname the
    glossary's short form found): linked by the alignment, or a target word spelt like it
    (Vladimir, Volodymyr for Владимир)?"""
    if alignment is not None and any(not (hit.start <= alignment.target[j].start < hit.end)
                                     for _, j in alignment.linked_source(w.start, w.end)):
        return True
    return bool(targets.hits(("said", w.text), lambda t: len(t) >= 3 and similarity(w.text, src, t, tgt) >= LOOSE))


def _other_word_rendered(name: Name, src: str, targets: Targets, tgt: str) -> bool:
    """Is a word of the name other than its key word in the target, spelt alike (a first name
    left where the surname went)?"""
    if not cased(tgt):
        return False
    key = key_word_of(name, src)
    return any(w is not key and not w.acronym and len(w.text) >= 3
               and targets.hits(("other", w.text), lambda t, w=w: t[:1].isupper()
                                and similarity(w.text, src, t, tgt) >= THRESHOLD)
               for w in name.words)


_ROMAN = re.compile(r"^[IVXLCDM]+$")


def _scripts(text: str) -> set:
    return {script_of(c) for c in text if c.isalpha()} - {None}


def _aligned(name: Name, src: str, alignment, targets: Targets) -> Word | None:
    """The target word the alignment links to the name: its key word linked, or (a name made of
    common words, which translations translate) any of its words."""
    if alignment is None:
        return None
    key = key_word_of(name, src)
    kinds = None if name.translatable else ("lexicon", "same", "glossary", "exonym", "cldr", "translit", "regnal")
    for w in ([key] if not name.translatable else list(name.words)):
        hits = alignment.linked_source(w.start, w.end, kinds)
        for link, j in hits:
            if name.kind_named and not alignment.target[j].text[:1].isupper():
                continue  # a name of its kind translated keeps its capital (изданием "Подъем": not "raised")
            t = alignment.target[j]
            return targets.containing(t.start) or Word(t.start, t.end, t.text, False)
    return None


def _loose_hit(name: Name, src: str, targets: Targets, tgt: str, explained: set[int],
               alignment=None) -> Word | None:
    """A capitalised target word (or one the language does not know) close enough to the name's
    key word to be the same name in a spelling the transcription tables do not produce (Майкла ~
    Michael, Джек ~ Jack). Not a word the alignment has as the dictionary's translation of
    another source word («Коммерсант» ~ "Chamber", which translates палаты)."""
    if not cased(tgt):
        return None
    key = key_word_of(name, src)
    if len(key.text) < 3 or key.acronym:
        return None
    # in lower case only where the language does not know the word (a Latin species name:
    # Филодендрон Селло → philodendron selloum; not "bitch" for Бич)
    hits = targets.hits(("loose", key.text), lambda t: (t[:1].isupper() or not known_word(t, tgt)) and len(t) >= 3
                        and similarity(key.text, src, t, tgt) >= LOOSE and _same_onset(key.text, src, t, tgt))
    if alignment is not None and hits:
        own = set(alignment.source_at(name.start, name.end))
        hits = [i for i in hits if not _translates_other(alignment, targets.words[i], own)]
    i = targets.first_free(("loose", key.text, name.start), hits, explained)
    if i is None:
        return None
    explained.add(i)
    return targets.words[i]


def _onsets(word: str, lang: str) -> set[str]:
    """The first sounds of a word's romanisations (Юрий, Хуан ~ Juan: `_ONSET`)."""
    return {_ONSET.get(k[:2], _ONSET.get(k[0], k[0])) for k, _ in romanise(word, lang)[:8] if k}


# first sounds read as one: vowels, y and h; s, z and ts (Цюрих ~ Zurich); v and w; f and ph
_ONSET = {**{c: "V" for c in "aeiouyh"}, "z": "s", "ts": "s", "w": "v", "ph": "f"}


def _same_onset(a: str, a_lang: str, b: str, b_lang: str) -> bool:
    """Can the two words begin with the same sound, or is the second inside the first (a name
    after a prefix or a stump: Подмосковным ~ "Moscow", Генплана ~ "Plan")? A spelling the
    tables do not produce keeps a name's first sound (Майкла ~ Michael, Джек ~ Jack):
    Соловецких ~ "Orlov" scores 77, on the shared -ов-, and is another name."""
    if _onsets(a, a_lang) & _onsets(b, b_lang):
        return True
    inner = [k for k, _ in romanise(b, b_lang)[:4] if len(k) >= 4]
    return any(fuzz.partial_ratio(kb, ka) >= 90 for ka, _ in romanise(a, a_lang)[:8] for kb in inner)


_TRANSLATIONS = ("lexicon", "derived", "glossary", "exonym", "cldr")


def _translates_other(alignment, w: Word, own: set[int]) -> bool:
    """Does the alignment link target word `w` as a translation of source words none of which
    is in `own` (the name's)?"""
    return any(link.kind in _TRANSLATIONS and not own.intersection(link.source)
               for j in alignment.target_at(w.start, w.end) for link in alignment.target_links(j))


def _descriptor_said_otherwise(name: Name, src: str, targets: Targets, tgt: str, tgt_text: str,
                               explained: set[int]) -> Word | None:
    """A name the source writes in the target's own script whose last word is a common word of
    the target language (Orion Pictures, Aeroflot Group): the translation may say that word
    another way ("the Orion film studio"); another word of the name, there as written, renders
    it."""
    if not cased(tgt) or len(name.words) < 2:
        return None
    key = key_word_of(name, src)
    if _scripts(" ".join(w.text for w in name.words)) != _scripts(tgt_text) or not common(key.text, tgt):
        return None
    for w in name.words:
        if w is key or len(w.text) < 3:
            continue
        found = targets.by_text.get(w.text)
        if found:
            explained.add(found[0])
            return targets.words[found[0]]
    return None


def _same_name(w: Word, src: str, t: Word | None, tgt: str, alignment) -> bool:
    """A word of a found name 'replaced' by a target word that is the same name after all:
    linked by the alignment, or close by transliteration."""
    if alignment is not None and alignment.linked_source(w.start, w.end):
        return True
    return t is not None and similarity(w.text, src, t.text, tgt) >= LOOSE


def _explain_from(hit: Word, forms, targets: Targets, explained: set[int]) -> None:
    """The words of a found lexicon form, from where it starts (to 40 characters after it)."""
    key = ("from", hit.start, hit.end, forms)
    if key in targets._applied:  # the same hit of the same forms: explained already
        return
    targets._applied.add(key)
    ws = targets.words
    for i in range(bisect_left(targets.index.starts, hit.start), len(ws)):
        w = ws[i]
        if any(prefix_of(w.text, f) for f in forms):
            explained.add(i)
        if w.start > hit.end + 40:
            break


def _translit_hit(name: Name, src: str, targets: Targets, tgt: str, tgt_text: str, explained: set[int]):
    """(target word matching the name's key word or None, [(source word, target word | None)]
    for other words of the name that should be there and are not)."""
    if not cased(tgt):
        for w in name.words:
            if len(w.text) >= 3 and _inside(w.text, src, tgt_text, tgt):
                return Word(0, 0, w.text, False), []
        return None, []
    tgt_words = targets.words
    content = [w for w in name.words if len(w.text) >= 3 or w.acronym]
    hits: dict[int, tuple[int, Word]] = {}
    for k, w in enumerate(content):
        key = ("translit", w.text, w.acronym)
        # a closed-class word in lower case is no transliteration of a name (Ланди ~ "and",
        # ТЭЦ ~ "that", Финском ~ "in"); a lower-case word of another class may be (touring
        # for Турингу, "hubble" in a lower-cased MT output; "No" for Ноу is)
        found = targets.hits(key, lambda t, w=w: (w.acronym and w.text == t)
                             or (len(t) >= 2 and not (t.islower() and t in _function_words(tgt))
                                 and similarity(w.text, src, t, tgt) >= THRESHOLD))
        if found:
            targets.explain(key, found, explained)
            hits[k] = (found[0], tgt_words[found[0]])
    key_word = key_word_of(name, src)
    key = next((k for k, w in enumerate(content) if w is key_word), None)
    if key is None or key not in hits:
        return None, []
    problems = []
    stop = not_names(tgt)
    for k, w in enumerate(content):
        if k == key or k in hits or w.initial or optional_word(w.text, src):
            continue
        if source_word(w.text, src) and not name.kind_title:
            continue  # a common word a translation may translate; but a title of its kind whose key
            # word is transliterated (группы "Руки Вверх" → Ruki Vverkh) keeps its other words too
        if k == key - 1:  # a first name replaced by another name: point at that name
            i, t = hits[key]
            prev = tgt_words[i - 1] if i > 0 else None
            if (prev is not None and prev.capitalised and not prev.initial and i - 1 not in explained and tgt_text[prev.end : t.start].strip() == ""
                    and prev.text.casefold() not in stop):
                problems.append((w, prev))
                continue
        problems.append((w, None))
    return hits[key][1], problems


def _inside(word: str, lang: str, text: str, text_lang: str) -> bool:
    """Is `word` (any script) somewhere in `text` (a language without spaces)? Its consonant
    skeleton is compared with those of runs of 2-4 romanised syllables of the text: Chinese
    renders Macron as 马克龙 (ma ke long): m-k-l-n against m-k-r-n with r read as l."""
    from unidecode import unidecode

    syllables = [phonetic(s) for s in unidecode(text).split()]
    syllables = [s for s in syllables if s]
    keys = {_skeleton(k) for k, _ in romanise(word, lang)[:6] if len(k) >= 3}
    for n in (2, 3, 4):
        for i in range(len(syllables) - n + 1):
            window = _skeleton("".join(syllables[i : i + n]))
            if any(len(k) >= 3 and k[0] == window[:1] and fuzz.ratio(k, window) >= 75 for k in keys):
                return True
    hay = "".join(syllables)
    return any(fuzz.partial_ratio(k, hay) >= 80 for k, _ in romanise(word, lang)[:6] if len(k) >= 4)


def _skeleton(latin: str) -> str:
    s = latin.replace("ng", "n").replace("r", "l").replace("x", "s").replace("q", "c")
    s = re.sub(r"[aeiouy]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def _another_country(name: Name, src_text: str, src_words: list[Word], references, src: str, tgt: str, lex) -> bool:
    """The word right before a glossary name is a country's adjective (by the lexicon and the
    exonyms of names.yaml: британского → british → Britain) that none of the entry's forms
    names: «британского МИДа» is Britain's foreign ministry, not the Russian one the bare «МИД»
    of the entry stands for."""
    if lex is None:
        return False
    k = next((n for n, w in enumerate(src_words) if w.start == name.start), None)
    if not k or src_text[src_words[k - 1].end : name.start].strip():
        return False
    try:
        said = {t.casefold() for t in lex.translations(src_words[k - 1].text)}
    except Exception:  # a lexicon problem never stops the check
        return False
    if not said:
        return False
    entry = references.glossary.get(name.entry)
    if entry is None:
        return False
    own = " ".join(entry.all_forms(tgt)).casefold()
    for ex in names_data().get("exonyms") or ():
        forms = [str(f) for f in (ex.get(base(tgt)) or ())]
        if said & {f.casefold() for f in forms}:
            return not any(f.casefold() in own for f in forms)
    return False


def _kind(references, entry_id: str) -> str | None:
    e = references.glossary.get(entry_id)
    return e.kind if e else None


def _wrong_form(entry_id: str, references, targets: Targets, tgt: str) -> Word | None:
    e = references.glossary.get(entry_id)
    if e is None:
        return None
    forms = tuple(e.wrong.get(base(tgt), ()))
    hit = targets.index.present(forms, "") if forms else None
    if hit is not None:
        return hit
    canon = e.canonical(base(tgt)) or ""
    last = WORD.findall(canon)[-1:] if canon else []
    if not last:
        return None
    found = targets.hits(("wrong", last[0]), lambda t: t[:1].isupper() and similarity(t, tgt, last[0], tgt) >= 70)
    return targets.words[found[0]] if found else None

# emptied when another references directory's names.yaml comes in force (audit.datafiles)
datafiles.on_change(_pro_forms.cache_clear, _function_words.cache_clear)
