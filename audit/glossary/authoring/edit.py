"""Safe glossary edits: add, change and remove entries in the YAML files a person wrote.

- Only the lines of the fields that change are rewritten (in the house style, see
  `serialize`; the line surgery is in `splice`); every other line of the file — comments,
  order, wrapping — is kept as is.
- A file lock (`.tqa-glossary.lock` in the glossary's resolved directory, however the
  glossary is named: see `storage`) serialises edits, so concurrent `tqa glossary add` runs
  lose nothing: each one reads the files after the previous wrote.
- The whole glossary is validated with the new text before anything is written, so an edit
  that would break it is refused with the file, line and entry id of the problem.
- Files are replaced atomically (temporary file, fsync, rename; a symbolic link is kept and
  its target replaced): an edit killed midway leaves the old file whole. A change to several
  files is all or nothing: staged files, a journal, then the renames; the next command
  finishes a journal left by a killed writer before it reads anything.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from audit import yamlio
from audit.dates import date_problem
from audit.errors import DataError, TqaError
from audit.fsutil import read_utf8, write_all_atomic
from audit.glossary.authoring.serialize import plain
from audit.glossary.authoring.splice import (GlossaryFile, Splice, apply_splice, block_node, entry_items, find_blocks,
                                             insert_entry, replace_entry)
from audit.glossary.load import check_entries, glossary_files, parse_entries
from audit.glossary.model import KINDS, Glossary
from audit.glossary.storage import LOCK_NAME, LOCK_TIMEOUT, GlossaryLocked, home, locked  # noqa: F401

DEFAULT_FILES = {
    "person": "people.yaml",
    "organisation": "organisations.yaml",
    "title": "titles.yaml",
    "place": "places.yaml",
    "term": "terms.yaml",
}


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
        """One lock per glossary directory, however the glossary is named (see `storage`)."""
        return home(self.path) / LOCK_NAME

    @contextmanager
    def locked(self) -> Iterator[None]:
        if self.is_dir and not self.path.exists():
            raise DataError(self.path, "glossary directory not found")
        with locked(self.path, self.lock_timeout) as directory:
            self.journal_dir = directory
            yield

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

    def _read(self, path: Path, text: str | None = None) -> GlossaryFile:
        if text is None:
            text = read_utf8(path) if path.exists() else ""
        # the C loader first: it refuses deep nesting in milliseconds, where the round-trip
        # loader (which keeps comments for editing) took 6.5 s on 3000 '[' (superlinear)
        yamlio.fast_loads(text, path)
        data = yamlio.loads(text, path)
        entries = parse_entries(data, path)
        return GlossaryFile(path, text, entries, find_blocks(data, text), data)

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


def _check_dates(data: dict, path: Path) -> None:
    """Role dates are checked before they are written (YAML would read 2022-02-30 as a date
    and fail), with the same rule as the loader's."""
    for role in data.get("roles") or ():
        if not isinstance(role, dict):
            continue
        for key in ("from", "to"):
            value = role.get(key)
            if isinstance(value, str) and date_problem(value) is not None:
                raise DataError(path, f"role {role.get('title')!r}: {key} date {value!r} {date_problem(value)}",
                                entry=data.get("id"))


class Session:
    """The files of a glossary while an edit is being made (under the lock)."""

    def __init__(self, store: GlossaryStore, files: dict[Path, GlossaryFile]):
        self.store = store
        self.files = files
        self.changes: list[Change] = []
        self._dirty: set[Path] = set()

    def glossary(self) -> Glossary:
        entries = [e for f in self.files.values() for e in f.entries]
        return Glossary(tuple(entries), tuple(str(p) for p in self.files))

    def find(self, entry_id: str) -> tuple[GlossaryFile, int]:
        for f in self.files.values():
            for i, e in enumerate(f.entries):
                if e.id == entry_id:
                    return f, i
        raise TqaError(f"no entry {entry_id!r} in {self.store.path}")

    def raw(self, entry_id: str) -> dict:
        """The entry as written (key order, dates as written), as plain data."""
        f, i = self.find(entry_id)
        if f.blocks is None:
            return plain(entry_items(f.data)[i])
        return plain(block_node(f, i))

    def add(self, data: dict, file: Path | None = None) -> None:
        eid = data.get("id")
        if self.glossary().get(eid) is not None:
            f, _ = self.find(eid)
            raise DataError(f.path, "an entry with this id exists; use `tqa glossary edit`", entry=eid)
        if data.get("kind") not in KINDS:
            raise TqaError(f"kind {data.get('kind')!r} must be one of: {', '.join(KINDS)}")
        path = Path(file) if file else self.store.target_file(data["kind"], self.glossary())
        _check_dates(data, path)
        f = self.files.get(path) or self.files.setdefault(path, self.store._read(path, ""))
        self._change(f, insert_entry(f, data))
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
        _check_dates(after, f.path)
        self._change(f, replace_entry(f, i, after))
        self.changes.append(Change("changed", entry_id, str(f.path)))

    def remove(self, entry_id: str) -> None:
        f, i = self.find(entry_id)
        users = [e.id for e in self.glossary() if any(r.title == entry_id for r in e.roles)]
        if users:
            raise DataError(f.path, f"still named in the roles of {', '.join(users)}; edit those first", entry=entry_id)
        self._change(f, replace_entry(f, i, None))
        self.changes.append(Change("removed", entry_id, str(f.path)))

    def _change(self, f: GlossaryFile, edit: "str | Splice") -> None:
        """Apply an edit: a whole new text (parsed whole), or a splice (only the entry written
        is parsed, so a thousand adds to a long file stay fast)."""
        if isinstance(edit, str):
            self.files[f.path] = self.store._read(f.path, edit)  # DataError with file:line (entry) on bad input
        else:
            self.files[f.path] = apply_splice(f, edit)
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
        # one file: a rename; several (an import, an edit that touches two files): all or
        # nothing, through a journal replayed by the next command if this one is killed
        write_all_atomic({path: self.files[path].text for path in sorted(self._dirty)}, self.store.journal_dir)
        self._dirty.clear()
