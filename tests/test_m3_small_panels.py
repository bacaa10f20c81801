"""benchmarks.m3_small_panels: its panels cover every series once, and its scores are M3's MASE."""

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # benchmarks/ is a top-level package beside src/

from benchmarks.m3_metrics import score  # noqa: E402
from benchmarks.m3_small_panels import panels, per_series_mase, summary  # noqa: E402


def test_panels_are_consecutive_and_cover_every_series_once():
    got = panels(756, 20)
    assert len(got) == 38  # M3 quarterly: 756 / 20 = 37.8 panels
    assert {len(g) for g in got} == {19, 20}
    assert np.array_equal(np.concatenate(got), np.arange(756))
    assert [len(g) for g in panels(7, 20)] == [7]  # fewer series than a panel: one panel


def test_bad_panel_size_is_refused():
    with pytest.raises(ValueError, match="size"):
        panels(10, 0)


def test_per_series_mase_averages_to_m3_score():
    rng = np.random.default_rng(0)
    train = [rng.normal(10, 1, n) for n in (12, 20, 30)]
    test = [rng.normal(10, 1, 4) for _ in train]
    f = rng.normal(10, 1, (3, 4))
    per = per_series_mase(train, test, f, 4)
    assert per.shape == (3,)
    assert per.mean() == pytest.approx(score(train, test, f, 4)["mase"], rel=1e-12)
    # by hand for the first: mean |y - f| over the in-sample mean |y_t - y_(t-4)|
    x = train[0]
    assert per[0] == pytest.approx(np.mean(np.abs(test[0] - f[0])) / np.mean(np.abs(x[4:] - x[:-4])))


def test_summary_counts_the_panels_the_seeds_mean_wins():
    scores = {"seasonal-naive": np.array([1.0, 1.0, 2.0, 2.0]), "autoets": np.ones(4),
              "wavecast seed 0": np.array([0.5, 0.5, 3.0, 3.0]), "wavecast seed 1": np.array([1.5, 0.5, 1.0, 3.0])}
    out = summary(scores, [np.arange(2), np.arange(2, 4)], ["wavecast seed 0", "wavecast seed 1"])
    assert out["panels_won_vs_snaive"] == "1/2"  # panel 1: 0.75 < 1; panel 2: 2.5 > 2
    assert out["net_mean_mase"] == pytest.approx(np.mean([1.0, 0.5, 2.0, 3.0]))
    assert out["mase"]["seasonal-naive"] == pytest.approx(1.5)
