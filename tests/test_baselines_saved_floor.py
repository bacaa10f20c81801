"""A model given only a later part of a series that went below 0 earlier: its net does not floor
the forecast at 0 (the saved flag of the series says it went negative), and its baselines,
refitted on that part for predict(h, data=..., baselines=True), now do not either; they floored
it (theta's and the AR's falling lines cut at 0) as if the series never went below 0. A series
never below 0 is floored by both, as before (b6aa059)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import wavecast


def _falling(negative_start: bool) -> pd.Series:
    rng = np.random.default_rng(0)
    n = 72
    head = [-3.0, -2.0, -1.0, -0.5] if negative_start else [3.0, 2.0, 1.0, 0.5]
    y = np.concatenate([head, np.linspace(70, 1.5, n - 4) + rng.normal(0, 0.3, n - 4)])
    return pd.Series(y, index=pd.date_range("2015-01-01", periods=n, freq="MS"), name="stock")


def _later_part_forecast(s: pd.Series):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        f = wavecast.fit(s, horizon=6, epochs=1, seed=0)
        later = s.iloc[30:]
        assert (later >= 0).all()
        return f, f.predict(6, data=later, baselines=["linear AR", "theta"])


def test_baselines_of_a_later_part_keep_the_nets_saved_flag_of_a_series_that_went_negative(tmp_path):
    s = _falling(negative_start=True)
    f, fc = _later_part_forecast(s)
    assert f.direct.model.tails_[0]["nonneg"] is False  # the net's flag: no floor for this series
    ar = next(c for c in fc.columns if c.startswith("linear AR("))
    # the falling line runs below 0, as the net's would: the baselines read the series' flag too
    assert fc[ar].min() < -1 and fc["theta"].min() < -0.5, fc
    loaded = wavecast.load(f.save(tmp_path / "m"))  # a loaded model: the same, from its saved flag
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        again = loaded.predict(6, data=s.iloc[30:], baselines=["linear AR", "theta"])
    np.testing.assert_array_equal(again[[ar, "theta"]].to_numpy(), fc[[ar, "theta"]].to_numpy())


def test_baselines_of_a_series_never_below_0_are_still_floored():
    f, fc = _later_part_forecast(_falling(negative_start=False))
    assert f.direct.model.tails_[0]["nonneg"] is True
    ar = next(c for c in fc.columns if c.startswith("linear AR("))
    assert fc[ar].min() == 0.0 and fc["theta"].min() == 0.0, fc
