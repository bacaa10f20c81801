"""parquet_read.py: a clean Parquet file streamed into the Dataset the general path gives; anything
else handed back (None) to the general path, whose Datasets and errors stay as they were."""

import re

import numpy as np
import pandas as pd
import pytest

from wavecast.config import load
from wavecast.data import parquet as parquet_read
from wavecast.data import reader as data
from wavecast.data import source as panel
from wavecast.data.dataset import RegularTimes, in_user_order
from wavecast.errors import ValidationError


def long_frame(n_series=4, length=30, freq=None, ids="text", seed=0):
    rng = np.random.default_rng(seed)
    if ids == "text":
        sid = [f"s{i:02d}" for i in range(n_series)][::-1]  # not in sorted order: appearance order counts
    else:
        sid = list(range(100, 100 + n_series))[::-1]
    t = pd.date_range("2021-03-01", periods=length, freq=freq) if freq else 10 + 5 * np.arange(length)
    return pd.DataFrame({"sensor": np.repeat(sid, length), "t": np.tile(t, n_series),
                         "y": rng.normal(size=n_series * length) * 100})


def same(a, b):
    assert a.ids == b.ids and a.freq == b.freq and type(a.freq) is type(b.freq)
    assert (a.target, a.time, a.id, a.source, a.notes) == (b.target, b.time, b.id, b.source, b.notes)
    assert a.fingerprint() == b.fingerprint()
    assert len(a.times) == len(b.times)
    for ta, tb in zip(a.times, b.times, strict=True):
        assert (ta is None) == (tb is None)
        if ta is not None:
            assert type(ta) is type(tb) and ta.dtype == tb.dtype and ta.equals(tb)


def general(p, *args, **kw):
    return data.read(p, *args, clean_first=False, **kw)


@pytest.mark.parametrize("freq, ids, row_group", [(None, "text", None), ("h", "text", 7), ("D", "int", 25),
                                                  ("15min", "text", 1000)])
def test_clean_file_gives_the_general_paths_dataset(tmp_path, freq, ids, row_group):
    p = tmp_path / "d.parquet"
    long_frame(freq=freq, ids=ids).to_parquet(p, row_group_size=row_group)  # 7: series cross row groups
    ds = parquet_read.read_clean(p, "y", "t", "sensor")
    assert ds is not None and isinstance(ds.times, RegularTimes)
    same(ds, general(p, "y", "t", "sensor"))
    same(data.read(p, "y", "t", "sensor"), ds)
    # The values are slices of one array, not one copy per series.
    assert all(v.base is ds.values[0].base for v in ds.values)


def test_clean_without_time_or_id_and_the_sort_note(tmp_path):
    df = long_frame()
    p = tmp_path / "d.parquet"
    df.to_parquet(p, row_group_size=11)
    same(parquet_read.read_clean(p, "y", "", "sensor"), general(p, "y", "", "sensor"))
    one = tmp_path / "one.parquet"
    df[df.sensor == "s00"].drop(columns="sensor").to_parquet(one)  # (a text column may be dates: general path)
    for time in ("t", ""):
        same(parquet_read.read_clean(one, "y", time), general(one, "y", time))
    # Grouped and in order per series, but t restarts at each id: --sort notes it, as before.
    ds = parquet_read.read_clean(p, "y", "t", "sensor", sort=True)
    assert ds.notes and "--sort" in ds.notes[0]
    same(ds, general(p, "y", "t", "sensor", sort=True))


def unclean(df):
    """Variants of a clean file that the general path must handle (sort, fill, name the problem)."""
    out = {"shuffled": df.sample(frac=1, random_state=0), "interleaved": df.sort_values(["t", "sensor"])}
    out["gap"] = df.drop(index=5)
    out["duplicate"] = pd.concat([df.iloc[:6], df.iloc[5:]])
    out["backwards"] = df.iloc[[*range(3), 4, 3, *range(5, len(df))]]
    for name, value in (("nan", np.nan), ("inf", np.inf), ("huge", 1e39)):
        out[name] = df.assign(y=np.where(np.arange(len(df)) == 7, value, df.y))
    out["float_time"] = df.assign(t=df.t.astype(float))
    out["object_id"] = df.assign(sensor=df.sensor.astype(object).where(df.index != 3, None))
    out["short"] = df.iloc[: 30 + 2]  # a second series of 2 points
    return out


@pytest.mark.filterwarnings("ignore:Could not infer format")
@pytest.mark.parametrize("case", list(unclean(long_frame())))
def test_anything_unclean_goes_the_general_way(tmp_path, case):
    p = tmp_path / "d.parquet"
    unclean(long_frame())[case].to_parquet(p, row_group_size=13)
    assert parquet_read.read_clean(p, "y", "t", "sensor") is None
    for kw in ({}, {"sort": True, "fill": "linear", "fill_missing_dates": True}):
        try:
            want = general(p, "y", "t", "sensor", **kw)
        except ValidationError as exc:
            with pytest.raises(ValidationError) as got:
                data.read(p, "y", "t", "sensor", **kw)
            assert str(got.value) == str(exc)
        else:
            same(data.read(p, "y", "t", "sensor", **kw), want)


