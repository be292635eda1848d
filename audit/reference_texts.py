"""Reference texts for a document: the bundled ones found by document id, and the user's own.

Layout (references/documents/<document id>/):

    ref.<label>.<lang>.txt   an independent reference (a careful human phrasing)
    pe.<label>.<lang>.txt    a post-edit of this very machine translation (TER → HTER)
    README.md                how they were made

A document's id is `id:` in its metadata (`article.meta.yaml`), else its file name without
the language suffix and extension. A reference is read like any input (audit/reading.py:
encodings, empty and binary files refused in one line) and must be in the translation's
language.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from audit import langid
from audit.errors import InputError
from audit.model import Document, Segment
from audit.reading import read_path
from audit.references import References
from audit.segment import segment

_NAME = re.compile(r"^(ref|pe)\.(?P<label>[^.]+)\.(?P<lang>[a-z]{2,3})\.txt$")
_LANG_SUFFIX = re.compile(r"\.([a-z]{2,3})$")
REFERENCE, POST_EDIT = "reference", "post-edit"


@dataclass(frozen=True)
class RefText:
    path: str
    label: str
    kind: str  # reference | post-edit
    lang: str
    text: str
    segments: tuple[Segment, ...]
    sha256: str

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1


def shown_path(path: str | Path) -> str:
    """Relative to the working directory when under it, so reports read the same everywhere."""
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def document_id(doc: Document) -> str | None:
    if doc.meta.get("id"):
        return str(doc.meta["id"])
    p = Path(doc.path)
    if not p.name or p.name.startswith("<"):
        return None
    stem = p.name[: -len(p.suffix)] if p.suffix else p.name
    return _LANG_SUFFIX.sub("", stem) or None


def discover(doc: Document, references: References) -> list[tuple[Path, str]]:
    """Bundled (or --references) files for this document: [(path, kind)], sorted by name."""
    doc_id = document_id(doc)
    if not doc_id or "/" in doc_id or doc_id.startswith("."):
        return []
    folder = Path(references.root) / "documents" / doc_id
    if not folder.is_dir():
        return []
    found = []
    for f in sorted(folder.iterdir()):
        m = _NAME.match(f.name)
        if m and f.is_file() and m.group("lang") == doc.lang:
            found.append((f, POST_EDIT if m.group(1) == "pe" else REFERENCE))
    return found


def load(path: str | Path, doc: Document, references: References, kind: str = REFERENCE,
         max_bytes: int | None = None) -> RefText:
    """Read, check the language, segment with the translation's segmenter."""
    p = Path(path)
    read = read_path(p, max_bytes=max_bytes)
    text = read.text
    m = _NAME.match(p.name)
    named = m.group("lang") if m else None
    if named and named != doc.lang:
        raise InputError(f"{p}: reference is named as {named}, but the translation is in {doc.lang}")
    g = langid.guess(text[:4000], doc.lang, references.languages)
    if g.lang is not None and g.lang.split("-")[0] != doc.lang:
        shown = g.lang if not g.lang.startswith("und") else f"{g.script} script"
        raise InputError(
            f"{p}: reference is in {shown}, but the translation is in {doc.lang} (a reference must be in the translation's language)"
        )
    _, segs = segment(text, references.languages.get(doc.lang))
    if not segs:
        raise InputError(f"{p}: reference has no sentences")
    label = m.group("label") if m else p.stem
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return RefText(str(p), label, kind, doc.lang, text, segs, digest)
