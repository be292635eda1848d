"""Expected length of a translation against its source, per language pair (data, not a stage)."""

from __future__ import annotations

from pathlib import Path

from audit import yamlio
from audit.references import bundled_root


def length_ratio(references, src: str | None, tgt: str | None) -> float:
    """Expected target/source length in characters for the pair (references/bilingual/ratios.yaml)."""

    def build():
        p = Path(references.root) / "bilingual" / "ratios.yaml"
        if not p.exists():
            p = bundled_root() / "bilingual" / "ratios.yaml"
        return yamlio.load(p) or {} if p.exists() else {}

    data = references.compiled(("bilingual-ratios",), build)
    by_pair = data.get("pairs") or {}  # "ru-en": 1.1 (the file's key; not source pairs)
    return float(by_pair.get(f"{src}-{tgt}", data.get("default", 1.0)))
