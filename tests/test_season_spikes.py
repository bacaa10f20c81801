"""Isolated spikes do not hide a season from the seasonality test (transforms.season.without_spikes).
A user round's monthly series (season 12 of amplitude 10, noise 2, 120 points, a level shift of
+50 at point 91) with one value of 1000 among values near 100 read "season 12: not found": the
spike's square was nearly all of the autocorrelations' denominator (r_12 0.006, limit 0.17)."""

from __future__ import annotations

import numpy as np

from wavecast.transforms.season import Deseasonalise, seasonality_test


def _monthly(seed: int = 0, n: int = 120) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return 100 + 10 * np.sin(2 * np.pi * np.arange(n) / 12) + rng.normal(0, 2, n)


def test_one_spike_leaves_the_season_found():
    y = _monthly()
    y[90:] += 50  # the user's level shift
    y[60] = 1000.0
    assert seasonality_test(y, 12)
    assert seasonality_test(y[:96], 12)  # the part before a test of 24
    assert seasonality_test(np.log(y), 12)  # a multiplicative season is tested on the log
    fit = Deseasonalise(12).fit(y)
    assert fit.on_
    assert y[60] == 1000.0  # the series itself is not changed


def test_a_few_spikes_leave_the_season_found():
    y = _monthly(seed=1)
    y[[20, 55, 101]] = [900.0, -700.0, 1200.0]
    assert seasonality_test(y, 12)


def test_a_spike_in_white_noise_finds_none_and_the_season_beside_it_is_found():
    """The guard beside the fix: noise with a spike is still no season (at most the test's own
    90% level's false alarms over many series), while the same spike on a season is found."""
    rng = np.random.default_rng(3)
    noise = 100 + rng.normal(0, 2, 120)
    assert not seasonality_test(noise, 12)
    noise[70] = 1000.0
    assert not seasonality_test(noise, 12)
    found = 0
    for _ in range(60):
        y = 100 + rng.normal(0, 2, 120)
        y[int(rng.integers(120))] = 1000.0
        found += seasonality_test(y, 12)
    assert found <= 6  # 10% of 60: the z = 1.645 limit's own rate on white noise
    season = _monthly(seed=2) + (noise - 100)  # the same noise and spike on a season
    assert seasonality_test(season, 12)