def test_monthly_and_zoned_stamps_and_missing_columns_go_the_general_way(tmp_path):
    p = tmp_path / "d.parquet"
    long_frame(freq="MS").to_parquet(p)  # months are not one step in nanoseconds
    assert parquet_read.read_clean(p, "y", "t", "sensor") is None
    assert data.read(p, "y", "t", "sensor").freq == "MS"
    df = long_frame(freq="h")
    df.assign(t=df.t.dt.tz_localize("UTC")).to_parquet(p)
    assert parquet_read.read_clean(p, "y", "t", "sensor") is None
    same(data.read(p, "y", "t", "sensor"), general(p, "y", "t", "sensor"))
    for args in (("nope", "t", "sensor"), ("y", "t", "nope"), ("", "t", "sensor"), ("sensor", "t", "")):
        assert parquet_read.read_clean(p, *args) is None
    with pytest.raises(ValidationError, match="'nope' .* not found"):
        data.read(p, "y", "t", "nope")
    (tmp_path / "bad.parquet").write_text("time,value\n1,2\n")
    assert parquet_read.read_clean(tmp_path / "bad.parquet", "value", "time") is None
    with pytest.raises(ValidationError, match="not a Parquet file"):
        data.read(tmp_path / "bad.parquet", "value", "time")


def test_a_run_reads_a_clean_file_without_the_dataframe_path(tmp_path, monkeypatch):
    p = tmp_path / "d.parquet"
    long_frame(freq="h").to_parquet(p)

    def bypassed(*a, **k):
        raise AssertionError("the clean file went through a DataFrame")

    monkeypatch.setattr(data, "read_table", bypassed)
    monkeypatch.setattr(data, "from_frame", bypassed)
    cfg = load(None, [f"data.path={p}", "data.target=y", "data.time=t", "data.id=sensor"])
    ds = panel.read_dataset(cfg)
    assert ds.ids == [f"s{i:02d}" for i in range(4)]  # kept in the ids' canonical order (test_id_order.py)
    assert [ds.ids[i] for i in in_user_order(ds)] == [f"s{i:02d}" for i in range(4)][::-1]  # the file's, for outputs
    assert data.read(p, "y", "t", "sensor").freq == "h"


def test_regular_times_index_like_a_list():
    rt = RegularTimes(np.array([0, 100]), 5, np.array([3, 2]))
    assert len(rt) == 2 and list(rt[0]) == [0, 5, 10] and list(rt[-1]) == [100, 105]
    assert [list(t) for t in rt] == [[0, 5, 10], [100, 105]] and len(rt[0:1]) == 1
    with pytest.raises(IndexError):
        rt[2]
    dt = RegularTimes(np.array([0]), 3_600_000_000, np.array([2]), "us")[0]
    assert isinstance(dt, pd.DatetimeIndex) and str(dt.dtype) == "datetime64[us]"
    assert list(dt) == [pd.Timestamp("1970-01-01 00:00"), pd.Timestamp("1970-01-01 01:00")]


def test_reading_a_clean_file_for_a_run_leaves_pandas_unimported(tmp_path):
    """pandas costs ~41 MB resident; a run on a clean file needs it only for the figures."""
    import subprocess
    import sys

    p = tmp_path / "d.parquet"
    long_frame(length=200).to_parquet(p)
    code = ("import sys; from wavecast.data import source as panel; from wavecast.config import load; "
            f"cfg = load(None, ['data.path={p}', 'data.target=y', 'data.time=t', 'data.id=sensor']); "
            "ds = panel.read_dataset(cfg); "
            "from wavecast.data.prepare import prepare; from wavecast.defaults import resolve; "
            "prepare(resolve(load(None, ['model.kind=recursive']), ds).config, ds.segments(), ds); "
            "assert len(ds.ids) == 4 and 'pandas' not in sys.modules, sorted(m for m in sys.modules if 'pandas' in m)")
    subprocess.run([sys.executable, "-c", code], check=True)


def _lying_footer(tmp_path, which: str):
    """A real 120-row file whose footer is edited to say 1120 rows: the file's count only
    ("file"), or every count in it ("all"). 120 and 1120 are both 2-byte varints (zigzag)."""
    import struct

    import pyarrow.parquet as pq

    good = tmp_path / "good.parquet"
    pd.DataFrame({"time": pd.date_range("2021-01-01", periods=120, freq="D"),
                  "value": np.sin(np.arange(120) / 5)}).to_parquet(good, index=False)
    raw = good.read_bytes()
    (flen,) = struct.unpack("<I", raw[-8:-4])
    start = len(raw) - 8 - flen
    spots = [start + i for i in range(flen - 1) if raw[start + i : start + i + 2] == b"\xf0\x01"]
    bad = tmp_path / "bad.parquet"
    for chosen in ([spots] if which == "all" else [[a] for a in spots]):
        edited = bytearray(raw)
        for a in chosen:
            edited[a : a + 2] = b"\xc0\x11"
        bad.write_bytes(bytes(edited))
        md = pq.read_metadata(bad)
        if md.num_rows == 1120 and md.row_group(0).num_rows == (1120 if which == "all" else 120):
            good.unlink()
            return bad
    raise AssertionError("no footer field to edit")


