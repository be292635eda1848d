"""One huge TMX file as a corpus: planned by streaming it once, read one shard at a time.

Plan: expat streams the file in 1 MiB pieces and keeps nothing but the byte offset of every
`batch`-th `<tu>` start tag (a child of `<body>`), the offset of `</body>`, a SHA-256 of the
file, its encoding, the header's `srclang` and the first unit's other language. Memory does not
grow with the file. A DTD that declares entities is refused, as `tqa audit FILE.tmx` refuses
it, in any encoding. UTF-8, UTF-16 (a BOM, or the declaration) and single-byte encodings are
read (audit/corpus/xmlsplit.py: offsets are the file's bytes, the closing tags are encoded as
the file is).

Read (in the worker): the bytes before the first `<tu>` (the XML declaration, `<tmx>`, the
header, `<body>`), then the shard's own byte range, then `</body></tmx>`: a small, valid TMX
document of `batch` units that translate-toolkit parses as `tqa audit FILE.tmx` parses a
whole file. Each unit becomes a segment pair (source, target) audited as a `--source-col`
row is; its id is its `tuid`, else its 1-based position in the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from xml.parsers import expat

from audit.corpus import xmlsplit
from audit.corpus.shard import Plan, Row, Shard
from audit.errors import InputError

TMX_SUFFIXES = (".tmx",)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _Scan:
    """expat handlers: offsets of units at depth 3 (tmx/body/tu) and of </body>."""

    def __init__(self, parser, batch: int):
        self.p = parser
        self.batch = batch
        self.depth = 0
        self.units = 0
        self.starts: list[int] = []  # byte offset of each shard's first <tu
        self.body_end: int | None = None
        self.names: list[str] = []  # the root's and <body>'s names as written
        self.src: str | None = None
        self.first_langs: list[str] = []
        self.in_first_tu = False

    def start(self, name: str, attrs: dict) -> None:
        self.depth += 1
        local = name.rpartition(":")[2]
        if self.depth == 1 or (self.depth == 2 and local == "body" and len(self.names) == 1):
            self.names.append(name)
        if self.depth == 2 and local == "header":
            self.src = attrs.get("srclang") or None
        if self.depth == 3 and local == "tu" and len(self.names) >= 2:
            if self.units % self.batch == 0:
                self.starts.append(self.p.CurrentByteIndex)
            self.units += 1
            self.in_first_tu = self.units == 1
        elif self.depth == 4 and self.in_first_tu and local == "tuv":
            lang = attrs.get("xml:lang") or attrs.get("lang")
            if lang:
                self.first_langs.append(lang)

    def end(self, name: str) -> None:
        if self.depth == 2 and name.rpartition(":")[2] == "body" and self.body_end is None:
            self.body_end = self.p.CurrentByteIndex
        if self.depth == 3:
            self.in_first_tu = False
        self.depth -= 1


def plan_tmx(path: Path, batch: int):
    """The shards of a TMX file: `batch` consecutive units each (see the module's docstring)."""
    try:
        from translate.storage import tmx  # noqa: F401 - translate-toolkit (optional): the workers' parser
    except ImportError:
        raise InputError(f"{path}: reading TMX needs translate-toolkit: pip install 'tqa[formats]'") from None
    parser = expat.ParserCreate()
    scan = _Scan(parser, batch)
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    digest, codec = xmlsplit.stream(path, parser, "TMX")
    if len(scan.names) < 2 or scan.names[0].rpartition(":")[2] != "tmx" or not scan.units or scan.body_end is None:
        raise InputError(f"{path}: no translation units found (a TMX corpus has <tu> elements in <tmx><body>)")
    bounds = [*scan.starts, scan.body_end]
    tail = f"</{scan.names[1]}></{scan.names[0]}>\n"
    tgt = next((lang for lang in scan.first_langs if lang != scan.src), None)
    langs = (scan.src, tgt)
    shards = tuple(
        Shard(i, "tmx", str(path), i * batch, min(batch, scan.units - i * batch), bounds[i], bounds[i + 1],
              head=scan.starts[0], tail=tail, langs=langs, encoding=codec)
        for i in range(len(scan.starts)))
    return Plan("tmx", str(path), scan.units, f"sha256:{digest}", shards)


def read_tmx_shard(shard) -> Iterator:
    """The shard's units as Rows: pairs (source, target) with the file's languages."""
    from translate.storage import tmx  # translate-toolkit (optional, heavy): the parser `tqa audit FILE.tmx` uses

    data = xmlsplit.document(shard.path, ((0, shard.head), (shard.start, shard.end)), shard.tail, shard.encoding)
    try:
        store = tmx.tmxfile(data)
    except Exception as exc:  # noqa: BLE001 - lxml/translate-toolkit errors: the input changed under the run
        raise InputError(f"{shard.path}: shard {shard.index} is not valid TMX any more: "
                         f"{' '.join(str(exc).split())[:200]}") from None
    src, tgt = shard.langs
    meta = {k: v for k, v in (("source_lang", src), ("lang", tgt)) if v}
    for i, u in enumerate(store.units):
        row = shard.first_row + i
        ident = " ".join((u.xmlelement.get("tuid") or "").split()) or str(row + 1)
        source, target = u.source, u.target
        if target is None or not str(target).strip():
            yield Row(row, ident, error=f"unit has no target{f' ({tgt})' if tgt else ''}")
        elif source is None or not str(source).strip():
            yield Row(row, ident, error=f"unit has no source{f' ({src})' if src else ''}")
        else:
            yield Row(row, ident, str(target), str(source), meta)
