"""A column named time of whole numbers one apart within each series is the time axis: R's time()
of a yearly ts (the Rdatasets CSVs: Nile as rownames,time,value with 1871, 1872, ...) or of one
started at 1. Such files were refused as "2 numeric columns (time, value)"."""

import numpy as np
import pandas as pd
import pytest

from wavecast.data.reader import read
from wavecast.defaults import defaults_freq
from wavecast.errors import ValidationError


def _nile(n=60, start=1871):
    rng = np.random.default_rng(0)
    return pd.DataFrame({"rownames": np.arange(1, n + 1), "time": np.arange(start, start + n),
                         "value": 900 + rng.normal(0, 100, n).round()})


def test_rdatasets_yearly_time_is_the_axis(tmp_path):
    _nile().to_csv(tmp_path / "nile.csv", index=False)
    ds = read(tmp_path / "nile.csv")
    assert ds.target == "value" and ds.time == "time"
    assert ds.times[0][0] == 1871 and ds.times[0][-1] == 1930  # the years, not steps from 0
    assert defaults_freq(ds) == "Y"  # whole years: yearly defaults (season 1, horizon 6), as a Year column's
    same = read(tmp_path / "nile.csv", time="time")  # as --time time reads it
    np.testing.assert_array_equal(ds.times[0], same.times[0])
    np.testing.assert_array_equal(ds.values[0], same.values[0])
    # from 1, and a Parquet file (its clean path read the rows as steps)
    _nile(start=1).drop(columns="rownames").to_parquet(tmp_path / "steps.parquet", index=False)
    ds = read(tmp_path / "steps.parquet", target="value")
    assert ds.time == "time" and ds.times[0][0] == 1 and ds.times[0][-1] == 60
    assert defaults_freq(ds) == 1  # steps from 1 are no years


def test_a_panel_each_series_from_1_is_read_by_its_time(tmp_path):
    df = pd.concat([_nile(30 + 10 * k, start=1).drop(columns="rownames").assign(id=s) for k, s in enumerate("ab")])
    df.to_csv(tmp_path / "panel.csv", index=False)
    ds = read(tmp_path / "panel.csv", id="id")
    assert ds.time == "time" and [len(v) for v in ds.values] == [30, 40]


def test_a_time_column_not_one_apart_is_no_axis(tmp_path):
    df = _nile().drop(columns="rownames")
    df["time"] = np.arange(len(df)) * 7 + 1000  # durations, say: not steps of 1
    df.to_csv(tmp_path / "durations.csv", index=False)
    with pytest.raises(ValidationError, match=r"2 numeric columns \(time, value\)"):
        read(tmp_path / "durations.csv")
