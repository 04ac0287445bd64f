"""Ranking arithmetic and metrics on small hand-checked numbers (plus the doctests)."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from mapping.retrieval import descriptors, evaluation, lexical, ranking
from mapping.retrieval.evaluation import evaluate, ndcg_at_k, summarise
from mapping.retrieval.ranking import Background, calibrate, fuse, roll_up, select_links, top_rows


@pytest.mark.parametrize("module", [ranking, evaluation, lexical, descriptors])
def test_doctests_pass(module: object) -> None:
    failures, tried = doctest.testmod(module)  # type: ignore[arg-type]
    assert tried > 0 and failures == 0


def test_background_turns_scores_into_z_scores_per_requirement() -> None:
    background = Background.from_scores(np.array([[0.2, 0.8], [0.4, 0.8], [0.6, 0.8]]))
    z = background.normalise(np.array([[0.6, 0.9]], dtype=np.float32))
    assert z[0, 0] == pytest.approx(0.2 / np.std([0.2, 0.4, 0.6]), rel=1e-4)
    assert z[0, 1] == pytest.approx(0.1 / 1e-3, rel=1e-3)  # spread floored at min_std


def test_blend_zero_uses_one_mean_for_every_requirement() -> None:
    background = Background(np.array([0.0, 1.0], np.float32), np.array([1.0, 1.0], np.float32))
    flat = background.blend(0.0)
    assert flat.mean.tolist() == [0.5, 0.5]
    scores = np.array([[1.0, 1.0]], np.float32)
    assert background.normalise(scores)[0, 0] > background.normalise(scores)[0, 1]
    assert flat.normalise(scores)[0, 0] == flat.normalise(scores)[0, 1]


def test_fuse_weights_the_dense_channel() -> None:
    out = fuse(np.array([[2.0]], np.float32), np.array([[0.0]], np.float32), 0.75)
    assert out[0, 0] == pytest.approx(1.5)


def test_calibration_is_monotone_and_bounded() -> None:
    values = calibrate(np.linspace(-10, 10, 41), 2.5, 1.5)
    assert np.all(np.diff(values) >= 0)
    assert 0.0 <= values.min() < 0.01 and 0.99 < values.max() <= 1.0
    assert float(calibrate(np.array([2.5]), 2.5, 1.5)[0]) == pytest.approx(0.5)


def test_shipped_calibration_is_the_documented_fit() -> None:
    # The documented Platt fit (docs/mapping.md, "Confidence"): a monotone map into 0-1,
    # 0.5 at a rolled-up z of 2.86, and the default settings use it with threshold 0.4.
    settings = ranking.RankingSettings()
    assert (settings.calibration_midpoint, settings.calibration_slope) == (2.86, 1.14)
    assert settings.min_confidence == ranking.MIN_CONFIDENCE == 0.4
    z = np.linspace(-20, 20, 401, dtype=np.float32)
    values = calibrate(z, settings.calibration_midpoint, settings.calibration_slope)
    assert np.all(np.diff(values) >= 0) and np.all((values >= 0) & (values <= 1))
    assert float(calibrate(np.array([2.86]), 2.86, 1.14)[0]) == pytest.approx(0.5)
    # z of 4 (four background spreads) now reads about 0.79, not the hand-set 0.95.
    assert float(calibrate(np.array([4.0]), 2.86, 1.14)[0]) == pytest.approx(0.786, abs=1e-3)


def test_calibration_keeps_the_ranking_order() -> None:
    z = np.array([0.3, 4.1, -1.0, 2.9, 2.2], np.float32)
    assert top_rows(calibrate(z, 2.86, 1.14), 5) == top_rows(calibrate(z, 2.5, 1.5), 5)


def test_roll_up_averages_the_best_passages_not_the_single_best() -> None:
    one_lucky = np.array([[5.0], [0.0], [0.0]])
    steady = np.array([[3.0], [3.0], [3.0]])
    assert roll_up(one_lucky, 1)[0] > roll_up(steady, 1)[0]
    assert roll_up(one_lucky, 3)[0] < roll_up(steady, 3)[0]


def test_select_links_keeps_between_min_and_max() -> None:
    confidence = np.array([0.1, 0.2, 0.3, 0.4], np.float32)
    assert select_links(confidence, 0.9, 3, 15) == [3, 2, 1]
    assert len(select_links(np.full(40, 0.9, np.float32), 0.5, 3, 15)) == 15


def test_metrics_of_a_known_ranking() -> None:
    row = evaluate(["a", "x", "b", "y", "z"], {"a": 2, "b": 1, "c": 1}, ks=(5, 10))
    assert row["P@5"] == pytest.approx(0.4)
    assert row["R@10"] == pytest.approx(2 / 3)
    assert row["MRR"] == 1.0
    assert 0 < row["nDCG@10"] < 1
    assert ndcg_at_k(["a", "b", "c"], {"a": 2, "b": 1, "c": 1}, 10) == pytest.approx(1.0)
    assert summarise([{"m": 1.0}, {"m": 0.0}]) == {"m": 0.5}
