"""What the name comparison leaves over, paired (audit/name_compare.py calls these last): a
source name left unmatched and a target name left unexplained near its place may be one name
in another spelling (`pair_variants`), a name translated into words of the language
(`pair_translated`), a name cut short (`after_cut_short`), a name the lexicon expects exactly
(`lexicon_claims`) or one found only as a word derived from it (`derived_claimed`); names
missing side by side are one (`merge_adjacent`); a back-translation has the last word
(`check_back`). Each rule here stays silent where the evidence is ambiguous, as the findings
it would make are reported as missing or unexplained names otherwise."""

from __future__ import annotations

from audit.name_report import LOOSE, NEAR, THRESHOLD, VARIANT, NameReport, Targets
from audit.source_names import WORD, Name, Word, key_word_of, prefix_of, same_stem, words
from audit.translit import base, known_word, same_skeleton, similarity, stem
from audit.wordclass import has_morphology

_OPEN_QUOTES = "«„“\""


_CLOSE_QUOTES = "»“”\""


def quoted(text: str, start: int, end: int) -> bool:
    """Is text[start:end] inside quotation marks (a title): «…», „…“, “…” or straight "…"
    (an odd number of straight quotes before it and one after it)?"""
    before, after = text[:start], text[end:]
    if before.rfind("«") > before.rfind("»") and "»" in after:
        return True
    if max(before.rfind("„"), before.rfind("“")) > before.rfind("”") and ("“" in after or "”" in after):
        return True
    if before.count('"') % 2 == 1 and '"' in after:
        return True
    # a segment may start inside another quotation: a short capitalised title between straight
    # quotes ("Вечерняя Москва") with a space before its opening quote is quoted too
    i, j = before.rfind('"'), text.find('"', end)
    if i < 0 or j < 0 or (i > 0 and not text[i - 1].isspace() and text[i - 1] not in "(-–—"):
        return False
    inner = text[i + 1 : j]
    return inner[:1].isupper() and not any(c in inner for c in ",.!?;:") and len(inner.split()) <= 6


_QUOTES = "«»„“”\""


def _quoted_title(text: str, start: int, end: int) -> bool:
    """Is text[start:end] inside quotation marks that hold a title (six words at most, no
    sentence punctuation), not a quoted sentence?"""
    if not quoted(text, start, end):
        return False
    i = max(text.rfind(q, 0, start) for q in _QUOTES)
    js = [j for q in _QUOTES if (j := text.find(q, end)) >= 0]
    if i < 0 or not js:
        return False
    inner = text[i + 1 : min(js)]
    return len(inner.split()) <= 6 and not any(c in inner for c in ",.!?;:")


def lexicon_claims(report: NameReport, targets: Targets) -> None:
    """One target word renders one source name: a word that is exactly what the lexicon expects
    for a source name (Боливия → Bolivia) is that name's, and another name of the source that
    only sounds like it (Браливия ~ Bolivia) is not rendered by it, unless the word is there
    once for each."""
    by_word: dict[int, list] = {}
    for name, hit in report.matched:
        by_word.setdefault(hit.start, []).append((name, hit))
    for claims in by_word.values():
        if len(claims) < 2:
            continue
        owners = [n for n, h in claims if n.how == "lexicon" and any(h.text.casefold() == f.casefold() for f in n.expected)]
        others = [n for n, _ in claims if n.how == "capitalised" and n.strong]
        if not owners or not others or len(targets.by_text.get(claims[0][1].text, ())) >= len(claims):
            continue
        owner_stems = {stem(w.text, targets.src) for n in owners for w in n.words}
        for n in others:
            if stem(key_word_of(n, targets.src).text, targets.src) not in owner_stems:
                report.matched = [(m, h) for m, h in report.matched if m is not n]
                report.missing.append(n)


def derived_claimed(report: NameReport, names: list[Name], targets: Targets, tgt_text: str) -> None:
    """A name the lexicon found only as a word made from it (Россия by "Russian") while the
    source says it more often than the translation has such words («Россия сама предложила …
    российской науки» → "Porsha itself offered … Russian science"): the derived word renders the
    source's derived word, and the name itself is missing, when the translation has an
    unexplained capitalised word to stand in its place (called only then: a translator may
    merge the two)."""
    for name, hit in list(report.matched):
        if name.how != "lexicon" or not name.strong or any(hit.text.casefold() == f.casefold() for f in name.expected):
            continue
        if any(tgt_text[hit.start :].casefold().startswith(f.casefold()) if " " in f
               else stem(hit.text, targets.tgt) == stem(f, targets.tgt) for f in name.expected):
            continue  # the name's own form (Russia's, Russian Federation): not a derived word
        mentions = sum(1 for n in names if n.how == "lexicon" and n.expected == name.expected)
        said = sum(1 for w in targets.words if any(prefix_of(w.text, f) for f in name.expected))
        if said < mentions:
            report.matched.remove((name, hit))
            report.missing.append(name)


