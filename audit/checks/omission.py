"""Untranslated and omitted content, judged against the source: a segment copied from the
source, a translation far shorter or longer than the language pair makes likely, a source
sentence with no translation. Needs a source (`ctx.outputs.source_pairs`); silent without one."""

from __future__ import annotations

import re

from audit.bilingual.ratios import length_ratio
from audit.checks.bitext import example, pairs
from audit.langid import KNOWN_SHARE, coverage
from audit.lexicon.table import pair_lexicon
from audit.language_facts import script_counts
from audit.model import Severity, Span
from audit.rules import Context, Rule
from audit.wordalign import align

_WORDS = re.compile(r"[^\W\d_]{2,}")
MIN_SOURCE_CHARS = 40  # shorter segments vary too much in length to judge
LOW, HIGH = 0.45, 2.2  # observed/expected length ratio outside this is reported
MIN_LOST_WORDS = 4  # a lost source sentence shorter than this is a fragment ("Первый.", "Это потрясающе.")
WINDOW_MAX = 0.9  # see omitted(); on WMT21 ru-en ref-A: 113 of 116 deleted sentences found, 0 false
MIN_OWN_WORDS = 3  # content words of its own a lost sentence needs for word evidence
STEM = 5  # letters two word forms share to count as one word (отражающих, отражают)
LEXICAL_SHARE = 0.6  # of a lost sentence's content words linked in its neighbours' translation: translated there
NEIGHBOUR_SHARE = 0.4  # ... as long as the neighbours' own words are there too (else the aligner paired the wrong one)
_BRACKETED = re.compile(r"^\W*[(\[].*[)\]]\W*$", re.S)


def omitted(u: dict, expected: float) -> list[str] | None:
    """Evidence that a source sentence the aligner left unlinked is missing from the
    translation, or None when the evidence is weak.

    A fragment (under 40 characters or 4 words) or a bracketed stage direction ("(Applause)")
    is not judged. Otherwise the evidence is the translation around it (the linked sentences
    on either side, and any unlinked target sentence there): when the sentence has numbers
    or names its neighbours' sources lack and they are in that translation, it is there;
    when numbers of its own are missing from it, it is lost; else the translation must be
    too short to hold it (under WINDOW_MAX of the length their source plus the lost
    sentence predict). When the aligner merely put the
    sentence's translation into a neighbour, its anchors are there, or the neighbour is long
    enough, and the rule stays silent."""
    text = (u.get("source") or "").strip()
    if len(text) < MIN_SOURCE_CHARS or len(_WORDS.findall(text)) < MIN_LOST_WORDS or _BRACKETED.match(text):
        return None
    w = u.get("window")
    head = f"untranslated source ({u['id']}): {text[:160]}"
    if not w:
        return [head]
    found, missing, numbers = w.get("anchors_found", 0), w.get("anchors_missing", 0), w.get("numbers_missing", 0)
    if found and found >= missing:
        return None  # its numbers and names are in the neighbours' translation: misaligned, not lost
    if numbers:  # numbers survive translation; names may be translated (Вселенная → universe)
        return [head, f"{numbers} of its numbers appear nowhere in the translation around it"]
    src, tgt, lost = w["source_chars"], w["target_chars"], w["lost_chars"]
    share = tgt / max(1.0, (src + lost) * expected)
    if share >= WINDOW_MAX:
        return None
    return [head, f"the translation around it has {tgt} characters, {round(100 * share)}% of the "
                  f"{round((src + lost) * expected)} its source predicts with it ({round(src * expected)} without)"]


