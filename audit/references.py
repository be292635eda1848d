"""Everything tqa knows that is not code: glossary, phrasings, language facts, bilingual data.

Loaded once per run; checks ask it for compiled matchers, which it builds once and caches.
Every data file is looked up in the references directory first and in the bundled one
after (`DATA_FILES`), so `--references DIR` overrides any of them, and every file read is
counted in `digest`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from audit import datafiles, yamlio
from audit.datafiles import bundled_root
from audit.errors import DataError
from audit.glossary import Glossary, load_glossary
from audit.language_facts import Languages, parse_languages

__all__ = ["References", "Phrase", "load_references", "bundled_root", "DATA_FILES"]

# Data files besides languages.yaml, the glossary and the phrasings, each read from the
# references directory when it has one, else from the bundled references.
DATA_FILES = (
    datafiles.NAMES,  # names, transcription, quantities: also read through audit.datafiles
    datafiles.TRANSCRIPTION,
    datafiles.QUANTITIES,
    "bilingual/ratios.yaml",
    "bilingual/abbreviations.yaml",
    "bilingual/lexicons.yaml",
    "models.yaml",
)


@dataclass(frozen=True)
class Phrase:
    """A literal phrase or a regular expression, with what to say and suggest when it matches."""

    text: str
    regex: re.Pattern | None = None
    suggestion: str | None = None
    note: str | None = None
    source: str = ""  # file:line
    accepted: bool = False  # an idiomatic phrase around a listed one: it silences it (calques' `accept`)


@dataclass
class References:
    root: Path
    glossary: Glossary
    languages: Languages
    boilerplate: dict  # lang -> list[Phrase]
    calques: dict  # (source_lang, target_lang) -> list[Phrase]
    files: tuple[str, ...] = ()
    _cache: dict = field(default_factory=dict, repr=False)

    def compiled(self, key: Any, build: Callable[[], Any]) -> Any:
        """Build something derived from the references once (a matcher per language)."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def data_path(self, rel: str) -> Path | None:
        """The file in force for `rel` ("bilingual/ratios.yaml"): this directory's, else the bundled
        one; looked for once (the references are read once, and every audit asks)."""
        return self.compiled(("data path", rel), lambda: datafiles.resolve(self.root, rel))

    def activate(self) -> None:
        """Make this directory's languages, names, transcription and quantities files the ones
        that functions answering without a References read (audit.datafiles)."""
        datafiles.use({rel: self.data_path(rel) for rel in datafiles.SHARED})

    @cached_property
    def digest(self) -> str:
        """Short hash of every data file, for the report's signature: a file's path relative to
        its references directory (`glossary/people.yaml`, `bilingual/names.yaml`) and its bytes."""
        named = sorted((self._relative(f), f) for f in self.files)
        h = hashlib.sha256()
        for rel, f in named:
            h.update(rel.encode())
            h.update(Path(f).read_bytes())
        return h.hexdigest()[:8]

    def _relative(self, f: str) -> str:
        """A file's name in the digest: its path under this directory or the bundled one (so a
        copy of references/ digests as the original), else its file name (a `-g` glossary)."""
        p = Path(f).resolve()
        for root in (Path(self.root).resolve(), bundled_root().resolve()):
            if p.is_relative_to(root):
                return p.relative_to(root).as_posix()
        return p.name


def load_references(root: str | Path | None = None, glossary: list[str | Path] | None = None) -> References:
    base = Path(root) if root else bundled_root()
    if not base.is_dir():
        raise DataError(base, "references directory not found")
    lang_file = datafiles.resolve(base, datafiles.LANGUAGES)
    if lang_file is None:
        raise DataError(base / datafiles.LANGUAGES, "no languages.yaml here nor in the bundled references")
    languages = parse_languages(yamlio.load(lang_file), str(lang_file))
    if glossary is not None:
        gloss = load_glossary(*glossary)
    elif (base / "glossary").exists():
        gloss = load_glossary(base / "glossary")
    else:
        gloss = Glossary()
    phr = base / "phrasings"
    boiler_file = phr / "boilerplate.yaml"
    boilerplate = _boilerplate(boiler_file) if boiler_file.exists() else {}
    calques: dict = {}
    files = [str(lang_file), *gloss.files]
    if boiler_file.exists():
        files.append(str(boiler_file))
    for f in sorted(phr.glob("calques.*.yaml")) if phr.is_dir() else ():
        pair = f.name.split(".")[1]
        if not re.match(r"^[a-z]{2,3}-[a-z]{2,3}$", pair):
            raise DataError(f, "calque files are named calques.SRC-TGT.yaml, e.g. calques.ru-en.yaml")
        src, tgt = pair.split("-")
        calques[(src, tgt)] = _calques(f)
        files.append(str(f))
    files += [str(p) for p in (datafiles.resolve(base, rel) for rel in DATA_FILES) if p is not None]
    refs = References(base, gloss, languages, boilerplate, calques, tuple(files))
    refs.activate()
    return refs


def _regex(pattern: Any, path: Path, line: int | None) -> re.Pattern:
    if not isinstance(pattern, str) or not pattern:
        raise DataError(path, "a pattern must be a non-empty string", line=line)
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise DataError(path, f"invalid regular expression {pattern!r}: {exc}", line=line) from None


def _boilerplate(path: Path) -> dict:
    data = yamlio.load(path) or {}
    if not isinstance(data, dict):
        raise DataError(path, "expected a mapping of language codes")
    out = {}
    for lang, spec in data.items():
        line = yamlio.line_of(data, lang)
        if not isinstance(spec, dict):
            raise DataError(path, "expected 'phrases' and/or 'patterns'", line=line, entry=str(lang))
        items = []
        for phrase in spec.get("phrases") or ():
            if not isinstance(phrase, str) or not phrase.strip():
                raise DataError(path, "phrases must be non-empty strings", line=line, entry=str(lang))
            items.append(Phrase(phrase.strip(), source=f"{path.name}:{line}"))
        patterns = spec.get("patterns") or ()
        for i, pat in enumerate(patterns):
            pline = yamlio.line_of(patterns, i) if hasattr(patterns, "lc") else line
            items.append(Phrase(str(pat), regex=_regex(pat, path, pline), source=f"{path.name}:{pline}"))
        out[str(lang)] = items
    return out


def _calques(path: Path) -> list[Phrase]:
    data = yamlio.load(path) or []
    if not isinstance(data, list):
        raise DataError(path, "expected a list of calques")
    out = []
    for item in data:
        line = yamlio.line_of(item)
        if isinstance(item, dict) and isinstance(item.get("accept"), str) and item["accept"].strip():
            out.append(Phrase(item["accept"], source=f"{path.name}:{line}", accepted=True))
            continue
        if not isinstance(item, dict) or not (item.get("phrase") or item.get("pattern")):
            raise DataError(path, "each calque needs a 'phrase', a 'pattern' or an 'accept'", line=line)
        if not isinstance(item.get("suggestion"), str):
            raise DataError(path, "each calque needs a 'suggestion'", line=line)
        regex = _regex(item["pattern"], path, line) if item.get("pattern") else None
        text = str(item.get("phrase") or item.get("pattern"))
        note = " ".join(str(item["note"]).split()) if item.get("note") else None
        out.append(Phrase(text, regex=regex, suggestion=item["suggestion"], note=note, source=f"{path.name}:{line}"))
    return out
