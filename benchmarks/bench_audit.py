"""Benchmark the audit without back-translation: the seed's audit time, and throughput over
generated articles in one process and in a pool of processes.

    python benchmarks/bench_audit.py [--articles 1000] [--jobs 2]

Prints figures; asserts nothing. Articles are generated from sentence templates filled with
glossary names (right and wrong forms), calques, boilerplate and a repeated headline, so
every check has work to do. Target (issue 2): >= 20 articles/s on 2 cores.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEMPLATES = [
    "{title} {person} said on {day} that talks with {org} would continue in {place}.",
    "The meeting of the {org} took place in {place} and lasted almost {n} hours.",
    "{person} and {person2} discussed further steps after the consultations on {day}.",
    "Earlier, {person} said that there was no reason to sit down at the negotiating table again.",
    "The parties called on each other to de-escalate the situation on the territory of the region.",
    "In particular, {org} proposed to abandon the expansion to the east, {person} noted.",
    "From January {n} to {m}, the sides held {n} rounds of negotiations on security guarantees.",
    "The consultations ended without concrete results, and {org} assessed them as unsuccessful.",
    "According to {person}, the statement of {org} emphasizes a diplomatic way to resolve the situation.",
]
BOILER = ["Leave a Reply", "Share on Facebook", "Your email address will not be published. Required fields are marked *"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_articles(n: int, refs, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    people = [f for e in refs.glossary if e.kind == "person" for f in e.all_forms("en") if " " in f]
    titles = [f for e in refs.glossary if e.kind == "title" for f in e.all_forms("en")]
    orgs = [f for e in refs.glossary if e.kind == "organisation" for f in e.all_forms("en")]
    places = [f for e in refs.glossary if e.kind == "place" for f in e.all_forms("en")]
    out = []
    for _ in range(n):
        head = f"{rng.choice(orgs)} ready for new talks with {rng.choice(places)}"
        paras = [head]
        for _ in range(rng.randint(5, 10)):
            sents = []
            for _ in range(rng.randint(1, 4)):
                sents.append(rng.choice(TEMPLATES).format(
                    title=rng.choice(titles), person=rng.choice(people), person2=rng.choice(people),
                    org=rng.choice(orgs), place=rng.choice(places), day=rng.choice(DAYS),
                    n=rng.randint(2, 12), m=rng.randint(13, 28)))
            paras.append(" ".join(sents))
        if rng.random() < 0.3:
            paras.insert(2, head)
        if rng.random() < 0.5:
            paras.append(rng.choice(BOILER))
        out.append("\n\n".join(paras) + "\n")
    return out


_REFS = None


def _init():
    global _REFS
    from audit.references import load_references

    _REFS = load_references()


def _audit_text(text: str) -> int:
    from audit.config import Settings
    from audit.pipeline import audit_document, build_document

    doc = build_document(text, _REFS, lang="en", source_lang="ru", date="2022-01-14")
    return len(audit_document(doc, _REFS, Settings()).findings)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from audit.config import Settings
    from audit.entry import audit_path
    from audit.references import load_references

    refs = load_references()
    t_load = time.perf_counter() - t0
    seed = ROOT / "seeds" / "state-dept-nato-russia.en.txt"
    t0 = time.perf_counter()
    first = audit_path(seed, refs, Settings())
    t_first = time.perf_counter() - t0
    warm = []
    for _ in range(10):
        t0 = time.perf_counter()
        audit_path(seed, refs, Settings())
        warm.append(time.perf_counter() - t0)
    print(f"references load:        {t_load * 1000:8.1f} ms ({len(refs.glossary)} glossary entries)")
    print(f"seed audit, first:      {t_first * 1000:8.1f} ms (includes langdetect profiles and matcher compilation)")
    print(f"seed audit, warm:       {statistics.median(warm) * 1000:8.1f} ms median of 10 ({len(first.findings)} findings)")

    articles = make_articles(args.articles, refs)
    words = sum(len(a.split()) for a in articles)
    global _REFS
    _REFS = refs
    t0 = time.perf_counter()
    findings = sum(_audit_text(a) for a in articles)
    t_one = time.perf_counter() - t0
    print(f"{len(articles)} articles ({words} words, {findings} findings), 1 process: "
          f"{t_one:6.2f} s = {len(articles) / t_one:6.1f} articles/s")
    ctx = mp.get_context("fork")
    t0 = time.perf_counter()
    with ctx.Pool(args.jobs, initializer=_init) as pool:
        found = sum(pool.map(_audit_text, articles, chunksize=16))
    t_pool = time.perf_counter() - t0
    assert found == findings
    print(f"{len(articles)} articles, {args.jobs} processes:  "
          f"{t_pool:6.2f} s = {len(articles) / t_pool:6.1f} articles/s (speed-up {t_one / t_pool:.2f}x)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (main process): {rss:.0f} MB")


if __name__ == "__main__":
    main()
