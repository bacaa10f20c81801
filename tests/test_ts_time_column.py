"""R's time() of a ts that is neither yearly, quarterly nor monthly, as data.frame(time =
time(x), x) writes it (EuStockMarkets: business days, frequency 260, 1991.4962, 1991.5, ...; a
daily ts of frequency 7: 1, 1.1429, ...), is no date. A column named time of such values was
offered as a target ('5 numeric columns (time, DAX, SMI, CAC, FTSE)', '--target
time,DAX,SMI,CAC,FTSE', a melt that stacked the time as a series), told to be --past or
--future beside --target DAX, and refused under --time as "cannot parse 'time' at row 132:
'1992.0'; use one format, e.g. 2021-02-19"."""

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError


def _stocks(path, decimals: int = 15):
    k = np.arange(300)
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"time": (1991 + (129 + k) / 260).round(decimals),
                       "DAX": 1600 + np.cumsum(rng.normal(0, 10, 300)), "SMI": 1700 + np.cumsum(rng.normal(0, 10, 300))})
    df.to_csv(path, index=False)


def test_no_target_refusal_leaves_the_ts_time_out(tmp_path, capsys):
    p = tmp_path / "EuStockMarkets.csv"
    _stocks(p)
    assert main(["run", "--data", str(p), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert "2 numeric columns (DAX, SMI)" in err, err
    assert ".melt(id_vars='time', " in err and "--target DAX,SMI" in err and "--target time" not in err, err


@pytest.mark.parametrize("decimals", [15, 4])
def test_the_ts_time_is_left_out_with_a_note(tmp_path, decimals):
    p = tmp_path / "EuStockMarkets.csv"
    _stocks(p, decimals)
    ds = reader.read(p, target="DAX")
    assert ds.notes[0] == ("column 'time' holds R's time() of a ts of frequency 260 (1991.4962, 1991.5, ...), not "
                           "dates: left out, the rows are read as steps 0, 1, 2, ...; for a season of R's frequency, "
                           "--set eval.period=260"), ds.notes
    assert not any("column 'time' is not used" in n for n in ds.notes), ds.notes
    assert "column 'SMI' is not used; pass --past or --future to use it" in ds.notes
    assert len(ds.values[0]) == 300


def test_the_ts_time_given_as_time_is_refused_saying_why(tmp_path, capsys):
    p = tmp_path / "EuStockMarkets.csv"
    _stocks(p)
    assert main(["run", "--data", str(p), "--target", "DAX", "--time", "time", "--out", str(tmp_path / "r")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"wavecast: error: column 'time' in {p} holds R's time() of a ts of frequency 260 (1991.4962, 1991.5, ...: "
        "steps of 1/260), not dates; leave out --time: such a column is left out and the rows are read as steps 0, "
        "1, 2, ...")


def test_a_daily_ts_time_in_a_panel_and_monthly_decimal_years_unchanged(tmp_path):
    k = np.arange(28)
    long = pd.concat([pd.DataFrame({"id": s, "time": 1 + k / 7, "y": 10.0 + s + np.sin(k)}) for s in range(2)])
    p = tmp_path / "daily.csv"
    long.to_csv(p, index=False)
    ds = reader.read(p, id="id")
    assert ds.notes[0].startswith("column 'time' holds R's time() of a ts of frequency 7 (1, 1.1429, ...)"), ds.notes
    assert len(ds.ids) == 2 and len(ds.values[0]) == 28
    monthly = pd.DataFrame({"time": 1949 + np.arange(24) / 12, "y": np.arange(24.0)})  # months: read as dates
    monthly.to_csv(p, index=False)
    assert reader.read(p).freq == "MS"
    with pytest.raises(ValidationError, match="2 numeric columns"):  # plain numbers named otherwise: as before
        pd.DataFrame({"t": 1 + np.arange(20) / 7, "y": np.arange(20.0)}).to_csv(p, index=False) or reader.read(p)


def test_a_weekly_ts_time_of_frequency_365_25_over_7_is_left_out(tmp_path):
    # fpp2's gasoline: ts(x, start = 1991.1, frequency = 365.25/7), written to 6 decimals; a
    # frequency of 52 drifts a step off within 30 weeks, so the column was a second numeric column
    # ('2 numeric columns (time, value)', offering target=['time', 'value'])
    k = np.arange(400)
    p = tmp_path / "gasoline.csv"
    pd.DataFrame({"time": (1991.1 + k * 7 / 365.25).round(6), "value": 7 + np.sin(k / 8.3)}).to_csv(p, index=False)
    ds = reader.read(p)
    assert ds.notes[0] == ("column 'time' holds R's time() of a ts of frequency 52.18 (1991.1, 1991.1192, ...), not "
                           "dates: left out, the rows are read as steps 0, 1, 2, ...; for a season of R's frequency, "
                           "--set eval.period=52"), ds.notes
    assert ds.target == "value" and len(ds.values[0]) == 400
    with pytest.raises(ValidationError, match=r"frequency 52.18 \(1991.1, 1991.1192, ...: steps of 1/52.18\)"):
        reader.read(p, time="time")


@pytest.mark.parametrize(("freq", "said", "period"), [(365, "365", 365), (365.25, "365.25", 365), (24, "24", 24)])
def test_a_daily_ts_of_365_days_is_not_taken_for_one_of_365_25(tmp_path, freq, said, period):
    # R's frequency 365 lies within a thousandth of 365.25: a whole number is tried first (the
    # frequencies of a year of 365.25 days drifted 365's steps off, and the time was a number again)
    k = np.arange(800)
    p = tmp_path / "daily.csv"
    pd.DataFrame({"time": (2010 + k / freq).round(7), "value": 5 + np.sin(k / 5)}).to_csv(p, index=False)
    note = reader.read(p).notes[0]
    assert note.startswith(f"column 'time' holds R's time() of a ts of frequency {said} (2010, "), note
    assert note.endswith(f"--set eval.period={period}"), note
