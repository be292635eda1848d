"""sacrebleu metrics, written once for segments and documents, each score with its signature.

A `Scorer` wraps one sacrebleu metric configured once: `sentence(hyp, refs)` scores a segment,
`corpus(hyps, refs)` a document (sacrebleu's corpus statistics, not an average of segments),
`metric(...)` returns the `audit.model.Metric` the reports print. References are given per
hypothesis as a list of strings (any number, even none), so several references work wherever
sacrebleu supports them (chrF, BLEU and TER all do).

Segment BLEU uses `effective_order=True` (without it one missing 4-gram zeroes a sentence).
Tokenizers: `13a` and `intl` only: `flores101`, `flores200` and `spm` download a model.
TER against a post-edit of the same MT output is HTER, and is named so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from audit.model import Metric

OFFLINE_TOKENIZERS = ("13a", "intl", "none", "zh", "ja-mecab", "ko-mecab", "char")


def _streams(refs: Sequence[Sequence[str]]) -> list[list[str | None]]:
    """Per-hypothesis reference lists → sacrebleu's reference streams (None where missing)."""
    width = max((len(r) for r in refs), default=0) or 1
    streams: list[list[str | None]] = [[] for _ in range(width)]
    for rs in refs:
        rs = list(rs) or [""]  # no reference at all: score against empty text
        for k in range(width):
            streams[k].append(rs[k] if k < len(rs) else None)
    return streams


@dataclass
class Scorer:
    """Base class: subclasses say how to build the sacrebleu object for segments and documents."""

    name: str = ""
    higher_is_better: bool = True
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _stat_memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _build(self, sentence: bool):  # pragma: no cover - abstract
        raise NotImplementedError

    def _metric(self, sentence: bool):
        if sentence not in self._cache:
            self._cache[sentence] = self._build(sentence)
        return self._cache[sentence]

    def _stats(self, hyp: str, refs: Sequence[str | None]):
        """sacrebleu's sufficient statistics of one segment, computed once: the segment score
        and the document score (their sum) both come from them. TER's are the costly part
        (shifts and edit distances); they were computed twice, per pair and per document."""
        refs = [r for r in refs if r is not None] or [""]
        key = (hyp, *refs)
        stats = self._stat_memo.get(key)
        if stats is None:
            stats = self._stat_memo[key] = self._metric(False)._extract_corpus_statistics([hyp], [[r] for r in refs])[0]
        return stats

    def sentence(self, hyp: str, refs: Sequence[str]) -> float:
        refs = [r for r in refs if r is not None] or [""]
        key = (hyp, *refs)
        if key not in self._memo:  # a pair is often scored again as a document unit
            self._memo[key] = round(float(self._metric(True)._aggregate_and_compute([self._stats(hyp, refs)]).score), 4)
        return self._memo[key]

    def corpus(self, hyps: Sequence[str], refs: Sequence[Sequence[str]]) -> float:
        """sacrebleu's corpus score (statistics summed over segments, not an average of segment
        scores), from the same per-segment statistics as `sentence`."""
        if len(hyps) != len(refs):
            raise ValueError("one list of references per hypothesis")
        if not hyps:
            return 0.0
        per_segment = list(zip(*_streams(refs)))  # each hypothesis's references, None where missing
        stats = [self._stats(h, rs) for h, rs in zip(hyps, per_segment)]
        return round(float(self._metric(False)._aggregate_and_compute(stats).score), 4)

    def signature(self, sentence: bool = False, nrefs: int | str = 1) -> str:
        """sacrebleu's signature for `nrefs` references per segment (an int, or "var")."""
        m = self._metric(sentence)
        saved = m.__dict__.get("num_refs")
        m.num_refs = -1 if nrefs == "var" else int(nrefs)
        try:
            return str(m.get_signature())
        finally:
            if saved is None:
                del m.num_refs
            else:
                m.num_refs = saved

    def metric(
        self,
        hyps: Sequence[str],
        refs: Sequence[Sequence[str]],
        per_segment: Sequence[float | None] | None = None,
        prefix: str = "",
    ) -> Metric:
        """The document score as a `Metric`; per_segment defaults to the sentence scores."""
        score = self.corpus(hyps, refs)
        counts = {len([r for r in rs if r is not None]) for rs in refs} or {1}
        nrefs = counts.pop() if len(counts) == 1 else "var"
        if per_segment is None:
            per_segment = [self.sentence(h, r) for h, r in zip(hyps, refs)]
        return Metric(
            name=f"{prefix}{self.name}",
            score=score,
            signature=self.signature(False, nrefs=nrefs),
            per_segment=tuple(per_segment),
        )


@dataclass
class ChrF(Scorer):
    word_order: int = 0  # 2: chrF++

    def __post_init__(self) -> None:
        self.name = "chrF++" if self.word_order else "chrF"

    def _build(self, sentence: bool):
        from sacrebleu.metrics import CHRF  # sacrebleu (100 ms to import): only when a reference is scored

        return CHRF(word_order=self.word_order)


@dataclass
class Bleu(Scorer):
    tokenize: str = "13a"

    def __post_init__(self) -> None:
        if self.tokenize not in OFFLINE_TOKENIZERS:
            raise ValueError(
                f"BLEU tokenizer {self.tokenize!r} is not available offline (use one of: {', '.join(OFFLINE_TOKENIZERS)})"
            )
        self.name = "BLEU"

    def _build(self, sentence: bool):
        from sacrebleu.metrics import BLEU  # sacrebleu (100 ms to import): only when a reference is scored

        return BLEU(tokenize=self.tokenize, effective_order=sentence)


@dataclass
class Ter(Scorer):
    post_edit: bool = False  # the reference is a post-edit of this very output: HTER

    def __post_init__(self) -> None:
        self.name = "HTER" if self.post_edit else "TER"
        self.higher_is_better = False

    def _build(self, sentence: bool):
        from sacrebleu.metrics import TER  # sacrebleu (100 ms to import): only when a reference is scored

        return TER()


def default_scorers(post_edit: bool = False, tokenize: str = "13a") -> tuple[Scorer, ...]:
    """chrF, chrF++, BLEU and TER (HTER against a post-edit), in report order."""
    return (ChrF(), ChrF(word_order=2), Bleu(tokenize=tokenize), Ter(post_edit=post_edit))
