"""Which file is a translation's source, by the naming convention (README, "CI quality gate"):
`x.ru.txt` beside `x.en.txt`, or in a `--source-dir`. `tqa audit` and `tqa gate` both ask here,
so one file gets one source whichever command audits it; kept apart from audit/gate.py so that
`tqa audit` does not import the gate's process pool."""

from __future__ import annotations

import os
from pathlib import Path

from audit.bilingual.formats import format_of as bilingual_format
from audit.config import Settings
from audit.document import lang_from_name, read_metadata
from audit.errors import InputError, TqaError


def source_of(path: Path, source_lang: str | None, source_dir: Path | None = None) -> Path | None:
    """The source text of the translation `path` by the naming convention (README, "CI quality gate"):
    `x.ru.txt` beside `x.en.txt` (or in `source_dir`) when the source language is ru; with
    `source_dir`, a file of the same name there when `path` has no language suffix. A bilingual
    file (XLIFF, TMX, PO, TSV, CSV) carries its own sources: None."""
    if bilingual_format(path) is not None:
        return None
    lang = lang_from_name(str(path))
    where = source_dir if source_dir is not None else path.parent
    if lang and source_lang and source_lang != lang:
        stem = path.name[: -len(path.suffix)][: -len(lang) - 1]
        candidate = where / f"{stem}.{source_lang}{path.suffix}"
        if candidate.is_file():
            return candidate
    if source_dir is not None and lang is None and (source_dir / path.name).is_file():
        return source_dir / path.name
    return None


def with_sources(files: list[Path], settings: Settings, source_lang: str | None = None,
                 source_dir: Path | None = None) -> tuple[list[Path], dict[Path, Path]]:
    """The files that are translations, each with its source text where the convention finds
    one (`source_of`). A file that is another file's source is a source, not an article: it is
    left out. A file's source language: `source_lang` (the flag), else its metadata's, else
    the config's for its path."""
    sources: dict[Path, Path] = {}
    for f in files:
        try:
            src_lang = source_lang or read_metadata(f).get("source_lang") or settings.for_path(f).source_lang
        except TqaError:  # a bad metadata file: the audit of `f` reports it
            continue
        found = source_of(f, src_lang, source_dir)
        if found is not None and _key(found) != _key(f):
            sources[f] = found
    taken = {_key(s) for s in sources.values()}
    kept = [f for f in files if _key(f) not in taken]
    if not kept:
        raise InputError("every file found is the source of another; nothing to audit")
    return kept, {f: s for f, s in sources.items() if f in kept}


def _key(p: Path) -> str:
    return os.path.normpath(os.path.abspath(p))
