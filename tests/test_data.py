"""data.py: reading CSV/Parquet and the bad-input cases 1-9, 11, 13-18 of RELIABILITY.md."""

import re

import numpy as np
import pandas as pd
import pytest

from wavecast.data import reader as data
from wavecast.data.dataset import in_user_order
from wavecast.errors import ValidationError


def csv(tmp_path, text, name="d.csv", mode="w"):
    p = tmp_path / name
    if mode == "wb":
        p.write_bytes(text)
    else:
        p.write_text(text)
    return p


def daily(n=10, start="2021-01-01"):
    return pd.date_range(start, periods=n, freq="D").strftime("%Y-%m-%d").tolist()


def frame_csv(tmp_path, values, times=None, name="d.csv"):
    df = pd.DataFrame({"time": times or daily(len(values)), "value": values})
    p = tmp_path / name
    df.to_csv(p, index=False)
    return p


def test_reads_a_dated_series_and_infers_its_frequency(tmp_path):
    p = frame_csv(tmp_path, [1.0, 2, 3, 4, 5])
    ds = data.read(p, "value", "time")
    assert ds.freq == "D" and ds.ids == [""]
    np.testing.assert_array_equal(ds.values[0], [1, 2, 3, 4, 5])
    fut = data.future_times(ds.times[0][-1], ds.freq, 2)
    assert list(fut.strftime("%Y-%m-%d")) == ["2021-01-06", "2021-01-07"]


def test_examples_monthly_and_yearly():
    air = data.read("examples/air_passengers.csv", "passengers", "month")
    assert air.freq == "MS" and len(air.values[0]) == 144 and air.values[0].sum() == 40363
    lynx = data.read("examples/lynx.csv", time="year")  # the only numeric column is the target
    assert lynx.target == "trappings" and str(lynx.freq).startswith("YS") and len(lynx.values[0]) == 114


def test_long_format_many_series_in_order_of_appearance(tmp_path):
    df = pd.DataFrame({"id": ["b"] * 4 + ["a"] * 4, "time": daily(4) * 2, "y": np.arange(8.0)})
    df.to_parquet(tmp_path / "d.parquet")
    ds = data.read(tmp_path / "d.parquet", "y", "time", "id")
    # kept in the ids' canonical order (tests/test_id_order.py), the file's order kept for outputs
    assert ds.ids == ["a", "b"] and [v.tolist() for v in ds.values] == [[4, 5, 6, 7], [0, 1, 2, 3]]
    assert [ds.ids[i] for i in in_user_order(ds)] == ["b", "a"]
    # The fingerprint names the data: one changed value changes it.
    df.loc[7, "y"] = 7.5
    assert data.from_frame(df, "y", "time", "id").fingerprint() != ds.fingerprint()


