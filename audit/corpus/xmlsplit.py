"""Splitting one large XML file (TMX, XLIFF) into shards without holding it: what the TMX and
XLIFF planners (audit/corpus/tmx.py, audit/corpus/xliff.py) share.

- `stream(path, parser)` feeds the file to expat in 1 MiB pieces and returns its SHA-256 and
  the Python codec of its encoding (the BOM, else the XML declaration, else UTF-8). A DTD that
  declares entities is refused whatever the encoding (expat reports the declaration itself, so
  a UTF-16 file cannot hide one). Encodings: those expat reads (UTF-8, UTF-16, and any
  single-byte one such as ISO-8859-1, windows-1251 or KOI8-R); a multi-byte one such as
  Shift_JIS is refused by expat in one line.
- expat's byte offsets are offsets into the file as it is, whatever its encoding, so a shard
  is a list of byte ranges of the file; a worker reads them and appends the closing tags,
  encoded in the file's own encoding (`document`): the small document is in the same encoding
  as the file, with its BOM and declaration, and the parser reads it as it reads the file.
- `tag_end(handle, offset, codec)`: where the start tag beginning at `offset` ends (its `>`,
  not one inside a quoted attribute value).
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path
from xml.parsers import expat

from audit.errors import InputError

CHUNK = 1 << 20


def refuse_entity(*_args) -> None:
    raise InputError("declares XML entities in a DTD; refused (entity expansion is unsafe)")


def _bom_codec(first: bytes) -> str | None:
    if first.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if first.startswith(codecs.BOM_UTF16_LE) or first.startswith(b"<\x00?\x00"):
        return "utf-16-le"
    if first.startswith(codecs.BOM_UTF16_BE) or first.startswith(b"\x00<\x00?"):
        return "utf-16-be"
    return None


def _python_codec(declared: str | None, path: Path) -> str:
    if not declared:
        return "utf-8"
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        raise InputError(f"{path}: declares the encoding {declared!r}, which Python does not know") from None
    return "utf-8" if name in ("ascii", "us-ascii") else name


def stream(path: Path, parser, kind: str) -> tuple[str, str]:
    """Feed the whole file to `parser` (handlers set by the caller); (SHA-256 hex, codec)."""
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = refuse_entity
    declared: list[str] = []
    parser.XmlDeclHandler = lambda _version, encoding, _standalone: declared.append(encoding or "")
    sha = hashlib.sha256()
    bom = None
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        try:
            first = True
            for block in iter(lambda: handle.read(CHUNK), b""):
                if first:
                    bom = _bom_codec(block[:4])
                    first = False
                sha.update(block)
                parser.Parse(block, False)
            parser.Parse(b"", True)
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
        except expat.ExpatError as exc:
            raise InputError(f"{path}: not valid {kind}: {expat.ErrorString(exc.code)} "
                             f"(line {exc.lineno}, column {exc.offset + 1})") from None
        except ValueError as exc:  # pyexpat on a multi-byte encoding other than UTF-8/16 (Shift_JIS, GB18030)
            raise InputError(f"{path}: cannot read its encoding ({exc}): convert it to UTF-8 with iconv") from None
    if bom and bom.startswith("utf-16"):
        codec = bom  # expat read it as UTF-16 whatever the declaration says
    else:
        codec = _python_codec(declared[0] if declared else None, path)
    return sha.hexdigest(), codec


def unit_size(codec: str) -> int:
    return 2 if codec.startswith("utf-16") else 1


def tag_end(handle, offset: int, codec: str) -> int:
    """The byte offset just past the `>` of the tag that starts at `offset`."""
    decoder = codecs.getincrementaldecoder(codec)()
    handle.seek(offset)
    quote = None
    used = 0  # bytes decoded so far
    while True:
        block = handle.read(4096)
        if not block:
            raise InputError(f"{getattr(handle, 'name', 'file')}: a tag at byte {offset} does not end")
        text = decoder.decode(block)
        for ch in text:
            used += len(ch.encode(codec))
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "\"'":
                quote = ch
            elif ch == ">":
                return offset + used


def document(path: str, ranges: tuple, tail: str, codec: str) -> bytes:
    """The bytes of `ranges` ((start, end) pairs) of the file, then `tail` in its encoding."""
    parts = []
    with open(path, "rb") as handle:
        for start, end in ranges:
            handle.seek(start)
            parts.append(handle.read(end - start))
    parts.append(tail.encode(codec))
    return b"".join(parts)
