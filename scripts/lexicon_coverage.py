"""How much of real Russian news the bilingual lexicon covers (audit/lexicon, docs/bilingual.md).

    python scripts/lexicon_coverage.py [--data ../shared/data/wmt21-ruen] [--docs N]
    python scripts/lexicon_coverage.py --time ru-en [--time de-en ...]   # build/load figures

Over the WMT21 ru-en sources: the distinct Russian content words (by pymorphy3: nouns,
adjectives, verbs, participles, adverbs, numerals, pronominal adjectives such as который/этот
left out; not the first word of a segment), split
into capitalised and lower-case forms. For each: the share for which lex.translations() is
non-empty (coverage), and the share for which one of those translations occurs in the
professional translation ref-A of the same segment (a rough word-alignment recall: a word the
translator rendered freely, or left out, counts as a miss), counted per distinct word (any of
its occurrences) and per occurrence. Then the same with the abbreviations table and CLDR names
only (no dictionary), for comparison. The data stays in ../shared.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "wmt21-ruen"
CONTENT = {"NOUN", "ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND", "ADVB", "NUMR"}
WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
EN_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def segments(data: Path, max_docs: int | None) -> list[tuple[str, str]]:
    """(source segment, ref-A segment) pairs, aligned by seg id."""
    out = []
    for n, doc in enumerate(ET.parse(data / "newstest2021.ru-en.all.xml").getroot().iter("doc")):
        if max_docs is not None and n >= max_docs:
            break
        src = {s.get("id"): s.text or "" for s in doc.find("src").iter("seg")}
        ref = next((r for r in doc.findall("ref") if r.get("translator") == "A"), None)
        if ref is None:
            continue
        refs = {s.get("id"): s.text or "" for s in ref.iter("seg")}
        out.extend((src[i], refs[i]) for i in src if i in refs)
    return out


def occurs(phrases, alts: list[frozenset]) -> bool:
    """Does one of the phrases occur as consecutive tokens (any lemma) of the sentence?"""
    for ph in phrases:
        ws = ph.split()
        n = len(ws)
        for i in range(len(alts) - n + 1):
            if all(ws[k] in alts[i + k] for k in range(n)):
                return True
    return False


def measure(lex, pairs, morph) -> dict:
    stats = {"cap": {}, "low": {}}  # word -> [occurrences, found-in-ref occurrences, covered]
    for src, ref in pairs:
        alts = [lex.lemmas(w, "en") for w in EN_WORD.findall(ref)]
        for i, m in enumerate(WORD.finditer(src)):
            w = m.group()
            if i == 0 or len(w) < 2:
                continue
            p = morph.parse(w.lower())[0]
            if (p.tag.POS not in CONTENT or "Apro" in p.tag) and not (w[0].isupper() and p.tag.POS is None):
                continue  # function words (pronouns, который, этот, свой) are not counted
            kind = "cap" if w[0].isupper() else "low"
            tr = lex.translations(w)
            rec = stats[kind].setdefault(w, [0, 0, bool(tr)])
            rec[0] += 1
            if tr and occurs(tr, alts):
                rec[1] += 1
    return stats


def report(name: str, stats: dict) -> None:
    print(f"{name}")
    for kind, label in (("cap", "capitalised"), ("low", "lower-case")):
        s = stats[kind]
        distinct = len(s)
        covered = sum(1 for r in s.values() if r[2])
        aligned = sum(1 for r in s.values() if r[1])
        occ = sum(r[0] for r in s.values())
        occ_al = sum(r[1] for r in s.values())
        print(f"  {label:11s}: {distinct:6d} distinct words; translations found for {covered / distinct:6.1%}; "
              f"a translation in ref-A: {aligned / distinct:6.1%} of words, {occ_al / occ:6.1%} of {occ} occurrences")


_PROBE = """
import resource, sys, time
t = time.time()
from audit.lexicon import lexicon_for
lex = lexicon_for(None, *sys.argv[1].split("-"))
lex.translations("x")
print(f"{time.time() - t:.1f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"""


def timing(pair: str) -> None:
    """First lookup in a fresh process with an empty cache (cold), then again (warm)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "TQA_CACHE_DIR": cache}
        env.pop("TQA_LEXICON", None)
        runs = []
        for _ in range(2):
            out = subprocess.run([sys.executable, "-c", _PROBE, pair], env=env, cwd=ROOT, capture_output=True,
                                 text=True, check=True).stdout.split()
            runs.append((float(out[0]), int(out[1])))
        size = sum(f.stat().st_size for f in Path(cache).rglob("*.sqlite"))
    (cold, cold_mb), (warm, warm_mb) = runs
    print(f"{pair}: cold build {cold:.1f}s (max RSS {cold_mb} MB); warm load {warm:.1f}s (max RSS {warm_mb} MB); "
          f"cache {size / 2**20:.1f} MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--docs", type=int, default=None)
    ap.add_argument("--time", action="append", metavar="PAIR", help="time building and loading a pair's lexicon")
    args = ap.parse_args(argv)
    if args.time:
        for pair in args.time:
            timing(pair)
        return 0
    if not (args.data / "newstest2021.ru-en.all.xml").exists():
        print(f"no WMT21 data at {args.data}", file=sys.stderr)
        return 2
    import pymorphy3

    from audit import lexicon
    from audit.lexicon import lexicon_for

    morph = pymorphy3.MorphAnalyzer()
    pairs = segments(args.data, args.docs)
    print(f"{len(pairs)} segments of WMT21 ru-en, sources against ref-A")
    t = time.time()
    lex = lexicon_for(None, "ru", "en")
    lex.translations("дом")
    print(f"lexicon ru-en loaded in {time.time() - t:.1f}s: " + "; ".join(lex.sources))
    report("with the dictionaries", measure(lex, pairs, morph))
    os.environ["TQA_DICTD_PATH"] = ""
    lexicon._NO_REFS_CACHE.clear()
    bare = lexicon_for(None, "ru", "en")
    report("abbreviations and CLDR names only", measure(bare, pairs, morph))
    return 0


if __name__ == "__main__":
    sys.exit(main())
