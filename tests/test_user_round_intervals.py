"""Prediction intervals, the user round's findings: a band holds its own forecast, thin
calibrations widen with the level and say so, the net's errors only from histories it forecasts
itself (one series' bands were 85 wide for an RMSE of 5.7), counts' bands stop at 0, and the
under-coverage note fires when a backtest's coverage is clearly below its level."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.config import Config
from wavecast.evaluate.band_scores import interval_scores
from wavecast.evaluate.calibration import calibrate
from wavecast.evaluate.calibration_run import calibrate_all
from wavecast.evaluate.interval_metrics import coverage_notes
from wavecast.forecasters.baselines import MeanForecast
from wavecast.forecasters.conformal import Conformal
from wavecast.forecasters.conformal_quantile import order_stat


def test_a_band_holds_its_point_forecast_when_every_error_has_one_sign():
    # a trend: every calibration error positive, so the signed lower quantile is above 0
    err = np.abs(np.random.default_rng(0).normal(5, 1, size=(20, 3, 1)))
    c = Conformal((80, 95)).fit_errors(err)
    point = np.full((2, 3, 1), 100.0)
    for scales, floors in ((np.ones((2, 1)), None), (np.full((2, 1), 0.01), np.full((2, 1), 1.0))):
        for lo, hi in c.bands(point, scales=scales, floors=floors).values():  # additive, relative
            assert (lo <= point).all() and (point <= hi).all()


def test_too_few_errors_give_a_wider_95_than_80_band():
    err = np.random.default_rng(1).normal(0, 1, size=(4, 3, 1))
    c = Conformal((80, 95)).fit_errors(err)
    b = c.bands(np.zeros((1, 3, 1)), scales=np.ones((1, 1)))
    w80, w95 = (b[80.0][1] - b[80.0][0]), (b[95.0][1] - b[95.0][0])
    assert (w95 > w80).all()  # the widest error seen would make them the same
    rms = np.sqrt((err ** 2).mean(axis=0))
    assert (b[95.0][1] >= 1.959 * rms).all() and (b[95.0][0] <= -1.959 * rms).all()
    # enough errors: the conformal order statistics, untouched
    many = np.random.default_rng(2).normal(0, 1, size=(400, 2, 1))
    c = Conformal((80, 95)).fit_errors(many)
    i = c.levels_.index(95.0)
    assert np.array_equal(c.hi_[i], order_stat(many, 0.975, upper=True))


class _NetLike:
    """A net that takes the whole history (context_len None) and falls back to a poor forecast
    below its input_len, as GlobalNetForecaster's seasonal naive does."""

    context_len, input_len, name = None, 20, "net"

    def fit(self, train, val=None):
        return self

    def predict(self, context, horizon, series=None):
        out = np.empty((len(context), horizon, 1))
        for b, row in enumerate(context[:, :, 0]):
            seen = row[~np.isnan(row)]
            out[b] = seen[-1] + (np.arange(1, horizon + 1)[:, None] if len(seen) >= self.input_len else 50.0)
        return out


def test_calibration_origins_start_where_the_net_forecasts_itself():
    x = np.arange(60.0) + np.random.default_rng(3).normal(0, 0.1, 60)  # the net's forecast is right
    conf = calibrate(_NetLike(), [x], 4, (80,), n_origins=1000, relative=False)
    assert conf.origins_used_ == conf.n_ == 60 - 4 - 20 + 1  # origins 20..56, not 1..56
    lo, hi = conf.bands(np.zeros((1, 4, 1)))[80.0]
    assert (hi - lo).max() < 1  # no fallback error of 50 in them


def test_the_run_reports_the_origins_used_and_says_the_calibration_is_thin():
    x = np.random.default_rng(4).normal(10, 1, 60)
    cfg = Config().eval
    out, notes = calibrate_all({"mean": MeanForecast().fit([x])}, [x], [60], 6, cfg)
    assert out["mean"].origins_used_ == out["mean"].n_ == 60 - 6  # origins 1..54
    assert any("from up to 54 origins a series" in n and "allows 1000" in n for n in notes)
    assert any("rest on 54 calibration errors a lead" in n and "in-sample" in n for n in notes)
    _, notes = calibrate_all({"mean": MeanForecast().fit([x[:10]])}, [x[:10]], [10], 6, cfg)
    assert any("only 4 calibration errors a lead for mean: too few to tell its 80% and 95% bands" in n
               for n in notes)


