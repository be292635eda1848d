"""Reading a document: the text with its languages, date and metadata, segmented.

Languages come from the argument, else the metadata file (`x.en.meta.yaml`), else the file name
(`x.en.txt`), else the configured default, else detection (the language only).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from audit import langid, yamlio
from audit.errors import DataError, InputError
from audit.markup import analysable
from audit.model import Document
from audit.metadata import check_metadata
from audit.references import References
from audit.segment import segment

_LANG_SUFFIX = re.compile(r"\.([a-z]{2,3})$")


def metadata_path(path: Path) -> Path | None:
    """`article.en.txt` → `article.en.meta.yaml` (or `article.meta.yaml`), if it exists."""
    if not path.name:  # `.`, `/`: a directory, which the reader refuses in its words
        return None
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    for candidate in (path.with_name(f"{stem}.meta.yaml"), path.with_name(f"{_LANG_SUFFIX.sub('', stem)}.meta.yaml")):
        try:
            if candidate.is_file():
                return candidate
        except OSError:  # a name the file system cannot hold (a 250-byte article name + .meta.yaml): none
            continue
    return None


def read_metadata(path: Path) -> dict:
    meta_file = metadata_path(path)
    if meta_file is None:
        return {}
    data = yamlio.load(meta_file) or {}
    if not isinstance(data, dict):
        raise DataError(meta_file, "metadata must be a mapping (lang, source_lang, date, ...)")
    meta = {str(k): v for k, v in data.items()}
    check_metadata(meta, meta_file, data)  # lang, source_lang, date: the right type and form
    if meta.get("date") is not None:
        meta["date"] = str(meta["date"])
    meta["_file"] = str(meta_file)
    return meta


def build_document(
    text: str,
    references: References,
    path: str = "<text>",
    encoding: str = "utf-8",
    lang: str | None = None,
    source_lang: str | None = None,
    date: str | None = None,
    meta: dict | None = None,
    fmt: str = "text",
    default_lang: str | None = None,
    default_source_lang: str | None = None,
) -> Document:
    """Languages: the argument, else the metadata file, else the file name (`x.en.txt`), else
    the configured default, else detection (language only)."""
    meta = meta or {}
    plain = analysable(text, fmt)
    lang = lang or meta.get("lang") or lang_from_name(path) or default_lang or _whole_text_lang(plain, references)
    source_lang = source_lang or meta.get("source_lang") or default_source_lang
    date = date or meta.get("date")
    language = references.languages.get(lang)
    paragraphs, segments = segment(plain, language)
    segments = tuple(replace(s, lang=langid.guess(s.text, lang, references.languages).lang) for s in segments)
    return Document(
        path=path,
        text=text,
        lang=lang,
        source_lang=source_lang,
        encoding=encoding,
        paragraphs=paragraphs,
        segments=segments,
        date=date,
        meta={k: v for k, v in meta.items() if not k.startswith("_")},
        format=fmt,
        plain=plain if plain != text else None,
    )


def lang_from_name(path: str) -> str | None:
    """`article.en.txt` → en; None without a language suffix."""
    p = Path(path)
    m = _LANG_SUFFIX.search(p.name[: -len(p.suffix)] if p.suffix else "")
    return m.group(1) if m else None


def _whole_text_lang(text: str, references: References) -> str:
    g = langid.guess(text[:2000], "en", references.languages)
    if g.lang is None or g.lang.startswith("und"):
        raise InputError("cannot tell the document's language: give it with --lang")
    return g.lang
