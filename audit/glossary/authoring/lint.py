"""`tqa glossary lint`: problems in a glossary that the loader alone does not catch.

Each problem has a level: `error` and `warning` fail the lint (exit 1, for CI); `info` is
shown with --info and never fails (e.g. a variant two titles share on purpose).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from audit import yamlio
from audit.document import build_document, read_metadata
from audit.errors import DataError, TqaError
from audit.glossary.authoring.splice import data_error_message
from audit.glossary.index import build_index
from audit.glossary.load import glossary_files, parse_entries
from audit.glossary.model import Entry, Glossary
from audit.language_facts import script_counts
from audit.markup import format_of
from audit.phrases import PUNCT_STARTS, is_acronym, phrase_key, tokenize
from audit.reading import read_path
from audit.references import load_references

ERROR, WARNING, INFO = "error", "warning", "info"
LEVELS = (ERROR, WARNING, INFO)
CANONICAL, VARIANT, WRONG = "canonical", "variant", "wrong"
CORPUS_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

_REGEXY = re.compile(r"\\[bdswBDSW.()\[\]]|\.\*|\.\+|\(\?|\[[^\]]*\]|\||^\^|\$$|\{\d+(,\d*)?\}")

#: code → (level, what it means); `tqa glossary lint --codes` prints this table.
CODES = {
    "invalid": (ERROR, "the entry cannot be read (wrong field, kind, form, date)"),
    "duplicate-id": (ERROR, "two entries have the same id"),
    "duplicate-form": (ERROR, "two entries have the same canonical form in a language"),
    "wrong-is-accepted": (ERROR, "a wrong rendering of one entry is a canonical form or variant of another"),
    "bad-role": (ERROR, "a role names no title entry, or ends before it starts"),
    "unmatchable-form": (ERROR, "a form has no word to match on, so it can never match"),
    "ambiguous-form": (WARNING, "a canonical form of one entry is a variant of another"),
    "ambiguous-wrong": (WARNING, "the same wrong rendering is listed for two entries (which correction?)"),
    "repeated-form": (WARNING, "an entry lists the same form twice"),
    "shadowed-wrong": (WARNING, "a wrong rendering of one entry lies inside an accepted form of another"),
    "missing-language": (WARNING, "an entry has no canonical form in a configured language"),
    "pattern-in-form": (WARNING, "a form looks like a regular expression; forms are literal text"),
    "wrong-script": (WARNING, "an accepted form is not written in its language's script"),
    "unused": (WARNING, "with --corpus: no form of the entry occurs in any file of the corpus"),
    "same-match": (INFO, "two forms of an entry differ only in case, spacing or dashes, so they match the same text"),
    "shared-variant": (INFO, "two entries accept the same variant (fine when deliberate, e.g. 'President')"),
    "unknown-language": (INFO, "a language code that references/languages.yaml does not describe"),
    "unsorted": (INFO, "a file's entries are not sorted by id"),
}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    entry: str | None = None

    @property
    def level(self) -> str:
        return CODES[self.code][0]

    def where(self) -> str:
        out = self.file or ""
        if self.line is not None:
            out += f":{self.line}"
        return out

    def format(self) -> str:
        who = f" {self.entry}:" if self.entry else ""
        return f"{self.where()}: {self.level}: [{self.code}]{who} {self.message}"


def _p(code: str, message: str, e: Entry | None = None, file=None, line=None, entry=None) -> Problem:
    if e is not None:
        file, line, entry = e.file, e.line, e.id
    return Problem(code, message, file, line, entry)


def read_leniently(path: str | Path) -> tuple[list[Entry], list[Problem]]:
    """Every entry that can be read, and a problem for each that cannot (not just the first)."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for f in glossary_files(path):
        try:
            data = yamlio.load(f)
        except DataError as exc:
            problems.append(Problem("invalid", _msg(exc), str(f), exc.line, exc.entry))
            continue
        items = data.get("entries") if isinstance(data, dict) and "entries" in data else data
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(Problem("invalid", "expected a list of entries", str(f), yamlio.line_of(data)))
            continue
        for item in items:
            try:
                entries.extend(parse_entries([item], f))
            except DataError as exc:
                problems.append(Problem("invalid", _msg(exc), str(f), exc.line, exc.entry))
    return entries, problems


def _msg(exc: DataError) -> str:
    return data_error_message(exc)


