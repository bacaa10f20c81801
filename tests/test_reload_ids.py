"""A saved and reloaded model gives the series ids back as the fitted one did: of the DataFrame's
id dtype (int 1, not '1'; floats, dates, categories, nullable and text dtypes alike), kept in
model.json's data.id_dtype and rebuilt from the ids' text by kind, never evaluated. A model file
without it (written before) loads as before, giving the text; a damaged one is a ModelFileError."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ModelFileError
from wavecast.io.modelformat import _meta_digest

FAST = dict(input_len=8, horizon=3, test_len=3, epochs=1, seed=0, overrides=["model.hidden_size=4"])


def _quiet(call, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kw)


def _stores(ids, n=30, seed=0):
    """A few short synthetic series, one per id, in a long frame (store, t, y)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    return pd.concat([pd.DataFrame({"store": [sid] * n, "t": t,
                                    "y": 10 + k + np.sin(t / 3) + rng.normal(0, 0.1, n)})
                      for k, sid in enumerate(ids)], ignore_index=True)


def _as(df, dtype):
    return df.assign(store=df["store"].astype(dtype))


def _reseal(folder, edit):
    """model.json edited (edit(data section)) and sealed again: past the checksum, as a tool might."""
    path = folder / "model" / "model.json"
    meta = json.loads(path.read_text())
    edit(meta["data"])
    meta["meta_sha256"] = _meta_digest(meta)
    path.write_text(json.dumps(meta))


@pytest.fixture(scope="module")
def int_model(tmp_path_factory):
    df = _stores([1, 2, 3])
    m = _quiet(wavecast.fit, df, target="y", time="t", id="store", **FAST)
    folder = tmp_path_factory.mktemp("ints") / "run"
    m.save(folder)
    return df, m, folder


def test_integer_ids_come_back_as_integers_after_load(int_model):
    df, m, folder = int_model
    fitted, loaded = _quiet(m.predict, 5), _quiet(wavecast.load(folder).predict, 5)
    assert fitted["store"].dtype == df["store"].dtype == np.int64
    assert loaded["store"].dtype == np.int64  # was object: '1', '2', '3'
    assert loaded["store"].tolist() == fitted["store"].tolist() == [1] * 5 + [2] * 5 + [3] * 5
    np.testing.assert_array_equal(loaded["forecast"], fitted["forecast"])
    banded = _quiet(wavecast.load(folder).predict, 3, level=[80])
    assert banded["store"].dtype == np.int64 and banded["store"].tolist()[:3] == [1, 1, 1]
    assert len(loaded.merge(df[["store"]].drop_duplicates(), on="store")) == 15  # merges onto the data


def test_the_estimator_loads_the_ids_of_their_dtype(tmp_path):
    df = _stores([10, 20])
    f = _quiet(wavecast.Forecaster(epochs=1, input_len=8, horizon=3, test_len=3, seed=0).fit,
               df, target="y", time="t", id="store")
    f.save(tmp_path / "est")
    loaded = _quiet(wavecast.Forecaster.load(tmp_path / "est").predict, 2)
    assert loaded["store"].dtype == np.int64 and loaded["store"].tolist() == [10, 10, 20, 20]


