"""Segment and document scores share one computation of sacrebleu's statistics per segment
(audit/metrics.py) and equal sacrebleu's own sentence_score and corpus_score exactly."""

from __future__ import annotations

import random

import pytest

from audit.metrics import _streams, default_scorers

WORDS = "the minister said talks in Geneva ended without results on Monday NATO Russia council , . 12 2022".split()


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 14)))


def _sample(seed: int, width: int):
    rng = random.Random(seed)
    hyps, refs = [], []
    for _ in range(rng.randint(1, 9)):
        hyps.append(_text(rng))
        rs = [_text(rng) for _ in range(width)]
        if width > 1 and rng.random() < 0.3:
            rs[rng.randrange(1, width)] = None  # a second reference without this segment
        refs.append(rs)
    return hyps, refs


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("width", [1, 2])
def test_scores_equal_sacrebleu(seed, width):
    hyps, refs = _sample(seed, width)
    for scorer in default_scorers(tokenize="13a"):
        fresh = type(scorer)(**{k: getattr(scorer, k) for k in ("word_order", "tokenize", "post_edit")
                                if hasattr(scorer, k)})
        sentence_obj, corpus_obj = fresh._build(True), fresh._build(False)
        for h, rs in zip(hyps, refs):
            present = [r for r in rs if r is not None] or [""]
            assert scorer.sentence(h, rs) == round(float(sentence_obj.sentence_score(h, present).score), 4)
        assert scorer.corpus(hyps, refs) == round(float(corpus_obj.corpus_score(hyps, _streams(refs)).score), 4)


def test_each_segment_statistics_are_computed_once(monkeypatch):
    hyps, refs = _sample(3, 1)
    (ter,) = [s for s in default_scorers() if s.name == "TER"]
    metric = ter._metric(False)
    calls = []
    real = type(metric)._extract_corpus_statistics

    def counting(self, h, r):
        calls.append(tuple(h))
        return real(self, h, r)

    monkeypatch.setattr(type(metric), "_extract_corpus_statistics", counting)
    for h, rs in zip(hyps, refs):
        ter.sentence(h, rs)
    ter.corpus(hyps, refs)
    assert len(calls) == len(set(zip(hyps, map(tuple, refs))))  # the document reuses the segments'