def lint(path: str | Path, languages=(), known_languages=None, corpus: str | Path | None = None) -> list[Problem]:
    """All problems of the glossary at `path`, sorted by file and line.

    `languages`: codes every entry must have a canonical form for. `known_languages`: the
    `Languages` of the references (scripts, known codes). `corpus`: a directory of articles.
    """
    entries, problems = read_leniently(path)
    problems += _ids_and_roles(entries)
    problems += _forms(entries, known_languages)
    problems += _missing(entries, languages)
    problems += _unsorted(entries)
    if corpus is not None:
        problems += unused(entries, corpus)
    return sorted(set(problems), key=lambda p: (p.file or "", p.line or 0, p.code, p.message))


#: codes `glossary add` does not refuse: they depend on the configuration or a corpus, or the
#: store already says it better (an id that exists: "use `tqa glossary edit`")
NOT_REFUSED_ON_ADD = ("missing-language", "unused", "duplicate-id")


def problems_of_new(existing: list[Entry], new: Entry, known_languages=None) -> list[Problem]:
    """The errors and warnings `lint` would report once `new` joins `existing` that it does not
    report now: what `glossary add` refuses (a wrong rendering that another entry accepts, a
    form in the wrong script for its language, the same canonical form twice...)."""
    def check(entries):
        return set(_ids_and_roles(entries) + _forms(entries, known_languages))

    before = check(existing)
    return sorted((p for p in check([*existing, new]) - before
                   if p.level in (ERROR, WARNING) and p.code not in NOT_REFUSED_ON_ADD),
                  key=lambda p: (p.code, p.message))


def failed(problems: list[Problem]) -> bool:
    return any(p.level in (ERROR, WARNING) for p in problems)


def _ids_and_roles(entries: list[Entry]) -> list[Problem]:
    out = []
    first: dict[str, Entry] = {}
    for e in entries:
        if e.id in first:
            f = first[e.id]
            out.append(_p("duplicate-id", f"id already used at {f.file}:{f.line}", e))
        else:
            first[e.id] = e
    for e in entries:
        for r in e.roles:
            target = first.get(r.title)
            if target is None or target.kind != "title":
                out.append(_p("bad-role", f"role title {r.title!r} is not the id of a title entry", e))
            elif r.start and r.end and r.end[: len(r.start)] < r.start[: len(r.end)]:  # 2022 ends after 2022-05 starts
                out.append(_p("bad-role", f"role {r.title!r} ends ({r.end}) before it starts ({r.start})", e))
    return out


def _forms(entries: list[Entry], known_languages) -> list[Problem]:
    out: list[Problem] = []
    table: dict[tuple[str, tuple], list[tuple[Entry, str, str]]] = defaultdict(list)
    for e in entries:
        for lang in sorted(set(e.forms) | set(e.variants) | set(e.wrong)):
            seen: dict[tuple, tuple[str, str]] = {}
            for status, forms in ((CANONICAL, [e.forms[lang]] if lang in e.forms else []),
                                  (VARIANT, e.variants.get(lang, ())), (WRONG, e.wrong.get(lang, ()))):
                for form in forms:
                    out += _form_itself(e, lang, form, status, known_languages)
                    key = phrase_key(form)
                    if not key:
                        continue
                    if key in seen:
                        first, as_ = seen[key]
                        if first == form:
                            out.append(_p("repeated-form", f"{lang} {form!r} is listed twice ({as_} and {status})", e))
                        else:  # written differently, matches the same text: harmless, maybe documentation
                            out.append(_p("same-match", f"{lang} {form!r} ({status}) matches what {first!r} ({as_}) matches", e))
                        continue
                    seen[key] = (form, status)
                    table[(lang, key)].append((e, status, form))
        if known_languages is not None:
            for lang in e.forms:
                if lang not in known_languages:
                    out.append(_p("unknown-language", f"{lang!r} is not described in languages.yaml", e))
    for (lang, key), refs in table.items():
        out += _clashes(lang, refs)
    out += _shadowed(table)
    return out


def _form_itself(e: Entry, lang: str, form: str, status: str, known_languages) -> list[Problem]:
    key = phrase_key(form)
    if not key:
        return [_p("unmatchable-form", f"{lang} {form!r} has no letters or digits", e)]
    if not (key[0][0].isalnum() or key[0] in PUNCT_STARTS):
        return [_p("unmatchable-form", f"{lang} {form!r} starts with {key[0]!r}; a match starts at a word", e)]
    out = []
    if _REGEXY.search(form):
        out.append(_p("pattern-in-form", f"{lang} {form!r} looks like a regular expression; forms are literal text", e))
    if status != WRONG and known_languages is not None and lang in known_languages and not is_acronym(form):
        scripts = known_languages.get(lang).scripts
        if scripts:
            counts = script_counts(form)
            foreign = sum(n for s, n in counts.items() if s not in scripts)
            if foreign * 2 > sum(counts.values()):
                out.append(_p("wrong-script", f"{lang} {form!r} is not written in {'/'.join(sorted(scripts))}", e))
    return out


