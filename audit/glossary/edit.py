"""Safe glossary edits: add, change and remove entries in the YAML files a person wrote.

- Only the lines of the fields that change are rewritten (in the house style, see
  `serialize`; the line surgery is in `splice`); every other line of the file — comments,
  order, wrapping — is kept as is.
- A file lock (`.tqa-glossary.lock` beside the files) serialises edits, so concurrent
  `tqa glossary add` runs lose nothing: each one reads the files after the previous wrote.
- The whole glossary is validated with the new text before anything is written, so an edit
  that would break it is refused with the file, line and entry id of the problem.
- Files are replaced atomically (temporary file, fsync, rename): an edit killed midway leaves
  the old file whole.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from audit import yamlio
from audit.errors import DataError, TqaError
from audit.fsutil import read_utf8, write_atomic
from audit.glossary.load import check_entries, glossary_files, parse_entries
from audit.glossary.model import KINDS, Glossary
from audit.glossary.serialize import plain
from audit.glossary.splice import _Splice, _blocks, _block_node, _File, _insert, _items, _replace, _spliced

LOCK_NAME = ".tqa-glossary.lock"
LOCK_TIMEOUT = 60.0
DEFAULT_FILES = {
    "person": "people.yaml",
    "organisation": "organisations.yaml",
    "title": "titles.yaml",
    "place": "places.yaml",
    "term": "terms.yaml",
}


class GlossaryLocked(TqaError):
    """Another edit held the lock for too long."""


@dataclass
class Change:
    """What an edit did, for the command to report."""

    action: str  # added | changed | removed | unchanged
    id: str
    file: str
    details: list[str] = field(default_factory=list)


class GlossaryStore:
    """A glossary directory (or one file) opened for editing."""

    def __init__(self, path: str | Path, lock_timeout: float = LOCK_TIMEOUT):
        self.path = Path(path)
        if not self.path.exists() and self.path.suffix not in (".yaml", ".yml"):
            raise DataError(self.path, "glossary not found (a directory of .yaml files, or one .yaml file)")
        self.is_dir = self.path.is_dir() or not self.path.suffix
        self.lock_timeout = lock_timeout

    @property
    def lock_path(self) -> Path:
        if self.is_dir:
            return self.path / LOCK_NAME
        return self.path.with_name(f".{self.path.name}.lock")

    @contextmanager
    def locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        if self.is_dir and not self.path.exists():
            raise DataError(self.path, "glossary directory not found")
        lock = FileLock(str(self.lock_path), timeout=self.lock_timeout)
        try:
            lock.acquire()
        except Timeout:
            raise GlossaryLocked(
                f"{self.path}: another glossary edit has held {self.lock_path.name} for {self.lock_timeout:.0f}s; try again"
            ) from None
        except OSError as exc:
            raise TqaError(f"{self.path}: cannot lock for editing ({exc.strerror or exc}): is it writable?") from None
        try:
            yield
        finally:
            lock.release()

    # -- reading -----------------------------------------------------------------------------

    def files(self) -> list[Path]:
        if self.is_dir:
            return glossary_files(self.path)
        return [self.path] if self.path.exists() else []

    def load(self) -> Glossary:
        files = [self._read(f) for f in self.files()]
        entries = [e for f in files for e in f.entries]
        check_entries(entries)
        return Glossary(tuple(entries), tuple(str(f.path) for f in files))

    def _read(self, path: Path, text: str | None = None) -> _File:
        if text is None:
            text = read_utf8(path) if path.exists() else ""
        data = yamlio.loads(text, path)
        entries = parse_entries(data, path)
        return _File(path, text, entries, _blocks(data, text), data)

    # -- editing -----------------------------------------------------------------------------

    def target_file(self, kind: str, glossary: Glossary) -> Path:
        """Where a new entry of `kind` goes: the file that holds most entries of that kind."""
        if not self.is_dir:
            return self.path
        counts: dict[str, int] = {}
        for e in glossary:
            if e.kind == kind and e.file:
                counts[e.file] = counts.get(e.file, 0) + 1
        if counts:
            return Path(max(counts, key=lambda f: (counts[f], f)))
        return self.path / DEFAULT_FILES.get(kind, f"{kind}.yaml")

    def apply(self, edit: Callable[["Session"], None], commit: bool = True) -> list[Change]:
        """Run `edit` on the current files under the lock; validate; write what changed.

        With commit=False nothing is written (a dry run), but everything is validated."""
        with self.locked():
            session = Session(self, {f: self._read(f) for f in self.files()})
            edit(session)
            session.commit(write=commit)
            return session.changes

    def add(self, data: dict, file: Path | None = None) -> Change:
        return self.apply(lambda s: s.add(data, file))[0]

    def update(self, entry_id: str, change: Callable[[dict], dict]) -> Change:
        return self.apply(lambda s: s.update(entry_id, change))[0]

    def remove(self, entry_id: str) -> Change:
        return self.apply(lambda s: s.remove(entry_id))[0]


class Session:
    """The files of a glossary while an edit is being made (under the lock)."""

    def __init__(self, store: GlossaryStore, files: dict[Path, _File]):
        self.store = store
        self.files = files
        self.changes: list[Change] = []
        self._dirty: set[Path] = set()

    def glossary(self) -> Glossary:
        entries = [e for f in self.files.values() for e in f.entries]
        return Glossary(tuple(entries), tuple(str(p) for p in self.files))

    def find(self, entry_id: str) -> tuple[_File, int]:
        for f in self.files.values():
            for i, e in enumerate(f.entries):
                if e.id == entry_id:
                    return f, i
        raise TqaError(f"no entry {entry_id!r} in {self.store.path}")

    def raw(self, entry_id: str) -> dict:
        """The entry as written (key order, dates as written), as plain data."""
        f, i = self.find(entry_id)
        if f.blocks is None:
            return plain(_items(f.data)[i])
        return plain(_block_node(f, i))

    def add(self, data: dict, file: Path | None = None) -> None:
        eid = data.get("id")
        if self.glossary().get(eid) is not None:
            f, _ = self.find(eid)
            raise DataError(f.path, "an entry with this id exists; use `tqa glossary edit`", entry=eid)
        if data.get("kind") not in KINDS:
            raise TqaError(f"kind {data.get('kind')!r} must be one of: {', '.join(KINDS)}")
        path = Path(file) if file else self.store.target_file(data["kind"], self.glossary())
        f = self.files.get(path) or self.files.setdefault(path, self.store._read(path, ""))
        self._change(f, _insert(f, data))
        self.changes.append(Change("added", eid, str(path)))

    def update(self, entry_id: str, change: Callable[[dict], dict]) -> None:
        f, i = self.find(entry_id)
        before = self.raw(entry_id)
        after = change(dict(before))
        if after.get("id") != entry_id:
            raise TqaError("an edit cannot change the id; add a new entry and remove the old one")
        if after == before:
            self.changes.append(Change("unchanged", entry_id, str(f.path)))
            return
        self._change(f, _replace(f, i, after))
        self.changes.append(Change("changed", entry_id, str(f.path)))

    def remove(self, entry_id: str) -> None:
        f, i = self.find(entry_id)
        users = [e.id for e in self.glossary() if any(r.title == entry_id for r in e.roles)]
        if users:
            raise DataError(f.path, f"still named in the roles of {', '.join(users)}; edit those first", entry=entry_id)
        self._change(f, _replace(f, i, None))
        self.changes.append(Change("removed", entry_id, str(f.path)))

    def _change(self, f: _File, edit: "str | _Splice") -> None:
        """Apply an edit: a whole new text (parsed whole), or a splice (only the entry written
        is parsed, so a thousand adds to a long file stay fast)."""
        if isinstance(edit, str):
            self.files[f.path] = self.store._read(f.path, edit)  # DataError with file:line (entry) on bad input
        else:
            self.files[f.path] = _spliced(f, edit)
        self._dirty.add(f.path)

    def commit(self, write: bool = True) -> None:
        if not self._dirty:
            return
        for path in self._dirty:  # the whole text of every changed file must read back as planned
            f = self.files[path]
            fresh = self.store._read(path, f.text)
            if [e.id for e in fresh.entries] != [e.id for e in f.entries]:
                raise TqaError(f"{path}: the edited file does not read back as planned; nothing was written (a bug: please report it)")
            self.files[path] = fresh
        check_entries([e for f in self.files.values() for e in f.entries])
        if not write:
            return
        for path in sorted(self._dirty):
            write_atomic(path, self.files[path].text)
        self._dirty.clear()