@pytest.mark.parametrize(
    "content, kwargs, pattern",
    [
        # 2: empty, header only
        ("", {}, r"has no data rows"),
        ("time,value\n", {}, r"has no data rows"),
        # 3: no header / absent column
        ("0.12,3\n0.5,4\n", {"target": "value"},
         r"the first line of .* looks like data, not column names \('0.12', '3'\); if the file has no header row, "
         r"pass --no-header"),
        # 4: several numeric columns, no --target
        ("a,b,c\n1,2,3\n4,5,6\n", {}, r"has 3 numeric columns \(a, b, c\); choose one with --target"),
        # 5: non-numeric values, with the thousands hint
        ('value\n1\n"1,234"\nabc\n', {"target": "value"},
         r"column 'value' in .* has 2 non-numeric values, first at row 2: '1,234' \(thousands separator\? use --thousands ,\)"),
        # 6 and 7: missing values inside and at the ends, counted apart
        ("time,value\n2021-01-01,\n2021-01-02,1\n2021-01-03,NA\n2021-01-04,3\n2021-01-05,null\n",
         {"target": "value", "time": "time"},
         r"column 'value' in .* has 3 missing values \(1 at the start, 1 inside, 1 at the end\), first at row 1 \(2021-01-01\); fill or drop them, or pass --fill linear"),
        # 8: infinity
        ("value\n1\ninf\n", {"target": "value"}, r"column 'value' in .* contains infinity at row 2"),
        # 9: beyond float32, checked before any cast
        ("value\n1\n1e39\n", {"target": "value"}, r"value 1e\+39 at row 2 .*does not fit in float32 \(max 3.4e38\)"),
        # 13: unparseable time
        ("time,value\n2021-02-27,1\n2021-02-28,2\n2021-02-31,3\n", {"target": "value", "time": "time"},
         r"cannot parse 'time' at row 3 of .*: '2021-02-31'"),
        # 14: duplicate time stamps
        ("time,value\n2021-03-01,1\n2021-03-02,2\n2021-03-02,3\n", {"target": "value", "time": "time"},
         r"timestamp 2021-03-02 appears twice \(rows 2, 3\)"),
        # 15: unsorted
        ("time,value\n2021-03-01,1\n2021-03-03,2\n2021-03-02,3\n", {"target": "value", "time": "time"},
         r"timestamps go backwards at row 3 .*; sort the file or pass --sort"),
        # 15b: newest first throughout (a finance export): said so, with the flag that reads it
        ("time,value\n2021-03-03,1\n2021-03-02,2\n2021-03-01,3\n", {"target": "value", "time": "time"},
         r"rows are newest first \(2021-03-03 down to 2021-03-01\); pass --sort to read them in time order$"),
        # 16: gaps in a daily series
        ("time,value\n2021-04-06,1\n2021-04-07,2\n2021-04-11,3\n2021-04-12,4\n", {"target": "value", "time": "time"},
         r"gap of 3 missing step\(s\) after 2021-04-07 in a daily series .*; use --fill-missing-dates"),
        # time/id column absent
        ("value\n1\n", {"time": "when"}, r"column 'when' \(--time\) not found"),
    ],
)
def test_bad_csv_inputs_name_the_problem(tmp_path, content, kwargs, pattern):
    p = csv(tmp_path, content)
    with pytest.raises(ValidationError, match=pattern) as info:
        data.read(p, **kwargs)
    assert "\n" not in str(info.value)  # one line for the CLI


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ValidationError, match=r"cannot read data file .*nope.csv: no such file"):
        data.read(tmp_path / "nope.csv")
    with pytest.raises(ValidationError, match=r"it is a directory"):
        data.read(tmp_path)


def test_wrong_file_types_and_encodings(tmp_path):  # case 18
    p = csv(tmp_path, "time,value\n2021-01-01,1\n", name="d.parquet")
    with pytest.raises(ValidationError, match=r"is not a Parquet file \(it looks like text\)"):
        data.read(p)
    p = csv(tmp_path, "value\ncafé\n".encode("utf-16"), mode="wb")
    with pytest.raises(ValidationError, match=r"is UTF-16 text.*--encoding utf-16"):
        data.read(p)
    p = csv(tmp_path, "name,value\ncaf\xe9,1\n".encode("latin-1"), mode="wb")
    with pytest.raises(ValidationError, match=r"is not utf-8 \(byte 0xe9 at offset 14\); pass --encoding"):
        data.read(p)
    assert data.read(p, "value", encoding="latin-1").values[0].tolist() == [1.0]
    p = csv(tmp_path, b"\x00\x01\x02binary\xff\xfe junk", mode="wb")
    with pytest.raises(ValidationError, match=r"not a CSV text file \(it contains binary data\)"):
        data.read(p)


def test_parquet_column_of_the_wrong_dtype(tmp_path):  # case 17
    pd.DataFrame({"value": [True, False, True]}).to_parquet(tmp_path / "b.parquet")
    with pytest.raises(ValidationError, match=r"column 'value' in .* is boolean; a numeric column is required"):
        data.read(tmp_path / "b.parquet", "value")


