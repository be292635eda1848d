"""Checks that read the back-translation stage's output (`tqa audit --model ...`).

BT001: the back-translation of a segment names a glossary entry in the source language
(«Марии Захаровой»), but the segment does not carry an accepted target form of it: the
nearest span is how the translation rendered it. BT002: the round trip target → source →
target lands far from the segment.

Source forms are matched on stems, so inflected forms in the back-translation count
(«Захаровой», «Совета Россия — НАТО»): a form word matches a token that starts with it once up
to two final vowels (or й, ь) are dropped, with a short tail allowed; words of three letters
or fewer match exactly, acronyms with at most a two-letter lower-case ending («МИДа»).
Languages are data: nothing here is specific to Russian or English.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.checks.substitution import match_case
from audit.glossary.index import WRONG
from audit.language_facts import in_force as languages_in_force
from audit.model import Severity, Span
from audit.phrases import phrase_key, tokenize
from audit.rules import Context, Rule, fails, passes

MIN_SIMILARITY = 70.0  # nearest span must be at least this close to the form it stands for
MIN_EDGE_WORD = 60.0  # the first and last word of a span must each resemble a word of the form
MIN_EXTENSION = 80.0  # "Emanuel Macron" around an accepted "Macron": this close to canonical


@dataclass(frozen=True)
class _Word:
    stem: str  # casefolded
    mode: str  # "stem" | "exact" | "acronym"


@dataclass(frozen=True)
class _SourceForm:
    entry: str
    form: str
    canonical: bool
    words: tuple[_Word, ...]


def _word(token: str) -> _Word:
    letters = [c for c in token if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) >= 2:
        return _Word(token, "acronym")
    w = token.casefold()
    if len(w) <= 3 or not w.isalpha():
        return _Word(w, "exact")
    for _ in range(2):
        if len(w) > 3 and w[-1] in languages_in_force().final_vowels:  # languages.yaml `final_vowels`
            w = w[:-1]
    return _Word(w, "stem")


def _matches(word: _Word, token: str) -> bool:
    if word.mode == "acronym":
        rest = token[len(word.stem):]
        return token.startswith(word.stem) and len(rest) <= 2 and (not rest or rest.islower())
    t = token.casefold()
    if word.mode == "exact":
        return t == word.stem
    return t.startswith(word.stem) and len(t) - len(word.stem) <= 4


def source_forms(glossary, source_lang: str, target_lang: str) -> list[_SourceForm]:
    """Every accepted source-language form of entries that have a canonical target form."""
    out = []
    for e in glossary:
        if e.canonical(target_lang) is None or source_lang not in e.forms:
            continue
        for i, form in enumerate(e.accepted(source_lang)):
            words = tuple(_word(t.text) for t in tokenize(form) if t.text.isalnum())
            if words and sum(len(w.stem) for w in words) >= 3:
                out.append(_SourceForm(e.id, form, i == 0, words))
    return out


def find_source_forms(forms: list[_SourceForm], text: str) -> dict[str, tuple[_SourceForm, str]]:
    """entry id → (the form found, the text it matched), canonical forms preferred."""
    toks = [t for t in tokenize(text) if t.text.isalnum()]
    found: dict[str, tuple[_SourceForm, str]] = {}
    for f in forms:
        if f.entry in found and found[f.entry][0].canonical:
            continue
        n = len(f.words)
        for i in range(len(toks) - n + 1):
            if all(_matches(w, toks[i + k].text) for k, w in enumerate(f.words)):
                prev = found.get(f.entry)
                if prev is None or f.canonical or len(f.words) > len(prev[0].words):
                    found[f.entry] = (f, text[toks[i].start : toks[i + n - 1].end])
                break
    return found


def _norm(text: str) -> str:
    return " ".join(t for t in phrase_key(text) if t.isalnum())


def _similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def _word_like(word: str, form_words: set[str]) -> bool:
    from rapidfuzz import fuzz

    return any(fuzz.ratio(word, w) >= MIN_EDGE_WORD for w in form_words)


def _candidates(ctx: Context, seg, key: str, capitalised: bool):
    """Spans of n-1..n+1 consecutive words inside the segment (n: words in the form `key`),
    neither starting nor ending with a joining word ("of", "the": languages.yaml) unless the
    form does."""
    words = [t for t in ctx.tokens if t.start >= seg.span.start and t.end <= seg.span.end and t.text.isalnum()]
    form = key.split()
    joiners = ctx.language.title_joiners
    for size in range(max(1, len(form) - 1), len(form) + 2):
        for i in range(len(words) - size + 1):
            first, last = words[i], words[i + size - 1]
            if capitalised and not (first.text[0].isupper() and last.text[0].isupper()):
                continue
            if (first.text.casefold() in joiners and first.text.casefold() != form[0]) or (
                    last.text.casefold() in joiners and last.text.casefold() != form[-1]):
                continue
            yield Span(first.start, last.end)


def _nearest(ctx: Context, seg, forms: tuple[str, ...], capitalised: bool, others: list):
    """(score, span, form): the span of the segment closest to one of `forms`. A span may take
    in another entity's mention only if the form has its words ("NATO" in "NATO-Russia
    Council", not "Macron" in "President of France")."""
    best = None
    for form in forms:
        key = _norm(form)
        words = set(key.split())
        for span in _candidates(ctx, seg, key, capitalised):
            if any(span.overlaps(m.span) and not set(_norm(m.text).split()) <= words for m in others):
                continue
            cand = _norm(ctx.text[span.start : span.end])
            if not (_word_like(cand.split()[0], words) and _word_like(cand.split()[-1], words)):
                continue  # "secretary said": an edge word that is no word of the form
            score = _similarity(cand, key)
            rank = (score, -(span.end - span.start))
            if best is None or rank > best[0]:
                best = (rank, span, form)
    return (best[0][0], best[1], best[2]) if best else (0.0, None, None)


