"""Bilingual audits: a translation with its source (paired plain text, XLIFF, TMX, PO, TSV/CSV).

`formats` reads bilingual files into units, `pairing` turns units or two plain texts into the
target document and the source ↔ target pairs (a `SourcePairs` product, audit/stages/__init__.py: the
checks read it as `ctx.outputs.source_pairs`, reports as `data["bilingual"]`), `run` holds the
stages that hand them on, `ratios` the expected length of a translation. audit/entry.py picks
them for each input kind.
"""

from __future__ import annotations


def unit_at(data: dict, offset: int) -> dict | None:
    """The unit a target offset falls in, with the offset inside it (bilingual files only)."""
    bil = data.get("bilingual") if data else None
    if not bil or bil.get("format") in (None, "text", "lines"):
        return None
    for p in bil.get("pairs", ()):
        if p["start"] <= offset <= p["end"]:
            return {"id": p["id"], "offset": offset - p["start"]}
    return None
