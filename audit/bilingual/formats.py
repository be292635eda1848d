"""Bilingual files → units (id, source, target, reference): XLIFF 1.2 and 2.x, TMX, PO
through translate-toolkit; TSV and CSV with the csv module.

XML is parsed by translate-toolkit's safe parser (no network, no entity resolution); a file
that declares entities in a DTD is refused before parsing. Every failure is one InputError
line naming the file and, where known, the line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from audit.errors import InputError
from audit.reading import decode, max_bytes_from_env, read_bounded, transcode_declared

FORMATS = {".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff", ".tmx": "tmx", ".po": "po",
           ".tsv": "tsv", ".tab": "tsv", ".csv": "csv"}
_SOURCE_COLS = ("source", "src", "original", "source_text")
_TARGET_COLS = ("target", "translation", "tgt", "mt", "target_text")
_REF_COLS = ("reference", "ref", "pe", "post_edit", "postedit")
_ID_COLS = ("id", "segid", "key", "unit")


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    target: str | None
    reference: str | None = None
    line: int | None = None  # where the unit starts in the file (1-based), for reports' locations


@dataclass(frozen=True)
class Bilingual:
    path: str
    format: str
    units: tuple[Unit, ...]
    source_lang: str | None = None
    target_lang: str | None = None


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def read_bilingual(path: str | Path, max_bytes: int | None = None, fmt: str | None = None) -> Bilingual:
    p = Path(path)
    fmt = fmt or format_of(p)
    if fmt is None:
        raise InputError(f"{p}: not a bilingual file (known: {', '.join(sorted(set(FORMATS)))})")
    data = _read_bytes(p, max_bytes)
    if fmt in ("tsv", "csv"):
        out = _read_table(p, data, "\t" if fmt == "tsv" else ",")
    else:
        refuse_entities(p, data)
        try:
            out = {"xliff": _read_xliff, "tmx": _read_tmx, "po": _read_po}[fmt](p, data)
        except InputError:
            raise
        except Exception as exc:  # lxml, translate-toolkit parse errors: one line, exit 2
            raise InputError(f"{p}: not valid {fmt.upper()}: {_one_line(exc)}") from None
    if not out.units:
        raise InputError(f"{p}: no translation units found")
    return out


def _read_bytes(p: Path, max_bytes: int | None) -> bytes:

    data = read_bounded(p, max_bytes or max_bytes_from_env())  # at most limit + 1 bytes; FIFOs refused
    if not data.strip():
        raise InputError(f"{p}: file is empty")
    return data


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


_ENTITY_DECL = re.compile(b"|".join(re.escape(w.encode(enc)) for w in ("<!ENTITY", "<!entity")
                                    for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")))


def refuse_entities(p: Path, data: bytes) -> None:
    # The whole file, in UTF-8 and UTF-16: comments may push a DTD past any fixed head (issue 8).
    if _ENTITY_DECL.search(data):
        raise InputError(f"{p}: declares XML entities in a DTD; refused (entity expansion is unsafe)")


def clean(text) -> str | None:
    if text is None:
        return None
    return str(text)


def short_id(raw: str | None, index: int) -> str:
    raw = (raw or "").split("\x04")[-1].strip()
    raw = " ".join(raw.split())
    if not raw:
        return str(index)
    return raw if len(raw) <= 60 else raw[:57] + "..."


def _unit_line(u) -> int | None:
    """The line a translate-toolkit unit starts on: its XML element's, or a PO entry's msgid."""
    line = getattr(getattr(u, "xmlelement", None), "sourceline", None) or getattr(u, "line_number", None)
    return line if isinstance(line, int) and line > 0 else None


def _xml_head(data: bytes) -> str:
    """The start of an XML file as text, in UTF-16 too (a BOM, or `<?` as two bytes each)."""
    head = data[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        enc = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-16-le" if head[0] == 0x3C else "utf-16-be")
        return head.decode(enc, "replace")
    return head.decode("utf-8", "replace")


@dataclass(frozen=True)
class XliffUnits:
    format: str  # xliff (1.x) or xliff2
    source_lang: str | None  # the first file's (1.2), the root's (2.x)
    target_lang: str | None
    units: tuple[tuple[Unit, str | None, str | None], ...]  # each with its own source and target language


def xliff_units(data: bytes, first: int = 1) -> XliffUnits:
    """The units of an XLIFF 1.2 or 2.x document, each with its source and target language (its
    `<file>`'s in 1.2, the root's in 2.x). `first`: the position of the first unit in the file
    (a unit without an id is named by its position). What `tqa audit FILE.xlf` reads, and
    `tqa corpus FILE.xlf` shard by shard (audit/corpus/xliff.py)."""
    from translate.storage import xliff, xliff2

    head = _xml_head(data)
    v2 = "urn:oasis:names:tc:xliff:document:2" in head or re.search(r"<xliff[^>]*\sversion=[\"']2", head)  # not its:version="2.0"
    store = (xliff2.Xliff2File if v2 else xliff.xlifffile)(data)
    root = store.document.getroot()
    out = []
    for i, u in enumerate(store.units, first):
        if u.isheader():
            continue
        if v2:
            src, tgt = root.get("srcLang"), root.get("trgLang")
        else:
            node = next(u.xmlelement.iterancestors(store.namespaced("file")), None)
            src, tgt = (node.get("source-language"), node.get("target-language")) if node is not None else (None, None)
        out.append((Unit(short_id(u.getid(), i), clean(u.source) or "", clean(u.target), line=_unit_line(u)),
                    src or store.getsourcelanguage() or None, tgt or store.gettargetlanguage() or None))
    return XliffUnits("xliff2" if v2 else "xliff", store.getsourcelanguage() or None,
                      store.gettargetlanguage() or None, tuple(out))


def _read_xliff(p: Path, data: bytes) -> Bilingual:
    x = xliff_units(data)
    return Bilingual(str(p), x.format, tuple(u for u, _, _ in x.units), x.source_lang, x.target_lang)


def _read_tmx(p: Path, data: bytes) -> Bilingual:
    from translate.storage import tmx

    store = tmx.tmxfile(data)
    src = store.getsourcelanguage() or None
    units, tgt = [], None
    for i, u in enumerate(store.units, 1):
        if tgt is None:
            langs = [n.get("{http://www.w3.org/XML/1998/namespace}lang") or n.get("lang") for n in u.getlanguageNodes()]
            tgt = next((lang for lang in langs if lang and lang != src), None)
        units.append(Unit(short_id(u.getid(), i), clean(u.source) or "", clean(u.target), line=_unit_line(u)))
    return Bilingual(str(p), "tmx", tuple(units), src, tgt)


def _read_po(p: Path, data: bytes) -> Bilingual:
    from translate.storage import po

    store = po.pofile(transcode_declared(data))  # a header's charset=CP1251/KOI8-R is honoured
    units = []
    for i, u in enumerate(store.units, 1):
        if u.isheader() or u.isobsolete():
            continue
        units.append(Unit(short_id(u.getid().replace("\x04", "|"), i), clean(u.source) or "", clean(u.target) or None,
                          line=_unit_line(u)))
    return Bilingual(str(p), "po", tuple(units), None, store.gettargetlanguage() or None)


def _read_table(p: Path, data: bytes, delimiter: str) -> Bilingual:

    text = decode(data, name=str(p)).text
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter,  # CR-only line ends too
                        quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL)
    try:
        rows = list(reader)
    except csv.Error as exc:  # a field over the size limit, a stray quote
        raise InputError(f"{p}:{reader.line_num}: not valid {'TSV' if delimiter == chr(9) else 'CSV'}: {exc}") from None
    rows = [(n, r) for n, r in enumerate(rows, 1) if any(c.strip() for c in r)]
    if not rows:
        raise InputError(f"{p}: no rows")
    header = [c.strip().lower() for c in rows[0][1]]
    cols = _columns(header)
    if cols is not None:
        rows = rows[1:]
    else:
        width = len(rows[0][1])
        if width not in (2, 3):
            raise InputError(f"{p}:1: expected a header naming source and target columns, or 2-3 columns (source, target, reference)")
        cols = {"source": 0, "target": 1, "reference": 2 if width == 3 else None, "id": None}
    need = max(i for i in cols.values() if i is not None) + 1
    units = []
    for line, r in rows:
        if len(r) < need:
            raise InputError(f"{p}:{line}: expected at least {need} columns, found {len(r)}")
        get = lambda key: r[cols[key]] if cols.get(key) is not None else None  # noqa: E731
        ident = get("id") or f"line {line}"
        units.append(Unit(ident.strip(), get("source") or "", get("target") or None, get("reference") or None,
                          line=line))
    return Bilingual(str(p), "tsv" if delimiter == "\t" else "csv", tuple(units))


def _columns(header: list[str]) -> dict | None:
    def find(names):
        return next((header.index(n) for n in names if n in header), None)

    src, tgt = find(_SOURCE_COLS), find(_TARGET_COLS)
    if src is None or tgt is None:
        return None
    return {"source": src, "target": tgt, "reference": find(_REF_COLS), "id": find(_ID_COLS)}