@pytest.mark.parametrize("ids, dtype", [
    ([1.5, 2.0, 0.1], "float64"),
    ([1.5, 2.0, 0.1], "float32"),
    (list(pd.to_datetime(["2020-01-01", "2020-02-01"])), "datetime64[ns]"),  # came back as text even fitted
    (list(pd.to_datetime(["2020-01-01 06:30", "2020-02-01 00:00"])), "datetime64[us, Europe/Paris]"),
    ([1, 2], "Int64"),
    ([1, 2], "uint8"),
    ([True, False], "bool"),
    (["a", "b"], "category"),
    ([7, 8], "category"),
    (["a", "007"], "string"),
    (["a", "007"], "str"),
    (["a", "007"], "object"),
], ids=lambda x: x if isinstance(x, str) else None)
def test_each_id_dtype_round_trips(ids, dtype, tmp_path):
    df = _stores(ids, n=24)
    if dtype.startswith("datetime64[us,"):  # time-zone aware: localised, not converted
        df["store"] = pd.to_datetime(df["store"]).dt.tz_localize("Europe/Paris")
    df = _as(df, dtype)
    m = _quiet(wavecast.fit, df, target="y", time="t", id="store", **FAST)
    m.save(tmp_path / "run")
    fitted, loaded = _quiet(m.predict, 2), _quiet(wavecast.load(tmp_path / "run").predict, 2)
    assert fitted["store"].dtype == df["store"].dtype
    assert loaded["store"].dtype == fitted["store"].dtype
    assert loaded["store"].tolist() == fitted["store"].tolist() == [x for x in pd.unique(df["store"]) for _ in (1, 2)]
    if dtype in ("str", "object", "string"):  # text stays text: "007" is not 7
        assert loaded["store"].tolist()[2] == "007"


def test_an_id_column_mixing_integers_and_text_round_trips(tmp_path):
    """Shops 1 and 3 (integers) and 'web' (text) in one object column: the fitted model gave them
    back as they were, the loaded one gave '1', 'web', '3' (every id as text). model.json now names
    the integer ids (data.id_ints); a Parquet forecast of them writes the column as its text (a
    Parquet column holds one type), as a CSV does."""
    from wavecast.cli import main

    df = _as(_stores([1, "web", 3], n=24), object)
    m = _quiet(wavecast.fit, df, target="y", time="t", id="store", **FAST)
    m.save(tmp_path / "run")
    fitted, loaded = _quiet(m.predict, 2), _quiet(wavecast.load(tmp_path / "run").predict, 2)
    assert fitted["store"].tolist() == [1, 1, "web", "web", 3, 3]
    assert loaded["store"].tolist() == fitted["store"].tolist()
    assert [type(x) for x in loaded["store"]] == [int, int, str, str, int, int]
    assert len(loaded.merge(df[["store"]].drop_duplicates(), on="store")) == 6  # merges onto the data
    meta = json.loads((tmp_path / "run" / "model" / "model.json").read_text())["data"]
    assert meta["id_dtype"] == "object" and sorted(meta["id_ints"]) == ["1", "3"]
    out = tmp_path / "f.parquet"
    assert main(["forecast", str(tmp_path / "run"), "--horizon", "2", "--out", str(out), "--quiet"]) == 0
    assert pd.read_parquet(out)["store"].tolist() == ["1", "1", "web", "web", "3", "3"]
    _reseal(tmp_path / "run", lambda data: data.update(id_ints=["web"]))  # not an integer: damaged
    with pytest.raises(ModelFileError, match="id_ints"):
        wavecast.load(tmp_path / "run")


def test_a_model_file_without_id_dtype_loads_as_before(int_model, tmp_path):
    """A model.json written before id_dtype: the ids are their text, the forecast unchanged."""
    import shutil

    _, m, folder = int_model
    old = tmp_path / "old"
    shutil.copytree(folder, old)
    _reseal(old, lambda data: data.pop("id_dtype"))
    loaded = _quiet(wavecast.load(old).predict, 2)
    assert loaded["store"].tolist() == ["1", "1", "2", "2", "3", "3"]
    np.testing.assert_array_equal(loaded["forecast"], _quiet(m.predict, 2)["forecast"])


def test_ids_given_with_new_data_keep_that_datas_dtype(int_model, tmp_path):
    df, _, folder = int_model
    again = _quiet(wavecast.load(folder).predict, 2, data=df[df.store == 2])
    assert again["store"].tolist() == [2, 2] and again["store"].dtype == np.int64
    df.to_csv(tmp_path / "s.csv", index=False)  # a file's ids are its text, as before
    assert _quiet(wavecast.load(folder).predict, 2, data=tmp_path / "s.csv")["store"].tolist()[:2] == ["1", "1"]