def _translated_nearby(ctx: Context, u: dict, src_lang: str) -> bool:
    """Word evidence that a source sentence the aligner left unlinked was translated inside a
    neighbour (two sentences merged into one, "…data - gaps that…"): most of its own content
    words (LEXICAL_SHARE) are linked in the neighbours' translation, and so are the
    neighbours' (NEIGHBOUR_SHARE): when a neighbour's words are not there, the aligner paired
    the wrong sentence and one of them is lost all the same. See `lexical_shares`. Without a
    dictionary for the pair there is no such evidence."""
    lex = pair_lexicon(ctx.references, src_lang, ctx.lang, ctx.outputs.lexicon)
    if lex is None:
        return False
    at = u.get("at", 0)
    pairs_ = ctx.outputs.source_pairs.pairs
    before = max((p for p in pairs_ if p["end"] <= at), key=lambda p: p["end"], default=None)
    after = min((p for p in pairs_ if p["start"] >= at), key=lambda p: p["start"], default=None)
    if before is None and after is None:
        return False
    start = before["start"] if before else after["start"]
    end = after["end"] if after else before["end"]
    if not (0 <= start <= end <= len(ctx.text)):
        return False
    sentences = [p["source"] for p in (before,) if p] + [(u.get("source") or "").strip()] + [p["source"] for p in (after,) if p]
    shares = lexical_shares(sentences, ctx.text[start:end], src_lang, ctx.lang, ctx.references, lex)
    mine = shares[1 if before else 0]
    others = [x for k, x in enumerate(shares) if k != (1 if before else 0)]
    return mine is not None and mine >= LEXICAL_SHARE and all(x is None or x >= NEIGHBOUR_SHARE for x in others)


def lexical_shares(sentences: list[str], target: str, src_lang: str, lang: str, references, lex) -> list[float | None]:
    """For each of `sentences` (source sentences in their order), the share of its own content
    words that the word aligner (audit/wordalign/: the bilingual lexicon, transliteration,
    numbers, the glossary) links into `target`, aligned as one source. Only a sentence's own
    words count: one whose stem another of the sentences has too (предубеждений beside
    предубеждения) may be the other's in the translation, no evidence either way. None for a
    fragment (under MIN_LOST_WORDS content words) or under MIN_OWN_WORDS words of its own."""
    a = align(" ".join(sentences), src_lang, target, lang, references, lex)
    bounds, at = [], 0
    for text in sentences:
        bounds.append((at, at + len(text)))
        at += len(text) + 1
    which = [next((k for k, (lo, hi) in enumerate(bounds) if lo <= t.start < hi), -1) for t in a.source]
    stems = [{_stem(t.text) for t, k in zip(a.source, which) if k == n and t.kind == "word"} for n in range(len(sentences))]
    linked = {i for link in a.links for i in link.source}
    out: list[float | None] = []
    for n in range(len(sentences)):
        content = [i for i, (t, k) in enumerate(zip(a.source, which)) if k == n and t.content and t.kind == "word"]
        others = set().union(*(stems[m] for m in range(len(sentences)) if m != n))
        own = [i for i in content if _stem(a.source[i].text) not in others]
        if len(content) < MIN_LOST_WORDS or len(own) < MIN_OWN_WORDS:
            out.append(None)
            continue
        out.append(sum(1 for i in own if i in linked) / len(own))
    return out


def _stem(word: str) -> str:
    """A crude stem for telling one word's forms apart from another word (any language)."""
    return word.casefold()[:STEM]


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORDS.findall(text)]


def _already_target(source: str, src_lang: str, ctx: Context, foreign: frozenset | None) -> bool:
    """Is this source segment itself written in the target language (an English quotation
    left in a Russian source)? Then copying it is right. Its letters are all in scripts the
    target language uses and the source language does not; or, within one script, the
    target language's word list covers its words (80%) better than the source language's."""
    if foreign is not None:  # the two languages write in different scripts (`_source_only`)
        letters = script_counts(source)
        return bool(letters) and all(sc in ctx.language.scripts for sc in letters)
    words = _words(source)
    theirs, ours = coverage(words, ctx.lang), coverage(words, src_lang)
    return theirs is not None and theirs >= KNOWN_SHARE and (ours is None or ours < theirs)


def _source_only(src_lang: str, ctx: Context) -> frozenset | None:
    """The scripts the source language writes in and the target language does not; None when
    the two share a script (German and English) or either is unknown."""
    src_scripts = ctx.references.languages.get(src_lang).scripts
    tgt_scripts = ctx.language.scripts
    if not src_scripts or not tgt_scripts or src_scripts & tgt_scripts:
        return None
    return frozenset(src_scripts)


