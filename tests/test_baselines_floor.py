"""The baselines' floor at 0: theta and the linear AR forecast a series whose history holds no
negative value (a count, a demand) at least 0, by the net's rule (series_tails.clip_nonnegative),
on every path: the forecasters themselves, the held-out scores, predict(h, baselines=True), a
loaded model, `wavecast forecast --baselines` and the backtest."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.forecasters.baselines import LinearAR
from wavecast.forecasters.theta import Theta

SHIFT = 1000.0  # both are shift-equivariant: the series moved below 0 gives the unfloored forecast


def _falling(n: int = 40) -> np.ndarray:
    """A count falling towards 0: its line runs below 0 within a few steps."""
    rng = np.random.default_rng(0)
    return np.maximum(0.0, 2.0 * (n - np.arange(n)) + rng.normal(0, 1.5, n))


def _one(f, train: np.ndarray, context: np.ndarray, h: int) -> np.ndarray:
    return f.fit(train[:, None]).predict(context[None, :, None], h)[0, :, 0]


@pytest.mark.parametrize("make", [lambda: Theta(1), lambda: LinearAR(2)], ids=["theta", "linear AR"])
def test_a_falling_count_is_floored_at_0_and_a_series_that_went_below_0_is_not(make):
    y, h = _falling(), 12
    raw = _one(make(), y - SHIFT, y - SHIFT, h) + SHIFT  # below 0 somewhere: never floored
    assert raw.min() < -5
    got = _one(make(), y, y, h)
    np.testing.assert_allclose(got, np.maximum(raw, 0.0), rtol=0, atol=1e-8)
    assert (got == 0).any() and (got > 0).any()
    dipped = y.copy()
    dipped[0] = -1.0  # its first value: in the training part, long before an AR(2)'s context
    raw = _one(make(), dipped - SHIFT, dipped - SHIFT, h) + SHIFT
    assert raw.min() < 0
    np.testing.assert_allclose(_one(make(), dipped, dipped, h), raw, rtol=0, atol=1e-8)
    # given only its last values (forecast_at gives an AR(p) p of them): its training part says
    np.testing.assert_allclose(_one(make(), dipped, dipped[-10:], h),
                               _one(make(), dipped - SHIFT, dipped[-10:] - SHIFT, h) + SHIFT, rtol=0, atol=1e-8)
    # below 0 after the training part, in the history the forecast starts from: not floored either
    later = np.concatenate([y[:30], [-1.0], y[31:]])
    assert make().fit(y[:30, None]).predict(later[None, :, None], h)[0, :, 0].min() < 0


def test_each_row_and_feature_of_a_batch_is_its_own_series():
    y, h = _falling(), 8
    x = np.stack([y, y - 50.0], axis=1)  # (N, 2): a count and one that goes below 0
    f = Theta(1).fit([x, x[::-1].copy()])
    ctx = np.stack([x, x[::-1]])  # (2, N, 2)
    out = f.predict(ctx, h, series=np.array([0, 1]))
    assert out[0, :, 0].min() == 0 and out[0, :, 1].min() < 0  # the count floored, the other not
    rising = Theta(1).fit(x[::-1, :1].copy()).predict(x[None, ::-1, :1], h)[0, :, 0]
    np.testing.assert_array_equal(out[1, :, 0], rising)  # rising: nothing to floor, as alone


def _shops() -> pd.DataFrame:
    """Three shops' monthly sales falling to about 0: theta's and the AR's lines run below it."""
    rng = np.random.default_rng(3)
    t = pd.date_range("2018-01-01", periods=48, freq="MS")
    return pd.concat([pd.DataFrame({"shop": s, "month": t,
                                    "sold": rng.poisson(np.maximum(0.3, (40 + 10 * k) * (1 - np.arange(48) / 40)))
                                    .astype(float)}) for k, s in enumerate("abc")], ignore_index=True)


@pytest.fixture(scope="module")
def fitted():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        return wavecast.fit(_shops(), target="sold", time="month", id="shop", horizon=6, epochs=2, seed=0)


def _floored(values) -> bool:
    """At least 0 everywhere, and 0 somewhere: a line that ran below 0, floored."""
    v = np.asarray(values, dtype=np.float64)
    return bool(v.min() >= 0 and (v == 0).any())


def test_every_path_floors_theta_and_the_ar_of_counts(fitted, tmp_path):
    names = fitted.metrics["baselines"]["names"]
    ar = next(n for n in names if n.startswith("linear AR("))
    for name in (ar, "theta"):  # the held-out scores' forecasts
        assert _floored(fitted.result.at.forecasts[name])
    fc = fitted.predict(6, baselines=True)
    assert _floored(fc[ar]) and _floored(fc["theta"])
    fitted.save(tmp_path / "m")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        given = wavecast.load(tmp_path / "m").predict(6, data=_shops(), baselines=True)
    for name in names:  # a loaded model's baselines are the fitted one's
        np.testing.assert_array_equal(given[name].to_numpy(), fc[name].to_numpy())
    data, out = tmp_path / "shops.csv", tmp_path / "fc.csv"
    _shops().to_csv(data, index=False)
    assert main(["forecast", str(tmp_path / "m"), "--data", str(data), "--out", str(out), "--baselines",
                 "--quiet"]) == 0
    cli = pd.read_csv(out)
    assert _floored(cli[ar]) and _floored(cli["theta"])
    np.testing.assert_allclose(cli["theta"].to_numpy(), fc["theta"].to_numpy(), rtol=1e-12, atol=1e-12)


def test_the_backtest_floors_them_too():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        bt = wavecast.backtest(_shops(), target="sold", time="month", id="shop", horizon=6, origins=3,
                               stride=2, epochs=2, seed=0)
    ar = next(c for c in bt.forecasts.columns if str(c).startswith("linear AR("))
    assert _floored(bt.forecasts[ar]) and _floored(bt.forecasts["theta"])
