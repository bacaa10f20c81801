"""A series whose history never varied, forecast as that constant: its band is the constant on
every path (predict, wavecast.backtest, the run's held-out scoring, a saved and loaded model),
recorded at calibration (Conformal.flat_). The backtest gave a series at 3 an LSTM 80% band of
0..12 (the pooled errors at its fallback scale, its |mean|) while predict gave it none."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.forecasters.conformal import Conformal
from wavecast.forecasters.conformal_many import flat_rows
from wavecast.forecasters.error_scale import flat_of


def _panel(n=120, tail=None):
    rng = np.random.default_rng(0)
    day = pd.date_range("2022-01-01", periods=n, freq="D")
    const = np.full(n, 3.0)
    if tail is not None:  # constant, then varying in its last points only
        const[-len(tail):] = tail
    return pd.concat([pd.DataFrame({"shop": s, "day": day, "sold": v}) for s, v in
                      (("const", const), ("a", rng.poisson(5, n).astype(float)),
                       ("b", 10 + np.sin(np.arange(n)) + rng.normal(0, 0.3, n)))])


def _quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kw)


@pytest.fixture(scope="module")
def bt():
    return _quiet(wavecast.backtest, _panel(), target="sold", time="day", id="shop", horizon=4, origins=3,
                  level=[80, 95], direct__max_epochs=1, seed=0)


def test_backtest_band_of_a_constant_series_is_its_constant(bt):
    rows = bt.forecasts[bt.forecasts["shop"] == "const"]
    assert len(rows) == 12
    for name in ("LSTM", "mean", "last value", "seasonal naive"):
        assert (rows[name] == 3.0).all()  # forecast as the constant, exactly
        for lv in (80, 95):  # was 0..7.6 (LSTM 80%, first lead), 0..16.7 at the third
            assert (rows[f"{name}-lo-{lv}"] == rows[name]).all() and (rows[f"{name}-hi-{lv}"] == rows[name]).all()
    f = bt.forecasts  # and the scores are of these bands: the constant series' rows of no width
    for lv in ("80", "95"):
        width = float((f[f"LSTM-hi-{lv}"] - f[f"LSTM-lo-{lv}"]).mean())
        assert bt.metrics["forecasters"]["LSTM"]["intervals"][lv]["width"] == pytest.approx(width, rel=1e-12)


def test_backtest_bands_of_varying_series_unchanged_bit_for_bit(bt):
    conf = bt.result.result.intervals["LSTM"]
    assert conf.flat_ is not None and np.isnan(conf.flat_).sum() == 2
    f = bt.forecasts
    old = Conformal.from_dict({**conf.to_dict(), "flat": None})  # no series known to be constant
    ids = bt.result.result.ids
    for shop in ("a", "b"):
        rows = f[f["shop"] == shop]
        point = rows["LSTM"].to_numpy().reshape(-1, 4, 1)
        lo, hi = old.bands(point, series=np.full(len(point), ids.index(shop)), levels=[80])[80]
        assert np.array_equal(rows["LSTM-lo-80"].to_numpy(), lo.reshape(-1))
        assert np.array_equal(rows["LSTM-hi-80"].to_numpy(), hi.reshape(-1))
        assert (hi > lo).all()


def test_conformal_keeps_the_constant_through_to_dict_and_older_files_load():
    c = Conformal((80,)).fit_errors(np.random.default_rng(0).normal(0, 1, (30, 2, 1)))
    c.scales_ = np.array([[3.0], [1.0]])
    c.flat_ = flat_rows([np.full(20, 3.0), np.arange(20.0)])
    assert np.array_equal(c.flat_, [[3.0], [np.nan]], equal_nan=True)
    d = json.loads(json.dumps(c.to_dict(), allow_nan=False))  # model.json is strict JSON
    back = Conformal.from_dict(d)
    assert np.array_equal(back.flat_, c.flat_, equal_nan=True)
    point = np.array([[[3.0], [3.0]], [[3.0], [3.0]]])
    lo, hi = back.bands(point, series=np.array([0, 1]))[80]
    assert (lo[0] == 3.0).all() and (hi[0] == 3.0).all()  # the constant series
    assert (hi[1] > lo[1]).all()  # the varying one, though its forecast is 3 too
    lo2, hi2 = back.bands(point + 1, series=np.array([0, 1]))[80]
    assert (hi2[0] > lo2[0]).all()  # a forecast other than the constant keeps its band
    d.pop("flat")  # a model file from before
    older = Conformal.from_dict(d)
    assert older.flat_ is None and (np.diff(older.bands(point, series=np.array([0, 1]))[80], axis=0) != 0).any()
    with pytest.raises(ValueError, match="flat"):
        Conformal.from_dict({**c.to_dict(), "flat": [[3.0]]})


def test_flat_of_many_is_flat_of_each():
    known = [np.full(5, 2.0), np.arange(5.0), np.zeros(7), np.array([1.0, np.nan, 1.0]), np.zeros(0),
             np.column_stack([np.ones(5), np.arange(5.0)])[:, :1]]
    many = flat_rows(known)
    assert np.array_equal(many, np.stack([flat_of(x) for x in known]), equal_nan=True)
    assert flat_rows([np.arange(4.0)]) is None


def test_fit_save_load_keep_a_constant_series_band_and_judge_all_its_history(tmp_path):
    """The saved bands judge each series on all its data: one constant until its last 2 points
    (inside the held-out test, so constant where the run calibrated) gets a band; predict agrees
    before and after save/load."""
    df = _panel(tail=[4.0, 2.0])
    df2 = _panel()
    for data, varied in ((df, True), (df2, False)):
        f = _quiet(wavecast.fit, data, target="sold", time="day", id="shop", horizon=4, direct__max_epochs=1,
                   seed=0)
        i = f.intervals.ids_.index("const")
        flat = f.intervals.flat_
        assert (flat is None) if varied else (flat[i, 0] == 3.0 and np.isnan(np.delete(flat, i)).all())
        p = _quiet(f.predict, 4, level=[80])
        f.save(tmp_path / f"m{varied}")
        loaded = wavecast.load(tmp_path / f"m{varied}")
        q = _quiet(loaded.predict, 4, level=[80])
        assert (loaded.intervals.flat_ is None) if varied else np.array_equal(loaded.intervals.flat_, flat,
                                                                              equal_nan=True)
        assert np.array_equal(p.select_dtypes("number").to_numpy(), q.select_dtypes("number").to_numpy())
        rows = p[p["shop"] == "const"]
        assert ((rows["hi-80"] - rows["lo-80"]) > 0).all() == varied


def test_a_series_that_varied_then_held_still_forecasts_the_same_after_load(tmp_path):
    # the saved model keeps each series' tail; a tail of one value was read as a constant series
    # (forecast 7.0, band 7.0..7.0) where the fitted model forecast it by the net (7.1, 6.1..8.0)
    rng = np.random.default_rng(0)
    day = pd.date_range("2020-01-01", periods=90, freq="D")
    moved = np.r_[rng.normal(10, 2, 50), np.full(40, 7.0)]
    df = pd.concat([pd.DataFrame({"id": k, "t": day, "y": v}) for k, v in
                    (("moved", moved), ("still", np.full(90, 3.0)),
                     ("b", 10 + np.sin(np.arange(90) / 3) + rng.normal(0, 0.3, 90)))])
    f = _quiet(wavecast.fit, df, target="y", time="t", id="id", horizon=5, epochs=3, seed=0)
    before = _quiet(f.predict, 5, level=[80])
    _quiet(f.save, tmp_path / "m")
    g = wavecast.load(tmp_path / "m")
    after = _quiet(g.predict, 5, level=[80])
    pd.testing.assert_frame_equal(before, after)
    moved_rows = after[after["id"] == "moved"]
    assert not (moved_rows["forecast"] == 7.0).all() and (moved_rows["hi-80"] > moved_rows["lo-80"]).all()
    still = after[after["id"] == "still"]
    assert (still["forecast"] == 3.0).all() and (still["lo-80"] == still["hi-80"]).all()  # truly constant: as before
    assert '"varied"' in (tmp_path / "m" / "model" / "model.json").read_text()  # the record travels in the file


def test_a_model_file_without_the_varied_record_loads_and_judges_a_tail_alone():
    from wavecast.forecasters.global_net import GlobalNetForecaster
    from wavecast.forecasters.global_net_state import from_state, to_state

    x = [np.r_[np.arange(30.0), np.full(20, 4.0)], 5 + np.sin(np.arange(50.0))]
    m = _quiet(GlobalNetForecaster(seed=0, max_epochs=2).fit, x, 3, 1)
    tensors, meta = to_state(m)
    assert meta["varied"] == [True, True]
    old = from_state(GlobalNetForecaster, tensors, {k: v for k, v in meta.items() if k != "varied"})
    assert old.varied_ is None
    tail = [x[0][-12:]]
    np.testing.assert_array_equal(old.forecast_rows(tail, np.array([0]), np.array([38]), 3), [[4.0, 4.0, 4.0]])
    new = from_state(GlobalNetForecaster, tensors, meta)
    assert not np.all(new.forecast_rows(tail, np.array([0]), np.array([38]), 3) == 4.0)
    with pytest.raises(wavecast.ValidationError, match="varied"):
        from_state(GlobalNetForecaster, tensors, {**meta, "varied": [True]})
