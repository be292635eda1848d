#!/usr/bin/env python
"""Measure the reference aligner and the segment metrics on real MT with post-edits.

Data: MLQE-PE Russian→English dev (../shared/data/mlqepe-ruen-dev/, see its SOURCE.md):
1000 MT segments, their professional post-edits, HTER and direct-assessment (DA) scores.

(a) Link accuracy. The MT (left) and post-edit (right) are a known 1-1 alignment. We cut
    them into documents, scramble the boundaries (merge two neighbours, split one at a word
    boundary, drop one, on either side; about `rate` of the pairs get one operation) and
    count the true links audit.align returns exactly (recall) and the share of returned links
    that are true (precision).
(b) Correlation. Segment chrF, chrF++, BLEU (effective order) and TER of the MT against its
    post-edit, against the human scores: HTER (dev.hter) and the DA mean and z-mean
    (dev.ruen.df.short.tsv). Pearson's r and Kendall's tau-b; signs as they come (TER and
    HTER are error rates, so they correlate negatively with DA).

    python scripts/measure_alignment.py [--data DIR] [--seeds 3]
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audit.align import align  # noqa: E402
from audit.metrics import Bleu, ChrF, Ter  # noqa: E402
from audit.stages.reference import unlink_weak  # noqa: E402
from measure.scramble import scramble  # noqa: E402  (scripts/measure: the script's folder is on sys.path)
from measure.stats import kendall_tau_b, pearson  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "mlqepe-ruen-dev"


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def link_accuracy(mt: list[str], pe: list[str], doc_size: int, rate: float, seeds: int, stage: bool = False) -> dict:
    hits = total = predicted = 0
    missed = collections.Counter()
    kinds = collections.Counter()
    elapsed = 0.0
    for seed in range(seeds):
        for start in range(0, len(mt), doc_size):
            sc = scramble(mt[start : start + doc_size], pe[start : start + doc_size], rate=rate, seed=seed * 100_003 + start)
            t0 = time.perf_counter()
            links = align(sc.left, sc.right)
            if stage:  # what the reference stage keeps: weak links split into added + dropped
                links = unlink_weak(links, sc.left, sc.right)
            elapsed += time.perf_counter() - t0
            got = {(link.left, link.right) for link in links}
            predicted += len(got)
            for a, b in sc.truth:
                kind = f"{len(a)}-{len(b)}"
                kinds[kind] += 1
                total += 1
                if (tuple(a), tuple(b)) in got:
                    hits += 1
                else:
                    missed[kind] += 1
    return {"recall": hits / total, "precision": hits / predicted, "links": total, "kinds": kinds,
            "missed": missed, "seconds": elapsed}


def correlations(mt: list[str], pe: list[str], hter: list[float], da: list[float], da_z: list[float]) -> list[tuple]:
    rows = []
    scorers = [ChrF(), ChrF(word_order=2), Bleu(), Ter()]
    for s in scorers:
        t0 = time.perf_counter()
        scores = [s.sentence(m, [p]) for m, p in zip(mt, pe)]
        ms = (time.perf_counter() - t0) / len(mt) * 1000
        for human_name, human in (("HTER", hter), ("DA mean", da), ("DA z-mean", da_z)):
            rows.append((s.name, human_name, pearson(scores, human), kendall_tau_b(scores, human), ms, s.signature(True)))
    # The human scores against each other, for scale.
    rows.append(("HTER (human)", "DA z-mean", pearson(hter, da_z), kendall_tau_b(hter, da_z), 0.0, "dev.hter"))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seeds", type=int, default=3, help="scrambles per setting (default 3)")
    args = ap.parse_args(argv)
    if not (args.data / "dev.mt").is_file():
        print(f"measure_alignment: no MLQE-PE data at {args.data}", file=sys.stderr)
        return 2
    mt, pe = read_lines(args.data / "dev.mt"), read_lines(args.data / "dev.pe")
    hter = [float(x) for x in read_lines(args.data / "dev.hter")]
    with (args.data / "dev.ruen.df.short.tsv").open(encoding="utf-8") as f:
        tsv = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    da = [float(r["mean"]) for r in tsv]
    da_z = [float(r["z_mean"]) for r in tsv]
    assert len(mt) == len(pe) == len(hter) == len(da), "MLQE-PE files disagree on the number of segments"

    print(f"(a) link accuracy under scrambled boundaries: {len(mt)} MT/post-edit pairs, {args.seeds} seeds per row")
    print(f"{'aligner':<8} {'doc size':>8} {'rate':>5} {'links':>6} {'recall':>7} {'precision':>9} {'s/doc':>7}  missed by true kind")
    for stage, doc_size in ((False, 50), (False, 1000), (True, 50)):
        for rate in (0.15, 0.30):
            r = link_accuracy(mt, pe, doc_size, rate, args.seeds, stage=stage)
            docs = args.seeds * -(-len(mt) // doc_size)
            missed = ", ".join(f"{k} {r['missed'][k]}/{r['kinds'][k]}" for k in sorted(r["kinds"]))
            print(f"{'stage' if stage else 'align':<8} {doc_size:>8} {rate:>5.2f} {r['links']:>6} {r['recall']:>7.2%} "
                  f"{r['precision']:>9.2%} {r['seconds'] / docs:>7.3f}  {missed}")
    print("  align: audit.align.align defaults; stage: plus the reference stage's split of weak links")
    print()
    print("(b) segment metrics of MT against its post-edit vs. human scores (n = %d)" % len(mt))
    print(f"{'metric':<13} {'human':<10} {'pearson':>8} {'kendall':>8} {'ms/seg':>7}  signature")
    for name, human, r, tau, ms, sig in correlations(mt, pe, hter, da, da_z):
        print(f"{name:<13} {human:<10} {r:>8.3f} {tau:>8.3f} {ms:>7.2f}  {sig}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
