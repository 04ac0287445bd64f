"""The calibration benchmark's maths: reliability bins, ECE, Brier and the Platt fit.

These figures decide the shipped confidence curve (mapping/retrieval/ranking.py), so a wrong bin edge
or a fit that does not recover known parameters would silently mis-state them.
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from benchmarks.quality import calibration
from benchmarks.quality.calibration import brier, ece, fit_platt, reliability


def test_doctests_pass() -> None:
    failures, tried = doctest.testmod(calibration)
    assert tried > 0 and failures == 0


def test_platt_fit_recovers_the_curve_that_drew_the_labels() -> None:
    rng = np.random.default_rng(7)
    z = rng.normal(1.0, 2.0, 20_000)
    p = 1.0 / (1.0 + np.exp(-1.2 * (z - 2.8)))
    labels = (rng.random(len(z)) < p).astype(int)
    midpoint, slope = fit_platt(z, labels)
    assert midpoint == pytest.approx(2.8, abs=0.1)
    assert slope == pytest.approx(1.2, abs=0.1)


def test_a_calibrated_curve_scores_better_than_a_miscalibrated_one() -> None:
    rng = np.random.default_rng(3)
    z = rng.normal(0.0, 2.0, 20_000)
    true = 1.0 / (1.0 + np.exp(-(z - 1.0)))
    labels = (rng.random(len(z)) < true).astype(int)
    overconfident = 1.0 / (1.0 + np.exp(-3.0 * (z + 1.0)))
    assert ece(true, labels) < 0.02 < ece(overconfident, labels)
    assert brier(true, labels) < brier(overconfident, labels)


def test_reliability_puts_one_in_the_top_bin_and_skips_empty_bins() -> None:
    rows = reliability(np.array([0.0, 1.0, 0.99]), np.array([0, 1, 1]))
    assert [(r[0], r[1]) for r in rows] == [("0.0–0.1", 1), ("0.9–1.0", 2)]
