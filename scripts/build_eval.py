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

    python scripts/build_eval.py [--data DIR] [--out DIR] [--stats] [--seed N]

Other seeds draw other controlled edits (more rows to tune on, from the dev split only);
figures are reported with the default seed.
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


# The builder decides what is a name and a number on its own, with simple rules of its own,
# so that tuning the checks never changes the benchmark they are measured on.
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_RU_WORD = re.compile(r"[А-Яа-яЁё]+")
_OPENERS = set(".!?:;\"«»“”—–-([")
_STOP = {w.casefold() for w in (
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday I Mr Mrs Ms Dr God Lord Internet "
    "President Minister Prime Secretary General State States Government Church Republic Federation "
    "Federal National International United Union Council Committee Party Army North South East West "
    "New Old Great Saint University City Day War World Christmas Easter The This That These Those "
    "What When Where Which Who Why How And But Not All One"
).split()}


class W(tuple):
    start = property(lambda self: self[0])
    end = property(lambda self: self[1])
    text = property(lambda self: self[2])


def name_words(text: str, lang: str = "en") -> list:
    out, prev_end = [], None
    for m in _EN_WORD.finditer(text):
        gap = text[prev_end : m.start()] if prev_end is not None else ""
        initial = prev_end is None or bool(set(gap) & _OPENERS)
        prev_end = m.end()
        w = m.group(0)
        if (not initial and w[0].isupper() and len(w) >= 4 and w.isalpha() and not w.isupper()
                and w.casefold() not in _STOP):
            out.append(W((m.start(), m.end(), w)))
    return out


def source_matched(w, src: str) -> bool:
    """A capitalised source word whose transliteration (iuliia Wikipedia or BGN/PCGN, with up
    to two final letters dropped for case endings) is close to the English word."""
    import iuliia
    from rapidfuzz import fuzz

    target = w.text.casefold()
    for m in _RU_WORD.finditer(src):
        s = m.group(0)
        if not s[0].isupper():
            continue
        for cut in (0, 1, 2):
            stem = s[: len(s) - cut] if len(s) - cut >= 3 else s
            for schema in (iuliia.WIKIPEDIA, iuliia.BGN_PCGN):
                if fuzz.ratio(schema.translate(stem).casefold(), target) >= 75:
                    return True
    return False


_DIGITS = re.compile(r"\d+(?:[.,:]\d+)*")


def digit_quantities(text: str) -> list:
    return [W((m.start(), m.end(), m.group(0))) for m in _DIGITS.finditer(text)]


def numbers_differ(a: str, b: str) -> bool:
    def key(t: str):
        return sorted(re.sub(r"(?<=\d),(?=\d{3}\b)", "", m.group(0)) for m in _DIGITS.finditer(t))

    return key(a) != key(b)


def build(rows: list[dict], seed: int = 13) -> dict:
    rng = random.Random(seed)
    from spellchecker import SpellChecker

    # Names to swap in: names of other rows that are not words of English ("Medvedev", not
    # "Focus"): under 20 occurrences in pyspellchecker's English list
    freq = SpellChecker(language="en", distance=1).word_frequency
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
            if re.search(r"[A-Za-z]{2}", dropped):
                emit(r, "drop", dropped, "bad", "names")
        if pe_nums:
            q = rng.choice(pe_nums)
            digits = [i for i, c in enumerate(q.text) if c.isdigit()]
            i = digits[-1]
            changed = q.text[:i] + str((int(q.text[i]) + 1) % 10) + q.text[i + 1 :]
            emit(r, "num", pe[: q.start] + changed + pe[q.end :], "bad", "numbers")
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
    ap.add_argument("--seed", type=int, default=13, help="seed of the controlled edits (default 13)")
    args = ap.parse_args()
    if not (args.data / "dev.pe").exists():
        print(f"build_eval: {args.data}: MLQE-PE ru-en dev not found", file=sys.stderr)
        return 2
    rows = load(args.data)
    if args.stats:
        ratios = [len(r["pe"]) / len(r["src"]) for r in rows if len(r["src"]) >= 40]
        print(f"post-edit/source characters: median {statistics.median(ratios):.3f} over {len(ratios)} segments")
    out = build(rows, seed=args.seed)
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
