"""What limits tqa's ranking of MT systems (issue 12: Kendall tau against the human scores).

    python scripts/wmt_precision.py --json run.json        # first: every finding of every translation
    python scripts/wmt_tau.py run.json [--boot 1000]       # tau variants, bootstrap, segment-level DA
    python scripts/wmt_tau.py --mlqe                       # held out: MLQE-PE ru-en dev, sentence DA/HTER

Reads `../shared/data/wmt21-ruen` (human DA per segment, `ad-seg-scores-ru-en.csv`, whose SID
counts segments with the documents sorted by id: that mapping gives sentence chrF a 0.18
correlation with DA, file order none) and `../shared/data/mlqepe-ruen-dev`. Prints:

* tau of tqa's penalty per 1000 words against the human z of the ten systems, beside chrF's,
  and the same with findings counted alike, majors only, per scored segment, each document
  weighted alike, and each rule family alone and left out: the spread is the noise;
* a bootstrap over documents (resampled with replacement): tau of tqa and of chrF, their 5-95%
  range, and how often tqa's tau is at least chrF's;
* segment level: the human z of a segment with a finding, less the mean z of every system's
  translation of that segment (so a hard source sentence is no evidence), per rule;
* lexical coverage: the share of content words the word alignment links, per system and per
  segment, against the human scores: a signal on every segment that needs no model;
* --mlqe: the same question on held-out data (one MT system, 1000 sentences): DA z and HTER
  of sentences with and without findings, and the Spearman correlation of the penalty.

Nothing here changes tqa's scoring; it measures whether a change could be principled.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # this tree's audit package (wmt_precision.py)
from measure.stats import kendall_tau_b  # noqa: E402
from wmt_precision import DATA, human_scores, load_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MLQE = ROOT.parent / "shared" / "data" / "mlqepe-ruen-dev"
MLQE_JUDGEMENTS = Path(__file__).with_name("mlqe_judgements.tsv")
WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 25.0}  # audit/config.py's defaults
FAMILIES = {"names": ("XNAME", "NAME"), "numbers": ("NUM",), "omission": ("OMIT", "UNTR"),
            "terms": ("TERM", "TITLE"), "phrasing": ("PHRASE",), "language": ("LANG",)}


def segment_ids(docs: list[dict]) -> dict[tuple, int]:
    """(doc id, paragraph, segment) → the DA file's SID: segments counted with the documents sorted by id."""
    out, k = {}, 0
    for d in sorted(docs, key=lambda d: d["id"]):
        for pi, p in enumerate(d["src"]):
            for si, _ in enumerate(p):
                k += 1
                out[(d["id"], pi, si)] = k
    return out


def segment_da(data: Path) -> dict[str, dict[int, float]]:
    names = {"Nemo": "NVIDIA-NeMo"}
    out: dict[str, dict[int, float]] = defaultdict(dict)
    for line in (data / "ad-seg-scores-ru-en.csv").read_text().splitlines()[1:]:
        p = line.split()
        if len(p) >= 4:
            system = p[0].rsplit(".", 1)[0]
            out[names.get(system, system)][int(p[1])] = float(p[3])
    return out