def test_options_fix_what_the_messages_suggest(tmp_path):
    p = csv(tmp_path, 'value\n"1,234"\n"2,000"\n')
    assert data.read(p, "value", thousands=",").values[0].tolist() == [1234.0, 2000.0]
    p = csv(tmp_path, "1.5\n2.5\n")
    assert data.read(p, "0", header=False).values[0].tolist() == [1.5, 2.5]
    p = csv(tmp_path, "time,value\n2021-03-01,1\n2021-03-03,3\n2021-03-02,2\n")
    ds = data.read(p, "value", "time", sort=True)
    assert ds.values[0].tolist() == [1, 2, 3] and ds.freq == "D"
    p = csv(tmp_path, "time,value\n2021-01-01,\n2021-01-02,1\n2021-01-03,\n2021-01-04,3\n")
    ds = data.read(p, "value", "time", fill="linear")
    assert ds.values[0].tolist() == [1, 2, 3]  # the leading gap left out (tests/test_fill_empty_start.py)
    assert str(ds.times[0][0].date()) == "2021-01-02"
    p = csv(tmp_path, "time,value\n2021-04-06,1\n2021-04-07,2\n2021-04-10,5\n")
    ds = data.read(p, "value", "time", fill_missing_dates=True)
    assert ds.values[0].tolist() == [1, 2, 3, 4, 5] and len(ds.times[0]) == 5
    assert any("inserted" in n for n in ds.notes)


def test_monthly_gaps_are_counted_in_months(tmp_path):
    months = ["2020-01-01", "2020-02-01", "2020-05-01", "2020-06-01"]
    p = frame_csv(tmp_path, [1.0, 2, 5, 6], months)
    with pytest.raises(ValidationError, match=r"gap of 2 missing step\(s\) after 2020-02-01 in a monthly series"):
        data.read(p, "value", "time")
    ds = data.read(p, "value", "time", fill_missing_dates=True)
    assert ds.values[0].tolist() == [1, 2, 3, 4, 5, 6] and ds.freq == "MS"


def test_python_objects(tmp_path):
    s = pd.Series([1.0, 2.0, 3.0], index=pd.date_range("2020-01-01", periods=3, freq="h"), name="load")
    ds = data.from_object(s)
    assert ds.target == "load" and ds.freq == "h"
    assert data.from_object(np.arange(5.0)).values[0].tolist() == [0, 1, 2, 3, 4]
    with pytest.raises(ValidationError, match=r"must be one series, shape \(N,\) or \(N, 1\); got \(3, 2\)"):
        data.from_object(np.zeros((3, 2)))


def test_length_check_names_the_numbers():  # case 11
    ds = data.from_object(np.arange(30.0))
    with pytest.raises(ValidationError) as info:
        data.check_lengths(ds, input_len=24, target_len=1, test_len=12, val_fraction=0.2)
    msg = str(info.value)
    assert re.search(r"series in .* has 30 points; input_len 24 \+ 1 training target\(s\) \+ test_len 12 "
                     r"needs >= 37 \(>= 44 with 20% validation\)", msg), msg


def test_grouped_and_shuffled_rows_give_one_dataset_and_the_same_row_numbers():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"id": np.repeat(["b", "a", "c"], 6), "t": np.tile(3 * np.arange(6), 3),
                       "y": rng.normal(size=18)})
    grouped = data.from_frame(df, "y", "t", "id")  # no sort order, no gathered copies
    mixed = data.from_frame(df.sample(frac=1, random_state=1).sort_values("t", kind="stable"), "y", "t", "id")
    assert isinstance(grouped.times, data.RegularTimes) and grouped.freq == 3
    assert sorted(grouped.ids) == sorted(mixed.ids)
    for sid, v, t in zip(grouped.ids, grouped.values, grouped.times, strict=True):
        j = mixed.ids.index(sid)
        np.testing.assert_array_equal(v, mixed.values[j])
        assert t.equals(mixed.times[j]) and t.dtype == np.int64
    bad = df.assign(y=np.where(np.arange(18) == 8, np.nan, df.y))  # id "a", its 3rd row: file row 9
    with pytest.raises(ValidationError, match="first at row 9 "):
        data.from_frame(bad, "y", "t", "id")
    shuffled = bad.sample(frac=1, random_state=2).reset_index(drop=True)
    row = int(np.flatnonzero(shuffled.y.isna().to_numpy())[0]) + 1
    with pytest.raises(ValidationError, match=f"first at row {row} "):
        data.from_frame(shuffled, "y", "t", "id", sort=True)
    gap = df.drop(index=[3]).reset_index(drop=True)
    ds = data.from_frame(gap, "y", "t", "id", fill_missing_dates=True)
    assert list(ds.times[0]) == [0, 3, 6, 9, 12, 15] and np.isnan(ds.values[0]).sum() == 0


