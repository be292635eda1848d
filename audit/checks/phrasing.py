"""Phrasing kept as data: calques with a preferred phrasing, and web boilerplate."""

from __future__ import annotations

from audit.checks.substitution import PhraseSet, match_case
from audit.model import Severity, Span
from audit.rules import Context, Rule, fails, passes


def _phrase_set(phrases) -> PhraseSet:
    ps = PhraseSet()
    for p in phrases:
        if p.accepted:
            ps.except_(p.text)
        elif p.regex is not None:
            ps.add_regex(p.regex, p.suggestion, what=p.text, note=p.note, source=p.source)
        else:
            ps.add(p.text, p.suggestion, note=p.note, source=p.source)
    return ps


def _calques(ctx: Context):
    pair = (ctx.source_lang, ctx.lang)
    phrases = ctx.references.calques.get(pair)
    if not phrases:
        return
    ps = ctx.references.compiled(("PHRASE001",) + pair, lambda: _phrase_set(phrases))
    for hit in sorted(ps.find(ctx.tokens, ctx.text), key=lambda h: h.span):
        found = ctx.text[hit.span.start : hit.span.end]
        suggestion = match_case(hit.suggestion, found) if hit.suggestion else None
        yield ctx.finding(
            CALQUE,
            hit.span,
            f"'{found}' is a calque from {ctx.references.languages.get(ctx.source_lang).name}; prefer '{suggestion}'",
            suggestion=suggestion,
            evidence=[e for e in (hit.note, hit.source and f"phrasings/{hit.source}") if e],
        )


CALQUE = Rule(
    code="PHRASE001",
    name="calque",
    category="Style",
    severity=Severity.MINOR,
    summary="A word-for-word rendering of a source-language turn of phrase.",
    doc="""\
Calques are kept per language pair in references/phrasings/calques.SRC-TGT.yaml, each with the
phrasing an editor would use and a note on the source expression. The rule runs only when
the document's source language is known (metadata or --source-lang).

Example (ru→en): "at the OSCE site" → "at the OSCE venue" («на площадке ОБСЕ»); (de→en,
fr→en): "since three years" → "for three years" («seit drei Jahren», «depuis trois ans»).
Only phrasings that are not idiomatic English in any reading are listed.""",
    check=_calques,
    examples=(
        fails("Talks continued in Vienna at the UN site."),
        fails("Troops stayed on the territory of Belarus."),
        passes("Talks continued in Vienna at the UN venue."),
        passes("The construction site was closed."),
        passes("Talks continued in Vienna at the UN site.", source_lang="de"),
        fails("The ministers met under four eyes before the summit.", source_lang="de"),
        fails("She has taught in Lyon since three years.", source_lang="fr"),
        passes("She has taught in Lyon for three years, since 2021.", source_lang="fr"),
        passes("The ministers met in private before the summit.", source_lang="de"),
        passes("We first met there since 2 years ago.", source_lang="de"),  # informal, but not the calque
        passes("He was arrested in connection with the murder.", source_lang="ru"),  # an idiomatic reading (`accept`)
    ),
)


def _boilerplate(ctx: Context):
    phrases = ctx.references.boilerplate.get(ctx.lang, [])
    if ctx.source_lang and ctx.source_lang != ctx.lang:
        phrases = phrases + ctx.references.boilerplate.get(ctx.source_lang, [])
    if not phrases:
        return
    key = ("BOIL001", ctx.lang, ctx.source_lang)
    ps = ctx.references.compiled(key, lambda: _phrase_set(phrases))
    hits: dict[int, list] = {}
    for hit in ps.find(ctx.tokens, ctx.text):
        seg = ctx.segment_at(hit.span.start)
        if seg is not None:
            hits.setdefault(seg.index, []).append(hit.span)
    # A phrase inside a real sentence ("refused to leave a reply") is not furniture: the
    # matches must make up most of their sentence.
    by_segment = {
        i: [ctx.text[s.start : s.end] for s in spans]
        for i, spans in hits.items()
        if _coverage(ctx.document.segments[i], spans) >= MIN_COVERAGE
    }
    # One finding per run of consecutive boilerplate segments in a paragraph: one block to delete.
    segments = ctx.document.segments
    run: list = []
    for index in sorted(by_segment):
        seg = segments[index]
        if run and (run[-1].index != index - 1 or run[-1].paragraph != seg.paragraph):
            yield _block(ctx, run, by_segment)
            run = []
        run.append(seg)
    if run:
        yield _block(ctx, run, by_segment)


MIN_COVERAGE = 0.5


def _coverage(seg, spans) -> float:
    covered = set()
    for sp in spans:
        covered.update(range(max(sp.start, seg.span.start), min(sp.end, seg.span.end)))
    letters = [i for i in range(seg.span.start, seg.span.end) if not seg.text[i - seg.span.start].isspace()]
    return sum(1 for i in letters if i in covered) / max(1, len(letters))


def _block(ctx: Context, run, by_segment):
    span = Span(run[0].span.start, run[-1].span.end)
    matched = [m for seg in run for m in by_segment[seg.index]]
    return ctx.finding(
        BOILERPLATE,
        span,
        "web boilerplate or a publisher promo carried into the article: delete it",
        suggestion="",
        evidence=[f"matched: {m!r}" for m in matched],
    )


BOILERPLATE = Rule(
    code="BOIL001",
    name="web-boilerplate",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="Comment forms, share buttons and promos scraped along with the article.",
    doc="""\
Scrapers pick up page furniture ("Leave a Reply", "Your email address will not be
published", "Subscribe to ... on Telegram") and MT translates it with the article. The
patterns are data, per language, in references/phrasings/boilerplate.yaml; both the target
language's and the source language's patterns are tried, since some furniture survives
untranslated. The matches must make up at least half of their sentence, so the same words
inside real prose do not fire. The finding covers the whole sentence (or run of sentences)
to delete.""",
    check=_boilerplate,
    examples=(
        fails("Leave a comment\n\nYour email address will not be published."),
        fails("Follow us on Telegram to get the latest news"),
        fails("Подписывайтесь на наш Telegram-канал"),
        passes("She refused to leave a reply to the ministry's letter unanswered."),
        passes("The minister said the email was not published."),
        fails("Der Minister sprach.\n\nFolgen Sie uns auf Telegram", lang="de", source_lang="ru"),
        passes("Der Minister sagte, die E-Mail sei nicht veröffentlicht worden.", lang="de", source_lang="ru"),
    ),
)
