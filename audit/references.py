"""Everything tqa knows that is not code: glossary, phrasings, language facts.

Loaded once per run; checks ask it for compiled matchers, which it builds once and caches.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from audit import yamlio
from audit.errors import DataError
from audit.glossary import Glossary, load_glossary
from audit.languages import Languages, parse_languages


def bundled_root() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / "references", here.parent / "references"):
        if (candidate / "languages.yaml").exists():
            return candidate
    raise DataError(here.parent / "references", "bundled references not found (broken install?)")


@dataclass(frozen=True)
class Phrase:
    """A literal phrase or a regular expression, with what to say and suggest when it matches."""

    text: str
    regex: re.Pattern | None = None
    suggestion: str | None = None
    note: str | None = None
    source: str = ""  # file:line


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

    @cached_property
    def digest(self) -> str:
        """Short hash of every data file, for the report's signature."""
        h = hashlib.sha256()
        for f in sorted(self.files):
            h.update(Path(f).name.encode())
            h.update(Path(f).read_bytes())
        return h.hexdigest()[:8]


def load_references(root: str | Path | None = None, glossary: list[str | Path] | None = None) -> References:
    base = Path(root) if root else bundled_root()
    if not base.is_dir():
        raise DataError(base, "references directory not found")
    lang_file = base / "languages.yaml"
    if not lang_file.exists():
        lang_file = bundled_root() / "languages.yaml"
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
    return References(base, gloss, languages, boilerplate, calques, tuple(files))


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
        if not isinstance(item, dict) or not (item.get("phrase") or item.get("pattern")):
            raise DataError(path, "each calque needs a 'phrase' or a 'pattern'", line=line)
        if not isinstance(item.get("suggestion"), str):
            raise DataError(path, "each calque needs a 'suggestion'", line=line)
        regex = _regex(item["pattern"], path, line) if item.get("pattern") else None
        text = str(item.get("phrase") or item.get("pattern"))
        note = " ".join(str(item["note"]).split()) if item.get("note") else None
        out.append(Phrase(text, regex=regex, suggestion=item["suggestion"], note=note, source=f"{path.name}:{line}"))
    return out
