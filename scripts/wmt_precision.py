"""Precision of the bilingual audit on real machine translation (WMT21 news, Russian→English).

    python scripts/wmt_precision.py                      # table: findings per 1000 words, per rule
    python scripts/wmt_precision.py --json out.json      # everything, machine-readable
    python scripts/wmt_precision.py --sample 30 --sample-out /tmp/sample.md   # findings to judge

Reads ../shared/data/wmt21-ruen (never copied into the repository; see its SOURCE.md): 116
Russian news documents, two professional translations (A, B), ten MT systems, human scores.
Each translation of each document is written as plain text (one line a segment, a blank line
between paragraphs) beside its source, and audited exactly as `tqa audit T --source S` would
(sentences aligned, every rule, the bundled references). Reported:

* per translation: words, findings, findings per 1000 words, per rule, documents failing the gate;
* on the professional translations nearly every finding is a false alarm: the smaller, the better;
* Kendall tau of tqa's penalty per 1000 words (negated: less is better) against the human
  system scores (z), beside corpus chrF against reference A, over the ten MT systems;
* a seeded sample of findings per translation, with the source and target segment, to judge.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "wmt21-ruen"
# Audit with this tree's package, not whichever one is installed: run from a copy of the tree
# (a git worktree, an archive of an older commit), `python scripts/...` would otherwise import
# the editable install's, and a before/after comparison would measure one tree twice.
sys.path.insert(0, str(ROOT))


def load_corpus(data: Path = DATA) -> list[dict]:
    """[{id, src: [[seg,...] per p], translations: {name: [[seg,...] per p]}}] in file order."""
    tree = ET.parse(data / "newstest2021.ru-en.all.xml")
    docs = []
    for d in tree.getroot().iter("doc"):
        def paras(node):
            return [[(s.text or "").strip() for s in p.iter("seg")] for p in node.iter("p")]

        tr = {}
        for r in d.findall("ref"):
            tr[f"ref-{r.get('translator')}"] = paras(r)
        for h in d.findall("hyp"):
            tr[h.get("system")] = paras(h)
        docs.append({"id": d.get("id"), "src": paras(d.find("src")), "translations": tr})
    return docs


def as_text(paras: list[list[str]]) -> str:
    return "\n\n".join("\n".join(s for s in p if s) for p in paras) + "\n"


def human_scores(data: Path = DATA) -> dict[str, float]:
    """System name (as in the XML) → mean z-score. The ranking file names each DA system id
    (`Nemo.3`) with the XML's system name (`NVIDIA-NeMo`)."""
    out = {}
    for line in (data / "ad-sys-ranking-ru-en-z-names.csv").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 6:
            out[parts[5]] = float(parts[1])
    return out


WORKER_STATE: dict = {}


def _init(references: str | None, select: tuple[str, ...], ignore: tuple[str, ...]):
    from audit.config import Settings
    from audit.references import load_references

    WORKER_STATE["refs"] = load_references(Path(references) if references else None, None)
    WORKER_STATE["settings"] = Settings(select=select, ignore=ignore)
    WORKER_STATE["tmp"] = Path(tempfile.mkdtemp(prefix="tqa-wmt-"))


def _audit(job: tuple[str, str, str, str, bool]) -> dict:
    """Audit one translation of one document; return its findings as plain values."""
    from audit.entry import audit
    from audit.errors import TqaError

    doc_id, name, src_text, tgt_text, pair_lines = job
    tmp: Path = WORKER_STATE["tmp"]
    safe = f"{doc_id}-{name}".replace("/", "_")
    src, tgt = tmp / f"{safe}.ru.txt", tmp / f"{safe}.en.txt"
    src.write_text(src_text, encoding="utf-8")
    tgt.write_text(tgt_text, encoding="utf-8")
    try:
        r = audit(tgt, WORKER_STATE["refs"], WORKER_STATE["settings"], source=src, pair_lines=pair_lines, lang="en", source_lang="ru")
    except TqaError as e:
        return {"doc": doc_id, "name": name, "error": str(e), "words": 0, "findings": []}
    finally:
        src.unlink(missing_ok=True)
        tgt.unlink(missing_ok=True)
    pairs = (r.data.get("bilingual") or {}).get("pairs") or []
    segs = r.document.segments
    found = []
    for f in r.findings:
        seg = segs[f.segment] if f.segment is not None and f.segment < len(segs) else None
        pair = next((p for p in pairs if p["start"] <= f.span.start < p["end"]), None)
        found.append({
            "rule": f.rule, "severity": f.severity.label, "text": f.text, "message": f.message,
            "target": seg.text if seg else "", "source": pair["source"] if pair else "",
        })
    return {"doc": doc_id, "name": name, "words": r.document.words, "penalty": r.score.penalty,
            "passed": r.passed, "findings": found, "aligned": _aligned(r)}


