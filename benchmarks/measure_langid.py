"""Language identification with and without the function-word step (audit/langid.py): do the
verdicts change, and what does it save?

    python benchmarks/measure_langid.py [--limit 0]

English segments: WMT21 ru-en (ten MT systems and two human translations) and MLQE-PE ru-en dev
MT output and post-edits, from ../shared/data (skipped when absent). Foreign segments: German,
French, Spanish, Italian, Portuguese, Dutch and Polish sentences from the system's gettext
catalogues (/usr/share/locale/*/LC_MESSAGES/*.mo: software messages, 400 per language), each
audited as if found in an English text. For each set: how many segments the function words
decide, how many verdicts change (and how: a foreign verdict lost is a LANG001 lost), and the
CPU time of both ways. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import gettext
import glob
import random
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"


def english_segments() -> list[str]:
    segs: list[str] = []
    wmt = SHARED / "wmt21-ruen" / "newstest2021.ru-en.all.xml"
    if wmt.is_file():
        for d in ET.parse(wmt).getroot().iter("doc"):
            for part in list(d.findall("hyp")) + list(d.findall("ref")):
                segs += [s.text for s in part.iter("seg") if s.text]
    for name in ("dev.mt", "dev.pe"):
        f = SHARED / "mlqepe-ruen-dev" / name
        if f.is_file():
            segs += [line for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return segs


def foreign_segments(per_lang: int = 400) -> dict[str, list[str]]:
    rng = random.Random(1)
    out = {}
    for lang in ("de", "fr", "es", "it", "pt", "nl", "pl"):
        texts = []
        for mo in sorted(glob.glob(f"/usr/share/locale/{lang}/LC_MESSAGES/*.mo")):
            try:
                with open(mo, "rb") as fh:
                    catalog = gettext.GNUTranslations(fh)._catalog
            except Exception:  # noqa: BLE001 - an unreadable catalogue is skipped
                continue
            texts += [v for v in catalog.values()
                      if isinstance(v, str) and len(v) >= 40 and "%" not in v and "\n" not in v]
        rng.shuffle(texts)
        if texts:
            out[lang] = texts[:per_lang]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="English segments to use (0: all)")
    args = ap.parse_args()
    from audit import langid
    from audit.language_facts import Languages
    from audit.references import load_references

    with_fw = load_references().languages
    without = Languages({c: dataclasses.replace(lang, function_words=frozenset())
                         for c, lang in with_fw.by_code.items()})
    langid.guess("warm up the detector's profiles once", "en", with_fw)
    sets = {"English (WMT21 + MLQE-PE)": english_segments()}
    if args.limit:
        sets = {k: v[: args.limit] for k, v in sets.items()}
    sets.update({f"{lang} in an English text": texts for lang, texts in foreign_segments().items()})
    for name, segs in sets.items():
        if not segs:
            print(f"{name}: no data here, skipped")
            continue
        t0 = time.process_time()
        old = [langid.guess(s, "en", without).lang for s in segs]
        t1 = time.process_time()
        new = [langid.guess(s, "en", with_fw).lang for s in segs]
        t2 = time.process_time()
        decided = sum(1 for s in segs if langid.function_word_share(s, with_fw.get("en").function_words) is not None)
        changes = collections.Counter((o, n) for o, n in zip(old, new) if o != n)
        lost = sum(c for (o, n), c in changes.items() if o not in (None, "en"))
        print(f"{name}: {len(segs)} segments; function words decide {decided} ({decided / len(segs):.0%}); "
              f"verdicts changed {sum(changes.values())} {dict(changes)}; foreign verdicts lost {lost}; "
              f"CPU {t1 - t0:.2f} s -> {t2 - t1:.2f} s ({(t2 - t1) / max(t1 - t0, 1e-9):.2f}x)")


if __name__ == "__main__":
    main()