def test_a_count_series_bands_stop_at_zero():
    counts = np.where(np.random.default_rng(5).random(200) < 0.3, 4.0, 0.0)
    conf = calibrate(MeanForecast().fit([counts]), [counts], 5, (80, 95), n_origins=100)
    assert conf.nonneg_.tolist() == [[True]]
    point = np.full((1, 5, 1), 0.5)  # below the mean: the 95% band reaches below 0
    for lo, hi in conf.bands(point).values():
        assert (lo >= 0).all() and (lo <= point).all() and (hi >= point).all()
    back = Conformal.from_dict(conf.to_dict())  # model.json keeps it
    assert np.array_equal(back.bands(point)[95.0][0], conf.bands(point)[95.0][0])
    old = {k: v for k, v in conf.to_dict().items() if k != "nonneg"}  # saved before it: as it was
    assert (Conformal.from_dict(old).bands(point)[95.0][0] < 0).any()
    # a series the model never saw: clipped where the values given are >= 0, not where one is below
    got, unseen = conf.bands_of(np.full((2, 5, 1), 0.5), [counts, counts - 1], ["new", "neg"], [95])
    assert unseen == ["new", "neg"]
    assert (got[95.0][0][0] >= 0).all() and (got[95.0][0][1] < 0).any()


def test_under_coverage_note_fires_on_ten_origins_clearly_below_the_level():
    # the hourly-load backtest: 10 origins x 48 hours, 80% band covering 67.7%
    tight = {"LSTM": {"80": {"coverage": 0.677, "n": 480, "rows": 10, "coverage_se": 0.04}}}
    (note,) = coverage_notes(tight, horizon=48)
    assert "LSTM 80%: 67.7%" in note
    loose = {"LSTM": {"80": {"coverage": 0.677, "n": 480, "rows": 10, "coverage_se": 0.08}}}
    assert coverage_notes(loose, horizon=48) == []  # the origins disagree: could be chance
    few = {"LSTM": {"80": {"coverage": 0.2, "n": 90, "rows": 9, "coverage_se": 0.01}}}
    assert coverage_notes(few, horizon=10) == []


def test_interval_scores_give_the_rows_and_the_coverage_standard_error():
    truth = np.zeros((4, 3, 1))
    lo = np.where(np.arange(4)[:, None, None] < 2, -1.0, 1.0) * np.ones((4, 3, 1))  # rows 0, 1 cover
    s = interval_scores(np.zeros((4, 3, 1)), {80: (lo, lo + 2)}, truth, np.ones(4))["80"]
    assert s["rows"] == 4 and s["coverage"] == 0.5
    assert s["coverage_se"] == pytest.approx(np.std([1, 1, 0, 0], ddof=1) / 2)


def test_a_twelve_quarter_series_forecast_lies_inside_distinct_bands():
    rng = np.random.default_rng(3)
    y = 50 + 2 * np.arange(12) + np.tile([5, -3, -6, 4], 3) + rng.normal(0, 1, 12)
    s = pd.Series(y, index=pd.date_range("2021-01-01", periods=12, freq="QS"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(s, epochs=2, seed=0)
        p = f.predict(4, level=[80, 95])
    assert (p["lo-95"] <= p["lo-80"]).all() and (p["lo-80"] <= p["forecast"]).all()
    assert (p["forecast"] <= p["hi-80"]).all() and (p["hi-80"] <= p["hi-95"]).all()
    assert (p["hi-95"] - p["lo-95"] > p["hi-80"] - p["lo-80"]).all()
    assert f.metrics["intervals"]["calibration_origins"] == f.metrics["intervals"]["n_errors"]["LSTM"]


def test_a_constant_series_band_is_its_constant_not_the_panels_errors_at_its_level(tmp_path):
    """A series at 5 for 150 days, forecast 5 exactly, had a 99% band of 0..32 (the pooled errors
    at a scale of its |mean|), a series of zeros one of 0..5 (a scale of 1, whatever the units)."""
    rng = np.random.default_rng(0)
    day = pd.date_range("2022-01-01", periods=150, freq="D")
    df = pd.concat([pd.DataFrame({"shop": s, "day": day, "sold": v}) for s, v in
                    (("const", np.full(150, 5.0)), ("zero", np.zeros(150)), ("pois", rng.poisson(3, 150)))])
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        f = wavecast.fit(df, target="sold", time="day", id="shop", horizon=7, direct__max_epochs=1, seed=0)
        p = f.predict(7, level=[80, 99])
    for shop, c in (("const", 5.0), ("zero", 0.0)):
        rows = p[p["shop"] == shop]
        assert (rows[["forecast", "lo-80", "hi-80", "lo-99", "hi-99"]].to_numpy() == c).all()
    pois = p[p["shop"] == "pois"]
    assert (pois["hi-99"] > pois["hi-80"]).all() and (pois["hi-80"] > pois["forecast"]).all()  # the others' as before
    assert any("intervals of 2 constant series ('const', 'zero'): the constant itself" in str(x.message) for x in w)
    f.save(tmp_path / "m")
    q = _quiet_predict(wavecast.load(tmp_path / "m"), 7, level=[80, 99])
    assert np.array_equal(p.select_dtypes("number").to_numpy(), q.select_dtypes("number").to_numpy())


def _quiet_predict(f, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f.predict(*args, **kw)