def _source_term(ctx: Context):
    src, tgt = ctx.source_lang, ctx.lang
    if not src or src == tgt:
        return
    glossary = ctx.references.glossary
    forms = ctx.references.compiled(("BT001", src, tgt), lambda: source_forms(glossary, src, tgt))
    if not forms:
        return
    for seg in ctx.document.segments:
        if not seg.backtranslation:
            continue
        found = find_source_forms(forms, seg.backtranslation)
        if not found:
            continue
        in_seg = [m for m in ctx.mentions if seg.span.contains(m.span)]
        for entry_id, (sform, bt_text) in found.items():
            entry = glossary.get(entry_id)
            mine = [m for m in in_seg if entry_id in m.entries]
            if any(r.entry == entry_id and r.status == WRONG for m in mine for r in m.refs):
                continue  # a known wrong form: TERM001 reports it
            accepted = [m for m in mine if any(r.entry == entry_id and r.status != WRONG for r in m.refs)]
            others = [m for m in in_seg if entry_id not in m.entries]
            canonical = entry.canonical(tgt)
            capitalised = entry.kind in ("person", "place", "organisation") and canonical[:1].isupper()
            if not accepted:
                # The full name in the back-translation: align on the canonical form first.
                score, span, form = _nearest(ctx, seg, (canonical,), capitalised, others) if sform.canonical \
                    else (0.0, None, None)
                if span is None or score < MIN_SIMILARITY:
                    score, span, form = _nearest(ctx, seg, entry.accepted(tgt), capitalised, others)
                if span is None or score < MIN_SIMILARITY:
                    continue
                suggestion = canonical if sform.canonical else form
            else:
                if not sform.canonical:
                    continue  # the back-translation has a short form; an accepted form is there
                n = len(_norm(canonical).split())
                if any(len(_norm(m.text).split()) >= n for m in accepted):
                    continue
                score, span, _ = _nearest(ctx, seg, (canonical,), capitalised, others)
                own = max(_similarity(_norm(m.text), _norm(canonical)) for m in accepted)
                if (span is None or score < MIN_EXTENSION or score <= own
                        or not any(span.contains(m.span) and span != m.span for m in accepted)):
                    continue
                suggestion = canonical
            found_text = ctx.text[span.start : span.end]
            if _norm(found_text) == _norm(suggestion):
                continue
            yield ctx.finding(
                SOURCE_TERM,
                span,
                f"the back-translation names «{bt_text}» ({entry_id}); the segment should have "
                f"'{suggestion}' where it has '{found_text}'",
                suggestion=match_case(suggestion, found_text),
                evidence=[f"back-translation: {seg.backtranslation}", f"glossary entry {entry_id} ({entry.kind})",
                          f"{src} form: {sform.form}"],
            )