def _untranslated(ctx: Context):
    src_lang = ctx.outputs.source_pairs.source_lang if ctx.outputs.source_pairs else None
    if not src_lang or src_lang == ctx.lang:
        return
    foreign = _source_only(src_lang, ctx)
    for p, text, offset in pairs(ctx):
        sw, tw = _words(p["source"]), _words(text)
        source_words = set(sw)  # once per pair: rebuilt per word it was quadratic (80,000 words: 149 s)
        if foreign is not None:
            # Words in the target's script that the source has too (titles, brands, a URL in a
            # Russian sentence) were target-language words in the source already: copying them
            # is no sign of an untranslated segment, and they do not count either way.
            tw = [w for w in tw if w not in source_words or any(sc in foreign for sc in script_counts(w))]
        if len(tw) < 3 or not sw:
            continue
        shared = sum(1 for w in tw if w in source_words) / len(tw)
        lower = sum(1 for w in _WORDS.findall(text) if w[:1].islower())
        if shared >= 0.8 and lower >= 2 and not _already_target(p["source"], src_lang, ctx, foreign):
            yield ctx.finding(
                UNTRANSLATED, Span(offset, p["end"]),
                f"this segment is {'identical to' if shared == 1 else 'mostly copied from'} the source: not translated",
                evidence=[f"{round(100 * shared)}% of its words are the source's", f"source ({p['id']}): {p['source'][:160]}"],
            )


def _length(ctx: Context):
    bil = ctx.outputs.source_pairs
    src_lang = bil.source_lang if bil else None
    if not src_lang:
        return
    expected = length_ratio(ctx.references, src_lang, ctx.lang)
    for p, text, offset in pairs(ctx):
        n_src, n_tgt = len(p["source"].strip()), len(text.strip())
        if n_src < MIN_SOURCE_CHARS and n_tgt < MIN_SOURCE_CHARS * expected:
            continue
        ratio = (n_tgt / max(1, n_src)) / expected
        if LOW <= ratio <= HIGH:
            continue
        if n_src < MIN_SOURCE_CHARS and n_tgt - HIGH * expected * n_src < MIN_SOURCE_CHARS:
            continue  # a short source varies too much: only a long addition counts
        what = "much shorter than its source: content left out?" if ratio < LOW else "much longer than its source: content added?"
        yield ctx.finding(
            LENGTH, Span(offset, p["end"]), f"this translation is {what}",
            evidence=[f"{n_tgt} characters for {n_src} in the source; {expected:g} expected for {src_lang}-{ctx.lang}",
                      f"source ({p['id']}): {p['source'][:160]}"],
        )
    for u in bil.unpaired_source:
        if not u.get("source", "").strip() or bil.format not in ("text", "lines"):
            continue  # untranslated units of a bilingual file are listed as a notice
        evidence = omitted(u, expected)
        if evidence is None or _translated_nearby(ctx, u, src_lang):
            continue
        seg = ctx.segment_at(max(0, min(u["at"], len(ctx.text)) - 1)) or (ctx.document.segments[0] if ctx.document.segments else None)
        if seg is None:
            continue
        yield ctx.finding(
            LENGTH, seg.span, "a source sentence next to this one has no translation",
            evidence=evidence,
        )


