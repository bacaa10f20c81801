"""Nothing wrong accepted silently (issue 13, item 7): each case either works right or is
refused with a reason (exit 2 and one line through main(), no file changed)."""

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wavecast import api
from wavecast.cli import main
from wavecast.data import reader as data
from wavecast.data.futuretimes import future_times
from wavecast.errors import ModelFileError, ValidationError
from wavecast.io import modelformat

# The recursive net's scaler is what these cases are about (the direct net logs per series).
SETS = ["train.epochs=2", "model.hidden_size=3", "train.rollout_steps=1", "model.kind=recursive"]
T = np.arange(80)


def _files(root: Path) -> dict:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _cli_error(argv, capsys, root: Path) -> str:
    before = _files(root)
    capsys.readouterr()
    assert main(argv) == 2, argv
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out and out.err.count("\n") == 1, out.err[:500]
    assert _files(root) == before
    return out.err


def test_a_tiny_amplitude_sine_is_scaled_not_called_constant():
    # Scaling makes the net blind to units: 1e-13 x the series gives 1e-13 x the forecast.
    unit = api.fit(np.sin(T / 3), input_len=8, horizon=4, test_len=4, seed=0, overrides=SETS)
    tiny = api.fit(1e-13 * np.sin(T / 3), input_len=8, horizon=4, test_len=4, seed=0, overrides=SETS)
    assert not tiny.result.scaler.constant_.any() and not any("constant" in n for n in tiny.result.notes)
    np.testing.assert_allclose(tiny.predict(6), 1e-13 * unit.predict(6), rtol=1e-4)


def test_a_constant_series_is_still_named_constant():
    f = api.fit(np.full(80, 5.0), input_len=8, horizon=4, test_len=4, overrides=SETS)
    assert any(re.search(r"series is constant \(all \d+ training values = 5\)", n) for n in f.result.notes)


def test_a_subnormal_series_is_refused_with_a_reason(tmp_path, capsys):
    with pytest.raises(ValidationError, match=r"varies by only [\d.e-]+ \(subnormal numbers"):
        api.fit(1e-320 * np.sin(T / 3), input_len=8, horizon=4, test_len=4, overrides=SETS)
    with pytest.raises(ValidationError, match=r"varies by only [\d.e-]+ \(subnormal numbers"):  # the direct net
        api.fit(1e-320 * np.sin(T / 3), input_len=8, horizon=4, test_len=4)
    p = tmp_path / "sub.csv"
    p.write_text("value\n" + "\n".join(f"{float(v)!r}" for v in 1e-320 * np.sin(T / 3)) + "\n")
    err = _cli_error(["run", "--data", str(p), "--target", "value", "--quiet", *[a for s in SETS for a in ("--set", s)],
                      "--set", "window.input_len=8", "--set", "window.horizon=4", "--set", "window.test_len=4",
                      "--out", str(tmp_path / "o")], capsys, tmp_path)
    assert "subnormal numbers" in err


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("m")
    api.fit(np.sin(T / 3), input_len=8, horizon=4, test_len=4, overrides=SETS).save(folder)
    return folder / "model"


def _forged(model_dir: Path, dst: Path, edit) -> Path:
    shutil.copytree(model_dir, dst)
    meta = json.loads((dst / "model.json").read_text())
    edit(meta)
    meta["meta_sha256"] = modelformat._meta_digest(meta)  # re-sealed: only the checks past it can tell
    (dst / "model.json").write_text(json.dumps(meta))
    return dst


def test_a_subnormal_scale_in_model_json_is_refused(model_dir, tmp_path, capsys):
    m = _forged(model_dir, tmp_path / "m", lambda meta: meta["scaler"].update(scale=[1e-320]))
    err = _cli_error(["forecast", str(m), "--horizon", "3"], capsys, tmp_path)
    assert re.search(r"model\.json is damaged: scaler has non-finite, non-positive or subnormal values", err)


def test_a_subnormal_series_scale_in_model_json_is_refused(model_dir, tmp_path):
    m = _forged(model_dir, tmp_path / "m", lambda meta: meta["data"]["series"][0].update(scale=[1e-320]))
    with pytest.raises(ModelFileError, match=r"data section is damaged \(a series scaler has .*subnormal"):
        api.load(m)


