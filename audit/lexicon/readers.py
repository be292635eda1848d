"""Reading dictionary files: dictd, StarDict and TSV, down to (headword, article text) pairs.

Why no library: PyPI's maintained reader for all of these is `pyglossary` (5.x, GPL-3, active),
but it is a whole conversion framework (dozens of plugins, its own entry model) and it reads an
article as one opaque definition string: it would not tell senses from examples, which is the
hard part (audit/lexicon/articles.py). The containers themselves are tiny formats, so they are
read here with the standard library (gzip reads a dictzip file as one gzip stream):

- dictd: `NAME.index` lines `headword<TAB>offset<TAB>length`, offset and length written in
  base64 digits (A-Z a-z 0-9 + /, most significant first); articles in `NAME.dict.dz`
  (dictzip) or `NAME.dict`. Index entries named `00database...` are metadata.
- StarDict: `NAME.ifo` (text, `key=value`; `wordcount`, `idxfilesize`, optional
  `idxoffsetbits=64`, `sametypesequence`), `NAME.idx` (or `.idx.gz`): records of a
  NUL-terminated UTF-8 word, then offset and size as 32-bit (or 64-bit) big-endian integers;
  `NAME.dict` or `NAME.dict.dz`; an optional `NAME.syn`: NUL-terminated synonym + 32-bit
  big-endian index of the word it points to.
- TSV: `source<TAB>target` per line; `#` comments and blank lines skipped; several targets in
  one cell may be separated by `;` or `|`.

Every reader raises DataError (one line, the file named) on a file it cannot use.
"""

from __future__ import annotations

import gzip
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from audit.errors import DataError
from audit.fsutil import read_utf8

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {c: i for i, c in enumerate(B64)}


def b64_number(digits: str) -> int:
    """A dictd index number: base64 digits, most significant first ("BA" = 64)."""
    n = 0
    for c in digits:
        n = n * 64 + _B64_VALUE[c]
    return n


def b64_digits(n: int) -> str:
    """The inverse of b64_number (for building test fixtures)."""
    if n == 0:
        return "A"
    out = []
    while n:
        n, r = divmod(n, 64)
        out.append(B64[r])
    return "".join(reversed(out))


@dataclass(frozen=True)
class DictFile:
    """One dictionary on disk: its format and the files that make it up."""

    format: str  # dictd | stardict | tsv
    path: Path  # the file a user named or the index (.index / .ifo / .tsv)
    files: tuple[Path, ...]  # every file read (for the cache key)
    name: str  # short name for the report ("mueller7")


def _gz_or_plain(base: Path, plain: str, gz: str) -> Path | None:
    for cand in (base.with_name(base.name + gz), base.with_name(base.name + plain)):
        if cand.is_file():
            return cand
    return None


def locate(path: str | Path) -> DictFile:
    """Work out the format of a dictionary a user named (any of its files, or dictd's base
    name); DataError when it is missing or not a dictionary tqa reads."""
    p = Path(path).expanduser()
    name = p.name
    low = name.lower()
    # dictd: NAME.index, NAME.dict, NAME.dict.dz or NAME
    for suffix in (".index", ".dict.dz", ".dict"):
        if low.endswith(suffix):
            base = p.with_name(name[: -len(suffix)])
            ifo = base.with_name(base.name + ".ifo")
            if suffix != ".index" and ifo.is_file():
                return _stardict(ifo)
            index = base.with_name(base.name + ".index")
            if not p.exists():
                raise DataError(p, "no such file")
            if not index.is_file():
                raise DataError(p, f"dictd dictionary without its index {index.name}")
            data = _gz_or_plain(base, ".dict", ".dict.dz")
            if data is None:
                raise DataError(index, f"dictd index without its articles ({base.name}.dict.dz or {base.name}.dict)")
            return DictFile("dictd", index, (index, data), base.name)
    if low.endswith((".ifo", ".idx", ".idx.gz", ".syn")):
        base = p.with_name(re.sub(r"\.(ifo|idx|idx\.gz|syn)$", "", name, flags=re.I))
        ifo = base.with_name(base.name + ".ifo")
        if not ifo.is_file():
            raise DataError(p, "no such file" if not p.exists() else f"StarDict dictionary without its {ifo.name}")
        return _stardict(ifo)
    if low.endswith((".tsv", ".txt", ".tab")):
        if not p.is_file():
            raise DataError(p, "no such file")
        return DictFile("tsv", p, (p,), p.stem)
    if not p.suffix and p.with_name(name + ".index").is_file():
        return locate(p.with_name(name + ".index"))
    if not p.exists():
        raise DataError(p, "no such file")
    raise DataError(p, "not a dictionary tqa reads (dictd .index/.dict[.dz], StarDict .ifo, or a .tsv file)")


