"""Simulated random walks and their baselines' forecasts, for the tests of the walk advice."""

import numpy as np

from wavecast.config import load
from wavecast.data.windows import split_in_time
from wavecast.forecasters.baselines import LastValue, LinearAR, MeanForecast


def one_walk(h: int, n: int = 600):
    """One N(0,1) walk of n points (seed 0) held out at its validation end, h steps on: (y (n, 1),
    a config of input 20 and horizon h, the split, the origin, the last value's, the mean's and a
    linear AR(2)'s forecasts there, each (1, h, 1))."""
    y = (100 + np.cumsum(np.random.default_rng(0).normal(size=n)))[:, None]
    cfg = load(None, ["window.input_len=20", f"window.horizon={h}", f"window.test_len={h}"])
    split = split_in_time(len(y), h)
    o = split.val_end
    base = {"last value": LastValue().fit(y[:o]), "mean": MeanForecast().fit(y[:o]), "linear AR(2)": LinearAR(2).fit(y[:o])}
    return y, cfg, split, o, {k: f.predict(y[None, :o], h) for k, f in base.items()}


def walk_panel(h: int, n: int = 300, k: int = 3):
    """k N(0,1) walks of n + h points (seed 0), cut at n: (the generator after drawing them, the
    series (n + h, 1) each, the truth (k, h, 1), the last value held (k, h, 1), the mean of the
    first n points held (k, h, 1))."""
    rng = np.random.default_rng(0)
    series = [(100 + np.cumsum(rng.normal(size=n + h)))[:, None] for _ in range(k)]
    truth = np.stack([s[n : n + h] for s in series])
    last = np.stack([s[n - 1] for s in series])
    lv = np.repeat(last[:, None, :], h, axis=1)
    mean = np.stack([np.full((h, 1), s[:n].mean()) for s in series])
    return rng, series, truth, lv, mean
