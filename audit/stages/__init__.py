"""The stage contract: what an optional stage is, what it hands on, and the per-audit cache.

A stage runs before the rules (pairing with a source, back-translation, alignment with reference
texts). It is called with the document, the references, the settings and `Outputs`, what the
stages before it produced, and returns a `StageOutput`. Its typed product (`SourcePairs`,
`ReferenceAlignment`, `BackTranslation`, `WordAlignment`) is a read-only view over a JSON-able
mapping: the mapping is what reports show under the product's `key` in `AuditResult.data`, the
view is what later stages and the rules read (`ctx.outputs`), so no one spells a dict key twice.

Optional stages are chosen by audit/entry.py. A *derived* stage (audit/pipeline.py `DERIVED`:
the word alignment of source pairs) is run by the pipeline for every audit and every rule
example, after the optional stages, when what it derives from is there and its product is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, Protocol

from audit.model import Document, Metric


@dataclass(frozen=True)
class SourcePairs:
    """Source ↔ target pairs of a bilingual audit (audit/bilingual/pairing.py has the layout)."""

    key: ClassVar[str] = "bilingual"
    json: dict = field(repr=False)

    @property
    def source_lang(self) -> str | None:
        return self.json.get("source_lang")

    @property
    def format(self) -> str | None:
        """xliff, tmx, po, tsv, csv (units of a bilingual file), text (aligned), lines."""
        return self.json.get("format")

    @property
    def pairs(self) -> list[dict]:
        """{"id", "source", "start", "end", ...}: `start`/`end` are offsets of the target text."""
        return self.json.get("pairs") or []

    @property
    def unpaired_source(self) -> list[dict]:
        return self.json.get("unpaired_source") or []

    @property
    def unpaired_target(self) -> list[dict]:
        return self.json.get("unpaired_target") or []


@dataclass(frozen=True)
class ReferenceAlignment:
    """The translation aligned with reference texts (audit/stages/reference.py has the layout)."""

    key: ClassVar[str] = "alignment"
    json: dict = field(repr=False)

    @property
    def references(self) -> list[dict]:
        return self.json.get("references") or []

    @property
    def reference_pairs(self) -> list[dict]:
        """Target ↔ reference links (not source pairs): {"ref", "target", "reference", "diff", ...}."""
        return self.json.get("pairs") or []

    @property
    def unaligned_target(self) -> list[dict]:
        return self.json.get("unaligned_target") or []

    @property
    def unaligned_reference(self) -> list[dict]:
        return self.json.get("unaligned_reference") or []


@dataclass(frozen=True)
class BackTranslation:
    """What the back-translation stage ran (audit/stages/backtranslation.py); the back-translations
    themselves are on the segments (`Segment.backtranslation`)."""

    key: ClassVar[str] = "backtranslation"
    json: dict = field(repr=False)

    @property
    def roundtrip_chrf(self) -> list[float | None]:
        """Per segment, the round trip's chrF against the segment; empty without a forward model."""
        return self.json.get("roundtrip_chrf") or []

    @property
    def roundtrip(self) -> list[str | None]:
        return self.json.get("roundtrip") or []

    @property
    def min_roundtrip_chrf(self) -> float:
        return float(self.json.get("min_roundtrip_chrf") or 0)


@dataclass(frozen=True)
class WordAlignment:
    """Each source pair's words linked to its translation's (audit/stages/word_alignment.py
    derives it from `SourcePairs`; audit/wordalign/ has the links' layout and `from_dict`)."""

    key: ClassVar[str] = "word_alignment"
    json: dict = field(repr=False)

    @property
    def pairs(self) -> list[dict]:
        """One per source pair inside the document, in their order: {"pair": index into
        `SourcePairs.pairs`, "id", "lexicon", "source", "target", "links", "unaligned_*"}."""
        return self.json.get("pairs") or []

    def of_pair(self, index: int) -> dict | None:
        """The alignment of `SourcePairs.pairs[index]`, if it has one."""
        return self._by_pair.get(index)

    @cached_property
    def _by_pair(self) -> dict[int, dict]:
        return {p["pair"]: p for p in self.pairs}


PRODUCTS = (SourcePairs, ReferenceAlignment, BackTranslation, WordAlignment)
Product = SourcePairs | ReferenceAlignment | BackTranslation | WordAlignment


@dataclass(frozen=True)
class Outputs:
    """What the stages of one audit have produced so far, typed. Built from the JSON-able data
    (`Outputs.of`), so a rule example's injected data reads exactly as a stage's output does."""

    source_pairs: SourcePairs | None = None
    alignment: ReferenceAlignment | None = None
    backtranslation: BackTranslation | None = None
    word_alignment: WordAlignment | None = None
    lexicon: list | None = None  # a rule example's tiny bilingual lexicon (audit/wordalign/)

    @classmethod
    def of(cls, data: dict | None) -> "Outputs":
        data = data or {}

        def view(kind):
            value = data.get(kind.key)
            return kind(value) if value else None

        return cls(view(SourcePairs), view(ReferenceAlignment), view(BackTranslation), view(WordAlignment),
                   data.get("lexicon"))


@dataclass(frozen=True)
class StageOutput:
    """What one stage adds to an audit."""

    document: Document | None = None  # a replacement document (e.g. segments with back-translations)
    metrics: tuple[Metric, ...] = ()
    notices: tuple[str, ...] = ()  # one line each, shown in every report format
    products: tuple[Product, ...] = ()  # typed, for later stages and the rules; reports show their json
    data: dict = field(default_factory=dict)  # anything else JSON-able reports show (AuditResult.data)

    def json(self) -> dict:
        """This output's part of `AuditResult.data`."""
        return {**self.data, **{p.key: p.json for p in self.products}}


class Stage(Protocol):
    """A stage is configured by whoever builds it (audit/entry.py: a closure over its options)."""

    def __call__(self, doc: Document, references, settings, earlier: Outputs) -> StageOutput: ...


class AuditCache:
    """Values several rules of one audit share, computed by the first rule that needs them
    (one per rule context; typed slots, not attributes hung on the context)."""

    __slots__ = ("quantities", "names")

    def __init__(self) -> None:
        self.quantities: list | None = None  # checks/numbers.py: each pair's quantities compared
        self.names: list | None = None  # checks/bilingual_names.py: each pair's names compared