def check_back(report: NameReport, translated: list[Name], src: str, back: str) -> None:
    """With a back-translation the source's names can be looked for in the source language:
    a name found there was rendered, perhaps translated (Госпогранслужбой → State Border
    Service → Госпогранслужбой), so it is not reported; a common-word name let go as
    possibly translated is required after all when the back-translation lacks it too."""
    back_words = words(back)

    def found(w: Word) -> bool:
        key = stem(w.text, base(src))
        return any(same_stem(stem(b.text, base(src)), key) or similarity(w.text, src, b.text, src) >= THRESHOLD
                   for b in back_words if len(b.text) >= 2)

    report.missing = [n for n in report.missing + translated if not found(key_word_of(n, src))]
    report.partial = [(w, t) for w, t in report.partial if not found(w)]


def _variant(a: str, a_lang: str, b: str, b_lang: str) -> bool:
    return similarity(a, a_lang, b, b_lang) >= VARIANT and same_skeleton(a, a_lang, b, b_lang)


def merge_adjacent(report: NameReport, text: str) -> None:
    """Missing names side by side in the source (Михаил, found as a lexicon entry, and Дегтярев
    after it) are one name missing: one finding, not two."""
    out: list[Name] = []
    for n in sorted(report.missing, key=lambda n: n.start):
        if out and text[out[-1].end : n.start].strip() == "":
            prev = out.pop()
            merged = Name(prev.words + n.words, "capitalised", strong=prev.strong or n.strong)
            if any(x is prev or x is n for x in report.truncated):
                report.truncated.append(merged)
            n = merged
        out.append(n)
    report.missing = out


def pair_variants(report: NameReport, src: str, tgt: str, src_text: str, tgt_text: str, targets: Targets) -> None:
    """A word of a found name 'replaced' by, or a missing name paired with, a target name in
    another spelling of it (`_variant`, near its place) is that name: matched, not reported as
    a different one. So is a title in quotes paired with a quoted word of the translation's
    language («Чики» → "Chicks"): titles are translated."""
    same = [(w, t) for w, t in report.partial if t is not None and _variant(w.text, src, t.text, tgt)]
    # a word of a found name with no counterpart in its place, spelt closely somewhere in the
    # segment after all (Джеймсу Бонду → James Bond: 79.7, just under THRESHOLD)
    same += [(w, t) for w, t in report.partial if t is None and targets.hits(
        ("variant", w.text), lambda x, w=w: x[:1].isupper() and len(x) >= 3 and similarity(w.text, src, x, tgt) >= LOOSE
        and same_skeleton(w.text, src, x, tgt))]
    report.partial = [p for p in report.partial if p not in same]
    starts = {t.start for _, t in same if t is not None}
    report.extra = [w for w in report.extra if w.start not in starts]
    src_len, tgt_len = max(len(src_text), 1), max(len(tgt_text), 1)
    keep = []
    for name in report.missing:
        key = key_word_of(name, src)
        near = [w for w in report.extra if abs(name.start / src_len - w.start / tgt_len) <= NEAR]
        hit = next((w for w in near if len(key.text) >= 3 and _variant(key.text, src, w.text, tgt)), None)
        if hit is None and _quoted_title(src_text, name.start, name.end):
            hit = next((w for w in near if _quoted_title(tgt_text, w.start, w.end) and known_word(w.text, tgt)), None)
        if hit is None:
            keep.append(name)
            continue
        report.extra.remove(hit)
        report.matched.append((name, hit))
    report.missing = keep


def after_cut_short(w: Word, i: int, tgt_words: list[Word], tgt_text: str, alignment, references, src: str,
                     tgt: str) -> bool:
    """A known place (`place_words`) right after a word the alignment links as the first word
    of a translation of several source words cut short there (Саудовская Аравия → "Saudi" for
    saudi arabia, then "Canada"): it stands where the rest would, so it is a name to explain,
    not a word the translation adds."""
    if alignment is None or i == 0 or w.text.casefold() not in place_words(references, src, tgt):
        return False
    prev = tgt_words[i - 1]
    if tgt_text[prev.end : w.start] not in (" ", "-"):
        return False
    for j in alignment.target_at(prev.start, prev.end):
        for link in alignment.target_links(j):
            via = link.via.split()
            if link.kind == "lexicon" and len(link.target) == 1 and len(via) >= 2 \
                    and via[0].casefold() == prev.text.casefold():
                return True
    return False


