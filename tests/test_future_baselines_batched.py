"""The baselines' future forecasts (predict(h, baselines=True)) of a panel: the series of one
length are fitted and forecast together, and give each series' forecast fitted on it alone, to
the bit (lengths shared and not, constant series, negative ones, series too short for a
baseline)."""

import numpy as np
import pytest

from wavecast.data.windows import make_windows
from wavecast.errors import ValidationError
from wavecast.forecasters import baselines as bl
from wavecast.forecasters import future_baselines as fb
from wavecast.forecasters.baselines import LinearAR
from wavecast.forecasters.theta import Theta

NAMES = ["mean", "last value", "seasonal naive", "linear AR(4)", "theta"]
SETUP = {"period": 12, "ar_order": 4, "names": NAMES}


def _panel(seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(120):
        n = int(rng.choice([1, 2, 3, 5, 6, 13, 25, 40, 41, 60, 97, 150, 600]))
        t = np.arange(n)
        kind = i % 5
        if kind == 0:  # positive, seasonal, trending
            y = 100 + 0.5 * t + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, n)
        elif kind == 1:  # a random walk of any sign
            y = np.cumsum(rng.normal(0, 1, n)) - 3
        elif kind == 2:  # constant
            y = np.full(n, float(rng.integers(-2, 3)))
        elif kind == 3:  # seasonal about zero (additive indices)
            y = 5 * np.cos(2 * np.pi * t / 12) + rng.normal(0, 0.5, n)
        else:  # large and noisy
            y = 1e6 * rng.lognormal(0, 0.3, n)
        out.append(y)
    return out


def _alone(values, horizon):
    """The per-series path the batched one replaced: each baseline fitted on each series alone."""
    out, short = {}, {}
    for name in NAMES:
        rows = np.full((len(values), horizon), np.nan)
        short[name] = []
        for i, y in enumerate(values):
            try:
                rows[i] = fb.one_series(name, SETUP, np.asarray(y, dtype=np.float64), horizon)
            except ValidationError:
                short[name].append(i)
        out[name] = rows
    return out, short


@pytest.mark.parametrize("seed,batch", [(0, None), (1, None), (0, 100)])
def test_same_bits_as_each_series_alone(seed, batch, monkeypatch):
    if batch:  # batches of a few series a length (a panel too large for one batch)
        monkeypatch.setattr(bl, "BATCH_VALUES", batch)
    values = _panel(seed)
    ids = [f"s{i}" for i in range(len(values))]
    got, notes = fb.future_forecasts(NAMES, SETUP, values, 18, ids)
    want, short = _alone(values, 18)
    for name in NAMES:
        assert got[name].tobytes() == want[name].tobytes(), name  # NaN rows included, to the bit
    # the notes name the same series, in the series' order
    for name in NAMES:
        said = [n for n in notes if n.startswith(f"{name} left empty for ")]
        if short[name]:
            first = ", ".join(repr(ids[i]) for i in short[name][:3])
            assert said == [f"{name} left empty for {len(short[name])} series too short for it ({first}"
                            + (f" and {len(short[name]) - 3} more)" if len(short[name]) > 3 else ")")]
        else:
            assert said == []
    assert short["theta"] and short["linear AR(4)"] and short["seasonal naive"]  # the test covers them


def test_one_fit_a_length(monkeypatch):
    """Theta is fitted once for each length, not once a series (its SES ran a Python loop over
    the points for each series: 20,000 series took seconds)."""
    values = [np.arange(float(n)) + k for n in (30, 45) for k in range(50)]
    calls = []
    fit = Theta.fit
    monkeypatch.setattr(Theta, "fit", lambda self, train, val=None: calls.append(1) or fit(self, train, val))
    fb.future_forecasts(["theta"], SETUP, values, 6, [str(i) for i in range(len(values))])
    assert len(calls) == 2


def _ar_alone(x: np.ndarray, order: int) -> np.ndarray:
    """LinearAR's fit of one series (N, F) as it was written before series of one length were
    fitted together (the reference: mean, scale, windows and least squares of x alone)."""
    coefs = []
    for f in range(x.shape[1]):
        mu, sd = float(np.mean(x[:, f])), float(np.std(x[:, f]))
        sd = sd if sd > 0 else 1.0
        inputs, targets = make_windows((x[:, f] - mu) / sd, order, 1)
        design = np.hstack([np.ones((len(inputs), 1)), inputs[:, :, 0]])
        coef, *_ = np.linalg.lstsq(design, targets[:, 0, 0], rcond=None)
        a = coef[1:]
        coefs.append(np.concatenate([[mu * (1 - a.sum()) + sd * coef[0]], a]))
    return np.stack(coefs)


@pytest.mark.parametrize("order,batch", [(1, None), (4, None), (12, None), (4, 300)])
def test_linear_ar_fit_same_bits(order, batch, monkeypatch):
    """LinearAR.fit of a panel fits the series of one shape together: each series' coefficients
    are those of the series fitted alone, to the bit (two features, constant ones, 1e10 units)."""
    if batch:
        monkeypatch.setattr(bl, "BATCH_VALUES", batch)
    rng = np.random.default_rng(order)
    parts = []
    for i in range(90):
        n = int(rng.choice([order + 2, 30, 31, 64, 130, 600]))
        x = np.cumsum(rng.normal(0, 1, (n, 2)), axis=0) * (1e10 if i % 7 == 0 else 1.0)
        if i % 5 == 0:
            x[:, 1] = 3.0  # a constant feature
        parts.append(x)
    got = LinearAR(order).fit(parts).coefs_
    want = np.stack([_ar_alone(x, order) for x in parts])
    assert got.tobytes() == want.tobytes()
    one = [p[:, :1] for p in parts]  # one feature (a panel's series as fit gives them)
    assert LinearAR(order).fit(one).coefs_.tobytes() == np.stack([_ar_alone(x, order) for x in one]).tobytes()


def test_linear_ar_too_short_first():
    """The first series too short is named, as before (its length)."""
    with pytest.raises(ValidationError, match=r"linear AR\(4\) needs more than 5 training points; got 3"):
        LinearAR(4).fit([np.arange(30.0), np.arange(3.0), np.arange(2.0)])
