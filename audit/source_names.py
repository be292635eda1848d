"""The names of a source text, for the checks across languages (audit/name_compare.py): words
and their positions, capitalised words and runs of them, glossary source forms, exonyms and
CLDR names (the names lexicon), and which word of a name must survive a translation.

A name made only of common words of its language (audit.wordclass: a morphological
dictionary where there is one) may be translated; with a bilingual lexicon, acronyms and
names of common words are names too when the lexicon knows their translation (ОАЭ,
Министерство обороны).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from audit import datafiles, wordclass
from audit.language_facts import in_force as languages_in_force
from audit.lexicon import abbreviations
from audit.phrases import INVISIBLE, INVISIBLE_CLASS
from audit.translit import base, common, fold, names_data, not_names, stem
from audit.translit import translatable as translatable_word

MAX_NAME_WORDS = 8  # longest run of capitalised words still taken for one name
# invisible format characters inside a word (Zel<SHY>ensky, Смир<ZWSP>нягин) do not split it:
# the word's span keeps them, its text drops them (as audit.phrases tokens; LANG004 reports them)
WORD = re.compile(rf"[^\W\d_]+(?:[{INVISIBLE_CLASS}]+[^\W\d_]+)*(?:['’][^\W\d_]+)?")
UNSEEN = {ord(c): None for c in INVISIBLE}
_SENT_END = re.compile(r"[.!?…:;(\[—–]")
_AFTER_NUMBER = re.compile(r"\d\s*$")
OPENING_QUOTES = "\"«„“'"  # a quoted title opens with one of these (and closes with CLOSING_QUOTES)
CLOSING_QUOTES = "\"»“”'"
_SPACE_OR_OPENING = " \u00a0" + OPENING_QUOTES


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    initial: bool  # first word of a sentence (its capital tells nothing)

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @cached_property  # asked once per word per name compared: computed once
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class Name:
    words: tuple[Word, ...]
    how: str = "capitalised"  # capitalised | lexicon
    expected: tuple[str, ...] = ()  # target forms a lexicon entry expects
    entry: str | None = None  # glossary entry id, when the glossary found it
    strong: bool = True  # unmatched, it is reported (weak ones only explain)
    translatable: bool = False  # every word a common word of the language: may be translated
    known: bool = False  # a bilingual lexicon knows its translation: translated, it must be found
    untranslatable: bool = False  # translatable, but the bilingual lexicon has no translation for it
    kind_named: bool = False  # right after the noun of its kind (села Широкого): a name, whatever its words
    kind_title: bool = False  # kind_named, in quotes (группы "Руки Вверх"): a title, written as a whole

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


# --- words and names -----------------------------------------------------------------------


_POSSESSIVE = re.compile(r"['’]s$", re.I)


def words(text: str, lang: str | None = None) -> list[Word]:
    """Words with their offsets; a possessive ending is not part of the word (Bank’s, with the
    typographic apostrophe too, is Bank). With `lang`, a word after one of the language's
    abbreviations that stand in front of names (languages.yaml `name_abbreviations`: им., ул.,
    Dr.) does not open a sentence: «дивизия им. Дзержинского» names Dzerzhinsky."""
    out = []
    before_names = languages_in_force().get(base(lang)).name_abbreviations if lang else frozenset()
    for m in WORD.finditer(text):
        gap = text[out[-1].end : m.start()] if out else ""
        initial = not out or bool(_SENT_END.search(gap))
        if initial and out and gap.strip() == "." and out[-1].text.casefold() in before_names \
                and not _AFTER_NUMBER.search(text, 0, out[-1].start):  # «в 2020 г. Затем»: a unit ends one
            initial = False
        w = _POSSESSIVE.sub("", m.group(0)).rstrip("'’") or m.group(0)
        out.append(Word(m.start(), m.start() + len(w), w.translate(UNSEEN), initial))
    return out


def cased(lang: str) -> bool:
    return languages_in_force().get(base(lang)).cased  # languages.yaml `cased`


@dataclass(frozen=True)
class Lexicon:
    entries: tuple  # (source stems tuple, expected target forms, entry id | None, how), by priority
    by_head: dict = field(default_factory=dict)  # first 3 letters of the first stem → entry indices


def lexicon(references, src: str, tgt: str) -> Lexicon:
    def build() -> Lexicon:
        out = []
        src_b, tgt_b = base(src), base(tgt)
        for e in references.glossary:
            s_forms = e.accepted(src_b)
            t_forms = e.accepted(tgt_b)
            if s_forms and t_forms:
                for f in s_forms:
                    out.append((_form_stems(f, src_b), tuple(t_forms), e.id, "glossary"))
        data = names_data()
        for item in [*(data.get("exonyms") or ()), *(data.get("given_names") or ())]:  # Саша → Alexander
            s_forms, t_forms = item.get(src_b) or (), item.get(tgt_b) or ()
            for f in s_forms:
                if t_forms:
                    out.append((_form_stems(str(f), src_b), tuple(str(t) for t in t_forms), None, "exonym"))
        try:
            from babel import Locale

            ls, lt = Locale.parse(src_b), Locale.parse(tgt_b)
            for table in ("territories", "languages"):
                a, b = getattr(ls, table), getattr(lt, table)
                for code, name in a.items():
                    if code in b and (table == "languages" or not code.isdigit()) and len(name) >= 3:
                        out.append((_form_stems(name, src_b), (b[code],), None, "cldr"))
            for s_city, t_city in _cldr_cities(ls, lt):
                out.append((_form_stems(s_city, src_b), (t_city,), None, "cldr"))
        except Exception:  # a language CLDR does not know
            pass
        entries = tuple(e for e in out if e[0])
        heads: dict = {}
        for n, e in enumerate(entries):
            heads.setdefault(e[0][0][:3], []).append(n)
        return Lexicon(entries, heads)

    return references.compiled(("crossnames-lexicon", base(src), base(tgt)), build)


def _cldr_cities(ls, lt) -> list[tuple[str, str]]:
    """Cities in two languages from CLDR's time-zone exemplar cities (Рим → Rome, Мехико →
    Mexico City, Нью-Йорк → New York): about 400 capitals and large cities. A locale that
    does not name a city uses the zone id's last part (CLDR's own fallback). Antarctic
    stations (Восток, Мирный are also words) and abbreviated island groups are left out."""
    out = []
    for zone, data in ls.time_zones.items():
        city = data.get("city")
        if not city or zone.startswith(("Etc/", "Antarctica/")) or "о-в" in city or "." in city:
            continue
        other = (lt.time_zones.get(zone) or {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        out.append((city, other))
    return out


def _form_stems(form: str, lang: str) -> tuple[str, ...]:
    return tuple(stem(w, lang) for w in WORD.findall(form))


def same_stem(a: str, b: str) -> bool:
    """Stems of one word in two cases: equal, or one a prefix of the other (Лавр-, Лавров-;
    гонконгск- is made from Гонконг). `a` is the text's word, `b` the entry's: an entry longer
    than the word may differ by an inflection ending only (Зелен- is not Зеленск-)."""
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if not (len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= (5 if len(short) >= 5 else 3)):
        return False
    tail = long[len(short) :]
    return long == a or len(tail) <= 1 or tail in _all_endings()


@lru_cache(maxsize=1)
def _all_endings() -> frozenset:
    return frozenset(str(e) for ends in (names_data().get("endings") or {}).values() for e in ends or ())


class WordIndex:
    """A text's words indexed once: their stems by first four characters, their positions by
    offset, and the answer for each set of forms looked up, so that a name repeated in a long
    source costs a lookup, not a scan of the target (issue 14: once per name was quadratic)."""

    def __init__(self, ws: list[Word], lang: str):
        self.words = ws
        self.lang = base(lang)
        self.starts = [w.start for w in ws]
        self._by_start = {w.start: i for i, w in enumerate(ws)}
        self._keys: list[str] | None = None
        self._by_head: dict[str, list[int]] = {}
        self._first: dict[tuple[str, ...], int | None] = {}
        self.present_form: dict[tuple, Word | None] = {}
        self._prefix: dict[str, Word | None] = {}

    def position(self, start: int) -> int | None:
        """The index of the word starting at `start`, or None."""
        return self._by_start.get(start)

    def _stems(self) -> list[str]:
        if self._keys is None:
            self._keys = [stem(w.text, self.lang) for w in self.words]
            for i, k in enumerate(self._keys):
                self._by_head.setdefault(k[:4], []).append(i)
        return self._keys

    def find_stems(self, stems: tuple[str, ...]) -> int | None:
        """Where the run of `stems` first starts among the words (in order), or None. Two stems
        that are the same stem share their first four characters (same_stem), so only words
        starting like stems[0] are tried, once per run of stems."""
        if stems not in self._first:
            keys, n = self._stems(), len(stems)
            self._first[stems] = next((i for i in self._by_head.get(stems[0][:4], ()) if i + n <= len(keys)
                                       and all(same_stem(keys[i + k], stems[k]) for k in range(n))), None)
        return self._first[stems]

    def prefixed(self, form: str) -> Word | None:
        """The first word that is `form` with another ending (Ukraine → Ukrainian)."""
        if form not in self._prefix:
            self._prefix[form] = next((w for w in self.words if prefix_of(w.text, form)), None)
        return self._prefix[form]

    def present(self, forms: tuple[str, ...], text: str) -> Word | None:
        """The first of `forms` found among the words (see `present_form`), answered once per forms."""
        key = (forms, text)
        if key not in self.present_form:
            self.present_form[key] = _lookup(forms, self, text)
        return self.present_form[key]


def source_names(text: str, src: str, references, tgt: str, lex=None) -> list[Name]:
    """Names of the source: lexicon matches first, then capitalised words and runs. With a
    bilingual lexicon (`lex`, audit.lexicon's API) acronyms and names made of common words
    are names too when the lexicon knows their translation (ОАЭ, Министерство обороны)."""
    ws = words(text, src)
    names: list[Name] = []
    taken: set[int] = set()
    names_lex = lexicon(references, src, tgt)
    position = {w.start: n for n, w in enumerate(ws)}  # a word's index by its offset
    keys = [stem(w.text, base(src)) for w in ws]
    found = []  # (entry priority, word index): glossary before exonyms before CLDR
    for i, k in enumerate(keys):
        for n in names_lex.by_head.get(k[:3], ()):
            st = names_lex.entries[n][0]
            if i + len(st) <= len(ws) and all(same_stem(keys[i + j], st[j]) for j in range(len(st))):
                found.append((n, i))
    for n, i in sorted(found):
        stems, expected, entry, how = names_lex.entries[n]
        span = range(i, i + len(stems))
        if taken.intersection(span):
            continue
        taken.update(span)
        strong = ws[i].capitalised or ws[i].acronym or not cased(src)
        if how == "cldr" and ws[i].initial:
            strong = False  # «Короткий» at the start of a sentence is not the Koro language
        if len(stems) == 1 and (len(ws[i].text) < 4 or (ws[i].initial and common(ws[i].text, src))):
            if how == "cldr" and not ws[i].acronym:
                continue  # «Нам» is not the Nama language
            # an acronym (ОАЭ) is required when the bilingual lexicon knows its expansions; a
            # glossary acronym (США, РФ) stays optional: XNAME003 wants full canonical forms
            strong = ws[i].acronym and how != "glossary" and lex is not None and _expands(lex, [ws[i]])
        names.append(Name(tuple(ws[j] for j in span), "lexicon", expected, entry if how == "glossary" else None, strong))
    if not cased(src):
        return sorted(names, key=lambda n: n.start)
    nouns = base(src) in set(names_data().get("noun_capitalising") or ())
    stop = not_names(src)
    run: list[Word] = []

    def flush(before_known: bool = False):
        if run:
            content = [w for w in run if w.text.casefold() not in stop and (len(w.text) >= 3 or w.acronym)]
            # More than MAX_NAME_WORDS capitalised words in a row is a title-case heading or a
            # shouted line, not a name (and matching it word by word against the target was
            # quadratic: issue 8).
            if len(content) >= 2 and content[0].initial and not nouns and initial_common(content[0].text, src):
                content = content[1:]  # «Звонок Джеймсу» opening a sentence: the name is Джеймсу
            if content and not before_known and len(content) <= MAX_NAME_WORDS:  # before a glossary name: its first name
                multi = len(content) >= 2 and not (nouns and content[0].initial)
                strong = multi or (not content[0].initial and not nouns) or _initial_name(content, src, nouns)
                acronyms = all(w.acronym for w in content)
                commons = all(common(w.text, src) for w in content)
                translatable = all(translatable_word(w.text, src) for w in content)
                # a title or name alone in quotes and inflected (в "Коммерсанте"): used as a name of
                # its own, translated only into a word in its place; the common word's translations
                # say nothing of it
                quoted = len(content) == 1 and not content[0].initial and not content[0].acronym \
                    and _alone_in_quotes(text, content[0]) and (_inflected(content[0].text, src)
                                                                or not _after_noun(text, ws, position.get(content[0].start), src))
                # a word the morphological dictionary knows but the bilingual one cannot translate
                # (Википедия, Твиттере, Соловецких), or quoted: translated only into a word seen near its place
                untranslatable = translatable and lex is not None and len(content) == 1 and not content[0].initial \
                    and not content[0].acronym and (quoted or not lex.translations(content[0].text))
                # single capitalised common words (Интернете → online, «Как» after a quote) are
                # paraphrased or misread too often: only acronyms and runs of words are required
                known = lex is not None and (acronyms or len(content) >= 2) and _lex_knows(lex, content, src)
                if lex is not None and not known and len(content) == 1 and not content[0].initial \
                        and wordclass.organisation(content[0].text, src):
                    # an organisation (Роскомнадзор: Orgn) the lexicon translates (media watchdog):
                    # translated, the alignment must find the translation; not let go as a common word
                    known = _lex_knows(lex, content, src)
                if known and acronyms and not _expands(lex, content):
                    known = False  # «ТС» read as the interjection (hush): no expansion, no acronym
                if lex is not None and not known and len(content) == 1 and not content[0].initial:
                    # «Министерстве обороны», «Белого дома»: the capitalised word opens a phrase the
                    # lexicon knows as a whole, as a name of several words (not Млечного пути → galaxy)
                    k = position.get(content[0].start)
                    after = ws[k + 1 : k + 3] if k is not None else []
                    known = any(text[ws[k + m].end : after[m].start].strip() == "" and all(
                        text[ws[k + q].end : ws[k + q + 1].start].strip() == "" for q in range(m + 1))
                        and _expands(lex, [content[0], *after[: m + 1]]) for m in range(len(after)))
                if strong and lex is not None and not known and len(content) == 1 and not acronyms \
                        and _stump_compound(lex, content[0].text, references, src, tgt):
                    strong = False  # Госсуд, Минтранс: a stump compound the lexicon cannot know, often translated
                kind_named = not content[0].initial and not acronyms and _after_kind_noun(
                    text, ws, position.get(content[0].start), src)
                kind_title = kind_named and text[: content[0].start].rstrip()[-1:] in OPENING_QUOTES
                if kind_named:
                    # «села Широкого», «корвет "Стойкий"», «изданием "Подъем"»: after the noun of its
                    # kind a capitalised common word is a name, transliterated or translated
                    strong = known = True
                if known and strong and (acronyms or commons):
                    pass  # the lexicon knows it (ОАЭ → UAE, Новая газета): required like any name
                else:
                    strong = strong and not acronyms and (not commons or (quoted and lex is not None))
                names.append(Name(tuple(content), "capitalised", strong=strong, translatable=translatable, known=known,
                                  untranslatable=untranslatable, kind_named=kind_named, kind_title=kind_title))
            run.clear()

    for i, w in enumerate(ws):
        if i in taken or not w.capitalised:
            # a capitalised run right before a glossary name is its first name (Сергей Лавров);
            # an acronym has none: the run before it is a name of its own (передачи Исаакия РПЦ)
            flush(i in taken and w.capitalised and not w.acronym and bool(run)
                  and text[run[-1].end : w.start].strip() == "")
            continue
        if run and text[run[-1].end : w.start] not in ("-", "‑") and text[run[-1].end : w.start].strip():
            flush()
        run.append(w)
    flush()
    return sorted(names, key=lambda n: n.start)


def _alone_in_quotes(text: str, w: Word) -> bool:
    """Is the word alone between quotation marks (в "Коммерсанте", кнопку "Пуск")?"""
    return text[: w.start].rstrip()[-1:] in OPENING_QUOTES and text[w.end :].lstrip()[:1] in CLOSING_QUOTES


def _after_noun(text: str, ws: list[Word], k: int | None, src: str) -> bool:
    """Does a noun stand right before the word's opening quotation mark (кнопку "Пуск", газете
    "Коммерсант")? Then the quoted word may be a label in apposition to it. True where the
    language has no morphological dictionary (nothing to tell by)."""
    if not wordclass.has_morphology(src):
        return True
    if not k:
        return False
    prev = ws[k - 1]
    return not text[prev.end : ws[k].start].strip(_SPACE_OR_OPENING) and wordclass.likely_noun(prev.text.lower(), src)


def _inflected(word: str, lang: str) -> bool:
    """Is the word in a form other than its dictionary form (в "Коммерсанте", пилотажных групп
    ... "Стрижи")? A quoted title inflects where it is used as a name on its own; in apposition
    to a noun it stays in the dictionary form (кнопку "Пуск", the Start button: a label
    translated with its noun, WMT21 ref-B "launched"). False without a morphological dictionary."""
    low = word.casefold()
    forms = wordclass.lemmas(low, lang)
    return bool(forms) and low not in forms


def _after_kind_noun(text: str, ws: list[Word], k: int | None, src: str) -> bool:
    """Is word k right after a noun that names the kind of what it names (names.yaml
    `kind_nouns`: село, река, корвет, газета, клуб), nothing but spaces and quotation marks
    between (села Широкого, корвет "Стойкий")?"""
    kinds = _kind_nouns(base(src))
    if not kinds or not k:
        return False
    prev = ws[k - 1]
    if text[prev.end : ws[k].start].strip(_SPACE_OR_OPENING) or prev.capitalised:
        return False
    return any(fold(lem) in kinds for lem in (*wordclass.lemmas(prev.text.lower(), src), prev.text.lower()))


@lru_cache(maxsize=16)
def _kind_nouns(lang: str) -> frozenset:
    return frozenset(fold(str(w)) for w in (names_data().get("kind_nouns") or {}).get(lang) or ())


def _stump_compound(lex, word: str, references, src: str, tgt: str) -> bool:
    """A Russian-style stump compound the lexicon does not know (Госсуд = государственный суд,
    Минтранс): it starts with a stump that begins two or more of the one-word abbreviated names
    of references/bilingual/abbreviations.yaml (Госдума, Госдеп → гос-; Минфин, Минюст → мин-)
    and the rest is a word the lexicon translates (суд → court). Such words are translated as
    often as transliterated, so they are not required."""
    try:
        if lex.translations(word):
            return False
    except Exception:  # a lexicon problem never stops the check
        return False
    w = fold(word)
    for p in _stumps(references, src, tgt):
        rest = w[len(p) :]
        if w.startswith(p) and len(rest) >= 3:
            try:
                if lex.translations(rest):
                    return True
            except Exception:
                return False
    return False


def _stumps(references, src: str, tgt: str) -> tuple[str, ...]:
    """Beginnings (3-5 letters) shared by two or more one-word, capitalised, not all-capitals
    source forms of abbreviations.yaml whose target forms include a phrase of several words."""

    def build():
        try:
            table = abbreviations(references, base(src), base(tgt))
        except Exception:  # no lexicon layer: no stumps
            return ()
        forms = {fold(f) for s_forms, t_forms in table if any(" " in t for t in t_forms)
                 for f in s_forms if " " not in f and "-" not in f and f[:1].isupper() and not f.isupper() and len(f) >= 6}
        count: dict[str, int] = {}
        for f in forms:
            for n in range(3, 6):
                count[f[:n]] = count.get(f[:n], 0) + 1
        return tuple(sorted((p for p, c in count.items() if c >= 2), key=len, reverse=True))

    return references.compiled(("crossnames-stumps", base(src), base(tgt)), build)


def initial_common(word: str, src: str) -> bool:
    """A word opening a sentence that is a common word of the language (its capital is the
    sentence's): not part of the name that follows it."""
    if wordclass.has_morphology(src):
        return wordclass.classify(word, src, initial=True) == wordclass.COMMON and not wordclass.only_name(word, src)
    return common(word, src)


def _expands(lex, content: list[Word]) -> bool:
    """The lexicon knows the acronym as an abbreviation: one of its translations is a phrase
    of several words (ОАЭ → united arab emirates), not only words (ТС → hush)."""
    try:
        return any(" " in t for t in lex.translations(" ".join(w.text for w in content)))
    except Exception:  # a lexicon problem never stops the check
        return False


def _lex_knows(lex, content: list[Word], src: str) -> bool:
    """Does the lexicon know a translation of the name, or of its key word?"""
    try:
        if lex.translations(" ".join(w.text for w in content)):
            return True
        key = key_word_of(Name(tuple(content)), src)
        return bool(lex.translations(key.text))
    except Exception:  # a lexicon problem never stops the check
        return False


def _initial_name(content: list[Word], src: str, nouns: bool) -> bool:
    """A lone word opening a sentence is a name only when the dictionary knows it as nothing
    else (Меркель, Шойгу; not Кулик, also a bird)."""
    return not nouns and len(content) == 1 and wordclass.only_name(content[0].text, src)


def key_word_of(name: Name, lang: str) -> Word:
    """The word that must be there: the last one (a surname, the head of a place name)."""
    content = [w for w in name.words if len(w.text) >= 3 or w.acronym]
    rare = [w for w in content if not common(w.text, lang)]
    # an acronym after a name is its kind (Капанский МЦ, Невского ПКБ: translated or expanded
    # as Medical Center, Design Bureau): the name is the word before it
    words = [w for w in rare if not w.acronym] or rare
    if len(words) >= 2 and _patronymic(words[-1].text, lang):
        # «Игорь Иванович»: the patronymic is the part a translation may leave out, so the
        # given name before it must be there ("Ivanovich" alone does not render Игорь)
        words = words[:-1]
    return (words or content or list(name.words))[-1]


@lru_cache(maxsize=16)
def _optional_re(lang: str):
    pattern = (names_data().get("optional_words") or {}).get(base(lang))
    return re.compile(str(pattern), re.I) if pattern else None


def optional_word(word: str, lang: str) -> bool:
    """A word of a name translations may leave out (names.yaml `optional_words`: a Russian
    patronymic's shape)."""
    rx = _optional_re(lang)
    return bool(rx and rx.search(word))


def _patronymic(word: str, lang: str) -> bool:
    """A word shaped like a patronymic (`optional_word`) that the dictionary knows as a name
    and not as a surname (Иванович; not Абрамович, also a surname)."""
    return optional_word(word, lang) and wordclass.classify(word, lang) == wordclass.PROPER \
        and not wordclass.surname_reading(word, lang)


def present_form(forms: tuple[str, ...], tgt_words: list[Word], tgt: str, tgt_text: str,
             index: WordIndex | None = None) -> Word | None:
    """The target word where the first of `forms` found stands (matched on stems; a one-word form
    also with another ending), or None. `index`: the target's WordIndex, when the caller looks
    up many names in one target (pass it: building one costs a pass over the words)."""
    return (index or WordIndex(tgt_words, tgt)).present(tuple(forms), tgt_text)


def _lookup(forms: tuple[str, ...], index: WordIndex, tgt_text: str) -> Word | None:
    tgt = index.lang
    for f in forms:
        st = _form_stems(f, tgt)
        if not st:
            continue
        if cased(tgt):
            first = index.find_stems(st)
            if first is not None:
                return index.words[first]
            if len(st) == 1:  # Ukraine → Ukrainian, Turkey → Turkish
                hit = index.prefixed(f)
                if hit is not None:
                    return hit
        elif f in tgt_text:
            i = tgt_text.index(f)
            return Word(i, i + len(f), f, False)
    return None


def prefix_of(word: str, form: str) -> bool:
    a = word.casefold()
    for part in WORD.findall(form):
        b = part.casefold()
        n = min(len(a), len(b), 5)
        if n >= 3 and a[:n] == b[:n] and abs(len(a) - len(b)) <= 4:
            return True
    return False

# emptied when another references directory's names.yaml comes in force (audit.datafiles)
datafiles.on_change(_all_endings.cache_clear, _kind_nouns.cache_clear, _optional_re.cache_clear)
