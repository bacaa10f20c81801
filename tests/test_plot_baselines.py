"""wavecast.plot(df, fc, baselines=...): the baselines' forecasts beside the net's, thin lines
labelled by name with their held-out MASE, the numbers the baseline forecasters give."""

import os

import matplotlib

matplotlib.use("Agg")  # (conftest sets MPLBACKEND=Agg too): plot itself never switches it

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import wavecast  # noqa: E402
from test_plot import fitted_shops  # noqa: E402  (the same three shops as the plot tests)
from wavecast.errors import ValidationError  # noqa: E402
from wavecast.forecasters.baselines import LastValue, LinearAR, MeanForecast, SeasonalNaive  # noqa: E402
from wavecast.forecasters.theta import Theta  # noqa: E402


@pytest.fixture(scope="module")
def run():
    df, f, bt = fitted_shops()
    return df, f, f.predict(4), bt


def _shown(fig):
    return [ax for ax in fig.axes if ax.get_visible()]


def _labels(ax) -> list[str]:
    return [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]


def _line(ax, label):
    (line,) = [line for line in ax.get_lines() if line.get_label() == label]
    return line


def _own(name: str, y: np.ndarray, horizon: int, setup: dict) -> np.ndarray:
    """The baseline forecaster's own forecast after y (N,), fitted on y."""
    f = {"mean": MeanForecast(), "last value": LastValue(), "seasonal naive": SeasonalNaive(setup["period"]),
         "theta": Theta(setup["period"])}.get(name) or LinearAR(setup["ar_order"])
    return f.fit(y[:, None]).predict(y[None, :, None], horizon)[0, :, 0]


def _mase(scores: pd.DataFrame, name: str) -> str:
    return f"{name} (MASE {scores.loc[name, 'mase']:.3g})"


def test_predicts_forecasts_beside_each_baselines_own_forecast(run):
    df, f, fc, _ = run
    setup = f.metrics["baselines"]
    names = setup["names"]
    assert names[:3] == ["mean", "last value", "seasonal naive"] and names[3].startswith("linear AR(")
    fig = wavecast.plot(df, fc, baselines=True, model=f, history=10)
    scores = f.scores
    for ax, shop in zip(_shown(fig), [3, 5, 7], strict=True):
        y = df[df.shop == shop].y.to_numpy()
        mine = fc[fc.shop == shop]
        net = _line(ax, f"forecast (MASE {scores['mase'].iloc[0]:.3g})")  # the net's MASE beside theirs
        np.testing.assert_allclose(net.get_ydata()[1:], mine.forecast)
        assert _labels(ax) == ["history", net.get_label(), *(_mase(scores, n) for n in names)]
        for name in names:
            line = _line(ax, _mase(scores, name))
            np.testing.assert_array_equal(line.get_xdata(), net.get_xdata())  # the net's steps, from its origin
            np.testing.assert_allclose(line.get_ydata(), [y[-1], *_own(name, y, 4, setup)])
            assert line.get_linewidth() < net.get_linewidth()
        # and what those forecasters are: the series' mean, its last value, its last week again
        np.testing.assert_allclose(_line(ax, _mase(scores, "mean")).get_ydata()[1:], y.mean())
        np.testing.assert_allclose(_line(ax, _mase(scores, "last value")).get_ydata()[1:], y[-1])
        np.testing.assert_allclose(_line(ax, _mase(scores, "seasonal naive")).get_ydata()[1:], y[-7:-3])


def test_off_by_default_and_some_by_name(run):
    df, f, fc, _ = run
    assert _labels(_shown(wavecast.plot(df, fc))[0]) == ["history", "forecast"]
    assert _labels(_shown(wavecast.plot(df, fc, baselines=[]))[0]) == ["history", "forecast"]  # as level=[]
    ax = _shown(wavecast.plot(df, fc, baselines=["Seasonal naive", "linear AR"], model=f, ids=[5]))[0]
    ar = f.metrics["baselines"]["names"][3]
    assert _labels(ax)[2:] == [_mase(f.scores, "seasonal naive"), _mase(f.scores, ar)]
    one = _shown(wavecast.plot(df, fc, baselines="last value", model=f, ids=[5]))[0]
    assert _labels(one)[2:] == [_mase(f.scores, "last value")]


def test_data_past_the_forecasts_is_not_fitted_on(run):
    df, f, fc, _ = run
    later = df.groupby("shop").tail(5).assign(t=lambda d: d.t + pd.Timedelta(days=5), y=1e6)
    ax = _shown(wavecast.plot(pd.concat([df, later]), fc, baselines=["mean"], model=f, ids=[3]))[0]
    y = df[df.shop == 3].y.to_numpy()
    np.testing.assert_allclose(_line(ax, _mase(f.scores, "mean")).get_ydata()[1:], y.mean())


