"""Language identification's cheap steps, with and without them (audit/langid.py): do the
verdicts change, and what does it save?

    python benchmarks/measure_langid.py [--limit 0]            # English: the function-word step
    python benchmarks/measure_langid.py --lang ru [--limit 0]  # Russian: the word list with the
                                                               # morphological dictionary

English segments: WMT21 ru-en (ten MT systems and two human translations) and MLQE-PE ru-en dev
MT output and post-edits, from ../shared/data (skipped when absent). Foreign segments: German,
French, Spanish, Italian, Portuguese, Dutch and Polish sentences from the system's gettext
catalogues (/usr/share/locale/*/LC_MESSAGES/*.mo: software messages, 400 per language), each
audited as if found in an English text. For each set: how many segments the function words
decide, how many verdicts change (and how: a foreign verdict lost is a LANG001 lost), and the
CPU time of both ways.

With --lang ru: the Russian sources of WMT21 and MLQE-PE dev, and Ukrainian, Bulgarian,
Belarusian, Serbian, Macedonian, Kazakh, Kyrgyz, Tajik and Mongolian catalogue sentences (the
other languages written in Cyrillic) audited as if found in a Russian text, each with the word
list alone and with the morphological dictionary's word forms counted as known
(`audit.wordclass.knows`). Prints figures; asserts nothing.
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


def russian_segments() -> list[str]:
    segs: list[str] = []
    wmt = SHARED / "wmt21-ruen" / "newstest2021.ru-en.all.xml"
    if wmt.is_file():
        for d in ET.parse(wmt).getroot().iter("doc"):
            segs += [s.text for s in d.find("src").iter("seg") if s.text]
    f = SHARED / "mlqepe-ruen-dev" / "dev.src"
    if f.is_file():
        segs += [line for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return segs


CYRILLIC = ("uk", "bg", "be", "sr", "mk", "kk", "ky", "tg", "mn")


def foreign_segments(per_lang: int = 400, langs=("de", "fr", "es", "it", "pt", "nl", "pl")) -> dict[str, list[str]]:
    rng = random.Random(1)
    out = {}
    for lang in langs:
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


def russian(limit: int) -> None:
    from audit import langid
    from audit.references import load_references

    languages = load_references().languages
    sets = {"Russian (WMT21 + MLQE-PE sources)": russian_segments()}
    if limit:
        sets = {k: v[:limit] for k, v in sets.items()}
    sets.update({f"{lang} in a Russian text": texts for lang, texts in foreign_segments(langs=CYRILLIC).items()})
    list_only = None  # langid.knows replaced: the word list alone
    with_dictionary = langid.knows
    langid.guess("прогрев: словарь и профили загружаются один раз", "ru", languages)
    for name, segs in sets.items():
        if not segs:
            print(f"{name}: no data here, skipped")
            continue
        langid.knows = lambda lang: list_only
        t0 = time.process_time()
        old = [langid.guess(s, "ru", languages).lang for s in segs]
        decided_old = sum(1 for s in segs if (c := langid.coverage(langid._words(s), "ru")) is not None
                          and c >= langid.KNOWN_SHARE)
        langid.knows = with_dictionary
        t1 = time.process_time()
        new = [langid.guess(s, "ru", languages).lang for s in segs]
        t2 = time.process_time()
        decided = sum(1 for s in segs if (c := langid.coverage(langid._words(s), "ru")) is not None
                      and c >= langid.KNOWN_SHARE and not langid.other_letters(s, languages.get("ru")))
        changes = collections.Counter((o, n) for o, n in zip(old, new) if o != n)
        lost = sum(c for (o, n), c in changes.items() if o not in (None, "ru"))
        print(f"{name}: {len(segs)} segments; the word list decides {decided_old} ({decided_old / len(segs):.0%}), with "
              f"the dictionary {decided} ({decided / len(segs):.0%}); verdicts changed {sum(changes.values())} "
              f"{dict(changes)}; foreign verdicts lost {lost}; CPU {t1 - t0:.2f} s -> {t2 - t1:.2f} s "
              f"({(t2 - t1) / max(t1 - t0, 1e-9):.2f}x)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="segments of the expected language to use (0: all)")
    ap.add_argument("--lang", choices=("en", "ru"), default="en")
    args = ap.parse_args()
    if args.lang == "ru":
        return russian(args.limit)
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
