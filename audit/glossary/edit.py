"""Safe glossary edits: add, change and remove entries in the YAML files a person wrote.

- Only the lines of the entry that changes are rewritten (in the house style, see
  `serialize`); every other line of the file — comments, order, wrapping — is kept as is.
- A file lock (`.tqa-glossary.lock` beside the files) serialises edits, so concurrent
  `tqa glossary add` runs lose nothing: each one reads the files after the previous wrote.
- The whole glossary is validated with the new text before anything is written, so an edit
  that would break it is refused with the file, line and entry id of the problem.
- Files are replaced atomically (temporary file, fsync, rename): an edit killed midway leaves
  the old file whole.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from audit import yamlio
from audit.errors import DataError, TqaError
from audit.fsutil import write_atomic
from audit.glossary.load import check_entries, glossary_files, parse_entries
from audit.glossary.model import KINDS, Entry, Glossary
from audit.glossary.serialize import ORDER, plain, render_entry

LOCK_NAME = ".tqa-glossary.lock"
LOCK_TIMEOUT = 60.0
DEFAULT_FILES = {
    "person": "people.yaml",
    "organisation": "organisations.yaml",
    "title": "titles.yaml",
    "place": "places.yaml",
    "term": "terms.yaml",
}
_COMMENT_OR_BLANK = re.compile(r"^\s*(#.*)?$")


class GlossaryLocked(TqaError):
    """Another edit held the lock for too long."""


@dataclass
class _Block:
    """Where one entry sits in a file: lines [start, end) of its text (0-based)."""

    id: str
    start: int
    end: int
    indent: str


@dataclass
class _File:
    path: Path
    text: str
    entries: list[Entry]
    blocks: list[_Block] | None  # None: not a block list we can splice (written in another style)
    data: object = None

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines(keepends=True)


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
            try:
                text = path.read_text(encoding="utf-8") if path.exists() else ""
            except UnicodeDecodeError as exc:
                raise DataError(path, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
            except OSError as exc:
                raise DataError(path, f"cannot read: {exc.strerror or exc}") from None
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


# ---------------------------------------------------------------------------------------------
# Text splicing


def _items(data) -> list:
    if isinstance(data, dict) and "entries" in data:
        data = data["entries"]
    return list(data) if isinstance(data, list) else []


def _blocks(data, text: str) -> list[_Block] | None:
    if _is_empty(data):
        return []
    items = _items(data)
    if not items:
        return None
    seq = data["entries"] if isinstance(data, dict) else data
    if getattr(seq, "fa", None) is not None and seq.fa.flow_style():
        return None
    lines = text.splitlines(keepends=True)
    starts = []
    for i in range(len(items)):
        try:
            line, col = seq.lc.item(i)
        except (AttributeError, KeyError, TypeError):
            return None
        prefix = lines[line][:col]
        if not prefix.rstrip().endswith("-") or prefix.strip() != "-":
            return None
        starts.append((line, prefix[: prefix.index("-")]))
    blocks = []
    for n, (start, indent) in enumerate(starts):
        limit = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        end = start + 1
        for j in range(start + 1, limit):
            line = lines[j]
            if _COMMENT_OR_BLANK.match(line) and (not line.strip() or _col(line) <= len(indent)):
                continue  # blank, or a comment at the list's margin: it belongs to what follows
            end = j + 1
        blocks.append(_Block(str(items[n].get("id")), start, end, indent))
    return blocks


def _is_empty(data) -> bool:
    return data is None or (isinstance(data, list) and not data)


def _col(line: str) -> int:
    return len(line) - len(line.lstrip())


def _separated(f: _File) -> bool:
    """Whether the file's entries are separated by a blank line."""
    lines = f.lines
    if not f.blocks or len(f.blocks) < 2:
        return True
    return any(not lines[b.end].strip() for b in f.blocks[:-1] if b.end < len(lines))


@dataclass
class _Splice:
    """Lines [lo, hi) of a file replaced by `new`; the entry written (if any) is
    new[start : start + length]; `index` is its place among the file's entries."""

    lo: int
    hi: int
    new: list[str]
    index: int
    mode: str  # insert | replace | remove
    start: int = 0
    length: int = 0


def _insert(f: _File, data: dict) -> "str | _Splice":
    if f.blocks is None:
        return _redump(f, lambda items: items.append(data))
    lines = f.lines
    if not f.blocks:
        if f.data is not None and f.data != []:
            return _redump(f, lambda items: items.append(data))
        body = [ln for ln in lines if _COMMENT_OR_BLANK.match(ln) and "[" not in ln]
        head = "".join(body)
        if head and not head.endswith("\n"):
            head += "\n"
        if head.strip() and not head.endswith("\n\n"):
            head += "\n"
        return head + render_entry(data)
    ids = [b.id for b in f.blocks]
    blank = ["\n"] if _separated(f) else []
    indent = f.blocks[0].indent
    text = render_entry(data, indent).splitlines(keepends=True)
    if ids == sorted(ids) and data["id"] < ids[-1]:
        at = next(n for n, i in enumerate(ids) if i > data["id"])
        pos = f.blocks[at].start
        # Comments right above the entry we insert before belong to it: go above them.
        while pos > (f.blocks[at - 1].end if at else 0) and lines[pos - 1].strip() and _col(lines[pos - 1]) <= len(indent):
            pos -= 1
        return _Splice(pos, pos, text + blank, at, "insert", 0, len(text))
    end = f.blocks[-1].end
    if not lines[end - 1].endswith("\n"):  # the last line of the file had no newline
        return _Splice(end - 1, end, [lines[end - 1] + "\n"] + blank + text, len(ids), "insert",
                       1 + len(blank), len(text))
    return _Splice(end, end, blank + text, len(ids), "insert", len(blank), len(text))


