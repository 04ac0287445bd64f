"""The replay benchmark's bookkeeping on small made-up samples (the figures themselves come
from running it on the labelled corpus): the simulated reviewer, the held-out test
documents, and that nothing adapts before a decision."""

from __future__ import annotations

import numpy as np

from benchmarks.quality import heldout as h
from benchmarks.quality.replay import Curve, parse_args, replay_order, review
from mapping.retrieval.fusion import FEATURES, shipped_model


def _samples(count: int) -> list[h.Sample]:
    model = shipped_model()
    assert model.neighbours is not None
    notations = list(model.neighbours.notations)
    rng = np.random.default_rng(3)
    out = []
    for i in range(count):
        x = rng.normal(size=(len(notations), len(FEATURES)))
        wanted = rng.choice(len(notations), 6, replace=False)
        x[wanted, list(FEATURES).index("fused_top3")] += 2.0  # labelled pairs score higher
        labels = {notations[j]: 2 if k % 2 else 1 for k, j in enumerate(wanted)}
        out.append(h.Sample(f"doc-{i}", True, 40, notations, x, labels))
    return out


def test_the_reviewer_confirms_labelled_suggestions_and_retargets_to_missed_ones() -> None:
    sample = _samples(1)[0]
    labelled = sorted(sample.labels)
    shown = [labelled[0], "zz-not-labelled", "zz-other"]
    ranked = [*shown, labelled[3], labelled[1]]
    assert review(sample, shown, ranked, retarget=False) == {labelled[0]}
    assert review(sample, shown, ranked, retarget=True) == {labelled[0], labelled[3], labelled[1]}


def test_every_method_is_measured_on_the_same_later_documents() -> None:
    samples = _samples(16)
    args = parse_args(["--vendor", "6", "--checkpoints", "0,2,4,40", "--next", "4", "--folds", "3"])
    curve = Curve()
    replay_order(samples, np.arange(len(samples)), args, curve)
    checkpoints = sorted({c for c, _ in curve.rows})
    assert checkpoints == [0, 2, 4]  # 40 is beyond the 10 that arrive
    methods = {m for _, m in curve.rows}
    assert methods == {"frozen", *args.levers}
    for (checkpoint, method), rows in curve.rows.items():
        assert len(rows) == 4, (checkpoint, method)
        if checkpoint == 0:  # nothing decided yet: every method is the frozen model
            assert rows == curve.rows[(0, "frozen")]
    frozen = [curve.rows[(c, "frozen")] for c in checkpoints]
    assert all(rows == frozen[0] for rows in frozen)  # the frozen model never changes
