"""Benchmark the bilingual lexicon's on-disk store (audit/lexicon/index.py, docs/bilingual.md
"Lexicon"): per pair, the cold build (empty cache), the first lookup in a fresh process with
the store built, the time per lookup after it, and each process's peak RSS; then the wall
time of `tqa audit tests/fixtures/bilingual/de-en.xlf` with the store and without any
dictionary.

    python benchmarks/bench_lexicon.py [--pair ru-en --pair de-en ...] [--cache DIR] [--no-cold]

--cache: the cache directory to use (default: a fresh temporary one, so the cold build is
measured; with --no-cold, the user's cache, expected to be built already). Each figure comes
from its own subprocess. Needs the installed dictd dictionaries (/usr/share/dictd); a pair
without them is reported and skipped. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = {
    "ru": "Китая короля новости заявил дом Москва правительство страны года президент выборы войска "
          "сообщил министр экономики закон суд компании рынок нефти цены города",
    "de": "Haus Regierung Landes Jahres Präsident Wahlen Truppen Minister Wirtschaft Gesetz Gericht "
          "Unternehmen Markt Preise Stadt Kinder Schule gesagt kommt Straße",
    "fr": "maison gouvernement pays année président élections troupes ministre économie loi tribunal "
          "entreprise marché prix ville enfants école dit vient rue",
}

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from audit.lexicon import lexicon_for
src, tgt, words = sys.argv[1], sys.argv[2], sys.argv[3].split()
lex = lexicon_for(None, src, tgt)
hits = len(lex.translations(words[0]))
first = time.perf_counter() - t0
t1 = time.perf_counter()
n = 0
for _ in range(20):
    for w in words:
        hits += len(lex.translations(w)) + len(lex.back(w.lower()))
        n += 2
per = (time.perf_counter() - t1) / n
fresh = [w + "ами" if src == "ru" else w + "en" for w in words]  # keys not seen yet: store reads
t2 = time.perf_counter()
for w in fresh:
    lex.translations(w)
per_new = (time.perf_counter() - t2) / len(fresh)
print(json.dumps({"first": first, "per": per, "per_new": per_new, "hits": hits,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "available": lex.available}))
"""


def child(pair: str, env: dict) -> dict:
    src, tgt = pair.split("-")
    out = subprocess.run([sys.executable, "-c", CHILD, src, tgt, WORDS.get(src, "house")],
                         env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def audit_time(env: dict, runs: int = 3) -> tuple[float, float]:
    tqa = Path(sys.executable).with_name("tqa")
    cmd = [str(tqa) if tqa.exists() else "tqa", "audit", "tests/fixtures/bilingual/de-en.xlf", "-f", "json"]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return min(times), max(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pair", action="append", help="ru-en, de-en, fr-en (default: all three)")
    ap.add_argument("--cache", help="cache directory (default: a fresh temporary one)")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold build (use the cache as it is)")
    args = ap.parse_args()
    pairs = args.pair or ["ru-en", "de-en", "fr-en"]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("TQA_DICTD_PATH", None)
    env["TQA_LEXICON"] = ""
    tmp = None
    if args.cache:
        env["TQA_CACHE_DIR"] = args.cache
    elif not args.no_cold:
        tmp = tempfile.TemporaryDirectory(prefix="tqa-bench-lexicon-")
        env["TQA_CACHE_DIR"] = tmp.name
    print(f"{'pair':6} {'cold build':>11} {'RSS':>7} {'first lookup':>13} {'RSS':>7} {'lookup (seen)':>14} "
          f"{'lookup (new)':>13} {'store':>9}")
    for pair in pairs:
        cold = None
        if not args.no_cold:
            cold = child(pair, env)
            if not cold["available"]:
                print(f"{pair:6} no dictionary installed: skipped")
                continue
        warm = child(pair, env)
        root = Path(env.get("TQA_CACHE_DIR") or Path.home() / ".cache" / "tqa") / "lexicon"
        size = sum(f.stat().st_size for f in root.glob("*.sqlite")) / 2**20 if root.is_dir() else 0
        c = f"{cold['first']:9.1f} s {cold['rss_mb']:5.0f} MB" if cold else f"{'-':>11} {'-':>7}"
        print(f"{pair:6} {c} {warm['first']:11.2f} s {warm['rss_mb']:4.0f} MB {warm['per'] * 1e6:11.1f} µs "
              f"{warm['per_new'] * 1e6:10.1f} µs {size:6.1f} MB" + ("" if args.no_cold or args.cache else " (cumulative)"))
    if "de-en" in pairs:
        lo, hi = audit_time(env)
        none_env = dict(env, TQA_DICTD_PATH="")
        nlo, nhi = audit_time(none_env)
        print(f"tqa audit tests/fixtures/bilingual/de-en.xlf: {lo:.2f}–{hi:.2f} s with the dictionaries, "
              f"{nlo:.2f}–{nhi:.2f} s without (TQA_DICTD_PATH=)")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