def test_the_one_column_of_dates_is_the_time_axis_when_none_is_given(tmp_path):
    """examples/air_passengers.csv without --time: its 'month' column gives the frequency (season
    12, horizon 18), said in a note; two date columns or none: steps 0, 1, 2, ... as before."""
    from wavecast.data.reader import detect_time, read

    ds = read("examples/air_passengers.csv")
    assert str(ds.freq) == "<MonthBegin>" or "MS" in str(ds.freq)
    assert any("time column 'month'" in n for n in ds.notes)
    df = pd.DataFrame({"a": ["2020-01-01", "2020-02-01"], "b": ["2020-01-01", "2020-02-01"], "y": [1.0, 2.0]})
    assert detect_time(df, set()) == ""  # two candidates: none chosen
    df = pd.DataFrame({"code": ["M1", "M2"], "y": [1.0, 2.0]})
    assert detect_time(df, set()) == ""
    df = pd.DataFrame({"when": pd.to_datetime(["2020-01-01", "2020-01-02"]), "y": [1.0, 2.0]})
    assert detect_time(df, set()) == "when"
    p = tmp_path / "t.parquet"
    pd.DataFrame({"when": pd.date_range("2020-01-01", periods=30, freq="D"),
                  "y": np.arange(30.0)}).to_parquet(p)
    assert read(p, target="y").freq is not None  # the clean Parquet path defers to detection


def _dated(tmp_path, stamps, name="d.csv", col="date"):
    lines = [f"{col},value"] + [f"{s},{i}" for i, s in enumerate(stamps)]
    return csv(tmp_path, "\n".join(lines) + "\n", name=name)


def test_day_first_dates_are_read_day_first_with_a_note(tmp_path):
    """01/01/2020 ... 13/01/2020: a value that is no month-first date settles the order; both
    with --time and found without it, and with dots as well as slashes."""
    days = pd.date_range("2020-01-01", periods=40, freq="D")
    for fmt, shown in (("%d/%m/%Y", "DD/MM/YYYY"), ("%d.%m.%Y", "DD.MM.YYYY")):
        p = _dated(tmp_path, days.strftime(fmt))
        for time in ("date", ""):
            ds = data.read(p, "value", time)
            assert ds.freq == "D" and list(ds.times[0]) == list(days), (fmt, time)
            assert any(f"read as {shown} ('13{shown[2]}01{shown[2]}2020' at row 13" in n for n in ds.notes), ds.notes


def test_monthly_day_first_dates_are_read_by_their_spacing(tmp_path):
    """air passengers with %d/%m/%Y (01/02/1949 ...): every value reads both ways; month-first
    they were a daily series with 96% of its days missing, day-first they are monthly."""
    months = pd.date_range("1949-01-01", periods=36, freq="MS")
    ds = data.read(_dated(tmp_path, months.strftime("%d/%m/%Y"), col="month"), "value", "month")
    assert ds.freq == "MS" and list(ds.times[0]) == list(months)
    assert any("read as DD/MM/YYYY (every value reads both ways and only day-first" in n for n in ds.notes)
    # The mirror: month-first monthly stamps (01/01/2020 ... 12/01/2021) read month-first, said.
    months = pd.date_range("2020-01-01", periods=24, freq="MS")
    ds = data.read(_dated(tmp_path, months.strftime("%m/%d/%Y")), "value", "date")
    assert ds.freq == "MS" and list(ds.times[0]) == list(months)
    assert any("read as MM/DD/YYYY" in n for n in ds.notes)
    # Settled month-first (01/13/2020) is pandas' reading and needs no note.
    days = pd.date_range("2020-01-01", periods=20, freq="D")
    ds = data.read(_dated(tmp_path, days.strftime("%m/%d/%Y")), "value", "date")
    assert list(ds.times[0]) == list(days) and not any("read as" in n for n in ds.notes)


