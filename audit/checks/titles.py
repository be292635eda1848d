"""Titles: a person named with a title that is not theirs, or not the official one.

The glossary gives each person dated roles (title-entry ids); the document's date picks the
roles that were true then. The title attached to a name is read from the text: a glossary
title right before the name ("Kremlin spokesman Dmitry Peskov"), a capitalised run
with a title head noun ("Ministry Head Sergey Lavrov"), or an appositive phrase
("The spokesman of the Kremlin, Dmitry Peskov").
"""

from __future__ import annotations

from audit.model import Severity, Span
from audit.rules import Context, Rule, fails, passes

MAX_APPOSITIVE_WORDS = 10
_CLAUSE_BREAKS = {".", ",", ";", ":", "(", ")", "!", "?", '"', "«", "»", "“", "”", "—", "–"}
_HYPHENS = {"-", "‐", "‑"}


def _persons(ctx: Context):
    glossary = ctx.references.glossary
    mentions = ctx.mentions
    for idx, m in enumerate(mentions):
        people = {r.entry for r in m.of_kind("person")}
        if len(people) != 1:
            continue
        entry = glossary.get(next(iter(people)))
        if entry is None or not entry.roles:
            continue
        yield idx, m, entry


def _skip_before(ctx: Context, token_index: int) -> bool:
    """A word like "former" before the title makes any past role fine."""
    return token_index > 0 and ctx.tokens[token_index - 1].key in ctx.language.title_skip


def _title_text(ctx, entry_roles, date) -> str:
    names = []
    for r in entry_roles:
        t = ctx.references.glossary.get(r.title)
        if t is not None:
            names.append(t.canonical(ctx.lang) or t.id)
    return " / ".join(dict.fromkeys(names)) or "(none recorded)"


def _adjacent_title(ctx: Context, mentions, idx, m):
    """The title mention right before person mention `m` (with at most a comma between)."""
    if idx == 0:
        return None
    p = mentions[idx - 1]
    gap = m.tokens[0] - p.tokens[1]
    if gap == 0 or (gap == 1 and ctx.tokens[p.tokens[1]].text == ","):
        if p.of_kind("title"):
            return p
    return None


def _contradicting(ctx: Context):
    date = ctx.document.date
    mentions = ctx.mentions
    for idx, m, entry in _persons(ctx):
        t = _adjacent_title(ctx, mentions, idx, m)
        if t is None or t.wrong:
            continue  # no title here, or a wrong form that TERM001 reports
        titles = {r.entry for r in t.of_kind("title")}
        now = {r.title for r in entry.roles_on(date)}
        ever = {r.title for r in entry.roles}
        if titles & now or _skip_before(ctx, t.tokens[0]):
            continue
        span = Span(t.span.start, m.span.end)
        current = entry.roles_on(date)
        if titles & ever:
            held = [r for r in entry.roles if r.title in titles]
            when = ", ".join(f"{r.start or '?'} to {r.end or 'now'}" for r in held)
            msg = f"{entry.forms.get(ctx.lang, entry.id)} held the title '{t.text}' {when}, not on {date}"
        else:
            msg = f"'{t.text}' is not a title of {entry.forms.get(ctx.lang, entry.id)}"
        suggestion = None
        if current:
            title = ctx.references.glossary.get(current[-1].title)
            if title is not None and title.canonical(ctx.lang):
                sep = ctx.text[t.span.end : m.span.start]
                suggestion = f"{title.canonical(ctx.lang)}{sep}{m.text}"
        yield ctx.finding(
            CONTRADICTING,
            span,
            msg,
            suggestion=suggestion,
            evidence=[f"roles on {date or 'any date'}: {_title_text(ctx, current, date)}", f"glossary entry {entry.id}"],
        )


CONTRADICTING = Rule(
    code="TITLE002",
    name="title-contradicts-glossary",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="A person is named with a title the glossary says they did not hold at that date.",
    doc="""\
A glossary title placed right before a glossary person ("Deputy Foreign Minister
Dmitry Peskov") is checked against the person's roles on the document's date (from its metadata,
or --date; with no date any role counts). A title that is not theirs, or that they held at
another time, is reported with the title they held then. "former" (title_skip in
references/languages.yaml) before the title silences it.""",
    check=_contradicting,
    examples=(
        fails("Deputy Foreign Minister Dmitry Peskov said so."),
        fails("NATO Secretary General Mark Rutte spoke.", date="2022-01-14"),
        passes("Kremlin spokesman Dmitry Peskov said so."),
        passes("NATO Secretary General Mark Rutte spoke.", date="2025-03-01"),
        passes("Former President Joe Biden spoke.", date="2025-06-01"),
        fails("Deputy Foreign Minister Dmitry Peskov said so.", source_lang="de"),
        passes("Kremlin spokesman Dmitry Peskov said so.", source_lang="de"),
    ),
)