SOURCE_TERM = Rule(
    code="BT001",
    name="backtranslation-term-mismatch",
    category="Terminology",
    severity=Severity.MAJOR,
    summary="The back-translation names a glossary entry the segment does not render in an accepted form.",
    doc="""\
Runs when the audit back-translates (`tqa audit --model ...`). Every glossary entry known by a
form in the source language is looked for in each segment's back-translation, on stems, so
inflected forms count («Марии Захаровой»). If it is there but none of the entry's accepted
target forms is in the segment, the span of the segment nearest to an accepted form (fuzzy
word-window alignment) is reported, with the canonical form as suggestion. When the
back-translation has the full canonical name and the segment only a short accepted form
inside a longer near-miss ("Emanuel Macron" around "Macron"), the longer span is reported.

This catches renderings nobody listed as wrong. It stays silent where TERM001 already reports
a listed wrong form of the same entry, and where nothing in the segment resembles the entry.

Example: "spokeswoman Marija Sacharowa" with back-translation «представитель МИД Мария
Захарова» → "Maria Zakharova".""",
    check=_source_term,
    examples=(
        fails("Foreign Ministry spokeswoman Marija Sacharowa declined to comment.",
              backtranslation="Официальный представитель МИД Мария Захарова отказалась от комментариев."),
        fails("He met Dmitri Peskow in Moscow on Monday.",
              backtranslation="В понедельник он встретился с Дмитрием Песковым в Москве."),
        fails("The summit was opened by President Emanuel Macron.",
              backtranslation="Саммит открыл президент Франции Эммануэль Макрон."),
        passes("Foreign Ministry spokeswoman Maria Zakharova declined to comment.",
               backtranslation="Официальный представитель МИД Мария Захарова отказалась от комментариев."),
        passes("Kremlin spokesman Dmitriy Peskov declined to comment.",
               backtranslation="Пресс-секретарь Кремля Дмитрий Песков отказался от комментариев."),
        passes("Macron said the talks were useful.", backtranslation="Макрон заявил, что переговоры были полезными."),
        passes("The minister spoke to reporters in Geneva.",
               backtranslation="Министр выступил перед журналистами в Женеве."),
        # French → English: the glossary's French form, found in a French back-translation
        fails("The summit was opened by President Emanuel Macron.", source_lang="fr",
              backtranslation="Le sommet a été ouvert par le président Emmanuel Macron."),
        passes("The summit was opened by President Emmanuel Macron.", source_lang="fr",
               backtranslation="Le sommet a été ouvert par le président Emmanuel Macron."),
        passes("The minister spoke to reporters in Geneva.", source_lang="fr",
               backtranslation="Le ministre s'est adressé aux journalistes à Genève."),
    ),
)


def _low_fidelity(ctx: Context):
    info = ctx.outputs.backtranslation
    if info is None:
        return
    scores, threshold, round_trip = info.roundtrip_chrf, info.min_roundtrip_chrf, info.roundtrip
    for seg in ctx.document.segments:
        score = scores[seg.index] if seg.index < len(scores) else None
        if score is None or score >= threshold or len(seg.text.split()) < MIN_WORDS:
            continue
        evidence = []
        if seg.backtranslation:
            evidence.append(f"back-translation: {seg.backtranslation}")
        if seg.index < len(round_trip) and round_trip[seg.index]:
            evidence.append(f"round trip: {round_trip[seg.index]}")
        yield ctx.finding(
            LOW_FIDELITY,
            seg.span,
            f"round-trip chrF {score:.1f} is below {threshold:g}: translated back and forth, this segment "
            "does not come back; check its meaning against the source",
            evidence=evidence,
        )


MIN_WORDS = 5  # chrF on a handful of words says little

LOW_FIDELITY = Rule(
    code="BT002",
    name="low-roundtrip-fidelity",
    category="Accuracy",
    severity=Severity.MINOR,
    summary="The segment's round trip (target → source → target) scores below the chrF threshold.",
    doc="""\
Runs when the audit back-translates and a model for the way back is available
(`--forward-model`, or the pair's default). Each segment is translated into the source
language and back, and the result compared with the segment by chrF (sacrebleu). A round trip
that lands far away is a weak signal that the segment is garbled, truncated or says something
the models cannot make sense of. The threshold is conservative (chrF 20; set
`min-roundtrip-chrf` under `[tool.tqa.backtranslation]`); segments under five words are skipped.

Example: a segment whose round trip has chrF 12 against it is flagged for a reader to check.""",
    check=_low_fidelity,
    examples=(
        fails("Washington and its allies are committed to a diplomatic way out.",
              data={"backtranslation": {"roundtrip_chrf": [12.5], "min_roundtrip_chrf": 20,
                                        "roundtrip": ["The capital loves a diplomat."]}}),
        passes("Washington and its allies are committed to a diplomatic way out.",
               data={"backtranslation": {"roundtrip_chrf": [61.0], "min_roundtrip_chrf": 20}}),
        passes("Short one here.", data={"backtranslation": {"roundtrip_chrf": [3.0], "min_roundtrip_chrf": 20}}),
        passes("No back-translation ran on this segment at all.", data={}),
        # a German translation of a French source: the round trip is French → German → French
        fails("Washington und seine Verbündeten setzen auf einen diplomatischen Ausweg.", lang="de", source_lang="fr",
              data={"backtranslation": {"roundtrip_chrf": [14.0], "min_roundtrip_chrf": 20,
                                        "roundtrip": ["Die Hauptstadt liebt einen Diplomaten."]}}),
        passes("Washington und seine Verbündeten setzen auf einen diplomatischen Ausweg.", lang="de", source_lang="fr",
               data={"backtranslation": {"roundtrip_chrf": [58.0], "min_roundtrip_chrf": 20}}),
    ),
)