@pytest.mark.parametrize("which", ["file", "all"])
def test_a_footer_that_lies_about_its_rows_is_a_damaged_file(tmp_path, which, capsys):
    from wavecast.cli import main

    bad = _lying_footer(tmp_path, which)
    said = r"its footer says 1,120 rows, its (row groups|column '(value|time)') holds? 120"
    for read in (lambda: data.read(bad, "value", "time"), lambda: general(bad, "value", "time")):
        with pytest.raises(ValidationError, match=rf"bad\.parquet is a damaged Parquet file: {said}"):
            read()
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert main(["run", "--data", str(bad), "--target", "value", "--time", "time", "--quiet",
                 "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert re.search(said, err) and err.count("\n") == 1 and "Traceback" not in err, err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before  # no file written


def test_text_or_year_columns_without_time_go_the_general_way(tmp_path):
    # fpp3 us_employment as Parquet, its Month as text ('1939 Jan'): the clean path read the rows
    # as steps (no season, horizon 10), where the same rows as CSV were monthly
    months = pd.period_range("1939-01", periods=40, freq="M").strftime("%Y %b")
    df = pd.DataFrame({"Month": np.tile(months, 2), "Series_ID": np.repeat(["a", "b"], 40),
                       "Employed": np.arange(80.0)})
    p = tmp_path / "emp.parquet"
    df.to_parquet(p, index=False)
    assert parquet_read.read_clean(p, "Employed", "", "Series_ID") is None
    ds = data.read(p, "Employed", "", "Series_ID")
    assert ds.time == "Month" and ds.freq == "MS"
    # a whole-year column named Year (fpp3 guinea_rice): its years, not steps 0..n
    y = tmp_path / "rice.parquet"
    pd.DataFrame({"Year": range(1970, 2012), "Production": np.linspace(0.3, 2.1, 42)}).to_parquet(y, index=False)
    assert parquet_read.read_clean(y, "Production") is None
    assert list(data.read(y, "Production").times[0][:2]) == [1970, 1971]
    # the id's own text and plain numbers keep the clean path
    df.drop(columns="Month").to_parquet(p, index=False)
    assert parquet_read.read_clean(p, "Employed", "", "Series_ID") is not None


def test_pandas_index_and_periods_are_the_time(tmp_path):
    """A frame pandas wrote with its index (df.to_parquet() of a DatetimeIndex, named or not;
    ids and dates set as the index) or with a period column: its times are read, by a fresh
    process (pandas' Arrow period type registered by the reader, not by this test's writing).
    Were: the index dropped (or '__index_level_0__' left unused), a period column read as its
    ordinals, the rows as steps and the season guessed by autocorrelation."""
    import subprocess
    import sys

    t = pd.date_range("2015-01-01", periods=48, freq="MS")
    y = 100 + 10 * np.sin(np.arange(48) * 2 * np.pi / 12)
    files = {"unnamed": pd.DataFrame({"sales": y}, index=t),
             "named": pd.DataFrame({"sales": y}, index=pd.Index(t, name="month")),
             "period_index": pd.DataFrame({"sales": y}, index=pd.Index(t, name="month")).to_period("M"),
             "period_column": pd.DataFrame({"month": t.to_period("M"), "sales": y}),
             "rows": pd.DataFrame({"month": t, "sales": y}).iloc[5:],  # row labels 5..47: no data
             "panel": pd.DataFrame({"shop": np.repeat(["a", "b"], 48), "month": np.tile(t, 2),
                                    "sales": np.tile(y, 2)}).set_index(["shop", "month"])}
    for name, df in files.items():
        df.to_parquet(tmp_path / f"{name}.parquet")
    code = ("import sys; from wavecast.data import reader\n"
            "for name in sys.argv[2:]:\n"
            "    for target in ('', 'sales'):\n"
            "        ds = reader.read(f'{sys.argv[1]}/{name}.parquet', target=target, id='shop' if name == 'panel' else '')\n"
            "        print(name, target or '-', ds.time, ds.freq, len(ds.values), len(ds.values[0]), ds.times[0][0])\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path), *files], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert len(out) == 2 * len(files)
    for line in out:
        name, _, time, freq, n, length, first = line.split(" ", 6)
        assert time == ("index" if name == "unnamed" else "month"), line
        assert freq == "MS" and n == ("2" if name == "panel" else "1"), line
        assert int(length) == (43 if name == "rows" else 48) and first.startswith("2015-0"), line
