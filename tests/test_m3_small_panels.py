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


def test_band_scores_pool_coverage_and_msis_over_series_and_leads():
    from benchmarks.m3_small_panels import band_scores

    train = [np.array([1.0, 2, 3, 4, 5, 6]), np.array([10.0, 10, 14, 10, 12, 12])]  # lag-4 MAE: 4 and 2
    test = [np.array([5.0, 9.0]), np.array([10.0, 0.0])]
    f = np.array([[5.0, 5.0], [10.0, 10.0]])
    lo, hi = f - 2, f + 2
    got = band_scores(train, test, f, {80: (lo, hi)}, 4)["80"]
    assert got["coverage"] == pytest.approx(0.5)  # 5 in, 9 out (2 above), 10 in, 0 out (8 below)
    # MSIS: width 4 plus 2 / 0.2 times the miss, over each series' scale, averaged over the 4 cells
    want = np.mean([4 / 4, (4 + 10 * 2) / 4, 4 / 2, (4 + 10 * 8) / 2])
    assert got["msis"] == pytest.approx(want)
    assert got["coverage_se"] == pytest.approx(0.0)  # each series covered half its leads


def test_wavecast_fit_gives_the_bands_asked_beside_the_same_forecast():
    from benchmarks.m3_systems import wavecast_fit

    rng = np.random.default_rng(0)
    t = np.arange(28)
    train = [50 + 0.5 * t + 5 * np.sin(2 * np.pi * t / 4) + rng.normal(0, 1, 28) for _ in range(3)]
    plain, info = wavecast_fit(train, 4, 4, 0)
    assert "bands" not in info
    f, info = wavecast_fit(train, 4, 4, 0, levels=(80, 95))
    np.testing.assert_array_equal(f, plain)  # asking for bands leaves the forecast as it was
    (lo80, hi80), (lo95, hi95) = info["bands"][80], info["bands"][95]
    assert lo80.shape == hi80.shape == f.shape == (3, 4)
    assert (lo95 <= lo80).all() and (lo80 <= f).all() and (f <= hi80).all() and (hi80 <= hi95).all()
    assert (hi95 - lo95 > hi80 - lo80).any()