def _aligned(r) -> list[dict]:
    """Per source pair, its content words and how many the word alignment left unlinked on each
    side (wmt_tau.py asks whether that lexical coverage says anything about quality)."""
    wa = r.data.get("word_alignment")
    pairs = (r.data.get("bilingual") or {}).get("pairs") or []
    out = []
    for p in (wa.pairs if hasattr(wa, "pairs") else (wa or {}).get("pairs") or ()):
        k = p["pair"]
        out.append({"source": pairs[k]["source"] if k < len(pairs) else "",
                    "src": sum(1 for t in p["source"] if t["content"]), "src_left": len(p["unaligned_source"]),
                    "tgt": sum(1 for t in p["target"] if t["content"]), "tgt_left": len(p["unaligned_target"])})
    return out


def kendall_tau(xs: list[float], ys: list[float]) -> float:
    """Kendall's tau-b (scripts/measure/stats.py, shared with the alignment measurements)."""
    from measure.stats import kendall_tau_b

    return kendall_tau_b(xs, ys)


def corpus_chrf(docs: list[dict], name: str, ref: str = "ref-A") -> float:
    from sacrebleu.metrics import CHRF

    hyps, refs = [], []
    for d in docs:
        h, r = d["translations"].get(name), d["translations"].get(ref)
        if not h or not r:
            continue
        for hp, rp in zip(h, r):
            for hs, rs in zip(hp, rp):
                hyps.append(hs)
                refs.append(rs)
    return CHRF().corpus_score(hyps, [refs]).score


