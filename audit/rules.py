"""What a rule is, and the context a check runs in.

A rule is a value: a stable code, an MQM category, a default severity, a summary, a doc, a
table of should-fail / should-pass examples, and a check function. Rules are registered
explicitly in `audit.checks.RULES`; nothing is discovered by name.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable

from audit.glossary.index import term_index
from audit.language_facts import Language
from audit.model import Document, Finding, Segment, Severity, Span
from audit.phrases import Token, tokenize
from audit.references import References
from audit.stages import AuditCache, Outputs


@dataclass(frozen=True)
class Example:
    text: str
    fails: bool  # True: the rule must fire on this text; False: it must stay silent
    lang: str = "en"
    source_lang: str | None = "ru"
    date: str | None = None
    backtranslation: str | None = None  # given to every segment, for rules that read it
    data: dict | None = None  # stage output as JSON (e.g. {"alignment": ...}); the rule reads it typed, ctx.outputs


@dataclass(frozen=True)
class Rule:
    code: str  # stable, never reused: TERM001
    name: str  # kebab-case: glossary-wrong-rendering
    category: str  # MQM dimension: Terminology, Accuracy, Fluency, Style, ...
    severity: Severity
    summary: str
    doc: str
    # What makes the rule's findings: a check over the document, or, for a rule whose findings
    # are about the other rules' findings (SUP001: a marker that silenced none), the pass over
    # findings named in `made_by` (audit/passes.py). Never both: rules do not call rules.
    check: Callable[["Context"], Iterable[Finding]] | None = field(default=None, compare=False, repr=False)
    examples: tuple[Example, ...] = ()
    # Precedence (audit/overlap.py): codes or code prefixes of the rules this rule yields to. When
    # a finding of this rule overlaps a finding of one of them (same place: see audit.overlap), the
    # two report one problem; the other rule's finding stays and carries this one as evidence
    # (`Finding.absorbed`), so the problem is penalised once. Yield only to rules at least as
    # severe, whose finding says more about the problem; never to yourself. Empty: never yields.
    yields_to: tuple[str, ...] = ()
    made_by: str | None = None  # the pass (audit/passes.py) that makes the findings of a rule with no check

    def __post_init__(self) -> None:
        if (self.check is None) == (self.made_by is None):
            raise ValueError(f"{self.code}: a rule has a check or is made by a pass over findings, one of the two")

    def yields(self, code: str) -> bool:
        """Whether a finding of this rule gives way to an overlapping finding of rule `code`."""
        return code != self.code and any(code.startswith(p) for p in self.yields_to)


def fails(text: str, **kw) -> Example:
    return Example(text, True, **kw)


def passes(text: str, **kw) -> Example:
    return Example(text, False, **kw)


class Context:
    """One document and the references, with lazily computed views checks share."""

    def __init__(self, document: Document, references: References, data: dict | None = None):
        self.document = document
        self.data = data or {}  # what optional stages produced, JSON-able, as reports show it
        self.outputs = Outputs.of(self.data)  # the same, typed: what rules read
        self.cache = AuditCache()  # values rules of this audit share
        self.references = references
        self.text = document.analysed  # markup blanked; offsets are those of document.text
        self.lang = document.lang
        self.source_lang = document.source_lang
        self.language: Language = references.languages.get(document.lang)
        self._rule: Rule | None = None

    @cached_property
    def tokens(self) -> list[Token]:
        return tokenize(self.text)

    @cached_property
    def mentions(self):
        return term_index(self.references, self.lang).find(self.tokens, self.text)

    @cached_property
    def _segment_starts(self) -> list[int]:
        return [s.span.start for s in self.document.segments]

    def segment_at(self, offset: int) -> Segment | None:
        """The segment holding `offset` (binary search: checks call this per word)."""
        i = bisect_right(self._segment_starts, offset) - 1
        if i >= 0:
            seg = self.document.segments[i]
            if seg.span.start <= offset < seg.span.end:
                return seg
        return None

    def finding(
        self,
        rule: Rule,
        span: Span,
        message: str,
        suggestion: str | None = None,
        evidence: Iterable[str] = (),
    ) -> Finding:
        return make_finding(rule, self.document, span, message, suggestion, evidence, self.segment_at(span.start))


def make_finding(
    rule: Rule,
    document: Document,
    span: Span,
    message: str,
    suggestion: str | None = None,
    evidence: Iterable[str] = (),
    segment: Segment | None = None,
) -> Finding:
    """The one place a Finding is made: its text is always the input at its span."""
    seg = segment if segment is not None else document.segment_at(span.start)
    return Finding(
        rule=rule.code,
        category=rule.category,
        severity=rule.severity,
        message=message,
        span=span,
        text=document.text[span.start : span.end],
        segment=seg.index if seg else None,
        suggestion=suggestion,
        evidence=tuple(evidence),
    )
