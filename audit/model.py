"""The core data model: frozen values with no behaviour beyond trivial derived properties.

Every offset is a character offset into `Document.text`, the text as read (decoded and
NFC-normalised). `Finding.text == Document.text[span.start:span.end]` always holds.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """MQM severities. Ordered, so `severity >= Severity.MAJOR` reads naturally."""

    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str | "Severity") -> "Severity":
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def shift(self, by: int) -> "Span":
        return Span(self.start + by, self.end + by)


@dataclass(frozen=True)
class Segment:
    """A sentence (or a line that is not a sentence) inside a paragraph."""

    index: int
    span: Span
    text: str
    paragraph: int
    kind: str  # headline | heading | caption | body
    lang: str | None = None  # detected language, None when too short to tell
    backtranslation: str | None = None  # into the source language, when a model ran


@dataclass(frozen=True)
class Paragraph:
    index: int
    span: Span
    text: str
    kind: str
    lang: str | None = None


@dataclass(frozen=True)
class Document:
    path: str
    text: str
    lang: str  # target language of the translation
    source_lang: str | None
    encoding: str
    paragraphs: tuple[Paragraph, ...]
    segments: tuple[Segment, ...]
    date: str | None = None  # ISO date of the article, picks the roles that were true then
    meta: dict = field(default_factory=dict, compare=False)
    format: str = "text"  # text | html | markdown
    plain: str | None = None  # `text` with markup blanked out, same length (audit.markup)

    @property
    def analysed(self) -> str:
        """What segmenting and checks read: `text` with markup blanked, offsets unchanged."""
        return self.plain if self.plain is not None else self.text

    @property
    def words(self) -> int:
        return sum(len(s.text.split()) for s in self.segments)

    def segment_at(self, offset: int) -> Segment | None:
        for seg in self.segments:
            if seg.span.start <= offset < seg.span.end:
                return seg
        return None


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    message: str
    span: Span
    text: str
    segment: int | None = None
    suggestion: str | None = None
    evidence: tuple[str, ...] = ()
    # Findings of other rules about the same problem, dropped by the overlap pass (audit/overlap.py)
    # and kept here as evidence: they are not counted in the score.
    absorbed: tuple["Finding", ...] = ()


@dataclass(frozen=True)
class Metric:
    name: str
    score: float
    signature: str
    per_segment: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class Score:
    words: int
    penalty: float  # sum of severity weights
    per_1000: float  # penalty per 1000 words
    quality: float  # 0..100
    counts: dict  # severity label -> count


@dataclass(frozen=True)
class AuditResult:
    document: Document
    findings: tuple[Finding, ...]
    score: Score
    passed: bool
    reasons: tuple[str, ...]  # why it failed, empty when passed
    signature: str
    metrics: tuple[Metric, ...] = ()
    notices: tuple[str, ...] = ()  # one-line notes for the reader (e.g. a skipped stage)
    data: dict = field(default_factory=dict, compare=False)  # JSON-able output of optional stages