def _clashes(lang: str, refs: list[tuple[Entry, str, str]]) -> list[Problem]:
    out = []
    for i, (a, sa, fa) in enumerate(refs):
        for b, sb, fb in refs[:i]:
            if a.id == b.id:
                continue
            pair = {sa, sb}
            later, other = (a, b)
            what = f"{lang} {fa!r} is {_the(sa)} here and {_the(sb)} of {other.id}"
            if pair == {CANONICAL}:
                out.append(_p("duplicate-form", what, later))
            elif WRONG in pair and pair != {WRONG}:
                wrong_one = a if sa == WRONG else b
                right_one, right_status = (b, sb) if sa == WRONG else (a, sa)
                out.append(_p("wrong-is-accepted",
                              f"{lang} {fa!r} is a wrong rendering of {wrong_one.id} but {_the(right_status)} of {right_one.id}",
                              wrong_one))
            elif pair == {WRONG}:
                out.append(_p("ambiguous-wrong", what, later))
            elif pair == {CANONICAL, VARIANT}:
                out.append(_p("ambiguous-form", what, later))
            else:
                out.append(_p("shared-variant", what, later))
    return out


def _the(status: str) -> str:
    return {CANONICAL: "the canonical form", VARIANT: "a variant", WRONG: "a wrong rendering"}[status]


def _shadowed(table) -> list[Problem]:
    out = []
    wrong_lengths: dict[str, set[int]] = defaultdict(set)  # the lengths (in words) of wrong forms, per language
    for (lang, key), refs in table.items():
        if any(s == WRONG for _, s, _ in refs):
            wrong_lengths[lang].add(len(key))
    for (lang, key), refs in table.items():
        accepted = [(e, f) for e, s, f in refs if s != WRONG]
        if not accepted or len(key) < 2:
            continue
        # only the lengths a wrong form has: linear in the words of a long form (every
        # length of every slice was cubic: a 3000-word form took minutes)
        for n in sorted(x for x in wrong_lengths.get(lang, ()) if x < len(key)):
            for i in range(len(key) - n + 1):
                for w, status, wf in table.get((lang, key[i : i + n]), ()):
                    if status != WRONG:
                        continue
                    for e, form in accepted:
                        if e.id != w.id:
                            out.append(_p("shadowed-wrong",
                                          f"{lang} wrong rendering {wf!r} is inside {form!r}, accepted for {e.id}: "
                                          "correct text would be flagged wherever the longer form is not matched whole",
                                          w))
    return out


def _missing(entries: list[Entry], languages) -> list[Problem]:
    return [
        _p("missing-language", f"no {lang} form", e) for e in entries for lang in languages if lang not in e.forms
    ]


def _unsorted(entries: list[Entry]) -> list[Problem]:
    out = []
    by_file: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_file[e.file or ""].append(e)
    for file, es in by_file.items():
        for a, b in zip(es, es[1:]):
            if b.id < a.id:
                out.append(_p("unsorted", f"{b.id!r} comes after {a.id!r}; the file is not sorted by id", b))
                break
    return out


def corpus_files(corpus: str | Path) -> list[Path]:
    root = Path(corpus)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise TqaError(f"{root}: corpus not found (a directory of articles)")
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES)
    if not files:
        raise TqaError(f"{root}: no articles ({', '.join(CORPUS_SUFFIXES)}) in the corpus")
    return files


def unused(entries: list[Entry], corpus: str | Path) -> list[Problem]:
    """Entries none of whose forms (canonical, variant or wrong) occurs in any corpus file."""
    refs = load_references(glossary=[])
    glossary = Glossary(tuple(entries))
    indexes: dict = {}
    used: set[str] = set()
    for path in corpus_files(corpus):
        doc = read_document(path, refs)
        for seg in doc.segments:
            for lang in {seg.lang or doc.lang, doc.lang} - {None}:
                if lang not in indexes:
                    indexes[lang] = build_index(glossary, lang)
                for m in indexes[lang].find(tokenize(seg.text), seg.text):
                    used.update(m.entries)
    return [_p("unused", "no form of this entry occurs in the corpus", e) for e in entries if e.id not in used]


def read_document(path: Path, references):
    """An article as the audit reads it: encoding, metadata, markup (HTML, Markdown), segments."""
    read = read_path(path)
    meta = read_metadata(Path(path))
    return build_document(read.text, references, str(path), read.encoding, meta=meta,
                          fmt=format_of(path, meta.get("format")))