@pytest.mark.parametrize("stamps, pattern", [
    # 1-12 March day-first, or the 3rd of January ... December month-first: both evenly spaced
    ([f"{d:02d}/03/2020" for d in range(1, 13)],
     r"dates in column 'date' of .* are ambiguous: every value reads as DD/MM/YYYY and as MM/DD/YYYY, and "
     r"both readings give evenly spaced times; write them as YYYY-MM-DD"),
    (["12/01/2020", "13/01/2020", "01/14/2020"],
     r"column 'date' in .* mixes day-first and month-first dates \('13/01/2020' at row 2 reads only as "
     r"DD/MM/YYYY, '01/14/2020' at row 3 only as MM/DD/YYYY\); write every date one way"),
    (["30/01/2020", "31/01/2020", "32/01/2020"],
     r"cannot parse 'date' at row 3 of .*: '32/01/2020' is a date neither as DD/MM/YYYY nor as MM/DD/YYYY"),
])
def test_dates_whose_order_cannot_be_told_are_refused(tmp_path, stamps, pattern):
    with pytest.raises(ValidationError, match=pattern) as info:
        data.read(_dated(tmp_path, stamps), "value", "date")
    assert "\n" not in str(info.value) and str(info.value).count("column 'date'") <= 1


def test_fill_missing_dates_refuses_to_invent_most_of_the_series(tmp_path):
    """Stamps the fill would insert outnumber the real ones: refused, and the gap error stops
    advising --fill-missing-dates, since the dates are likely misread."""
    p = _dated(tmp_path, ["2021-01-01", "2021-01-02", "2021-02-01", "2021-03-01", "2021-03-02"])
    with pytest.raises(ValidationError, match=r"--fill-missing-dates would insert 56 time stamps into a daily "
                       r"series of 5: more invented than read; check that the dates are read as meant"):
        data.read(p, "value", "date", fill_missing_dates=True)
    with pytest.raises(ValidationError, match=r"gap of 29 missing step\(s\) after 2021-01-02 in a daily series "
                       r"\(2 gaps, 56 missing stamps\); more missing than present: check that the dates") as info:
        data.read(p, "value", "date")
    assert "--fill-missing-dates" not in str(info.value)


def test_offsets_that_change_are_named(tmp_path):
    """Local times across a daylight-saving change (+01:00, then +02:00): one line, not pandas'.
    A clock at 00:00 and 12:00, irregular in UTC and under a day apart as written (daily local
    midnights are read as local dates: test_meter_times)."""
    stamps = pd.date_range("2020-03-27", periods=10, freq="12h").tz_localize("Europe/Berlin").astype(str)
    with pytest.raises(ValidationError, match=r"column 'date' in .* has time-zone offsets that change \(\+01:00 "
                       r"at row 1, \+02:00 from row 6; daylight saving\?\); convert the times to UTC, or write "
                       r"them without offsets") as info:
        data.read(_dated(tmp_path, stamps), "value", "date")
    assert "\n" not in str(info.value) and "utc=True" not in str(info.value)
    stamps = ["2020-01-01 00:00:00+01:00", "2020-01-02 00:00:00", "2020-01-03 00:00:00+01:00"]
    with pytest.raises(ValidationError, match=r"column 'date' in .* has times with and without a time-zone "
                       r"offset \(row 2: '2020-01-02 00:00:00'\); write them all one way"):
        data.read(_dated(tmp_path, stamps), "value", "date")


@pytest.mark.parametrize("text, pattern", [
    ("1949-01-01,112\n1949-02-01,118\n1949-03-01,132\n",
     r"the first line of .* looks like data, not column names \('1949-01-01', '112'\); if the file has no "
     r"header row, pass --no-header"),
    ("date;value\n2021-01-01;1,5\n2021-01-02;2,5\n",
     r"seems to be separated by ';', not commas \(header 'date;value'\); pass --sep ';' --decimal ','$"),
    ("date\tvalue\n2021-01-01\t1.5\n2021-01-02\t2.5\n", r"seems to be separated by tabs, not commas \(header "
     r"'date\\tvalue'\); pass --sep tab$"),
    ("date|value\n2021-01-01|1.5\n", r"seems to be separated by '\|', not commas .*; pass --sep '\|'$"),
])
def test_a_header_that_is_not_one_is_refused(tmp_path, text, pattern):
    for kwargs in ({}, {"time": "date"}, {"target": "value"}):
        with pytest.raises(ValidationError, match=pattern):
            data.read(csv(tmp_path, text), **kwargs)


def test_a_header_of_numbers_is_kept_when_a_column_is_named(tmp_path):
    p = csv(tmp_path, "1001,1002\n1,5\n2,6\n3,7\n")
    assert data.read(p, "1002").values[0].tolist() == [5, 6, 7]
    assert data.read(csv(tmp_path, "1949-01-01,112\n1949-02-01,118\n"), "1", "0", header=False).freq == "MS"


