"""Expected length of a translation against its source, per language pair (data, not a stage)."""

from __future__ import annotations

from audit import yamlio


def length_ratio(references, src: str | None, tgt: str | None) -> float:
    """Expected target/source length in characters for the pair (references/bilingual/ratios.yaml)."""

    def build():
        p = references.data_path("bilingual/ratios.yaml")  # the --references copy, else the bundled one
        return yamlio.load(p) or {} if p is not None else {}

    data = references.compiled(("bilingual-ratios",), build)
    by_pair = data.get("pairs") or {}  # "ru-en": 1.1 (the file's key; not source pairs)
    return float(by_pair.get(f"{src}-{tgt}", data.get("default", 1.0)))
