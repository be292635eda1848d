"""Translations cached on disk, keyed by model id, revision, decoding options and text.

One SQLite file (`translations.sqlite3`) in the platform cache directory: `TQA_CACHE_DIR`,
else `$XDG_CACHE_HOME/tqa`, else `~/.cache/tqa` (`~/Library/Caches/tqa` on macOS,
`%LOCALAPPDATA%\\tqa\\Cache` on Windows). SQLite commits are atomic, so a crash mid-run
leaves the old entries or the new ones. Each entry carries a checksum: an entry that does not
match is ignored (and translated again); a cache file that is not a database is set aside.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from audit.cachedir import cache_dir, sqlite
from audit.translate.base import Translator

if TYPE_CHECKING:
    import sqlite3

__all__ = ["CachedTranslator", "TranslationCache", "cache_dir"]


def _key(model_id: str, revision: str, decoding: str, text: str) -> str:
    return hashlib.sha256(json.dumps([model_id, revision, decoding, text], ensure_ascii=False).encode()).hexdigest()


def _check(key: str, value: str) -> str:
    return hashlib.sha256(f"{key}\0{value}".encode()).hexdigest()[:16]


class TranslationCache:
    """get_many/put_many over one SQLite file. Never fatal: on any database error the cache
    turns itself off for the rest of the run and `problem` says why."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else cache_dir() / "translations.sqlite3"
        self.problem: str | None = None
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection | None:
        if self._db is not None or self.problem:
            return self._db
        sqlite3 = sqlite()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError:
            self._set_aside()
        except OSError as exc:
            self.problem = f"translation cache off: {self.path}: {exc.strerror or exc}"
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite().connect(self.path, timeout=30)
        db.execute("CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, model TEXT, output TEXT, checksum TEXT)")
        db.commit()
        return db

    def _set_aside(self) -> None:
        """The file is not a database: move it aside and start afresh."""
        sqlite3 = sqlite()
        try:
            os.replace(self.path, self.path.with_name(self.path.name + ".corrupt"))
            self._db = self._open()
            self.problem = None
        except (OSError, sqlite3.DatabaseError) as exc:
            self._db = None
            self.problem = f"translation cache off: {self.path} is unreadable ({exc})"

    def get_many(self, model_id: str, revision: str, decoding: str, texts: list[str]) -> dict[str, str]:
        db = self._conn()
        if db is None:
            return {}
        keys = {_key(model_id, revision, decoding, t): t for t in texts}
        found: dict[str, str] = {}
        sqlite3 = sqlite()
        try:
            items = list(keys.items())
            for i in range(0, len(items), 500):
                chunk = dict(items[i : i + 500])
                marks = ",".join("?" * len(chunk))
                for key, output, checksum in db.execute(
                    f"SELECT key, output, checksum FROM translations WHERE key IN ({marks})", list(chunk)
                ):
                    if isinstance(output, str) and checksum == _check(key, output):
                        found[chunk[key]] = output
        except sqlite3.DatabaseError as exc:
            self.problem = f"translation cache off: {exc}"
            self._db = None
            return {}
        return found

    def put_many(self, model_id: str, revision: str, decoding: str, pairs: dict[str, str]) -> None:
        db = self._conn()
        if db is None or not pairs:
            return
        rows = []
        for text, output in pairs.items():
            key = _key(model_id, revision, decoding, text)
            rows.append((key, f"{model_id}@{revision}", output, _check(key, output)))
        sqlite3 = sqlite()
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            self.problem = f"translation cache off: {exc}"
            self._db = None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class CachedTranslator:
    """A Translator that asks the cache first and the model only for texts it has not seen.
    `translated` and `cached` count texts since creation (tests and the report read them)."""

    def __init__(self, inner: Translator, cache: TranslationCache):
        self.inner = inner
        self.cache = cache
        self.translated = 0
        self.cached = 0

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def revision(self) -> str:
        return self.inner.revision

    @property
    def decoding(self) -> str:
        return self.inner.decoding

    def translate(self, texts: list[str]) -> list[str]:
        unique = list(dict.fromkeys(texts))
        known = self.cache.get_many(self.model_id, self.revision, self.decoding, unique)
        todo = [t for t in unique if t not in known]
        if todo:
            outputs = self.inner.translate(todo)
            new = dict(zip(todo, outputs))
            # The revision may only be known once a downloaded model is loaded.
            self.cache.put_many(self.model_id, self.revision, self.decoding, new)
            known.update(new)
        self.translated += len(todo)
        self.cached += len(unique) - len(todo)
        return [known[t] for t in texts]