def _phrase_before(ctx: Context, first: int) -> tuple[int, bool] | None:
    """Start token of a title-like phrase ending right before token `first`, and whether it
    is an appositive (phrase, comma, name). None when there is no such phrase."""
    toks = ctx.tokens
    heads = ctx.language.title_heads
    joiners = ctx.language.title_joiners
    if not heads:
        return None
    i = first - 1
    appositive = i >= 0 and toks[i].text == ","
    if appositive:
        i -= 1
    start = None
    words = 0
    while i >= 0:
        tok = toks[i]
        if tok.text in _CLAUSE_BREAKS:
            break
        # a piece of a hyphenated word ("Commander-in-Chief": "in" and the hyphens touch the
        # word after them) belongs to the run as that word does: cut there, the run would
        # lose its head ("President and Commander-") and read as a title of its own
        glued = tok.end == toks[i + 1].start and (tok.text in _HYPHENS or toks[i + 1].text in _HYPHENS)
        if not appositive and not (tok.text[:1].isupper() or tok.key in joiners or tok.text in ("'", "s") or glued):
            break
        if ctx.text[tok.end : toks[i + 1].start].count("\n"):
            break
        start = i
        words += tok.text.isalpha()
        if words > MAX_APPOSITIVE_WORDS:
            return None
        i -= 1
    if start is None:
        return None
    while start < first and toks[start].key in joiners and toks[start].key != "the":
        start += 1
    span_keys = {t.key for t in toks[start:first]}
    if not span_keys & heads:
        return None
    return start, appositive


def _non_canonical(ctx: Context):
    date = ctx.document.date
    mentions = ctx.mentions
    covered_title = {i for mm in mentions if mm.of_kind("title") for i in range(*mm.tokens)}
    for idx, m, entry in _persons(ctx):
        if _adjacent_title(ctx, mentions, idx, m) is not None:
            continue
        found = _phrase_before(ctx, m.tokens[0])
        if found is None:
            continue
        start, appositive = found
        if any(i in covered_title for i in range(start, m.tokens[0])):
            continue
        if _skip_before(ctx, start):
            continue
        current = entry.roles_on(date)
        if not current:
            continue
        title = ctx.references.glossary.get(current[-1].title)
        if title is None or not title.canonical(ctx.lang):
            continue
        phrase_end = ctx.tokens[m.tokens[0] - (2 if appositive else 1)].end
        phrase = ctx.text[ctx.tokens[start].start : phrase_end]
        span = Span(ctx.tokens[start].start, m.span.end)
        canonical = title.canonical(ctx.lang)
        if phrase[:1].isupper() and canonical[:1].islower():
            canonical = canonical[:1].upper() + canonical[1:]
        sep = ", " if appositive else " "
        yield ctx.finding(
            NON_CANONICAL,
            span,
            f"'{phrase}' is not the official title of {entry.forms.get(ctx.lang, entry.id)}: '{title.canonical(ctx.lang)}'",
            suggestion=f"{canonical}{sep}{m.text}",
            evidence=[f"roles on {date or 'any date'}: {_title_text(ctx, current, date)}", f"glossary entry {entry.id}"],
        )


NON_CANONICAL = Rule(
    code="TITLE001",
    name="non-canonical-title",
    category="Terminology",
    severity=Severity.MAJOR,
    summary="A person is introduced with a descriptive phrase instead of their official title.",
    doc="""\
MT often renders a title descriptively ("The representative of Russia to the organization,
Dmitry Peskov"; "Ministry Head Sergey Lavrov"). When a glossary person with a
role at the document's date is preceded by a capitalised run, or an appositive phrase before
a comma, that contains a title head noun (title_heads in references/languages.yaml) and is
not a glossary title, the rule suggests the official title from the glossary. A hyphenated
word is one word of the run ("President and Commander-in-Chief of the Armed Forces Vladimir
Putin" holds the glossary title President and is left alone); cut at its hyphen, the run read
"Chief of the Armed Forces" as a title of its own (WMT21 ru-en: five false alarms).""",
    check=_non_canonical,
    examples=(
        fails("The spokesman of the Kremlin, Dmitry Peskov, declined to comment."),
        fails("Ministry Head Sergey Lavrov arrived."),
        passes("Kremlin spokesman Dmitry Peskov declined to comment."),
        passes("The Kremlin said on Monday that Dmitry Peskov was ill."),
        passes("Talks with Sergey Lavrov ended."),
        # a hyphenated word is one word of the run: the title in front of it counts
        passes("President and Supreme Commander-in-Chief of the Armed Forces Vladimir Putin attended."),
        fails("Ministry Head Sergey Lavrov arrived.", source_lang="fr"),
        passes("Talks with Sergey Lavrov ended.", source_lang="fr"),
    ),
)
