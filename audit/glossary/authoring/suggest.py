"""`tqa glossary suggest`: propose glossary entries from articles.

What is proposed:
- capitalised multiword names the glossary does not know ("Olaf Scholz"), with a known
  title or name beside them cut away ("German Chancellor | Olaf Sholz"), sentence-initial
  words ("The", "From") and months dropped, boilerplate and title-case headlines skipped;
- names spelled several ways across the files, grouped ("Josep Borrell" / "Joseph Borrell");
- near-duplicates of existing entries ("Olaf Scholtz" beside "Olaf Scholz"), proposed as
  a wrong rendering of that entry rather than as an entry of their own.

Each proposal carries counts, the files, example sentences and, when a back-translation model
is given, the source-language form. Which words are never names, and which lower-case words
may sit inside one, is data: references/suggest.yaml.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from audit import yamlio
from audit.checks.substitution import PhraseSet
from audit.glossary.authoring.lint import read_document
from audit.glossary.authoring.serialize import make_id
from audit.glossary.index import term_index
from audit.phrases import Token, phrase_key, tokenize
from audit.references import bundled_root
from audit.translate.base import ModelUnavailable

NEAR = 85.0  # rapidfuzz ratio: a spelling this close to a known form is a near-duplicate
SAME = 88.0  # two candidate spellings this close are one name spelled two ways
MAX_EXAMPLES = 3


@dataclass
class Suggestion:
    form: str  # the proposed canonical form (the most frequent spelling)
    lang: str
    kind: str  # guessed: person, title, organisation or place
    id: str
    count: int = 0
    spellings: Counter = field(default_factory=Counter)
    files: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    short: Counter = field(default_factory=Counter)  # the last word alone ("Scholz")
    near: str | None = None  # id of the existing entry this is a near-duplicate of
    near_form: str | None = None
    source_form: str | None = None
    source_lang: str | None = None

    def entry(self) -> dict:
        """The glossary entry `--apply` writes (new entries only)."""
        forms = {self.lang: self.form}
        if self.source_form and self.source_lang and self.source_lang != self.lang:
            forms[self.source_lang] = self.source_form
        data: dict = {"id": self.id, "kind": self.kind, "forms": forms}
        others = [s for s in self.spellings if s != self.form]
        note = f"Suggested by tqa from {', '.join(sorted(self.files))}"
        if others:
            note += f"; also spelled {', '.join(repr(s) for s in others)}: check which is right"
        data["note"] = note + "."
        return data


@dataclass
class _Word:
    """A unit of a sentence: one token, or a glossary mention (several tokens)."""

    start: int
    end: int
    text: str
    kind: str  # name | glue | joiner | known | other
    known_kind: str | None = None
    first: bool = False  # the first word of its sentence
    glued: bool = False  # no space before it


def load_data(root: Path | None = None) -> dict:
    for base in ([root] if root else []) + [bundled_root()]:
        f = Path(base) / "suggest.yaml"
        if f.exists():
            data = yamlio.load(f) or {}
            return {str(k): _lang_data(v) for k, v in data.items() if isinstance(v, dict)}
    return {}


_KEYS = ("not_names", "joiners", "organisation_words", "place_words")


def _lang_data(spec: dict | None) -> dict:
    return {k: set(map(str, (spec or {}).get(k) or ())) for k in _KEYS}


def suggest(paths: list[Path], references, translator=None, min_count: int = 1,
            notices: list[str] | None = None) -> list[Suggestion]:
    """Suggestions from the articles at `paths`, most frequent first. With a `translator`
    (target → source) each new name also gets its source-language form; when the model turns
    out to be unavailable, a line is added to `notices` and the rest goes on."""
    data = load_data(references.root)
    docs = [read_document(p, references) for p in paths]
    lower = _lowercase_words(docs)
    found: dict[tuple, Suggestion] = {}
    singles: Counter = Counter()
    for doc in docs:
        lang_data = data.get(doc.lang) or _lang_data(None)
        language = references.languages.get(doc.lang)
        index = term_index(references, doc.lang)
        skip = _boilerplate_segments(doc, references)
        for seg in doc.segments:
            if seg.index in skip or (seg.lang and seg.lang != doc.lang):
                continue
            words = _words(seg.text, index, lang_data)
            if seg.kind in ("headline", "heading") and _title_case(words, lower, lang_data):
                continue
            for run in _runs(words):
                for piece in _pieces(run, lower, lang_data, language):
                    _record(found, piece, seg.text, doc, language, lang_data)
            for run in _runs(words):
                if len(run) == 1 and run[0].kind == "name":
                    singles[(doc.lang, phrase_key(run[0].text))] += 1
                    _record_near_organisation(found, run[0], seg.text, doc, references, lower, lang_data)
    groups = _group(list(found.values()))
    for s in groups:
        last = s.form.split()[-1]
        if s.kind == "person" and singles[(s.lang, phrase_key(last))]:
            s.short = Counter({last: singles[(s.lang, phrase_key(last))]})
        _near_duplicate(s, references)
    if translator is not None:
        try:
            _source_forms(groups, docs, translator)
        except ModelUnavailable as exc:
            if notices is not None:
                notices.append(f"source-language forms skipped: {exc}")
    groups = [s for s in groups if s.count >= min_count]
    return sorted(groups, key=lambda s: (-s.count, s.form))


def _lowercase_words(docs) -> set[str]:
    return {t.text for d in docs for t in tokenize(d.text) if t.text.isalpha() and t.text.islower()}


def _boilerplate_segments(doc, references) -> set[int]:
    phrases = references.boilerplate.get(doc.lang, [])
    if not phrases:
        return set()

    def build() -> PhraseSet:
        ps = PhraseSet()
        for p in phrases:
            if p.regex is not None:
                ps.add_regex(p.regex)
            else:
                ps.add(p.text)
        return ps

    ps = references.compiled(("suggest-boilerplate", doc.lang), build)
    out = set()
    for seg in doc.segments:
        if any(True for _ in ps.find(tokenize(seg.text), seg.text)):
            out.add(seg.index)
    return out


def _classify(tok: Token, lang_data: dict) -> str:
    text = tok.text
    if text in lang_data["not_names"]:
        return "other"
    if text[:1].isupper() and text.isalpha():
        return "name"
    if text.isdigit() and len(text) <= 4:
        return "number"  # part of a name right after one ("Power of Siberia 2", "Nord Stream 2")
    if tok.key == "-" or text in ("'", "’", "."):
        return "glue"
    if text in lang_data["joiners"]:
        return "joiner"
    return "other"


def _words(text: str, index, lang_data: dict) -> list[_Word]:
    tokens = tokenize(text)
    mentions = {m.tokens[0]: m for m in index.find(tokens, text)}
    out: list[_Word] = []
    i = 0
    seen_word = False
    while i < len(tokens):
        tok = tokens[i]
        glued = i > 0 and tokens[i - 1].end == tok.start
        m = mentions.get(i)
        if m is not None and m.text[:1].isupper():
            kinds = {r.kind for r in m.refs}
            kind = "title" if "title" in kinds else ("person" if "person" in kinds else sorted(kinds)[0])
            out.append(_Word(m.span.start, m.span.end, m.text, "known", kind, not seen_word, glued))
            i = m.tokens[1]
            seen_word = True
            continue
        if m is not None:
            out.append(_Word(m.span.start, m.span.end, m.text, "other", None, not seen_word, glued))
            i = m.tokens[1]
            seen_word = True
            continue
        kind = _classify(tok, lang_data)
        out.append(_Word(tok.start, tok.end, tok.text, kind, None, not seen_word and tok.text[:1].isalnum(), glued))
        seen_word = seen_word or tok.text[:1].isalnum()
        i += 1
    return out


def _title_case(words: list[_Word], lower: set[str], lang_data: dict) -> bool:
    """A headline In Title Case: capitalised words that are ordinary words elsewhere."""
    common = [
        w for w in words
        if not w.first and w.text[:1].isupper() and w.kind in ("name", "other")
        and (w.text.lower() in lower or w.text in lang_data["not_names"])
    ]
    return len(common) >= 2


def _runs(words: list[_Word]) -> list[list[_Word]]:
    """Maximal runs of capitalised words, with glue (hyphen, apostrophe, initial's dot) and
    joiners inside but never at either end."""
    runs, cur, pending = [], [], []
    for w in words:
        if w.kind == "number" and cur and not pending and not w.glued:
            cur.append(w)
            continue
        if w.kind in ("name", "known"):
            if cur and pending and any(p.kind == "glue" and p.text == "." for p in pending) and not _initial(cur[-1]):
                runs.append(cur)  # a full stop, not an initial's dot: a new sentence part
                cur, pending = [], []
            cur.extend(pending)
            cur.append(w)
            pending = []
        elif w.kind in ("glue", "joiner") and cur:
            pending.append(w)
            if len(pending) > 2:
                runs.append(cur)
                cur, pending = [], []
        else:
            if cur:
                runs.append(cur)
            cur, pending = [], []
    if cur:
        runs.append(cur)
    return runs


def _initial(w: _Word) -> bool:
    return w.kind == "name" and len(w.text) == 1


def _strip(run: list[_Word]) -> list[_Word]:
    while run and run[0].kind in ("glue", "joiner", "number"):
        run = run[1:]
    while run and run[-1].kind in ("glue", "joiner"):
        run = run[:-1]
    return run


def _pieces(run: list[_Word], lower: set[str], lang_data: dict, language) -> list[list[_Word]]:
    """Cut a run into candidate names: drop a sentence-initial common word, cut at known
    people and titles, cut an unknown prefix off a known organisation or place."""
    if run and run[0].first and run[0].kind == "name" and (run[0].text.lower() in lower):
        run = _strip(run[1:])
    pieces: list[list[_Word]] = []
    cur: list[_Word] = []
    for n, w in enumerate(run):
        if w.kind == "known" and w.known_kind in ("person", "title"):
            pieces.append(cur)
            cur = []
            continue
        if w.kind == "known" and cur and not w.glued and not (n > 0 and run[n - 1].kind == "glue"):
            # "GUS State Department": a known body after unknown words is not their head noun
            if any(x.kind == "name" for x in cur):
                pieces.append(cur)
                cur = []
        elif w.kind == "name" and cur and cur[-1].kind == "known" and not w.glued and _person_after(run, n, lang_data, language):
            # "Naftogaz Yuriy Vitrenko": a known organisation or place right before a person's
            # name is not its first word (the man is Yuriy Vitrenko); "NATO Council" stays whole
            pieces.append(cur)
            cur = []
        cur.append(w)
    pieces.append(cur)
    out = []
    for piece in pieces:
        piece = _strip(piece)
        for part in _split_title(piece, language):
            part = _strip(part)
            names = [w for w in part if w.kind in ("name", "known")]
            if len(names) >= 2 and any(w.kind == "name" for w in part):
                out.append(part)
    return out


def _person_after(run: list[_Word], n: int, lang_data: dict, language) -> bool:
    """Do the words from `n` on look like a person's name: two or more plain capitalised
    words, none a word of organisations, places or titles ("Council", "Republic", "Minister")?"""
    names = []
    for w in run[n:]:
        if w.kind != "name" or (names and w.glued):
            break
        names.append(w)
    words = {w.text for w in names}
    return (len(names) >= 2 and not words & (lang_data["organisation_words"] | lang_data["place_words"])
            and not any(w.text.lower() in language.title_heads or w.text.isupper() for w in names))


def _split_title(piece: list[_Word], language) -> list[list[_Word]]:
    """"Foreign Secretary Liz Truss" → "Foreign Secretary", "Liz Truss"."""
    heads = language.title_heads
    last = max((n for n, w in enumerate(piece) if w.kind == "name" and w.text.lower() in heads), default=None)
    if last is None:
        return [piece]
    end = last + 1
    while end + 1 < len(piece) and piece[end].kind == "joiner":
        end += 2  # "Secretary of State"
    rest = piece[end:]
    if len([w for w in rest if w.kind == "name"]) >= 2:
        return [piece[:end], rest]
    return [piece]


def _surface(piece: list[_Word], text: str) -> str:
    return text[piece[0].start : piece[-1].end]


def _guess_kind(piece: list[_Word], language, lang_data: dict) -> str:
    if any(w.kind == "name" and w.text.lower() in language.title_heads for w in piece):
        return "title"
    if any(w.text in lang_data["organisation_words"] for w in piece):
        return "organisation"
    if any(w.text in lang_data["place_words"] for w in piece):
        return "place"
    names = [w for w in piece if w.kind not in ("glue", "joiner")]
    if all(w.kind == "name" and not w.text.isupper() for w in names) and 2 <= len(names) <= 4:
        return "person"
    return "organisation"


def _record(found: dict, piece: list[_Word], text: str, doc, language, lang_data: dict) -> None:
    form = _surface(piece, text)
    key = (doc.lang, phrase_key(form))
    s = found.get(key)
    if s is None:
        s = found[key] = Suggestion(form, doc.lang, _guess_kind(piece, language, lang_data), make_id(form))
    s.count += 1
    s.spellings[form] += 1
    s.files[doc.path] += 1
    sentence = " ".join(text.split())
    if sentence not in s.examples and len(s.examples) < MAX_EXAMPLES:
        s.examples.append(sentence)


def _one_word_organisations(references, lang: str) -> dict[str, tuple[str, str]]:
    """Folded one-word accepted forms of organisations (Naftogaz, Gazprom) → (id, form)."""
    def build():
        out = {}
        for e in references.glossary:
            if e.kind == "organisation":
                for form in e.accepted(lang):
                    if len(form.split()) == 1 and len(form) >= MIN_ORG and form.isalpha():
                        out.setdefault(_fold(form), (e.id, form))
        return out

    return references.compiled(("suggest-organisations", lang), build)


MIN_ORG = 5  # shorter one-word names (NATO, OSCE) are acronyms: a near spelling is another word


def _record_near_organisation(found: dict, w: _Word, text: str, doc, references, lower: set[str], lang_data: dict) -> None:
    """A lone capitalised word spelled nearly like a one-word organisation ("Naftogas" for
    Naftogaz): proposed as its near-duplicate. Not a common word, not the other's inflection
    or prefix ("Gazprom's", "Russian" beside "Russia")."""
    word = w.text
    if len(word) < MIN_ORG or word.lower() in lower or word in lang_data["not_names"]:
        return
    folded = _fold(word)
    orgs = _one_word_organisations(references, doc.lang)
    if folded in orgs:
        return
    best = max(((fuzz.ratio(folded, k), v) for k, v in orgs.items() if not (folded.startswith(k) or k.startswith(folded))),
               key=lambda x: x[0], default=(0.0, None))
    if best[0] < NEAR:
        return
    key = (doc.lang, phrase_key(word))
    s = found.get(key)
    if s is None:
        s = found[key] = Suggestion(word, doc.lang, "organisation", make_id(word))
    s.count += 1
    s.spellings[word] += 1
    s.files[doc.path] += 1
    sentence = " ".join(text.split())
    if sentence not in s.examples and len(s.examples) < MAX_EXAMPLES:
        s.examples.append(sentence)


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _group(items: list[Suggestion]) -> list[Suggestion]:
    """One suggestion per name: spellings that differ a little are one name spelled two ways."""
    items = sorted(items, key=lambda s: (-s.count, s.form))
    groups: list[Suggestion] = []
    for s in items:
        home = None
        for g in groups:
            if g.lang == s.lang and len(g.form.split()) == len(s.form.split()) and fuzz.ratio(_fold(g.form), _fold(s.form)) >= SAME:
                home = g
                break
        if home is None:
            groups.append(s)
            continue
        _merge(home, s)
    # "GUS State Department" beside a more frequent "State Department": one name, with debris
    merged: list[Suggestion] = []
    for s in sorted(groups, key=lambda g: (-g.count, len(g.form), g.form)):
        key = phrase_key(s.form)
        home = next((g for g in merged if g.lang == s.lang and _affix(phrase_key(g.form), key)), None)
        if home is None:
            merged.append(s)
        else:
            _merge(home, s)
    groups = merged
    used: set[str] = set()
    for g in groups:
        g.form = g.spellings.most_common(1)[0][0]
        base, n = make_id(g.form), 2
        g.id = base
        while g.id in used:
            g.id, n = f"{base}-{n}", n + 1
        used.add(g.id)
    return groups


def _merge(home: Suggestion, s: Suggestion) -> None:
    home.count += s.count
    home.spellings.update(s.spellings)
    home.files.update(s.files)
    for ex in s.examples:
        if ex not in home.examples and len(home.examples) < MAX_EXAMPLES:
            home.examples.append(ex)


def _affix(short: tuple, long: tuple) -> bool:
    """`short` (two words or more) begins or ends `long`, exactly or spelled a little
    differently ("Eurocommission Ursula von der Lyayen" ends with "Ursula von der Leyen")."""
    words = [w for w in short if w[:1].isalnum()]
    if len(words) < 2 or len(short) >= len(long):
        return False
    n = len(short)
    for part in (long[:n], long[-n:]):
        if part == short or fuzz.ratio(" ".join(part), " ".join(short)) >= SAME:
            return True
    return False


def _near_duplicate(s: Suggestion, references) -> None:
    best = (0.0, None, None)
    folded = _fold(s.form)
    for e in references.glossary:
        for form in e.accepted(s.lang):
            score = fuzz.ratio(folded, _fold(form))
            if score > best[0]:
                best = (score, e.id, form)
    if best[0] >= NEAR:
        s.near, s.near_form = best[1], best[2]
    elif references.glossary.get(s.id) is not None:
        s.id = f"{s.id}-2"


def _source_forms(groups: list[Suggestion], docs, translator) -> None:
    by_lang = {d.lang: d.source_lang for d in docs if d.source_lang}
    todo = [s for s in groups if s.near is None and by_lang.get(s.lang)]
    if not todo:
        return
    outputs = translator.translate([s.form for s in todo])
    for s, out in zip(todo, outputs):
        s.source_form = " ".join(out.split()).rstrip(".") or None
        s.source_lang = by_lang[s.lang]