def _replace(f: _File, index: int, data: dict | None) -> "str | _Splice":
    if f.blocks is None:
        def edit(items):
            if data is None:
                del items[index]
            else:
                items[index] = data
        return _redump(f, edit)
    lines = f.lines
    b = f.blocks[index]
    if data is not None:
        body = _patch(lines[b.start : b.end], b.indent, _block_node(f, index), data).splitlines(keepends=True)
        return _Splice(b.start, b.end, body, index, "replace", 0, len(body))
    start, end = b.start, b.end
    if end < len(lines) and not lines[end].strip():
        end += 1  # the blank line that separated it from the next
    elif start > 0 and not lines[start - 1].strip():
        start -= 1
    return _Splice(start, end, [], index, "remove")


def _dedent(lines: list[str], indent: str) -> str:
    n = len(indent)
    return "".join(ln[n:] if n and ln[:n].strip() == "" and len(ln) > n else ln for ln in lines)


def _block_node(f: _File, index: int):
    """One entry's YAML node, parsed from its own lines (line numbers relative to them)."""
    b = f.blocks[index]
    data = yamlio.loads(_dedent(f.lines[b.start : b.end], b.indent), f.path)
    return data[0]


def _parse_block(path: Path, lines: list[str], indent: str, offset: int) -> Entry:
    """Validate one entry's lines; errors and the entry's line number count from the file's top."""
    try:
        (entry,) = parse_entries(yamlio.loads(_dedent(lines, indent), path), path)
    except DataError as exc:
        raise DataError(path, data_error_message(exc), line=exc.line + offset if exc.line else None, entry=exc.entry) from None
    return replace(entry, line=(entry.line or 1) + offset)


def data_error_message(exc: DataError) -> str:
    """The message of a DataError without its "file:line (entry 'x'): " prefix."""
    where = str(exc.path) + (f":{exc.line}" if exc.line is not None else "") + (f" (entry {exc.entry!r})" if exc.entry else "")
    text = str(exc)
    return text[len(where) + 2 :] if text.startswith(where + ": ") else text


def _spliced(f: _File, sp: _Splice) -> _File:
    lines = f.lines
    delta = len(sp.new) - (sp.hi - sp.lo)
    blocks, entries = list(f.blocks or []), list(f.entries)
    for n, b in enumerate(blocks):
        if b.start >= sp.hi and not (sp.mode != "insert" and n == sp.index):
            blocks[n] = _Block(b.id, b.start + delta, b.end + delta, b.indent)
            entries[n] = replace(entries[n], line=(entries[n].line or 0) + delta)
    indent = blocks[0].indent if blocks else ""
    if sp.mode == "remove":
        del blocks[sp.index], entries[sp.index]
    else:
        first = sp.lo + sp.start
        entry = _parse_block(f.path, sp.new[sp.start : sp.start + sp.length], indent, first)
        block = _Block(entry.id, first, first + sp.length, indent)
        if sp.mode == "insert":
            blocks.insert(sp.index, block)
            entries.insert(sp.index, entry)
        else:
            blocks[sp.index], entries[sp.index] = block, entry
    text = "".join(lines[: sp.lo] + sp.new + lines[sp.hi :])
    return _File(f.path, text, entries, blocks, None)


def _patch(lines: list[str], indent: str, node, data: dict) -> str:
    """The entry's new text from its old `lines`: keys whose value did not change keep their
    lines (comments and wrapping included), changed keys are rendered in place, new keys go
    where the house order puts them."""
    old = plain(node)
    keys = list(old)
    try:
        starts = [node.lc.key(k)[0] for k in keys]
    except (AttributeError, KeyError, TypeError):
        starts = []
    if not starts or len(set(starts)) != len(starts) or starts != sorted(starts) or starts[0] != 0:
        return render_entry(data, indent)  # a flow-style or unusual entry: render it whole
    ranges = {k: (starts[n], starts[n + 1] if n + 1 < len(starts) else len(lines)) for n, k in enumerate(keys)}
    parts: list[tuple[str, list[str]]] = []
    for n, k in enumerate(keys):
        lo, hi = ranges[k]
        if k not in data:
            continue
        if data[k] == old[k]:
            parts.append((k, lines[lo:hi]))
        else:  # rendered in place; full-line comments inside the old value stay with it
            parts.append((k, [_render_key(k, data[k], indent, n == 0)]
                          + [ln for ln in lines[lo + 1 : hi] if ln.strip().startswith("#")]))
    rank = {k: n for n, k in enumerate(ORDER)}
    for k in data:
        if k in old:
            continue
        at = next((n for n, (other, _) in enumerate(parts) if n > 0 and rank.get(other, 99) > rank.get(k, 99)), len(parts))
        parts.insert(at, (k, [_render_key(k, data[k], indent, False)]))
    out = [ln if ln.endswith("\n") else ln + "\n" for _, chunk in parts for ln in chunk]
    if out and not out[0].lstrip().startswith("- "):
        out[0] = indent + "- " + out[0][len(indent) + 2 :]  # the first key was removed: next one leads
    return "".join(out)


def _render_key(key: str, value, indent: str, first: bool) -> str:
    text = render_entry({key: value}, indent)
    return text if first else indent + "  " + text[len(indent) + 2 :]


def _redump(f: _File, edit) -> str:
    """Fallback for files not written as a block list: edit the YAML tree and dump it whole."""
    data = f.data
    items = data["entries"] if isinstance(data, dict) and "entries" in data else data
    if items is None:
        items = []
        data = items
    edit(items)
    return yamlio.dumps(data)