@pytest.mark.parametrize("value", [
    "__import__('os').system('true')",  # not a dtype name: never evaluated
    "cos\nsystem\n(S'true'\ntR.",  # a pickle's text: never unpickled
    "datetime64[ns, ../../etc/passwd]",  # a time zone is a name, not a path
    "datetime64[ns, Not/AZone]",
    "bool",  # the ids 1, 2, 3 are not True/False
    "int8x",
    12,
    None,
    ["int64"],
    {"name": "category", "categories": ["1"], "of": "int64", "ordered": False},  # ids 2, 3 not among them
    {"name": "category", "categories": ["1", "2", "3"], "of": "pickle", "ordered": False},
    {"name": "category", "categories": ["1", "1", "2", "3"], "of": "int64", "ordered": False},
    {"name": "category", "of": "int64"},
    {"name": "eval", "categories": ["1", "2", "3"], "of": "int64", "ordered": False},
])
def test_a_damaged_id_dtype_is_a_model_file_error(int_model, tmp_path, value):
    import shutil

    folder = tmp_path / "bad"
    shutil.copytree(int_model[2], folder)
    _reseal(folder, lambda data: data.update(id_dtype=value))
    with pytest.raises(ModelFileError, match=r"model.json data section is damaged \(id_dtype: ") as err:
        wavecast.load(folder)
    assert "\n" not in str(err.value) and len(str(err.value)) < len(str(folder)) + 250


def test_an_id_out_of_its_dtypes_range_is_a_model_file_error(int_model, tmp_path):
    import shutil

    folder = tmp_path / "big"
    shutil.copytree(int_model[2], folder)

    def edit(data):
        data["series"][0]["id"] = "300"  # not an int8
        data["id_dtype"] = "int8"

    _reseal(folder, edit)
    with pytest.raises(ModelFileError, match="id_dtype"):
        wavecast.load(folder)


def _months(n=60, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    return 100 + t + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, n)


def test_periods_fitted_are_periods_forecast_after_save_and_load_too(tmp_path):
    """A Series on a PeriodIndex (or a frame with periods as its index or time column) is
    forecast on periods of its frequency: they came back as timestamps, and pd.concat with the
    user's series mixed the two into an object index. model.json keeps the frequency
    (data.period); a file without it gives timestamps, as before; a damaged one is refused."""
    import shutil

    s = pd.Series(_months(), index=pd.period_range("2015-01", periods=60, freq="M"))
    m = _quiet(wavecast.fit, s, horizon=6, epochs=2)
    p = _quiet(m.predict, 3)
    assert isinstance(p.index, pd.PeriodIndex) and p.index.freqstr == "M" and str(p.index[0]) == "2020-01"
    assert pd.concat([s, p]).index.dtype == "period[M]"
    assert _quiet(m.predict, 2, level=[80])["time"].dtype == "period[M]"
    m.save(tmp_path / "run")
    back = _quiet(wavecast.load(tmp_path / "run").predict, 3)
    pd.testing.assert_series_equal(back, p)
    frame = pd.DataFrame({"shop": np.repeat(["a", "b"], 40), "q": np.tile(pd.period_range("2010Q1", periods=40, freq="Q"), 2),
                          "y": np.r_[_months(40), _months(40, seed=1)]})
    for data, time in ((frame, "q"), (frame.set_index("q"), "")):
        out = _quiet(_quiet(wavecast.fit, data, target="y", time=time, id="shop", horizon=4, epochs=2).predict, 4)
        assert out["q"].dtype == "period[Q-DEC]" and str(out["q"].iloc[0]) == "2020Q1"
    old = tmp_path / "old"
    shutil.copytree(tmp_path / "run", old)
    _reseal(old, lambda data: data.pop("period"))
    assert isinstance(_quiet(wavecast.load(old).predict, 3).index, pd.DatetimeIndex)
    _reseal(old, lambda data: data.update(period="__import__('os')"))
    with pytest.raises(ModelFileError, match=r"model.json data section is damaged \(period is "):
        wavecast.load(old)