def load_judgements(path: Path) -> dict[tuple, str]:
    """(translation, doc, rule, first 40 characters of the finding's text) → 'tp' or 'fp'."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, doc, rule, text, verdict, *_ = line.split("\t")
        out[(name, doc, rule, text[:40])] = verdict.strip().lower()
    return out


def print_judged(results: list[dict], names: list[str], by_name: dict, path: Path) -> None:
    """Findings a person read and judged (a real error of the translation, or a false alarm),
    per translation: a professional translation has real errors too, so findings per 1000
    words overstate its false alarms; this says by how much."""
    judged = load_judgements(path)
    print(f"\nJudged findings ({path.name}): real errors (tp), false alarms (fp), not judged")
    for n in names:
        tp = fp = unknown = 0
        for r in results:
            if r["name"] != n:
                continue
            for f in r["findings"]:
                v = judged.get((n, r["doc"], f["rule"], f["text"][:40]))
                tp += v == "tp"
                fp += v == "fp"
                unknown += v is None
        if tp + fp:
            words = by_name[n]["words"] or 1
            print(f"  {n:14s} tp {tp:3d}  fp {fp:3d}  not judged {unknown:3d}  precision {tp / (tp + fp):.0%}  "
                  f"false alarms/1000w {1000 * fp / words:.2f} (at most {1000 * (fp + unknown) / words:.2f})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--references", default=None, help="references directory (default: the bundled one)")
    ap.add_argument("--only", action="append", help="audit only these translations (ref-A, ref-B, a system name)")
    ap.add_argument("--docs", type=int, default=0, help="audit only the first N documents (0: all)")
    ap.add_argument("--select", action="append", default=[], help="rule code prefixes to run (default: all)")
    ap.add_argument("--ignore", action="append", default=[], help="rule code prefixes not to run")
    ap.add_argument("--pair-lines", action="store_true", help="pair segment i with segment i instead of aligning")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write every result here")
    ap.add_argument("--sample", type=int, default=0, help="findings to sample per translation")
    ap.add_argument("--sample-out", type=Path, help="where the sample goes (Markdown)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--judgements", type=Path, default=Path(__file__).with_name("wmt_judgements.tsv"),
                    help="findings read and judged (TSV: translation, doc, rule, text, verdict tp|fp, note)")
    args = ap.parse_args(argv)
    if not (args.data / "newstest2021.ru-en.all.xml").exists():
        print(f"no data at {args.data} (see ../shared/data/wmt21-ruen/SOURCE.md)", file=sys.stderr)
        return 2
    docs = load_corpus(args.data)
    if args.docs:
        docs = docs[: args.docs]
    names = sorted({n for d in docs for n in d["translations"]})
    if args.only:
        names = [n for n in names if n in args.only]
    jobs = [(d["id"], n, as_text(d["src"]), as_text(d["translations"][n]), args.pair_lines)
            for d in docs for n in names if n in d["translations"]]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.jobs, initializer=_init, initargs=(args.references, tuple(args.select), tuple(args.ignore))) as pool:
        results = list(pool.map(_audit, jobs, chunksize=4))
    elapsed = time.perf_counter() - t0

    by_name: dict[str, dict] = {}
    for n in names:
        rs = [r for r in results if r["name"] == n]
        words = sum(r["words"] for r in rs)
        rules = Counter(f["rule"] for r in rs for f in r["findings"])
        n_find = sum(rules.values())
        by_name[n] = {
            "docs": len(rs), "words": words, "findings": n_find,
            "per_1000": round(1000 * n_find / words, 2) if words else 0.0,
            "penalty_per_1000": round(1000 * sum(r.get("penalty", 0) for r in rs) / words, 2) if words else 0.0,
            "failed_docs": sum(1 for r in rs if not r.get("passed", True)),
            "errors": [r["error"] for r in rs if "error" in r],
            "rules": dict(sorted(rules.items())),
        }

    human = human_scores(args.data)
    systems = [n for n in names if not n.startswith("ref-") and n in human]
    tau = chrf_tau = None
    chrf = {}
    if len(systems) >= 3 and "ref-A" in {n for d in docs for n in d["translations"]}:
        chrf = {s: round(corpus_chrf(docs, s), 2) for s in systems}
        hs = [human[s] for s in systems]
        tau = kendall_tau([-by_name[s]["penalty_per_1000"] for s in systems], hs)
        chrf_tau = kendall_tau([chrf[s] for s in systems], hs)

    all_rules = sorted({r for v in by_name.values() for r in v["rules"]})
    print(f"{len(jobs)} audits of {len(docs)} documents in {elapsed:.0f} s ({args.jobs} jobs)\n")
    head = ["translation", "words", "findings", "/1000w", "pen/1000w", "failed"] + all_rules
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    for n in names:
        v = by_name[n]
        row = [n, str(v["words"]), str(v["findings"]), f"{v['per_1000']:.2f}", f"{v['penalty_per_1000']:.1f}",
               f"{v['failed_docs']}/{v['docs']}"] + [str(v["rules"].get(r, 0)) for r in all_rules]
        print(" | ".join(row))
    if tau is not None:
        print(f"\nKendall tau against human z (ten MT systems): tqa penalty {tau:.3f}; corpus chrF vs ref-A {chrf_tau:.3f}")
        for s in sorted(systems, key=lambda s: -human[s]):
            print(f"  {s:14s} human z {human[s]:+.3f}  chrF {chrf[s]:.2f}  tqa penalty/1000w {by_name[s]['penalty_per_1000']:.1f}")

    if args.judgements and args.judgements.exists():
        print_judged(results, names, by_name, args.judgements)

    if args.sample:
        rng = random.Random(args.seed)
        out = []
        for n in names:
            pool_ = [(r["doc"], f) for r in results if r["name"] == n for f in r["findings"]]
            pick = rng.sample(pool_, min(args.sample, len(pool_)))
            out.append(f"## {n} ({len(pick)} of {len(pool_)} findings)\n")
            for i, (doc, f) in enumerate(pick, 1):
                out.append(f"{i}. **{f['rule']}** ({f['severity']}) `{f['text']}` — {f['message']}  \n"
                           f"   doc {doc}  \n   src: {f['source'][:400]}  \n   tgt: {f['target'][:400]}\n")
        text = "\n".join(out)
        if args.sample_out:
            args.sample_out.write_text(text, encoding="utf-8")
            print(f"\nsample written to {args.sample_out}")
        else:
            print("\n" + text)
    if args.json:
        args.json.write_text(json.dumps({"by_translation": by_name, "tau": tau, "chrf_tau": chrf_tau, "chrf": chrf,
                                         "human": {s: human[s] for s in systems}, "results": results},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
