"""The forecasts' time column is of the data's own datetime dtype (unit and zone), fitted or
loaded: datetime64[ns] dates (a Parquet file pandas 2 wrote, astype('datetime64[ns]')) came
back as int64 nanoseconds."""

import numpy as np
import pandas as pd
import pytest

import wavecast


def _weekly(unit, tz=None, n=60):
    rng = np.random.default_rng(0)
    t = pd.date_range("2022-01-03", periods=n, freq="W-MON", tz=tz).as_unit(unit)
    y = np.r_[50 + 5 * np.sin(np.arange(n) / 3) + rng.normal(0, 1, n), 80 + rng.normal(0, 2, n)]
    return pd.DataFrame({"shop": np.repeat(["a", "b"], n), "week": np.tile(t, 2), "y": y})


@pytest.mark.parametrize("unit", ["s", "ms", "ns"])
def test_the_forecasts_times_keep_the_datas_unit(unit):
    df = _weekly(unit)
    f = wavecast.fit(df, target="y", time="week", id="shop", horizon=3, test_len=3, epochs=1, input_len=8)
    for p in (f.predict(3), f.predict(3, df), f.predict(3, level=[80])):
        assert p["week"].dtype == df["week"].dtype  # ns: was int64 (1682899200000000000, ...)
        last = df.groupby("shop")["week"].max()
        want = [last[s] + pd.Timedelta(weeks=k) for s in ("a", "b") for k in (1, 2, 3)]
        assert list(p["week"]) == want


def _paris(n=90):
    """Daily, midnight Paris time, ending the day before the clocks go forward (2024-03-31)."""
    rng = np.random.default_rng(1)
    t = pd.date_range("2024-01-01", periods=n, freq="D", tz="Europe/Paris")
    return pd.DataFrame({"day": t, "y": 20 + 3 * np.sin(np.arange(n) * 2 * np.pi / 7) + rng.normal(0, 0.5, n),
                         "x": rng.normal(0, 1, n)})


def test_a_loaded_model_keeps_the_time_zone_and_unit(tmp_path):
    df = _paris()
    fut = pd.DataFrame({"day": pd.date_range("2024-03-31", periods=3, freq="D", tz="Europe/Paris"), "x": [0.1, 0.2, 0.3]})
    f = wavecast.fit(df, target="y", time="day", future=["x"], horizon=3, test_len=3, epochs=1, input_len=14)
    fitted = f.predict(3, future=fut)
    f.save(tmp_path / "m")
    # was refused, "future rows must continue its daily time axis ...: expected 2024-04-01, got 2024-04-01":
    # the loaded model's dates were in a fixed offset, UTC+01:00, past the change of the clocks
    pd.testing.assert_frame_equal(wavecast.load(tmp_path / "m").predict(3, future=fut), fitted)
    assert str(fitted["day"].dtype) == "datetime64[us, Europe/Paris]"
    # without covariates its forecasts were at 23:00 Paris time from April 1 on, in UTC+01:00
    g = wavecast.fit(df.drop(columns="x").assign(day=df["day"].dt.as_unit("ns")), target="y", time="day",
                     horizon=3, test_len=3, epochs=1, input_len=14)
    g.save(tmp_path / "g")
    out = wavecast.load(tmp_path / "g").predict(3)
    pd.testing.assert_frame_equal(out, g.predict(3))
    assert list(out["day"]) == list(pd.date_range("2024-03-31", periods=3, freq="D", tz="Europe/Paris").as_unit("ns"))


def _model_json(folder):
    import json

    path = folder / "model" / "model.json"
    return path, json.loads(path.read_text())


def _write(path, meta):
    """model.json edited and signed again, as a file written so would be."""
    import json

    from wavecast.io.modelformat import _meta_digest

    meta["meta_sha256"] = _meta_digest(meta)
    path.write_text(json.dumps(meta))


def test_a_model_file_without_the_time_dtype_loads_as_before_and_a_damaged_one_is_refused(tmp_path):
    from wavecast.errors import ModelFileError

    f = wavecast.fit(_paris().drop(columns="x"), target="y", time="day", horizon=3, test_len=3, epochs=1,
                     input_len=14)
    f.save(tmp_path / "m")
    path, meta = _model_json(tmp_path / "m")
    assert meta["data"]["time_dtype"] == "datetime64[us, Europe/Paris]"
    del meta["data"]["time_dtype"]  # a file written before it: the offset of the last time, as before
    _write(path, meta)
    out = wavecast.load(tmp_path / "m").predict(3)
    assert np.array_equal(out["forecast"], f.predict(3)["forecast"]) and str(out["day"].dt.tz) == "UTC+01:00"
    for bad in ("datetime64[us, Nowhere/Atlantis]", "datetime64[us]", "object", 3):
        meta["data"]["time_dtype"] = bad
        _write(path, meta)
        with pytest.raises(ModelFileError, match="model.json data section is damaged"):
            wavecast.load(tmp_path / "m")


def test_a_csv_of_fixed_offsets_and_a_dateutil_zone_save_and_load(tmp_path):
    from wavecast.cli import main

    df = _paris().drop(columns="x")
    df.assign(day=df["day"].astype(str)).to_csv(tmp_path / "paris.csv", index=False)  # "+01:00": UTC+01:00
    assert main(["run", "--data", str(tmp_path / "paris.csv"), "--time", "day", "--horizon", "3",
                 "--set", "train.epochs=1", "--set", "window.input_len=14", "--out", str(tmp_path / "run"),
                 "--quiet"]) == 0
    _, meta = _model_json(tmp_path / "run")
    assert meta["data"]["time_dtype"] == "datetime64[us, UTC+01:00]"
    assert main(["forecast", str(tmp_path / "run"), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    assert pd.read_csv(tmp_path / "f.csv")["day"].iloc[0] == "2024-03-31 00:00:00+01:00"
    # a dateutil zone is named by its file, no name load reads: the key is left out, the model loads
    import dateutil.tz

    paris = df.assign(day=df["day"].dt.tz_convert(dateutil.tz.gettz("Europe/Paris")))
    f = wavecast.fit(paris, target="y", time="day", horizon=3, test_len=3, epochs=1, input_len=14)
    f.save(tmp_path / "m")
    assert "time_dtype" not in _model_json(tmp_path / "m")[1]["data"]
    np.testing.assert_array_equal(wavecast.load(tmp_path / "m").predict(3)["forecast"], f.predict(3)["forecast"])
