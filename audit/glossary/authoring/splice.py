"""Text surgery on a glossary file written as a YAML block list: where each entry's lines are,
and the few lines to replace to add, change or remove one — so everything else a person wrote
stays byte for byte, and only the entry written needs parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from audit import yamlio
from audit.errors import DataError
from audit.glossary.authoring.serialize import ORDER, plain, render_entry
from audit.glossary.load import parse_entries
from audit.glossary.model import Entry

_COMMENT_OR_BLANK = re.compile(r"^\s*(#.*)?$")


@dataclass
class Block:
    """Where one entry sits in a file: lines [start, end) of its text (0-based)."""

    id: str
    start: int
    end: int
    indent: str


@dataclass
class GlossaryFile:
    path: Path
    text: str
    entries: list[Entry]
    blocks: list[Block] | None  # None: not a block list we can splice (written in another style)
    data: object = None

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines(keepends=True)


def entry_items(data) -> list:
    if isinstance(data, dict) and "entries" in data:
        data = data["entries"]
    return list(data) if isinstance(data, list) else []


def find_blocks(data, text: str) -> list[Block] | None:
    if _is_empty(data):
        return []
    items = entry_items(data)
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
        blocks.append(Block(str(items[n].get("id")), start, end, indent))
    return blocks


def _is_empty(data) -> bool:
    return data is None or (isinstance(data, list) and not data)


def _col(line: str) -> int:
    return len(line) - len(line.lstrip())


def _separated(f: GlossaryFile) -> bool:
    """Whether the file's entries are separated by a blank line."""
    lines = f.lines
    if not f.blocks or len(f.blocks) < 2:
        return True
    return any(not lines[b.end].strip() for b in f.blocks[:-1] if b.end < len(lines))


@dataclass
class Splice:
    """Lines [lo, hi) of a file replaced by `new`; the entry written (if any) is
    new[start : start + length]; `index` is its place among the file's entries."""

    lo: int
    hi: int
    new: list[str]
    index: int
    mode: str  # insert | replace | remove
    start: int = 0
    length: int = 0


def insert_entry(f: GlossaryFile, data: dict) -> "str | Splice":
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
        return Splice(pos, pos, text + blank, at, "insert", 0, len(text))
    end = f.blocks[-1].end
    if not lines[end - 1].endswith("\n"):  # the last line of the file had no newline
        return Splice(end - 1, end, [lines[end - 1] + "\n"] + blank + text, len(ids), "insert",
                       1 + len(blank), len(text))
    return Splice(end, end, blank + text, len(ids), "insert", len(blank), len(text))


def replace_entry(f: GlossaryFile, index: int, data: dict | None) -> "str | Splice":
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
        body = _patch(lines[b.start : b.end], b.indent, block_node(f, index), data).splitlines(keepends=True)
        return Splice(b.start, b.end, body, index, "replace", 0, len(body))
    start, end = b.start, b.end
    if end < len(lines) and not lines[end].strip():
        end += 1  # the blank line that separated it from the next
    elif start > 0 and not lines[start - 1].strip():
        start -= 1
    return Splice(start, end, [], index, "remove")


def _dedent(lines: list[str], indent: str) -> str:
    n = len(indent)
    return "".join(ln[n:] if n and ln[:n].strip() == "" and len(ln) > n else ln for ln in lines)


def block_node(f: GlossaryFile, index: int):
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


def apply_splice(f: GlossaryFile, sp: Splice) -> GlossaryFile:
    lines = f.lines
    delta = len(sp.new) - (sp.hi - sp.lo)
    blocks, entries = list(f.blocks or []), list(f.entries)
    for n, b in enumerate(blocks):
        if b.start >= sp.hi and not (sp.mode != "insert" and n == sp.index):
            blocks[n] = Block(b.id, b.start + delta, b.end + delta, b.indent)
            entries[n] = replace(entries[n], line=(entries[n].line or 0) + delta)
    indent = blocks[0].indent if blocks else ""
    if sp.mode == "remove":
        del blocks[sp.index], entries[sp.index]
    else:
        first = sp.lo + sp.start
        entry = _parse_block(f.path, sp.new[sp.start : sp.start + sp.length], indent, first)
        block = Block(entry.id, first, first + sp.length, indent)
        if sp.mode == "insert":
            blocks.insert(sp.index, block)
            entries.insert(sp.index, entry)
        else:
            blocks[sp.index], entries[sp.index] = block, entry
    text = "".join(lines[: sp.lo] + sp.new + lines[sp.hi :])
    return GlossaryFile(f.path, text, entries, blocks, None)


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


def _redump(f: GlossaryFile, edit) -> str:
    """Fallback for files not written as a block list: edit the YAML tree and dump it whole."""
    data = f.data
    items = data["entries"] if isinstance(data, dict) and "entries" in data else data
    if items is None:
        items = []
        data = items
    edit(items)
    return yamlio.dumps(data)