def wmt(run: Path, boot: int, seed: int) -> None:
    res = json.loads(run.read_text(encoding="utf-8"))
    docs = load_corpus(DATA)
    byid = {d["id"]: d for d in docs}
    human = human_scores(DATA)
    systems = sorted(s for s in human if s in res["by_translation"])
    hs = [human[s] for s in systems]
    words: dict = defaultdict(dict)
    finds: dict = defaultdict(dict)
    for r in res["results"]:
        words[r["name"]][r["doc"]] = r["words"]
        finds[r["name"]][r["doc"]] = r["findings"]
    docids = sorted(words[systems[0]])

    def score(s, ids, keep=lambda f: True, w=WEIGHTS):
        pen = sum(w[f["severity"]] for d in ids for f in finds[s].get(d, ()) if keep(f))
        return -1000 * pen / max(1, sum(words[s].get(d, 0) for d in ids))

    def tau(keep=lambda f: True, ids=docids, w=WEIGHTS):
        return kendall_tau_b([score(s, ids, keep, w) for s in systems], hs)

    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    stats = {}
    for s in systems:
        for i in docids:
            h, ref = byid[i]["translations"].get(s), byid[i]["translations"].get("ref-A")
            pairs = [(a, b) for hp, rp in zip(h or [], ref or []) for a, b in zip(hp, rp)]
            st = chrf._extract_corpus_statistics([a for a, _ in pairs], [[b for _, b in pairs]]) if pairs else []
            stats[(s, i)] = np.sum(np.array(st), axis=0) if len(st) else None

    def chrf_score(s, ids):
        parts = [stats[(s, i)] for i in ids if stats[(s, i)] is not None]
        return chrf._compute_score_from_stats(list(sum(parts))).score

    print(f"{len(systems)} systems, {len(docids)} documents; {sum(len(v) for s in systems for v in finds[s].values())} findings")
    print(f"tau, tqa penalty per 1000 words (the harness's): {tau():+.3f}; corpus chrF vs ref-A: "
          f"{kendall_tau_b([chrf_score(s, docids) for s in systems], hs):+.3f}")
    print(f"  findings counted alike: {tau(w={'minor': 1, 'major': 1, 'critical': 1}):+.3f}; majors only: "
          f"{tau(lambda f: f['severity'] != 'minor'):+.3f}")
    per_doc = [-np.mean([1000 * sum(WEIGHTS[f['severity']] for f in finds[s].get(d, ())) / max(1, words[s][d])
                         for d in docids]) for s in systems]
    print(f"  each document weighted alike: {kendall_tau_b(per_doc, hs):+.3f}")
    for fam, pre in FAMILIES.items():
        print(f"  family {fam:9s} alone {tau(lambda f, pre=pre: f['rule'].startswith(pre)):+.3f}, left out "
              f"{tau(lambda f, pre=pre: not f['rule'].startswith(pre)):+.3f}; findings per system "
              f"{[sum(1 for d in docids for f in finds[s].get(d, ()) if f['rule'].startswith(pre)) for s in systems]}")

    if boot:
        rng = random.Random(seed)
        T, C = [], []
        for _ in range(boot):
            ids = [rng.choice(docids) for _ in docids]
            T.append(kendall_tau_b([score(s, ids) for s in systems], hs))
            C.append(kendall_tau_b([chrf_score(s, ids) for s in systems], hs))
        print(f"bootstrap over documents ({boot}x): tqa tau mean {np.mean(T):+.3f} (5-95% {np.percentile(T, 5):+.3f}"
              f" to {np.percentile(T, 95):+.3f}); chrF {np.mean(C):+.3f} ({np.percentile(C, 5):+.3f} to "
              f"{np.percentile(C, 95):+.3f}); tqa at least chrF in {np.mean([t >= c for t, c in zip(T, C)]):.1%}")

    # segment level: is a segment with a finding rated lower than other systems' translations of it?
    sid = segment_ids(docs)
    da = segment_da(DATA)
    rows = []
    for r in res["results"]:
        s = r["name"]
        if s not in da:
            continue
        d = byid[r["doc"]]
        segs = [(pi, si, t) for pi, p in enumerate(d["translations"][s]) for si, t in enumerate(p)]
        hit = defaultdict(list)
        for f in r["findings"]:
            tgt = f["target"].strip()
            if not tgt:
                continue
            # the XML segment holding tqa's sentence; else one that tqa's sentence holds (two
            # segments joined), long enough not to be a short headline found by chance
            where = next(((pi, si) for pi, si, t in segs if tgt in t), None) or next(
                ((pi, si) for pi, si, t in segs if t.strip() and t.strip() in tgt and 2 * len(t.strip()) >= len(tgt)), None)
            if where is not None:
                hit[where].append(f)
        for pi, si, _ in segs:
            z = da[s].get(sid[(d["id"], pi, si)])
            if z is not None:
                rows.append((s, d["id"], (pi, si), z, hit.get((pi, si), [])))
    mean_of = defaultdict(list)
    for s, did, key, z, _ in rows:
        mean_of[(did, key)].append(z)
    rel = [x[3] - np.mean(mean_of[(x[1], x[2])]) for x in rows]
    flagged = [v for v, x in zip(rel, rows) if x[4]]
    print(f"segment level: {len(rows)} segments with a human score, {len(flagged)} with a finding; z less the "
          f"segment's mean over systems: with a finding {np.mean(flagged):+.3f}, without "
          f"{np.mean([v for v, x in zip(rel, rows) if not x[4]]):+.3f}")
    for rule in sorted({f["rule"] for x in rows for f in x[4]}):
        v = [a for a, x in zip(rel, rows) if any(f["rule"] == rule for f in x[4])]
        print(f"  {rule:10s} n={len(v):3d}  relative z {np.mean(v):+.3f}")
    per_seg = [-np.mean([sum(WEIGHTS[f["severity"]] for f in x[4]) for x in rows if x[0] == s]) for s in systems]
    print(f"  tau of the penalty per human-scored segment: {kendall_tau_b(per_seg, hs):+.3f}")
    coverage(res["results"], byid, systems, hs, sid, da)