def _stardict(ifo: Path) -> DictFile:
    base = ifo.with_name(ifo.name[: -len(".ifo")])
    idx = _gz_or_plain(base, ".idx", ".idx.gz")
    data = _gz_or_plain(base, ".dict", ".dict.dz")
    if idx is None:
        raise DataError(ifo, f"StarDict dictionary without its {base.name}.idx")
    if data is None:
        raise DataError(ifo, f"StarDict dictionary without its {base.name}.dict or {base.name}.dict.dz")
    syn = base.with_name(base.name + ".syn")
    files = (ifo, idx, data) + ((syn,) if syn.is_file() else ())
    return DictFile("stardict", ifo, files, base.name)


def _read_bytes(p: Path) -> bytes:
    try:
        if p.name.endswith((".dz", ".gz")):
            with gzip.open(p, "rb") as fh:
                return fh.read()
        return p.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(p, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None


# --- dictd --------------------------------------------------------------------------------

def dictd_index(index: Path) -> list[tuple[str, int, int]]:
    """(headword, offset, length) for every article of a dictd index, metadata left out."""
    try:
        text = index.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = index.read_bytes().decode("latin-1")
    except OSError as exc:
        raise DataError(index, f"cannot read: {exc.strerror or exc}") from None
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            raise DataError(index, "not a dictd index line (headword<TAB>offset<TAB>length)", n)
        try:
            off, length = b64_number(parts[-2]), b64_number(parts[-1])
        except KeyError:
            raise DataError(index, "offset/length are not base64 digits", n) from None
        head = "\t".join(parts[:-2])
        if head.startswith("00database") or head.startswith("00-database"):
            continue
        out.append((head, off, length))
    return out


def dictd_articles(df: DictFile) -> Iterator[tuple[str, str]]:
    """(headword as indexed, article text) for each article; an article shared by several
    index lines is given once per line."""
    index = dictd_index(df.files[0])
    data = _read_bytes(df.files[1])
    for head, off, length in index:
        if off + length > len(data):
            raise DataError(df.files[0], f"entry {head!r} points past the end of {df.files[1].name}")
        yield head, data[off:off + length].decode("utf-8", "replace")


def dictd_info(df: DictFile) -> str:
    """The dictionary's 00databaseshort line, if any ("English-Russian FreeDict Dictionary")."""
    try:
        for line in df.files[0].read_text(encoding="utf-8", errors="replace").splitlines()[:50]:
            if line.startswith(("00databaseshort", "00-database-short")):
                parts = line.split("\t")
                data = _read_bytes(df.files[1])
                off, length = b64_number(parts[1]), b64_number(parts[2])
                text = data[off:off + length].decode("utf-8", "replace").strip().splitlines()
                return text[-1].strip() if text else ""
    except (OSError, KeyError, IndexError, DataError):
        pass
    return ""


# --- StarDict -----------------------------------------------------------------------------

def stardict_ifo(ifo: Path) -> dict[str, str]:
    try:
        lines = ifo.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(ifo, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    if not lines or lines[0].strip() != "StarDict's dict ifo file":
        raise DataError(ifo, "not a StarDict .ifo file (first line must be \"StarDict's dict ifo file\")", 1)
    info = {}
    for line in lines[1:]:
        if "=" in line:
            k, v = line.split("=", 1)
            info[k.strip()] = v.strip()
    if "wordcount" not in info or not info["wordcount"].isdigit():
        raise DataError(ifo, "StarDict .ifo without a wordcount")
    return info


def stardict_articles(df: DictFile) -> Iterator[tuple[str, str]]:
    info = stardict_ifo(df.files[0])
    idx = _read_bytes(df.files[1])
    data = _read_bytes(df.files[2])
    wide = info.get("idxoffsetbits") == "64"
    fmt = ">QI" if wide else ">II"
    step = struct.calcsize(fmt)
    types = info.get("sametypesequence", "")
    words: list[tuple[str, int, int]] = []
    pos = 0
    while pos < len(idx):
        end = idx.find(b"\0", pos)
        if end < 0 or end + 1 + step > len(idx):
            raise DataError(df.files[1], f"truncated StarDict index record at byte {pos}")
        word = idx[pos:end].decode("utf-8", "replace")
        off, size = struct.unpack(fmt, idx[end + 1:end + 1 + step])
        if off + size > len(data):
            raise DataError(df.files[1], f"entry {word!r} points past the end of {df.files[2].name}")
        words.append((word, off, size))
        pos = end + 1 + step
    if len(words) != int(info["wordcount"]):
        raise DataError(df.files[0], f"wordcount={info['wordcount']} but {df.files[1].name} holds {len(words)} words")
    texts = [_stardict_text(data[o:o + s], types) for _, o, s in words]
    for (word, _, _), text in zip(words, texts):
        yield word, text
    if len(df.files) > 3:  # .syn: another headword for an existing article
        syn = _read_bytes(df.files[3])
        pos = 0
        while pos < len(syn):
            end = syn.find(b"\0", pos)
            if end < 0 or end + 5 > len(syn):
                raise DataError(df.files[3], f"truncated StarDict synonym record at byte {pos}")
            (i,) = struct.unpack(">I", syn[end + 1:end + 5])
            if i < len(texts):
                yield syn[pos:end].decode("utf-8", "replace"), texts[i]
            pos = end + 5


def _stardict_text(raw: bytes, types: str) -> str:
    """The text of one article: with sametypesequence, the fields are given by it (the last
    without its terminator); without, each field starts with its type letter. Text fields
    (m, l, g, t, x, y, k, w, h) are kept; markup is stripped; binary fields are skipped."""
    parts = []
    if types:
        pos = 0
        for i, t in enumerate(types):
            last = i == len(types) - 1
            if t.islower():
                end = len(raw) if last else raw.find(b"\0", pos)
                end = len(raw) if end < 0 else end
                parts.append((t, raw[pos:end]))
                pos = end + 1
            else:
                if last:
                    break
                (size,) = struct.unpack(">I", raw[pos:pos + 4])
                pos += 4 + size
    else:
        pos = 0
        while pos < len(raw):
            t = chr(raw[pos])
            pos += 1
            if t.islower():
                end = raw.find(b"\0", pos)
                end = len(raw) if end < 0 else end
                parts.append((t, raw[pos:end]))
                pos = end + 1
            else:
                (size,) = struct.unpack(">I", raw[pos:pos + 4])
                pos += 4 + size
    out = []
    for t, b in parts:
        if t not in "mlgtxykwh":
            continue
        s = b.decode("utf-8", "replace")
        if t in "gxhk":  # Pango / XDXF / HTML markup: keep the text, lines at <br> and block ends
            s = re.sub(r"(?i)<br\s*/?>|</(p|div|li|def)>", "\n", s)
            s = re.sub(r"<[^>]+>", "", s)
            s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
        out.append(s)
    return "\n".join(out)


# --- TSV ----------------------------------------------------------------------------------

def tsv_pairs(p: Path) -> Iterator[tuple[str, list[str]]]:
    text = read_utf8(p, "utf-8-sig")
    rows = 0
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            raise DataError(p, "a lexicon TSV line needs source<TAB>target", n)
        rows += 1
        yield cells[0].strip(), [t.strip() for t in re.split(r"[;|]", cells[1]) if t.strip()]
    if rows == 0:
        raise DataError(p, "no source<TAB>target lines")


def check(df: DictFile) -> None:
    """Cheap validation (headers and first records) for a user's dictionary given by flag or
    config, so a broken file is an error up front, not in the middle of an audit."""
    if df.format == "dictd":
        index = df.files[0]
        try:
            head = index.read_text(encoding="utf-8", errors="replace").splitlines()[:20]
        except OSError as exc:
            raise DataError(index, f"cannot read: {exc.strerror or exc}") from None
        lines = [x for x in head if x.strip()]
        if not lines:
            raise DataError(index, "empty dictd index")
        for n, line in enumerate(head, 1):
            parts = line.split("\t")
            if line.strip() and (len(parts) < 3 or not all(c in _B64_VALUE for c in parts[-2] + parts[-1])
                                 or not parts[-2] or not parts[-1]):
                raise DataError(index, "not a dictd index line (headword<TAB>offset<TAB>length)", n)
        try:
            if df.files[1].name.endswith(".dz"):
                with gzip.open(df.files[1], "rb") as fh:
                    fh.read(1)
            else:
                size = df.files[1].stat().st_size
                for n, line in enumerate(head, 1):
                    parts = line.split("\t")
                    if line.strip() and b64_number(parts[-2]) + b64_number(parts[-1]) > size:
                        raise DataError(index, f"entry points past the end of {df.files[1].name}", n)
        except (OSError, EOFError, zlib.error) as exc:
            raise DataError(df.files[1], f"not a dictzip/gzip file: {exc}") from None
    elif df.format == "stardict":
        stardict_ifo(df.files[0])
    elif df.format == "tsv":
        for _ in tsv_pairs(df.path):
            break
