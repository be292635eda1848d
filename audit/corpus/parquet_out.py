"""Shards as Parquet (`--output-format parquet`): documents-N.parquet and findings-N.parquet
hold the same rows as the JSON Lines shards, in one fixed schema per kind so that a reader
(pyarrow.dataset, DuckDB, Spark, pandas) can take all the shards of a run as one table.

Scalar fields are typed columns (`id`, `score`, `rule`, `severity`, ...); nested ones (`counts`,
`document`, `span`, `evidence`, ...) are JSON text columns; a field the schema does not name, or
a value of another type than its column's (a `null` suggestion), goes into the `extra` column
as a JSON object. A null column therefore means the field was absent, and `rows()` gives back
exactly the JSON Lines rows (the tests compare them).
"""

from __future__ import annotations

import io
import json

FORMATS = ("jsonl", "parquet")

# kind -> (typed scalar columns, JSON text columns)
SCHEMAS = {
    "documents": (
        (("id", "string"), ("row", "int64"), ("status", "string"), ("score", "float64"), ("passed", "bool"),
         ("words", "int64"), ("penalty", "float64"), ("penalty_per_1000", "float64"), ("findings", "int64"),
         ("signature", "string"), ("error", "string"), ("internal", "bool")),
        ("reasons", "counts", "notices", "document", "metrics"),
    ),
    "findings": (
        (("id", "string"), ("rule", "string"), ("category", "string"), ("severity", "string"), ("message", "string"),
         ("text", "string"), ("suggestion", "string"), ("line", "int64"), ("column", "int64"), ("segment", "int64")),
        ("span", "evidence", "unit", "source_span"),
    ),
}
_PY = {"string": (str,), "int64": (int,), "float64": (float, int), "bool": (bool,)}


def _fits(value, kind: str) -> bool:
    if isinstance(value, bool) and kind != "bool":
        return False
    return isinstance(value, _PY[kind])


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def encode(kind: str, rows: list[dict]) -> bytes:
    """The Parquet bytes of one shard's rows of `kind` (documents or findings)."""
    import pyarrow as pa  # optional and heavy: only a run that asks for Parquet loads it
    import pyarrow.parquet as pq

    typed, nested = SCHEMAS[kind]
    cols: dict[str, list] = {name: [] for name, _ in typed}
    cols.update({name: [] for name in nested})
    cols["extra"] = []
    for r in rows:
        extra = {}
        for name, t in typed:
            v = r.get(name)
            if name in r and not (v is not None and _fits(v, t)):
                extra[name] = v
                v = None
            cols[name].append(float(v) if t == "float64" and v is not None else v)
        for name in nested:
            cols[name].append(_dumps(r[name]) if name in r else None)
        known = {n for n, _ in typed} | set(nested)
        extra.update({k: v for k, v in r.items() if k not in known})
        cols["extra"].append(_dumps(extra) if extra else None)
    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    fields = [pa.field(name, types[t]) for name, t in typed]
    fields += [pa.field(name, pa.string()) for name in (*nested, "extra")]
    schema = pa.schema(fields, metadata={"tqa.kind": kind, "tqa.schema": "1"})
    table = pa.Table.from_pydict(cols, schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def rows(path) -> list[dict]:
    """A Parquet shard's rows as the JSON Lines shard has them (key order aside)."""
    import pyarrow.parquet as pq  # optional and heavy, as above

    table = pq.read_table(str(path))
    kind = (table.schema.metadata or {}).get(b"tqa.kind", b"").decode()
    typed, nested = SCHEMAS[kind]
    out = []
    for rec in table.to_pylist():
        row = {name: rec[name] for name, t in typed if rec[name] is not None}
        row.update({name: json.loads(rec[name]) for name in nested if rec[name] is not None})
        if rec["extra"] is not None:
            row.update(json.loads(rec["extra"]))
        out.append(row)
    return out