def coverage(results: list[dict], byid: dict, systems: list[str], hs: list[float], sid: dict, da: dict) -> None:
    """Is the word alignment's lexical coverage (the share of content words it links) a quality
    signal on every segment? System level: tau of each system's coverage; segment level: Spearman
    of a segment's coverage with its human z, both less their mean over the systems' translations
    of the same source segment (so a hard or a dictionary-friendly source sentence is no evidence)."""
    if not any(r.get("aligned") for r in results):
        print("lexical coverage: not in this run (rerun wmt_precision.py)")
        return
    tot: dict = defaultdict(lambda: np.zeros(4))
    seg = []
    for r in results:
        d = byid[r["doc"]]
        where = {t.strip(): (pi, si) for pi, p in enumerate(d["src"]) for si, t in enumerate(p)}
        for a in r.get("aligned") or ():
            tot[r["name"]] += (a["src"], a["src_left"], a["tgt"], a["tgt_left"])
            k = where.get(a["source"].strip())
            z = da.get(r["name"], {}).get(sid[(d["id"],) + k]) if k is not None else None
            if z is not None and a["src"] >= 4 and a["tgt"]:
                seg.append((d["id"], k, z, 1 - a["src_left"] / a["src"], 1 - a["tgt_left"] / a["tgt"]))
    cov = {n: (1 - t[1] / max(1, t[0]), 1 - t[3] / max(1, t[2])) for n, t in tot.items()}
    print("lexical coverage (content words the word alignment links), per translation: "
          + ", ".join(f"{n} {c[0]:.3f}/{c[1]:.3f}" for n, c in sorted(cov.items())) + " (source/target)")
    print(f"  tau of coverage against the human z: source side {kendall_tau_b([cov[s][0] for s in systems], hs):+.3f},"
          f" target side {kendall_tau_b([cov[s][1] for s in systems], hs):+.3f}")
    groups: dict = defaultdict(list)
    for row in seg:
        groups[(row[0], row[1])].append(row)
    rel = np.array([[x - np.mean([g[i] for g in groups[(row[0], row[1])]]) for i, x in ((2, row[2]), (3, row[3]), (4, row[4]))]
                    for row in seg if len(groups[(row[0], row[1])]) > 1])

    def spearman(a, b):
        ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
        return float(np.corrcoef(ra, rb)[0, 1])

    print(f"  segment level ({len(rel)} scored segments): Spearman of relative coverage with relative z: "
          f"source side {spearman(rel[:, 1], rel[:, 0]):+.3f}, target side {spearman(rel[:, 2], rel[:, 0]):+.3f}")


