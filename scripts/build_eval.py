#!/usr/bin/env python3
"""Build `tqa eval` TSVs from MLQE-PE ru-en dev (../shared/data/mlqepe-ruen-dev/).

Rows, each labelled and put in a category (names, numbers, plain):
  * the post-edit fixed a number (the MT's quantities differ from the post-edit's): the MT
    row is `bad`, the post-edit row `ok` (category numbers);
  * the post-edit fixed a name (a capitalised word of the post-edit, not sentence-initial,
    that the MT lacks): MT `bad`, post-edit `ok` (category names);
  * controlled edits of post-edits: a name swapped for a name from another document (one
    that is not an English word: the word list of pyspellchecker decides), a name
    dropped, a number changed by one in its last digit: `bad`;
  * every other post-edit with a name or a number: `ok` in that category; the rest: `ok`
    in `plain`.
Documents are split in two by a hash of their id: `dev` (look at it, tune on it) and
`test` (held out: report on it, never tune on it).

    python scripts/build_eval.py [--data DIR] [--out DIR] [--stats]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "mlqepe-ruen-dev"
HEADER = ["id", "src_lang", "tgt_lang", "source", "translation", "reference", "label", "category"]


def detok(line: str) -> str:
    from sacremoses import MosesDetokenizer

    text = MosesDetokenizer("en").detokenize(line.split())
    text = re.sub(r"(\d) ?: ?(\d\d)\b", r"\1:\2", text)
    return re.sub(r"(\d) ?([.,]) ?(\d)", lambda m: m.group(1) + m.group(2) + m.group(3) if m.group(0).count(" ") == 2 else m.group(0), text)


def load(data: Path) -> list[dict]:
    with open(data / "dev.ruen.df.short.tsv", encoding="utf-8") as f:
        table = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    pe = (data / "dev.pe").read_text(encoding="utf-8").splitlines()
    docs = (data / "dev.doc_ids").read_text(encoding="utf-8").splitlines()[1:]
    hter = (data / "dev.hter").read_text(encoding="utf-8").splitlines()
    assert len(table) == len(pe) == len(docs) == len(hter), "files of different lengths"
    rows = []
    for i, (t, p, d, h) in enumerate(zip(table, pe, docs, hter)):
        split = "dev" if int(hashlib.md5(d.encode()).hexdigest(), 16) % 2 == 0 else "test"
        rows.append({"n": i + 1, "segid": t[0], "src": t[1], "mt": t[2], "pe": detok(p), "doc": d, "hter": float(h), "split": split})
    return rows


def name_words(text: str, lang: str = "en"):
    from audit.crossnames import _not_names, words

    stop = _not_names(lang)
    return [w for w in words(text) if w.capitalised and not w.initial and len(w.text) >= 4 and w.text.isalpha()
            and not w.acronym and w.text.casefold() not in stop]


def source_matched(w, src: str) -> bool:
    from audit.crossnames import similarity, words

    return any(s.capitalised and similarity(s.text, "ru", w.text, "en") >= 80 for s in words(src))


def digit_quantities(text: str):
    from audit.quantities import extract

    return [q for q in extract(text, "en") if q.required and any(c.isdigit() for c in q.text)]


def numbers_differ(a: str, b: str) -> bool:
    from audit.quantities import compare, extract

    return not compare(extract(a, "en"), extract(b, "en")).ok


def build(rows: list[dict], seed: int = 13) -> dict:
    rng = random.Random(seed)
    from audit.translit import _frequencies

    # Names to swap in: names of other rows that are not words of English ("Medvedev", not
    # "Focus"): under 20 occurrences in pyspellchecker's English list (fixed here, whatever
    # thresholds the checks use)
    freq = _frequencies("en")
    pool = sorted({w.text for r in rows for w in name_words(r["pe"]) if source_matched(w, r["src"]) and freq[w.text.casefold()] < 20})
    out = {"dev": [], "test": []}

    def emit(r, key, translation, label, category):
        out[r["split"]].append([f"{r['segid']}-{key}", "ru", "en", r["src"], translation, r["pe"], label, category])

    for r in rows:
        pe, mt = r["pe"], r["mt"]
        pe_names, pe_nums = name_words(pe), digit_quantities(pe)
        mt_words = {w.text.casefold() for w in name_words(mt)} | {m.casefold() for m in re.findall(r"\w+", mt)}
        if mt != pe and numbers_differ(mt, pe):
            emit(r, "mt", mt, "bad", "numbers")
        if mt != pe and any(w.text.casefold() not in mt_words for w in pe_names):
            emit(r, "mt", mt, "bad", "names")
        if pe_names:
            emit(r, "pe", pe, "ok", "names")
        if pe_nums:
            emit(r, "pe", pe, "ok", "numbers")
        if not pe_names and not pe_nums:
            emit(r, "pe", pe, "ok", "plain")
        matched = [w for w in pe_names if source_matched(w, r["src"])]
        if matched:
            w = rng.choice(matched)
            others = [n for n in pool if n[:2].casefold() != w.text[:2].casefold() and n not in pe and n not in r["mt"]]
            swap = rng.choice(others)
            emit(r, "swap", re.sub(rf"\b{re.escape(w.text)}\b", swap, pe), "bad", "names")
            run = _name_run(pe, w)
            dropped = re.sub(r"\s{2,}", " ", pe.replace(run, "")).replace(" ,", ",").replace(" .", ".").strip()
            emit(r, "drop", dropped, "bad", "names")
        if pe_nums:
            q = rng.choice(pe_nums)
            digits = [i for i, c in enumerate(q.text) if c.isdigit()]
            i = digits[-1]
            changed = q.text[:i] + str((int(q.text[i]) + 1) % 10) + q.text[i + 1 :]
            emit(r, "num", pe[: q.span.start] + changed + pe[q.span.end :], "bad", "numbers")
    return out


def _name_run(text: str, w) -> str:
    """The capitalised run around word w ("Anna Ivanovna Shestakova")."""
    start, end = w.start, w.end
    while True:
        m = re.search(r"([A-Z][\w'-]*) $", text[:start])
        if not m:
            break
        start = m.start(1)
    while True:
        m = re.match(r" ([A-Z][\w'-]*)", text[end:])
        if not m:
            break
        end += m.end(1)
    return text[start:end]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=Path("/tmp/tqa-eval"))
    ap.add_argument("--stats", action="store_true", help="print the post-edit/source length ratio")
    args = ap.parse_args()
    if not (args.data / "dev.pe").exists():
        print(f"build_eval: {args.data}: MLQE-PE ru-en dev not found", file=sys.stderr)
        return 2
    rows = load(args.data)
    if args.stats:
        ratios = [len(r["pe"]) / len(r["src"]) for r in rows if len(r["src"]) >= 40]
        print(f"post-edit/source characters: median {statistics.median(ratios):.3f} over {len(ratios)} segments")
    out = build(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    for split, items in out.items():
        path = args.out / f"mlqepe-ruen-{split}.tsv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("\t".join(HEADER) + "\n")
            for item in items:
                f.write("\t".join(" ".join(c.split()) for c in item) + "\n")
        counts = {}
        for item in items:
            counts[(item[7], item[6])] = counts.get((item[7], item[6]), 0) + 1
        print(f"{path}: {len(items)} rows " + ", ".join(f"{c}/{lab}={n}" for (c, lab), n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
