"""One large XLIFF file (1.2 or 2.x) as a corpus: planned by streaming it once, read one shard
at a time, each unit audited as a segment pair (as a TMX unit is, audit/corpus/tmx.py).

Units sit in `<file>` elements (and `<group>`s, at any depth), so a byte range of units is not
a document by itself. Plan: expat streams the file (audit/corpus/xmlsplit.py) and keeps, for
every shard, the byte offset of its first unit and the byte ranges of that unit's ancestors'
start tags (`<xliff>`, `<file>`, `<body>`, `<group>`s), and the names of the elements open
where the shard ends; plus a SHA-256 of the file and its encoding. Memory does not grow with
the file. A shard is `batch` units: `<trans-unit>`s in XLIFF 1.2; in 2.x a row is a
`<segment>` (translate-toolkit's unit), and a shard is whole `<unit>`s holding at least `batch`
segments (a multi-segment unit's ids depend on its siblings, so it is never cut).

Read (in the worker): the bytes before the root, the ancestors' start tags, the shard's byte
range (from its first unit to the next shard's first unit, or to the root's end tag), then the
closing tags of what is open there: a small valid XLIFF document that translate-toolkit parses
as `tqa audit FILE.xlf` parses the whole file (audit.bilingual.formats.xliff_units). Each
unit's id is its id (`file original` aside, as `tqa audit` shows it), else its 1-based position
in the file; its languages are its `<file>`'s (1.2) or the root's (2.x); a unit without a
target is an error row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from xml.parsers import expat

from audit.bilingual.formats import xliff_units
from audit.corpus import xmlsplit
from audit.corpus.shard import Plan, Row, Shard
from audit.errors import InputError

XLIFF_SUFFIXES = (".xlf", ".xliff", ".sdlxliff")
_SEP = "\x01"


def _split(name: str) -> tuple[str, str, str]:
    """expat's 'uri SEP local SEP prefix' → (uri, local, qualified name as written)."""
    parts = name.split(_SEP)
    if len(parts) == 1:
        return "", parts[0], parts[0]
    uri, local = parts[0], parts[1]
    return uri, local, f"{parts[2]}:{local}" if len(parts) > 2 else local


class _Scan:
    def __init__(self, parser, batch: int):
        self.p = parser
        self.batch = batch
        self.stack: list[tuple[int, str]] = []  # (start offset, qualified name) of the open elements
        self.ns: str | None = None  # the root's namespace: units are elements of it
        self.v2 = False
        self.root_name = ""
        self.root_end: int | None = None
        self.rows = 0
        self.shards: list[list] = []  # [first_row, start offset, ancestors' start offsets, names open]
        self.in_shard = 0  # rows in the current shard
        self.unit_depth: int | None = None  # the depth of the open 2.x <unit>

    def start(self, name: str, attrs: dict) -> None:
        uri, local, qname = _split(name)
        at = self.p.CurrentByteIndex
        if not self.stack:
            self.ns, self.root_name = uri, qname
            version = attrs.get("version", "")
            self.v2 = version.startswith("2.") or (not version and ":2." in uri)
            if local != "xliff":
                raise InputError(f"not XLIFF: the root element is <{qname}>")
        elif uri == self.ns:
            unit = "unit" if self.v2 else "trans-unit"
            if local == unit and self.unit_depth is None:
                if not self.shards or self.in_shard >= self.batch:
                    self.shards.append([self.rows, at, [s for s, _ in self.stack], None])
                    self.in_shard = 0
                    if len(self.shards) > 1:  # the previous shard ends here: what is open closes it
                        self.shards[-2][3] = [n for _, n in self.stack]
                if self.v2:
                    self.unit_depth = len(self.stack)
                else:
                    self.rows += 1
                    self.in_shard += 1
            elif self.v2 and local == "segment" and self.unit_depth is not None:
                self.rows += 1
                self.in_shard += 1
        self.stack.append((at, qname))

    def end(self, name: str) -> None:
        self.stack.pop()
        if self.v2 and self.unit_depth == len(self.stack):
            self.unit_depth = None
        if not self.stack:
            self.root_end = self.p.CurrentByteIndex


def plan_xliff(path: Path, batch: int) -> Plan:
    """The shards of an XLIFF file (see the module's docstring)."""
    try:
        from translate.storage import xliff  # noqa: F401 - translate-toolkit (optional): the workers' parser
    except ImportError:
        raise InputError(f"{path}: reading XLIFF needs translate-toolkit: pip install 'tqa[formats]'") from None
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.namespace_prefixes = True
    scan = _Scan(parser, batch)
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    digest, codec = xmlsplit.stream(path, parser, "XLIFF")
    if not scan.shards or not scan.rows or scan.root_end is None:
        raise InputError(f"{path}: no translation units found (an XLIFF corpus has "
                         f"{'<unit> elements with <segment>s' if scan.v2 else '<trans-unit> elements'} in <file>)")
    scan.shards[-1][3] = [scan.root_name]
    ends: dict[int, int] = {}
    with open(path, "rb") as handle:
        for _, _, opens, _ in scan.shards:
            for o in opens:
                if o not in ends:
                    ends[o] = xmlsplit.tag_end(handle, o, codec)
    root = scan.shards[0][2][0]
    shards = []
    for i, (first, start, opens, names) in enumerate(scan.shards):
        end = scan.shards[i + 1][1] if i + 1 < len(scan.shards) else scan.root_end
        rows = (scan.shards[i + 1][0] if i + 1 < len(scan.shards) else scan.rows) - first
        shards.append(Shard(i, "xliff", str(path), first, rows, start, end, head=root,
                            tail="".join(f"</{n}>" for n in reversed(names)) + "\n",
                            opens=tuple((o, ends[o]) for o in opens), encoding=codec))
    return Plan("xliff", str(path), scan.rows, f"sha256:{digest}", tuple(shards))


def read_xliff_shard(shard: Shard) -> Iterator[Row]:
    """The shard's units as Rows: pairs (source, target) with their file's languages."""
    data = xmlsplit.document(shard.path, ((0, shard.head), *shard.opens, (shard.start, shard.end)), shard.tail,
                             shard.encoding)
    try:
        units = xliff_units(data, first=shard.first_row + 1).units
    except Exception as exc:  # noqa: BLE001 - lxml/translate-toolkit errors: the input changed under the run
        raise InputError(f"{shard.path}: shard {shard.index} is not valid XLIFF any more: "
                         f"{' '.join(str(exc).split())[:200]}") from None
    for i, (u, src, tgt) in enumerate(units):
        row = shard.first_row + i
        meta = {k: v for k, v in (("source_lang", src), ("lang", tgt)) if v}
        if u.target is None or not u.target.strip():
            yield Row(row, u.id, error=f"unit has no target{f' ({tgt})' if tgt else ''}")
        elif not u.source.strip():
            yield Row(row, u.id, error=f"unit has no source{f' ({src})' if src else ''}")
        else:
            yield Row(row, u.id, u.target, u.source, meta)
