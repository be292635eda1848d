"""Benchmark glossary maintenance: import N entries (CSV) into an empty glossary, add one entry
to it, lint it, export it as TBX. Prints seconds per step; run: python scripts/bench_glossary.py [N]."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main(n: int = 1000) -> None:
    from audit.glossary.authoring.csvio import read_csv
    from audit.glossary.authoring.edit import GlossaryStore
    from audit.glossary.authoring.exchange import import_entries, read_entries
    from audit.glossary.authoring.lint import lint
    from audit.glossary.authoring.tbx import export_tbx

    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "big.csv"
        rows = ["id,kind,en,en.variants,ru"] + [f"term-{i:05d},term,term number {i},variant {i},термин {i}" for i in range(n)]
        csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
        (Path(tmp) / "g").mkdir()
        store = GlossaryStore(Path(tmp) / "g", lock_timeout=5)
        t = time.perf_counter()
        report = import_entries(store, read_entries(read_csv(csv), csv))
        print(f"import {len(report.added)} entries (CSV): {time.perf_counter() - t:.2f} s")
        t = time.perf_counter()
        store.add({"id": "one-more", "kind": "term", "forms": {"en": "one more"}})
        print(f"add 1 entry to a {n}-entry glossary: {time.perf_counter() - t:.2f} s")
        t = time.perf_counter()
        problems = lint(store.path)
        print(f"lint {n + 1} entries: {time.perf_counter() - t:.2f} s ({len(problems)} problems)")
        t = time.perf_counter()
        xml = export_tbx(store.load())
        print(f"export TBX: {time.perf_counter() - t:.2f} s ({len(xml) // 1024} KiB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
