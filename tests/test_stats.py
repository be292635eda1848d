"""Correlation helpers (scripts/measure/stats.py) used by scripts/measure_alignment.py and
scripts/wmt_precision.py (values checked against scipy)."""

from __future__ import annotations

import math

import pytest

from scripts.measure.stats import kendall_tau_b, pearson


def test_pearson():
    assert pearson([1, 2, 3, 4], [2, 4, 6, 8]) == pytest.approx(1.0)
    assert pearson([1, 2, 3, 4], [8, 6, 4, 2]) == pytest.approx(-1.0)
    assert pearson([1, 2, 3, 4], [2, 4, 6, 9]) == pytest.approx(0.99437671, abs=1e-7)  # scipy.stats.pearsonr
    assert math.isnan(pearson([1, 1, 1], [1, 2, 3]))


def test_kendall_tau_b_with_ties():
    assert kendall_tau_b([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]) == pytest.approx(0.4)  # scipy.stats.kendalltau
    assert kendall_tau_b([1, 1, 2, 3], [1, 2, 2, 3]) == pytest.approx(0.8)
    assert kendall_tau_b([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        kendall_tau_b([1], [1])
