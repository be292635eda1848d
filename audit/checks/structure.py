"""Structure: the same paragraph or sentence twice."""

from __future__ import annotations

import re

from audit.model import Severity
from audit.rules import Context, Rule, fails, passes

MIN_WORDS = 4
_NON_WORD = re.compile(r"[\W_]+")


def _norm(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _duplicates(ctx: Context):
    doc = ctx.document
    seen: dict[str, int] = {}
    dup_paras: set[int] = set()
    for p in doc.paragraphs:
        key = _norm(p.text)
        if len(key.split()) < MIN_WORDS:
            continue
        if key in seen:
            dup_paras.add(p.index)
            first = doc.paragraphs[seen[key]]
            yield ctx.finding(
                DUPLICATE,
                p.span,
                f"this {p.kind} repeats paragraph {first.index + 1} word for word",
                suggestion="",
                evidence=[f"first at offset {first.span.start}: {first.text[:80]!r}"],
            )
        else:
            seen[key] = p.index
    seen_s: dict[str, int] = {}
    for s in doc.segments:
        key = _norm(s.text)
        if s.paragraph in dup_paras or len(key.split()) < MIN_WORDS:
            continue
        if key not in seen_s:
            seen_s[key] = s.index
            continue
        first = doc.segments[seen_s[key]]
        yield ctx.finding(
            DUPLICATE,
            s.span,
            f"this sentence repeats sentence {first.index + 1} word for word",
            suggestion="",
            evidence=[f"first at offset {first.span.start}: {first.text[:80]!r}"],
        )


DUPLICATE = Rule(
    code="DUP001",
    name="duplicated-segment",
    category="Accuracy",
    severity=Severity.MAJOR,
    summary="A paragraph or sentence appears twice (a headline scraped twice, a repeated lead).",
    doc="""\
Paragraphs, then sentences, are compared after case folding and with punctuation removed;
one of four words or more that repeats an earlier one is reported. The usual cause is a page
whose headline, or lead, appears twice in the HTML and so twice in the scraped text.""",
    check=_duplicates,
    yields_to=("BOIL001",),  # one finding per problem (audit/overlap.py)
    examples=(
        fails("Talks resume in Geneva next week\n\nOfficials met.\n\nTalks resume in Geneva next week"),
        fails("The talks lasted eight hours. Both sides spoke. The talks lasted eight hours."),
        passes("Talks resume in Geneva next week\n\nTalks resumed in Geneva last week"),
        passes("Yes.\n\nYes."),
        fails("Die Gespräche dauerten acht Stunden. Beide Seiten sprachen. Die Gespräche dauerten acht Stunden.", lang="de"),
        passes("Die Gespräche dauerten acht Stunden. Beide Seiten sprachen.", lang="de"),
    ),
)