UNTRANSLATED = Rule(
    code="UNTR001",
    name="segment-not-translated",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="A target segment is the source copied (identical, or 80% of its words).",
    doc="""\
When the source and target languages differ, a translated segment of three words or more
whose words are (nearly) all the source's words was not translated. Segments of names
only are left alone: at least two words must be lower-case; so are source segments already
written in the target language (an English quotation in a Russian article: its letters all
in the target's script, or its words in the target language's word list rather than the
source's). Where the two languages write in different scripts, words in the target's script
that the source has too (titles, brands, a URL) do not count either way: "The Game Awards
2019 will feature Gears Tactics and Ori and the Will of the Wisps" copies the source's English
titles and translates the rest (MLQE-PE ru-en dev: its one UNTR001 finding, a false alarm).
A segment in the source language that differs from the source is LANG001's business.""",
    check=_untranslated,
    examples=(
        example("Die Gespräche endeten ohne Ergebnis.", "Die Gespräche endeten ohne Ergebnis.", "de"),
        example("Переговоры завершились без результата.", "Переговоры завершились без результата.", "ru"),
        example("Las conversaciones terminaron sin resultado.", "Las conversaciones terminaron sin resultado.", "es"),
        example("Die Gespräche endeten ohne Ergebnis.", "The talks ended without a result.", "de", fails=False),
        example("Olaf Scholz, Emmanuel Macron", "Olaf Scholz, Emmanuel Macron", "de", fails=False),
        example("Las conversaciones terminaron sin resultado.", "The talks ended without a result.", "es", fails=False),
        example("So here it is, the new model.", "So here it is, the new model.", "ru", fails=False),
        example("The talks ended without a result.", "The talks ended without a result.", "de", fails=False),
        example("The Game Awards 2019 – в рамках конференции будут показаны Gears Tactics и Ori and the Will of the Wisps",
                "The Game Awards 2019 will feature Gears Tactics and Ori and the Will of the Wisps", "ru", fails=False),
        example("Компания Apple представила новый iPhone в Купертино.",
                "Компания Apple представила новый iPhone в Купертино.", "ru"),
    ),
)

LENGTH = Rule(
    code="OMIT001",
    name="length-ratio-outlier",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="A translation far shorter or longer than its source; a source sentence left out.",
    doc="""\
The character length of each translated segment is compared with its source's, against the
ratio expected for the language pair (references/bilingual/ratios.yaml, e.g. 1.04 for
Russian → English, 3.4 for Chinese → English). Below 0.45 or above 2.2 times the expected
ratio, content was probably dropped or added. Segments under 40 source characters are judged
only when the translation exceeds that bound by 40 characters or more.

In plain-text pairs, a source sentence the aligner could not link to any translated
sentence is reported on its neighbour, when the evidence is strong: the sentence has real
content (40 characters and 4 words or more, not a bracketed stage direction such as
"(Applause)"), and the translation around it lacks it: its own numbers (those its
neighbours' sources do not have) appear nowhere in the neighbours' translation, or that
translation is too short to hold it (under 90% of the length their source
plus the lost sentence predict). A sentence the aligner merely placed inside a neighbour's
translation leaves its numbers and names, or enough length, there, and is not reported; so
does one whose own content words (those no neighbour's source shares) the word aligner (the
bilingual lexicon, transliteration, the glossary) finds in the neighbours' translation, 60%
of them or more, while the neighbours' own words are there too (40%; else the aligner paired
the wrong sentence and one of them is lost): two sentences merged into one ("…limited to a
single set of data - gaps that reflect…"). Without a dictionary for the pair that evidence
is absent.""",
    check=_length,
    examples=(
        example("Переговоры в Женеве завершились без конкретных результатов, заявили в министерстве.", "The talks ended.", "ru"),
        example("Die Gespräche in Genf endeten ohne konkrete Ergebnisse, teilte das Ministerium mit.", "The talks ended.", "de"),
        example("日内瓦会谈没有取得具体成果。", "The talks in Geneva ended without concrete results, the ministry said on Friday, adding that a new round of talks would be held in the spring of next year in Vienna.", "zh"),
        example("Переговоры в Женеве завершились без конкретных результатов, заявили в министерстве.",
                "The talks in Geneva ended without concrete results, the ministry said.", "ru", fails=False),
        example("Die Gespräche in Genf endeten ohne konkrete Ergebnisse, teilte das Ministerium mit.",
                "The talks in Geneva ended without concrete results, the ministry said.", "de", fails=False),
        example("日内瓦会谈没有取得具体成果。", "The talks in Geneva produced no concrete results.", "zh", fails=False),
    ),
)