def mlqe() -> None:
    from audit.config import Settings
    from audit.entry import audit
    from audit.references import load_references

    with open(MLQE / "dev.ruen.df.short.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    hter = [float(x) for x in (MLQE / "dev.hter").read_text().split()]
    refs, settings = load_references(None, None), Settings()
    pen = [0.0] * len(rows)
    rules: list[list[str]] = [[] for _ in rows]
    found: list[tuple[int, str, str, str]] = []  # (row, rule, text, message)
    tmp = Path(tempfile.mkdtemp(prefix="tqa-mlqe-"))
    for b in range(0, len(rows), 50):  # fifty sentences a document, one a paragraph, paired line by line
        chunk = rows[b : b + 50]
        (tmp / "s.txt").write_text("\n\n".join(r["original"].replace("\n", " ") for r in chunk) + "\n", encoding="utf-8")
        (tmp / "t.txt").write_text("\n\n".join(r["translation"].replace("\n", " ") for r in chunk) + "\n", encoding="utf-8")
        r = audit(tmp / "t.txt", refs, settings, source=tmp / "s.txt", pair_lines=True, lang="en", source_lang="ru")
        for f in r.findings:
            if f.segment is None:
                continue
            k = r.document.segments[f.segment].paragraph
            pen[b + k] += WEIGHTS[f.severity.label]
            rules[b + k].append(f.rule)
            found.append((b + k, f.rule, f.text, f.message))
    z = np.array([float(r["z_mean"]) for r in rows])
    h = np.array(hter[: len(rows)])
    p = np.array(pen)
    has = p > 0
    print(f"MLQE-PE ru-en dev: {len(rows)} sentences, {int(has.sum())} with a finding")
    print(f"  DA z: with a finding {z[has].mean():+.3f}, without {z[~has].mean():+.3f}; HTER with {h[has].mean():.3f},"
          f" without {h[~has].mean():.3f}")
    for rule, n in Counter(r for rs in rules for r in set(rs)).most_common():
        idx = np.array([rule in rs for rs in rules])
        print(f"  {rule:10s} n={n:3d}  z {z[idx].mean():+.3f}  HTER {h[idx].mean():.3f}")

    def rank(a):
        """Average ranks: the many sentences without a finding tie, and share one rank."""
        order = np.argsort(a, kind="stable")
        out = np.empty(len(a))
        sorted_a = np.asarray(a)[order]
        i = 0
        while i < len(a):
            j = i
            while j + 1 < len(a) and sorted_a[j + 1] == sorted_a[i]:
                j += 1
            out[order[i : j + 1]] = (i + j) / 2
            i = j + 1
        return out

    print(f"  Spearman of the penalty with -z {np.corrcoef(rank(p), rank(-z))[0, 1]:+.3f}, with HTER "
          f"{np.corrcoef(rank(p), rank(h))[0, 1]:+.3f}")
    judged_precision(found, rows)


def judged_precision(found: list[tuple[int, str, str, str]], rows: list[dict]) -> None:
    """Precision on held-out MT: each finding judged by a person with the source, the MT and the
    professional post-edit in view (scripts/mlqe_judgements.tsv); unjudged findings are listed."""
    judged = {}
    for line in MLQE_JUDGEMENTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            row, rule, text, verdict, *_ = line.split("\t")
            judged[(int(row), rule, text[:40])] = verdict.strip()
    verdicts = Counter(judged.get((r, rule, text[:40]), "?") for r, rule, text, _ in found)
    tp, fp = verdicts["tp"], verdicts["fp"]
    print(f"  judged ({MLQE_JUDGEMENTS.name}): {tp} real, {fp} false alarms, {verdicts['?']} not judged; "
          f"precision {tp / max(1, tp + fp):.0%}")
    for rule in sorted({f[1] for f in found}):
        v = Counter(judged.get((r, ru, t[:40]), "?") for r, ru, t, _ in found if ru == rule)
        print(f"    {rule:10s} tp {v['tp']:2d}  fp {v['fp']:2d}  not judged {v['?']}")
    for r, rule, text, msg in found:
        if (r, rule, text[:40]) not in judged:
            print(f"    not judged: row {r} {rule} {text[:60]!r}: {msg[:100]}\n      source: {rows[r]['original'][:160]}"
                  f"\n      MT: {rows[r]['translation'][:160]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run", nargs="?", type=Path, help="the JSON of `wmt_precision.py --json`")
    ap.add_argument("--boot", type=int, default=1000, help="bootstrap resamples of the documents (0: none)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mlqe", action="store_true", help="the held-out sentence-level check on MLQE-PE ru-en dev")
    args = ap.parse_args(argv)
    if args.mlqe:
        if not (MLQE / "dev.ruen.df.short.tsv").exists():
            print(f"no data at {MLQE}", file=sys.stderr)
            return 2
        mlqe()
    if args.run:
        if not args.run.exists() or not (DATA / "ad-seg-scores-ru-en.csv").exists():
            print(f"need {args.run} (wmt_precision.py --json) and the data at {DATA}", file=sys.stderr)
            return 2
        wmt(args.run, args.boot, args.seed)
    if not args.run and not args.mlqe:
        ap.print_usage(sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
