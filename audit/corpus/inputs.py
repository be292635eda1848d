"""What a corpus is made of: shards of rows, planned once, read by whichever worker audits them.

A JSON Lines file is scanned once (bytes only, nothing kept but one offset per shard and a
SHA-256 of the whole file); a shard is then the byte range of `batch` consecutive non-blank
lines, which any worker can read with one seek. A TMX file is streamed the same way
(audit/corpus/tmx.py): a shard is the byte range of `batch` units; an XLIFF file likewise, with
its units' enclosing start tags (audit/corpus/xliff.py). A directory tree is walked sorted (the gate's
include/exclude globs); a shard is `batch` consecutive files. The plan is the same every time
for the same input and batch size, so shard N of a resumed run holds the rows it held before.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterator

from audit.config import Settings
from audit.corpus.shard import Plan, Row, Shard
from audit.corpus.tmx import TMX_SUFFIXES, plan_tmx, read_tmx_shard
from audit.corpus.xliff import XLIFF_SUFFIXES, plan_xliff, read_xliff_shard
from audit.errors import InputError
from audit.gate import collect
from audit.reading import file_kind

__all__ = ["Plan", "Row", "Shard", "kind_of", "plan", "read_shard"]

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.txt")
PARQUET_SUFFIXES = (".parquet", ".pq")


def kind_of(path: Path) -> str:
    if path.is_dir():
        return "files"
    name = path.name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES) or name.endswith(".json"):
        return "jsonl"
    if name.endswith(TMX_SUFFIXES):
        return "tmx"
    if name.endswith(XLIFF_SUFFIXES):
        return "xliff"
    raise InputError(f"{path}: not a corpus: give a JSON Lines file (.jsonl), a Parquet file, a TMX or XLIFF file "
                     "or a directory")


def plan(path: Path, batch: int, settings=None) -> Plan:
    if batch < 1:
        raise InputError("--batch-size must be 1 or more")
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if not path.is_dir() and not path.is_file():  # a FIFO would hang here; a pipe cannot be read twice
        raise InputError(f"{path}: is {file_kind(path.stat().st_mode)}, not a regular file; a corpus is read "
                         "twice (planned, then shard by shard): give a file or a directory")
    kind = kind_of(path)
    if kind == "jsonl":
        return _plan_jsonl(path, batch)
    if kind == "parquet":
        return _plan_parquet(path, batch)
    if kind == "tmx":
        return plan_tmx(path, batch)
    if kind == "xliff":
        return plan_xliff(path, batch)
    return _plan_files(path, batch, settings)


def _plan_jsonl(path: Path, batch: int) -> Plan:
    shards: list[Shard] = []
    sha = hashlib.sha256()
    rows = 0
    offset = 0
    line_no = 0
    start = start_line = first_row = None
    n_in = 0
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        for line in handle:
            line_no += 1
            sha.update(line)
            if line.strip():
                if start is None:
                    start, start_line, first_row, n_in = offset, line_no, rows, 0
                n_in += 1
                rows += 1
                if n_in == batch:
                    shards.append(Shard(len(shards), "jsonl", str(path), first_row, n_in, start, offset + len(line), start_line))
                    start = None
            offset += len(line)
    if start is not None:
        shards.append(Shard(len(shards), "jsonl", str(path), first_row, n_in, start, offset, start_line))
    if not rows:
        raise InputError(f"{path}: no rows (a JSON Lines corpus has one JSON object per line)")
    return Plan("jsonl", str(path), rows, f"sha256:{sha.hexdigest()}", tuple(shards))


def _plan_parquet(path: Path, batch: int) -> Plan:
    pq = _pyarrow_parquet(path)
    try:
        meta = pq.ParquetFile(str(path)).metadata
    except Exception as exc:  # noqa: BLE001 - pyarrow's errors have no common base we can name
        raise InputError(f"{path}: not a Parquet file: {exc}") from None
    rows = meta.num_rows
    if not rows:
        raise InputError(f"{path}: no rows")
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    shards = tuple(Shard(i, "parquet", str(path), s, min(batch, rows - s), s, min(rows, s + batch))
                   for i, s in enumerate(range(0, rows, batch)))
    return Plan("parquet", str(path), rows, f"sha256:{sha.hexdigest()}", shards)


def _plan_files(root: Path, batch: int, settings) -> Plan:
    files = collect([str(root)], settings or Settings())
    sha = hashlib.sha256()
    rels = []
    for f in files:
        rel = f.relative_to(root).as_posix()
        st = f.stat()
        sha.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
        rels.append(rel)
    shards = tuple(Shard(i, "files", str(root), s, len(rels[s:s + batch]), files=tuple(rels[s:s + batch]))
                   for i, s in enumerate(range(0, len(rels), batch)))
    return Plan("files", str(root), len(rels), f"sha256:{sha.hexdigest()}", shards)


def _pyarrow_parquet(path):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{path}: reading Parquet needs pyarrow (pip install 'tqa[ray]' or pyarrow)") from None
    return pq


# --- reading one shard (in the worker) ---------------------------------------------------------


def read_shard(shard: Shard, id_col: str, text_col: str, source_col: str | None) -> Iterator[Row]:
    if shard.kind == "files":
        for i, rel in enumerate(shard.files):
            yield Row(shard.first_row + i, rel, path=str(Path(shard.path) / rel))
        return
    if shard.kind == "parquet":
        yield from _read_parquet(shard, id_col, text_col, source_col)
        return
    if shard.kind == "tmx":  # units are pairs whatever the columns (run.py sets the job's)
        yield from read_tmx_shard(shard)
        return
    if shard.kind == "xliff":
        yield from read_xliff_shard(shard)
        return
    with open(shard.path, "rb") as handle:
        handle.seek(shard.start)
        data = handle.read(shard.end - shard.start)
    row = shard.first_row
    for n, raw in enumerate(data.splitlines(), start=shard.first_line):
        if not raw.strip():
            continue
        yield _row_from_json(raw, row, n, id_col, text_col, source_col)
        row += 1


def _row_from_json(raw: bytes, row: int, line: int, id_col: str, text_col: str, source_col: str | None) -> Row:
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Row(row, f"line {line}", error=f"not UTF-8 ({exc.reason} at byte {exc.start})")
    except json.JSONDecodeError as exc:
        return Row(row, f"line {line}", error=f"not JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(obj, dict):
        return Row(row, f"line {line}", error=f"a row must be a JSON object, not {type(obj).__name__}")
    return _row_from_mapping(obj, row, str(line), id_col, text_col, source_col)


def _row_from_mapping(obj: dict, row: int, fallback_id: str, id_col: str, text_col: str, source_col: str | None) -> Row:
    ident = obj.get(id_col)
    if ident is None:
        ident = fallback_id
    elif isinstance(ident, bool) or not isinstance(ident, (str, int)):
        return Row(row, fallback_id, error=f"{id_col!r} must be a string or an integer")
    meta = {k: str(obj[k]) for k in ("lang", "source_lang", "date") if obj.get(k) not in (None, "")}
    return Row(row, str(ident), obj.get(text_col), obj.get(source_col) if source_col else None, meta)


def _read_parquet(shard: Shard, id_col: str, text_col: str, source_col: str | None) -> Iterator[Row]:
    """Rows [start, end) of the file, reading only the row groups that hold them and only the
    columns the audit uses (memory: one row group, not the file)."""
    pq = _pyarrow_parquet(shard.path)
    pf = pq.ParquetFile(shard.path)
    names = set(pf.schema_arrow.names)
    wanted = [c for c in dict.fromkeys((id_col, text_col, source_col, "lang", "source_lang", "date")) if c and c in names]
    row = 0
    for g in range(pf.metadata.num_row_groups):
        n = pf.metadata.row_group(g).num_rows
        lo, hi = max(shard.start, row), min(shard.end, row + n)
        if lo < hi:
            part = pf.read_row_group(g, columns=wanted).slice(lo - row, hi - lo).to_pylist()
            for i, obj in enumerate(part):
                r = lo + i
                yield _row_from_mapping(obj, r, str(r + 1), id_col, text_col, source_col)
        row += n
        if row >= shard.end:
            break


def input_name(path: str) -> str:
    return os.path.basename(os.path.normpath(path))