def test_columns_of_text_not_used_are_said(tmp_path):
    p = csv(tmp_path, "when,value\nMonday,1\nTuesday,2\nWednesday,3\n")
    ds = data.read(p, "value")
    assert ("column 'when' is not used and the rows are steps 0, 1, 2, ... (no time column); pass --time when "
            "if it holds the times") in ds.notes
    p = csv(tmp_path, "when,code,value\n2021-01-01,a,1\n2021-01-02,b,2\n2021-01-03,c,3\n")
    assert not any("is not used" in n for n in data.read(p, "value").notes)  # with a time axis: no note


def test_ids_in_a_csv_come_back_exactly_as_written(tmp_path):
    """ids "007" and "008" were read as 7 and 8 (the output could not be joined back to the file),
    and "NA" (Namibia) or "None" was refused as a missing id: the id column is text, as written;
    only an empty cell is a missing id, and the other columns keep their missing-value words."""
    rows = [f"{sid},{day},{v}" for sid in ("007", "008", "NA", "None", "1e3")
            for day, v in zip(daily(4), ("1", "NA", "3", "4"), strict=True)]
    p = csv(tmp_path, "sid,day,v\n" + "\n".join(rows) + "\n")
    ds = data.read(p, "v", "day", "sid", fill="linear")
    assert [ds.ids[i] for i in in_user_order(ds)] == ["007", "008", "NA", "None", "1e3"]
    assert ds.values[0].tolist() == [1, 2, 3, 4]  # "NA" in the target is still a missing value
    no_header = csv(tmp_path, "\n".join(r for r in rows if r.startswith("00")) + "\n", name="n.csv")
    assert data.read(no_header, "2", "1", "0", fill="linear", header=False).ids == ["007", "008"]
    with pytest.raises(ValidationError, match=r"column 'sid' in .* has a missing id at row 3"):
        data.read(csv(tmp_path, "sid,day,v\nNA,2021-01-01,1\nNA,2021-01-02,2\n,2021-01-03,3\n", name="e.csv"),
                  "v", "day", "sid")
    # A Parquet file keeps its typed ids: text as it is, integers as their digits
    n = 4
    df = pd.DataFrame({"sid": ["007"] * n + ["NA"] * n, "day": daily(n) * 2, "v": np.arange(2.0 * n)})
    df.to_parquet(tmp_path / "t.parquet")
    assert data.read(tmp_path / "t.parquet", "v", "day", "sid").ids == ["007", "NA"]
    df.assign(sid=[7] * n + [8] * n).to_parquet(tmp_path / "i.parquet")
    assert data.read(tmp_path / "i.parquet", "v", "day", "sid").ids == ["7", "8"]


# ---------------------------------------------------------------- separators, decimal marks, date order

def _twins(tmp_path):
    """One daily series as a comma file and as its European (';', decimal commas, 31.01.2020)
    and tab-separated twins."""
    days = pd.date_range("2020-01-01", periods=40, freq="D")
    values = np.round(10 + np.sin(np.arange(40) / 3), 3)
    df = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "value": values})
    comma, semi, tab = tmp_path / "c.csv", tmp_path / "s.csv", tmp_path / "t.tsv"
    df.to_csv(comma, index=False)
    df.assign(date=days.strftime("%d.%m.%Y")).to_csv(semi, sep=";", decimal=",", index=False)
    df.to_csv(tab, sep="\t", index=False)
    assert semi.read_text().startswith("date;value\n01.01.2020;10,0\n")
    return comma, semi, tab


def test_a_semicolon_file_with_decimal_commas_and_a_tab_file_read_as_their_comma_twin(tmp_path):
    comma, semi, tab = _twins(tmp_path)
    want = data.read(comma, "value", "date")
    for got in (data.read(semi, "value", "date", sep=";", decimal=","), data.read(tab, "value", sep="\t")):
        assert got.freq == "D" and list(got.times[0]) == list(want.times[0])
        np.testing.assert_array_equal(got.values[0], want.values[0])
    pipe = csv(tmp_path, comma.read_text().replace(",", "|"), "p.csv")
    np.testing.assert_array_equal(data.read(pipe, "value", sep="|").values[0], want.values[0])
    # decimal commas with thousands points: 1.234,5
    p = csv(tmp_path, "value\n1.234,5\n2.000,25\n", "e.csv")
    assert data.read(p, "value", sep=";", decimal=",", thousands=".").values[0].tolist() == [1234.5, 2000.25]


