"""MQM-style scoring: severity weights, penalty per 1000 words, a 0-100 quality score."""

from __future__ import annotations

from collections import Counter

from audit.config import Settings
from audit.model import Finding, Score, Severity


def score(findings: list[Finding] | tuple[Finding, ...], words: int, settings: Settings) -> Score:
    weights = settings.weights
    penalty = float(sum(weights[f.severity.label] for f in findings))
    words = max(words, 1)
    quality = max(0.0, 100.0 * (1.0 - penalty / words))
    counts = Counter(f.severity.label for f in findings)
    return Score(
        words=words,
        penalty=penalty,
        per_1000=round(penalty * 1000.0 / words, 2),
        quality=round(quality, 2),
        counts={s.label: counts.get(s.label, 0) for s in Severity},
    )


def verdict(s: Score, findings, settings: Settings) -> tuple[bool, tuple[str, ...]]:
    reasons = []
    if s.quality < settings.min_score:
        reasons.append(f"quality {s.quality:.2f} is below the minimum {settings.min_score:g}")
    if settings.fail_on is not None:
        worst = [f for f in findings if f.severity >= settings.fail_on]
        if worst:
            reasons.append(f"{len(worst)} finding(s) at or above '{settings.fail_on.label}'")
    return (not reasons, tuple(reasons))