def place_words(references, src: str, tgt: str) -> frozenset:
    """One-word place names of the target language, case-folded: CLDR's countries and
    time-zone cities (Canada, Toronto, Vladivostok) and the glossary's places."""

    def build() -> frozenset:
        out = set()
        try:
            from babel import Locale

            loc = Locale.parse(base(tgt))
            out.update(str(n) for code, n in loc.territories.items() if not code.isdigit())
            # the zones a locale names (the source's names them all); the target's city name,
            # else the zone id's last part (CLDR's own fallback)
            for zone in {*Locale.parse(base(src)).time_zones, *loc.time_zones}:
                if not zone.startswith(("Etc/", "Antarctica/")):
                    city = (loc.time_zones.get(zone) or {}).get("city")
                    out.add(str(city or zone.rsplit("/", 1)[-1].replace("_", " ")))
        except Exception:  # a language CLDR does not know
            pass
        for e in references.glossary:
            if e.kind == "place":
                out.update(e.accepted(base(tgt)))
        return frozenset(f.casefold() for f in out if WORD.fullmatch(f))

    return references.compiled(("crossnames-place-words", base(src), base(tgt)), build)


def pair_translated(report: NameReport, terms: list[Word], spare: list[Word], src: str, tgt: str,
                     tgt_words: list[Word], src_len: int, tgt_len: int, lexicon: bool = False,
                     places: frozenset = frozenset()) -> list[Name]:
    """Source names made of common words (Вселенском Соборе, Пятидесятнице, Евангелие) are
    often translated rather than transliterated, into capitalised words or not (Ecumenical
    Council, gospel): left unmatched they are not reported, and each one explains one
    capitalised target word left unexplained near its place. Only words the target
    language's word list knows qualify: a common word translates into a word, not into
    "Medvedev", which stays reported; nor into a place the names lexicon knows (`places`:
    Toronto, Vladivostok), which is a name of its own, not a common word translated. Returns
    the names let go."""
    pool = [w for w in report.extra + terms + spare if known_word(w.text, tgt) and w.text.casefold() not in places]
    keep, translated = [], []
    for name in report.missing:
        # translations keep the rough order of a segment: a word near the name's place, one
        # that would be reported first, then the nearest
        near = sorted((w not in report.extra, d, n) for n, w in enumerate(pool)
                      if (d := abs(name.start / src_len - w.start / tgt_len)) <= NEAR)
        near = [n for _, _, n in near]
        if name.translatable and name.known:
            # the lexicon knows its translation and the alignment found none in the target
            keep.append(name)
            continue
        if name.translatable:
            if near:
                w = pool.pop(near[0])
                for found in (report.extra, terms, spare):
                    if w in found:
                        found.remove(w)
            elif name.untranslatable:
                keep.append(name)  # no translation in the lexicon, no word in its place: dropped
                continue
            translated.append(name)
            continue
        keep.append(name)
    report.missing = keep
    if lexicon:
        # a capitalised word of the language the lexicon does not explain, where a name of the
        # source is missing: a name replaced by another that happens to be a word
        need = len(keep) - len(report.extra)
        if need > 0:
            report.extra = sorted(report.extra + terms[:need], key=lambda w: w.start)
    elif terms and len(report.missing) > len(report.extra) and not has_morphology(src) and not _title_case(tgt_words):
        # Without a morphological dictionary a source word's class is a guess: a one-word
        # source name left unmatched, and a capitalised word of the target language left
        # unexplained, are taken for a translated name; silence as many
        singles = [n for n in report.missing if len(n.words) == 1]
        silenced = singles[-min(len(terms), len(singles), len(report.missing) - len(report.extra)) :] if singles else []
        report.missing = [n for n in report.missing if not any(n is x for x in silenced)]
    return translated


def _title_case(ws: list[Word]) -> bool:
    """A headline In Title Case: its capitals say nothing about names."""
    long = [w for w in ws if len(w.text) >= 4]
    return len(long) >= 3 and sum(w.capitalised for w in long) >= 0.6 * len(long)
