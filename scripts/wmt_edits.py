"""Do real errors still fire on real news? Controlled edits of a professional translation (WMT21 ru-en).

    python scripts/wmt_edits.py                 # ref-A, every document, three kinds of edit
    python scripts/wmt_edits.py --translation ref-B --details

Each document's professional translation is audited untouched and with one edit at a time:

* drop:   a mid-document sentence (40+ characters on both sides) is deleted -> OMIT001 expected;
* number: a figure that the source and the sentence share gets its last digit changed -> NUM*;
* name:   a name the sentence shares with the source (a capitalised word, not opening the
          sentence, spelt the same or transliterated) is replaced by a name of another
          document, or deleted (alternately) -> XNAME*.

An edit is *detected* when the edited audit has more findings of the expected family than the
untouched one. Documents without a suitable sentence are skipped. The untouched audits double
as controls: their findings are counted per family as well (compare wmt_precision.py).
Reads ../shared/data/wmt21-ruen (never copied into the repository).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # this tree's audit package (wmt_precision.py)
from wmt_precision import DATA, _audit, _init, as_text, load_corpus  # noqa: E402

FAMILY = {"drop": ("OMIT",), "number": ("NUM",), "name": ("XNAME",)}
_NUM = re.compile(r"(?<![\d.,])\d{1,4}(?![\d])")
_CAP = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]{3,})\b")


def _flat(paras):
    return [(pi, si) for pi, p in enumerate(paras) for si, _ in enumerate(p)]


def _replace(paras, pi, si, new):
    return [[(new if (i == pi and k == si) else s) for k, s in enumerate(p) if not (i == pi and k == si and new is None)]
            for i, p in enumerate(paras)]


def _keys(word: str, lang: str) -> set[str]:
    """First three letters of the word's phonetic romanisations (audit.translit)."""
    from audit.translit import romanise

    return {k[:3] for k, _ in romanise(word, lang)}


def make_edits(doc: dict, tr_name: str, rng: random.Random, names_pool: list[str]) -> dict:
    src, tr = doc["src"], doc["translations"].get(tr_name)
    out = {}
    if not tr or len(tr) != len(src) or any(len(a) != len(b) for a, b in zip(tr, src)):
        return out
    cells = [(pi, si) for pi, si in _flat(tr) if tr[pi][si] and src[pi][si]]
    mid = cells[len(cells) // 4 : max(len(cells) // 4 + 1, 3 * len(cells) // 4)]
    long_ = [(pi, si) for pi, si in mid if len(tr[pi][si]) >= 40 and len(src[pi][si]) >= 40]
    if long_:
        pi, si = rng.choice(long_)
        out["drop"] = (_replace(tr, pi, si, None), f"dropped: {tr[pi][si][:70]}")
    shared = []
    for pi, si in cells:
        for m in _NUM.finditer(tr[pi][si]):
            if re.search(rf"(?<![\d.,]){re.escape(m.group())}(?![\d])", src[pi][si]) and m.group() not in ("1", "2"):
                shared.append((pi, si, m))
    if shared:
        pi, si, m = rng.choice(shared)
        d = m.group()
        new = d[:-1] + str((int(d[-1]) + rng.randint(1, 8)) % 10)
        out["number"] = (_replace(tr, pi, si, tr[pi][si][: m.start()] + new + tr[pi][si][m.end():]), f"{d} -> {new}")
    from audit.translit import common

    named = []
    for pi, si in cells:
        for m in _CAP.finditer(tr[pi][si]):
            w = m.group(1)
            if common(w.lower(), "en"):
                continue
            heads = _keys(w, "en")
            if any(heads & _keys(t, "ru") for t in re.findall(r"[А-ЯЁ][а-яё]+", src[pi][si])):
                named.append((pi, si, m))
    if named:
        pi, si, m = rng.choice(named)
        s = tr[pi][si]
        if rng.random() < 0.5:
            other = rng.choice([n for n in names_pool if n[:2] != m.group(1)[:2]] or ["Smith"])
            out["name"] = (_replace(tr, pi, si, s[: m.start(1)] + other + s[m.end(1):]), f"{m.group(1)} -> {other}")
        else:
            out["name"] = (_replace(tr, pi, si, re.sub(r"\s{2,}", " ", s[: m.start(1)] + s[m.end(1):])),
                           f"{m.group(1)} dropped")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--translation", default="ref-A")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--details", action="store_true", help="list the edits that were missed")
    args = ap.parse_args(argv)
    if not (args.data / "newstest2021.ru-en.all.xml").exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    docs = load_corpus(args.data)
    rng = random.Random(args.seed)
    from audit.translit import common

    pool_names = sorted({m.group(1) for d in docs for p in d["translations"].get(args.translation, [])
                         for s in p for m in _CAP.finditer(s) if not common(m.group(1).lower(), "en")})
    jobs, what = [], {}
    for d in docs:
        tr = d["translations"].get(args.translation)
        if not tr:
            continue
        src_text = as_text(d["src"])
        jobs.append((d["id"], "untouched", src_text, as_text(tr), False))
        for kind, (edited, desc) in make_edits(d, args.translation, rng, pool_names).items():
            what[(d["id"], kind)] = desc
            jobs.append((d["id"], kind, src_text, as_text(edited), False))
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.jobs, initializer=_init, initargs=(None, (), ())) as pool:
        results = list(pool.map(_audit, jobs, chunksize=2))
    base = {r["doc"]: r for r in results if r["name"] == "untouched"}
    print(f"{len(jobs)} audits in {time.perf_counter() - t0:.0f} s; translation {args.translation}\n")
    print("edit | documents | detected | rate")
    print("--- | --- | --- | ---")
    missed = []
    for kind, fam in FAMILY.items():
        rs = [r for r in results if r["name"] == kind]
        hit = 0
        for r in rs:
            count = lambda res: sum(1 for f in res["findings"] if f["rule"].startswith(fam))  # noqa: E731
            if count(r) > count(base[r["doc"]]):
                hit += 1
            else:
                missed.append((kind, r["doc"]))
        print(f"{kind} | {len(rs)} | {hit} | {100 * hit / len(rs):.1f}%" if rs else f"{kind} | 0 | - | -")
    controls = Counter(f["rule"][:-3] for r in base.values() for f in r["findings"])
    words = sum(r["words"] for r in base.values())
    print(f"\nuntouched: {len(base)} documents, {words} words, findings by family: {dict(sorted(controls.items()))}")
    if args.details:
        for kind, doc in missed:
            print(f"  missed {kind}: {doc}: {what[(doc, kind)]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
