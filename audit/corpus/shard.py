"""The shapes a corpus is planned in: a Plan of Shards, each read into Rows by a worker."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shard:
    """One unit of work: rows `first_row` .. `first_row + rows - 1` of the corpus."""

    index: int
    kind: str  # "jsonl" | "files" | "parquet" | "tmx" | "xliff"
    path: str  # the input file, or the directory for "files"
    first_row: int
    rows: int
    start: int = 0  # jsonl, tmx, xliff: byte offsets [start, end); parquet: row offsets
    end: int = 0
    first_line: int = 1  # jsonl: 1-based line number of the shard's first byte
    files: tuple[str, ...] = ()  # "files": paths relative to `path`, posix
    head: int = 0  # tmx: bytes before the first unit (declaration, <tmx>, header, <body>); xliff: before the root
    tail: str = ""  # tmx, xliff: what closes the document after the shard's units
    langs: tuple = ()  # tmx: (source language, target language) of the file
    opens: tuple = ()  # xliff: (start, end) byte ranges of the start tags of the shard's first unit's ancestors
    encoding: str = "utf-8"  # tmx, xliff: the file's encoding (Python codec), the tail's too


@dataclass(frozen=True)
class Plan:
    kind: str
    path: str
    rows: int
    digest: str  # what the input was: a resumed run must see the same
    shards: tuple[Shard, ...]


@dataclass(frozen=True)
class Row:
    """One document of the corpus, as read from its shard (before auditing)."""

    row: int  # 0-based position in the corpus
    id: str | None
    text: object = None
    source: object = None
    meta: dict | None = None
    path: str | None = None  # "files": the file to audit
    error: str | None = None  # the row could not be read (bad JSON, not an object)