def test_a_separator_given_that_the_header_lacks_names_the_one_it_has(tmp_path):
    comma, semi, _ = _twins(tmp_path)
    with pytest.raises(ValidationError, match=r"c\.csv seems to be separated by commas, not ';' \(header "
                       r"'date,value'\); pass --sep ','$"):
        data.read(comma, "value", sep=";")
    with pytest.raises(ValidationError, match=r"s\.csv seems to be separated by ';', not tabs .*; pass --sep ';' "
                       r"--decimal ','$"):
        data.read(semi, "value", sep="\t")
    # --sep ';' without --decimal: the numbers' hint names the flag
    with pytest.raises(ValidationError, match=r"first at row 1: '10,0' \(decimal comma\? pass --decimal ','\)"):
        data.read(semi, "value", sep=";")


AMBIGUOUS = [f"{m:02d}/01/2020" for m in range(1, 13)]  # 1-12 January, or the 1st of each month


def test_a_date_order_given_reads_an_ambiguous_column_its_way(tmp_path):
    p = _dated(tmp_path, AMBIGUOUS)
    with pytest.raises(ValidationError, match=r"are ambiguous: .*; write them as YYYY-MM-DD, e.g. 2021-02-19, or "
                       r"pass --date-order day-first or month-first$"):
        data.read(p, "value", "date")
    day = data.read(p, "value", "date", date_order="day-first")
    assert list(day.times[0]) == list(pd.date_range("2020-01-01", periods=12, freq="D")) and day.freq == "D"
    month = data.read(p, "value", "date", date_order="month-first")
    assert list(month.times[0]) == list(pd.date_range("2020-01-01", periods=12, freq="MS")) and month.freq == "MS"
    assert not any("read as" in n for n in day.notes + month.notes)  # said by the user: no note
    # found without --time too, and a column auto reads day-first by its values is read as told
    assert data.read(p, "value", date_order="day-first").freq == "D"
    days = pd.date_range("2020-01-01", periods=20, freq="D").strftime("%d/%m/%Y")
    assert data.read(_dated(tmp_path, days, "e.csv"), "value", "date", date_order="day-first").freq == "D"
    note = data.read(_dated(tmp_path, days, "e.csv"), "value", "date").notes
    assert any("pass --date-order day-first or write YYYY-MM-DD" in n for n in note), note


@pytest.mark.parametrize("order, stamps, pattern", [
    ("month-first", ["12/01/2020", "13/01/2020", "14/01/2020"],
     r"cannot parse 'date' at row 2 of .*d\.csv: '13/01/2020' is no MM/DD/YYYY date \(--date-order month-first\)$"),
    ("month-first", ["12/24/2020", "13/25/2020", "12/26/2020"], r"row 2 .*: '13/25/2020' is no MM/DD/YYYY date"),
    ("day-first", ["01.12.2020", "01.13.2020"], r"row 2 .*: '01.13.2020' is no DD.MM.YYYY date \(--date-order "
     r"day-first\)$"),
])
def test_a_date_impossible_in_the_order_given_is_refused_with_its_row(tmp_path, order, stamps, pattern):
    with pytest.raises(ValidationError, match=pattern) as info:
        data.read(_dated(tmp_path, stamps), "value", "date", date_order=order)
    assert "\n" not in str(info.value)