def test_a_null_context_in_model_json_is_refused(model_dir, tmp_path, capsys):
    m = _forged(model_dir, tmp_path / "m", lambda meta: meta["data"]["series"][0].update(context=None))
    err = _cli_error(["forecast", str(m), "--horizon", "3"], capsys, tmp_path)
    assert re.search(r"model\.json data section is damaged \(series '' has context None, not a list of numbers\)", err)


def test_a_short_context_in_model_json_is_refused(model_dir, tmp_path):
    m = _forged(model_dir, tmp_path / "m", lambda meta: meta["data"]["series"][0].update(context=[0.5]))
    with pytest.raises(ModelFileError, match=r"series '' has a context of 1 values \(8 expected\)"):
        api.load(m)


def test_a_multiindex_id_time_frame_gives_one_series_per_id():
    idx = pd.MultiIndex.from_product([["a", "b"], pd.date_range("2021-01-01", periods=40, freq="D")],
                                     names=["store", "day"])
    df = pd.DataFrame({"sales": np.r_[np.sin(T[:40] / 3), 5 + np.cos(T[:40] / 3)]}, index=idx)
    ds = data.from_object(df)
    assert ds.ids == ["a", "b"] and (ds.id, ds.time) == ("store", "day") and ds.freq == "D"
    np.testing.assert_array_equal(ds.values[1], 5 + np.cos(T[:40] / 3))
    assert ds.times[1][0] == pd.Timestamp("2021-01-01")


def test_a_multiindex_of_three_levels_is_refused():
    idx = pd.MultiIndex.from_product([["a"], ["x"], range(30)], names=["a", "b", "t"])
    with pytest.raises(ValidationError, match=r"the DataFrame has a MultiIndex of 3 levels \['a', 'b', 't'\]; "
                                              r"pass a long frame with id and time columns"):
        data.from_object(pd.DataFrame({"v": np.arange(30.0)}, index=idx))


def test_a_period_index_is_kept_as_time_stamps():
    s = pd.Series(np.sin(T[:36] / 3), index=pd.period_range("2020-01", periods=36, freq="M"), name="y")
    ds = data.from_object(s)
    assert ds.time == "time" and isinstance(ds.times[0], pd.DatetimeIndex)
    assert ds.times[0][0] == pd.Timestamp("2020-01-01") and ds.times[0][-1] == pd.Timestamp("2022-12-01")
    frame = api.forecast_frame(ds, np.zeros((1, 2)))
    assert list(frame["time"]) == [pd.Timestamp("2023-01-01"), pd.Timestamp("2023-02-01")]


def test_a_masked_array_s_mask_means_missing():
    x = np.ma.masked_array(np.sin(T / 3), mask=T == 10)
    x.data[10] = 1e6  # the filler under the mask must never be read as data
    with pytest.raises(ValidationError, match=r"the array has 1 missing value \(1 inside\), first at row 11"):
        data.from_object(x)
    filled = data.from_object(x, fill="linear").values[0]
    assert filled[10] == pytest.approx((np.sin(9 / 3) + np.sin(11 / 3)) / 2)


def test_integer_times_near_the_int64_maximum_are_refused_not_wrapped(model_dir, tmp_path, capsys):
    top = np.iinfo(np.int64).max
    p = tmp_path / "near_max.csv"
    pd.DataFrame({"t": top - 60 + np.arange(40), "value": np.sin(T[:40] / 3)}).to_csv(p, index=False)
    err = _cli_error(["forecast", str(model_dir), "--data", str(p), "--time", "t", "--horizon", "30",
                      "--out", str(tmp_path / "f.csv")], capsys, tmp_path)
    assert re.search(rf"the forecast's time stamps pass the 64-bit integer range \(last time {top - 21}, "
                     r"step 1, 30 steps\); renumber the time column", err)
    assert list(future_times(top - 21, 1, 21))[-1] == top  # up to the maximum itself is fine