def test_a_backtests_baseline_columns_each_cutoff(run, tmp_path, monkeypatch):
    df, _, _, bt = run
    monkeypatch.chdir(tmp_path)
    before = matplotlib.get_backend()
    ax = _shown(wavecast.plot(df, bt, baselines=True, ids=[3], level=[]))[0]
    assert matplotlib.get_backend() == before and os.listdir(tmp_path) == []
    names = [n for n in bt.scores.index if n != bt.scores.index[0]]
    mine = bt.forecasts[bt.forecasts.shop == 3]
    known = df[df.shop == 3].set_index("t").y
    period = bt.metrics["baselines"]["period"]
    for name in names:
        lines = [line for line in ax.get_lines() if line.get_color() == _line(ax, _mase(bt.scores, name)).get_color()
                 and line.get_linewidth() < 1]
        assert len(lines) == 3  # one a cutoff, labelled once
        for line, cutoff in zip(lines, mine.cutoff.unique(), strict=True):
            rows = mine[mine.cutoff == cutoff]
            np.testing.assert_allclose(line.get_ydata(), [known[cutoff], *rows[name]])
            if name == "seasonal naive":  # the column is that forecaster's own forecast from the cutoff
                seen = known[known.index <= cutoff].to_numpy()
                np.testing.assert_allclose(line.get_ydata()[1:], SeasonalNaive(period).fit().predict(
                    seen[None, :, None], len(rows))[0, :, 0])
    # its table alone: the same lines, named without a MASE (the scores are the Backtest's)
    plain = _shown(wavecast.plot(df, bt.forecasts, baselines=["seasonal naive"], ids=[3]))[0]
    assert _labels(plain)[-1] == "seasonal naive"


@pytest.mark.parametrize("kwargs, on, message", [
    (dict(baselines=1), "predict", r"^baselines= must be True, False or baseline names"),
    (dict(baselines=["mean", 2]), "predict", r"^baselines= must be True, False or baseline names"),
    (dict(baselines="ets", model="f"), "predict",
     r"^baselines=: 'ets' is not a baseline of the model \(its baselines: 'mean', 'last value', 'seasonal naive'"),
    (dict(baselines=True), "predict", r"^baselines= with predict\(\)'s forecasts needs the fitted model.*model=f\)$"),
    (dict(model=object()), "predict", r"^model= must be what wavecast.fit\(\)"),  # (model= alone: taken)
    (dict(baselines=True, model=object()), "predict", r"^model= must be what wavecast.fit\(\)"),
    (dict(baselines=True, model="f"), "alone", r"^baselines= needs the data the forecasts continue"),
    (dict(baselines=True, model="f"), "backtest", r"^model= is for predict\(\)'s forecasts"),
    (dict(baselines=["ets"]), "backtest", r"^baselines=: 'ets' is not a baseline of the backtest's forecasts"),
    (dict(baselines=True), "net only", r"^baselines=: the backtest's forecasts have no baseline columns"),
])
def test_a_bad_baselines_is_one_line(run, kwargs, on, message):
    df, f, fc, bt = run
    kwargs = {k: (f if v == "f" else v) for k, v in kwargs.items()}
    net_only = bt.forecasts.iloc[:, :5]  # shop, cutoff, t, y, LSTM
    data, forecasts = {"predict": (df, fc), "alone": (None, fc), "backtest": (df, bt), "net only": (df, net_only)}[on]
    with pytest.raises(ValidationError, match=message) as err:
        wavecast.plot(data, forecasts, **kwargs)
    assert "\n" not in str(err.value)


def test_a_series_too_short_for_a_baseline_is_drawn_without_it_and_said(run):
    df, f, _, _ = run
    short = df[df.t < df.t.min() + pd.Timedelta(days=5)]  # 5 values: under a week's season
    fc = pd.DataFrame({"shop": 3, "t": pd.date_range(short.t.max(), periods=3, freq="D")[1:], "forecast": 1.0})
    with pytest.warns(wavecast.WavecastNote, match=r"^seasonal naive not drawn for 1 series too short for it "
                                                   r"\(shop 3\)$"):
        fig = wavecast.plot(short, fc, baselines=["seasonal naive", "last value"], model=f)
    drawn = [ln.get_label() for ln in fig.axes[0].get_lines()]
    assert not any(lb.startswith("seasonal naive") for lb in drawn)  # (it refused the whole figure)
    assert any(lb.startswith("last value") for lb in drawn)


def test_a_far_off_baseline_does_not_set_the_scale_and_is_said_off_it():
    """A trending series (a stock's closes): its mean lies far below the last values, and drawn
    beside the forecast it set the axes' scale, the net's line and bands a flat strip at the top
    (DJIA's mean 9,000 below its last close). The history, the forecasts and the bands set it now,
    as in the run's forecast.png, and the legend says the mean is off the scale."""
    import warnings

    n = 80
    y = 100 + 2.0 * np.arange(n) + np.random.default_rng(0).normal(0, 1, n)
    s = pd.Series(y, index=pd.date_range("2024-01-01", periods=n, freq="D"), name="close")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(s, horizon=4, epochs=2, hidden_size=4, input_len=8, seed=0)
        fc = f.predict(4, level=[80])
        fig = wavecast.plot(s, fc, baselines=True, model=f, history=10)
    (ax,) = _shown(fig)
    scores = f.scores
    mean = _line(ax, _mase(scores, "mean") + " (off the scale)")
    lo, hi = ax.get_ylim()
    assert mean.get_ydata()[1:].max() < lo  # the mean, 80 below the history drawn, is left off
    shown = np.concatenate([y[-10:], fc["forecast"], fc["lo-80"], fc["hi-80"]])
    assert lo <= shown.min() and shown.max() <= hi and hi - lo < 2 * np.ptp(shown)  # these fill the axes
    assert _mase(scores, "last value") in _labels(ax)  # on the scale: said as before