def test_iso_times_with_a_zone_are_found_as_the_time_axis(tmp_path):
    """2003-03-03T07:00:00Z (fpp3's bank_calls as R writes it), +01:00 and -0500: found without
    --time, read in their zone; such a column was left unused and the rows read as steps 0, 1, 2.
    A first line of such times is data, not a header; offsets that change stay one line."""
    from wavecast.data.reader import detect_time

    t = pd.date_range("2024-01-01 07:00", periods=30, freq="5min", tz="UTC")
    for fmt, zone in (("%Y-%m-%dT%H:%M:%SZ", "UTC"), ("%Y-%m-%dT%H:%M:%S+01:00", "UTC+01:00"),
                      ("%Y-%m-%d %H:%M-0500", "UTC-05:00"), ("%Y-%m-%dT%H:%M:%S.000+0100", "UTC+01:00")):
        stamps = t.strftime(fmt)
        assert detect_time(pd.DataFrame({"DateTime": stamps, "Calls": 1.0}), set()) == "DateTime", fmt
        ds = data.read(_dated(tmp_path, stamps, col="DateTime"), "value")
        times = ds.times[0]
        assert ds.freq == "5min" and str(times.tz) == zone, (fmt, ds.freq, times.tz)
        assert times[0] == pd.Timestamp(stamps[0]) and times[-1] == pd.Timestamp(stamps[-1])
        assert any("time column 'DateTime'" in n for n in ds.notes)
    p = csv(tmp_path, "\n".join(f"{s},{i}" for i, s in enumerate(t.strftime("%Y-%m-%dT%H:%M:%SZ"))) + "\n",
            name="bare.csv")
    with pytest.raises(ValidationError, match="looks like data, not column names"):
        data.read(p)
    local = (pd.date_range("2020-03-27", periods=10, freq="12h").tz_localize("Europe/Berlin")
             .strftime("%Y-%m-%dT%H:%M:%S%z"))  # 00:00 and 12:00 local: 11 or 13 hours apart in UTC
    with pytest.raises(ValidationError, match=r"has time-zone offsets that change \(\+0100 at row 1, \+0200 from "
                       r"row 6; daylight saving\?\); convert the times to UTC") as info:
        data.read(_dated(tmp_path, local), "value")  # found without --time, then refused as with it
    assert "\n" not in str(info.value)


def _sessions_csv(tmp_path, drop=None):
    """3 stamps a day (09:00, 12:00, 15:00) on 15 weekdays: nights and weekends absent."""
    days = pd.bdate_range("2024-01-01", periods=15)
    stamps = [d + pd.Timedelta(hours=h) for d in days for h in (9, 12, 15)]
    if drop is not None:
        stamps.pop(drop)
    return _dated(tmp_path, [s.strftime("%Y-%m-%d %H:%M") for s in stamps], name="sessions.csv")


def test_a_series_recorded_in_sessions_is_said_so_not_dates_misread(tmp_path):
    """bank_calls (5-minute calls 07:00-21:00 on weekdays) was refused as 'more missing than
    present: day and month swapped?'; a series whose every day holds the same times of day is
    said to be recorded in sessions, with the way out that works: its rows as steps, its season
    the stamps a day. --fill-missing-dates (which would invent the nights) says the same."""
    p = _sessions_csv(tmp_path)  # 3-hour grid from Jan 1 09:00 to Jan 19 15:00: 147 stamps, 45 of them read
    for fill in (False, True):
        with pytest.raises(ValidationError) as info:
            data.read(p, "value", "date", fill_missing_dates=fill)
        msg = str(info.value)
        assert "\n" not in msg and "day and month swapped" not in msg, msg
        assert ("the 3h-step series is recorded in sessions, not with gaps: each of its 15 days holds the same 3 "
                "stamps from 09:00 to 15:00; the 102 missing are the hours outside them and the 4 days it lacks "
                "(weekends)") in msg, msg
        assert "leave the time column out" in msg and "--set eval.period=3 " in msg, msg
    steps = pd.read_csv(p)[["value"]]  # the way out: the rows as steps
    ds = data.from_frame(steps, "value")
    assert ds.freq is None and len(ds.values[0]) == 45
    with pytest.raises(ValidationError, match="day and month swapped"):  # a day short of a stamp: not sessions
        data.read(_sessions_csv(tmp_path, drop=10), "value", "date")


def test_the_frequency_word_takes_its_article():
    # "in a hourly series": the gap message read wrong for hourly data
    from wavecast.data.timesaid import article

    assert [article(w) for w in ("hourly", "daily", "8h-step", "minutely", "annual")] == ["an", "a", "an", "a", "an"]
    t = pd.date_range("2024-01-01", periods=60, freq="h").delete([20, 21])
    import wavecast

    with pytest.raises(ValidationError, match="after 2024-01-01 19:00:00 in an hourly series"):
        wavecast.fit(pd.DataFrame({"t": t, "y": np.arange(58.0)}), target="y", time="t", horizon=4, epochs=1)
