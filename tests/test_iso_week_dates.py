"""A time column of ISO week dates ('2013-W01-7': Sunday of ISO week 1 of 2013), as exports by
ISO week write them, was refused: "cannot parse 'week' at row 1 of w.csv: '2013-W01-7'; use one
format, e.g. 2021-02-19" (pandas reads no week dates; '2013-W01', a week, was read already). Each
is now read as the day it names, and the forecasts are written the same way."""
import numpy as np
import pandas as pd

from wavecast.cli import main

FAST = ["--quiet", "--set", "direct.max_epochs=1", "--set", "direct.n_ensemble=1", "--set", "model.hidden_size=4"]


def _weeks(n: int = 80, day: int = 7, basic: bool = False) -> pd.DataFrame:
    t = pd.date_range("2013-01-07", periods=n, freq="W-MON") + pd.Timedelta(days=day - 1)
    iso = t.isocalendar()
    sep = "" if basic else "-"
    week = [f"{y}{sep}W{w:02d}{sep}{d}" for y, w, d in zip(iso.year, iso.week, iso.day, strict=True)]
    return pd.DataFrame({"week": week, "y": 10 + np.sin(np.arange(n) * 2 * np.pi / 13) + 0.01 * np.arange(n)})


def test_iso_week_dates_are_read_as_their_days():
    from wavecast.data.yearparts import read_iso_week_dates

    got = read_iso_week_dates(pd.Series(["2013-W01-7", "2020-W53-5", "2009-W01-1"]))
    assert list(got) == [pd.Timestamp("2013-01-06"), pd.Timestamp("2021-01-01"), pd.Timestamp("2008-12-29")]
    assert list(read_iso_week_dates(pd.Series(["2013W017", "2013W021"]))) == [pd.Timestamp("2013-01-06"),
                                                                              pd.Timestamp("2013-01-07")]
    for bad in (["2021-W53-1"], ["2013-W01-8"], ["2013-W01-7", "2013-01-13"], ["2013-W017"], ["2013-W01"]):
        assert read_iso_week_dates(pd.Series(bad)) is None, bad  # no such week; no such day; mixed; half of each


def test_a_file_of_iso_week_dates_runs_and_forecasts_in_them(tmp_path, capsys):
    data = tmp_path / "w.csv"
    _weeks().to_csv(data, index=False)
    run = tmp_path / "run"
    assert main(["run", "--data", str(data), "--time", "week", "--target", "y", "--horizon", "4", "--out", str(run),
                 *FAST]) == 0  # was: exit 2, "cannot parse 'week' at row 1 ..."
    out = tmp_path / "f.csv"
    assert main(["forecast", str(run), "--out", str(out), "--quiet"]) == 0
    # the 80 Sundays (2013-W02-7 on) end at 2014-W29-7; the forecast goes on a week at a time, written so
    assert pd.read_csv(out)["week"].tolist() == ["2014-W30-7", "2014-W31-7", "2014-W32-7", "2014-W33-7"]
    assert main(["run", "--data", str(data), "--target", "y", "--horizon", "4", "--out", str(tmp_path / "r2"),
                 *FAST[1:]]) == 0  # found as the time column without --time
    assert "note: time column 'week' (the only column of dates" in capsys.readouterr().out


def test_basic_week_dates_and_a_daily_column_of_them(tmp_path):
    import wavecast

    daily = pd.DataFrame({"day": [f"{y}W{w:02d}{d}" for y, w, d in zip(*pd.date_range("2020-01-01", periods=60)
                                                                       .isocalendar().T.to_numpy(), strict=True)],
                          "y": np.arange(60.0) % 7})
    f = wavecast.fit(daily, time="day", target="y", horizon=3, epochs=1, hidden_size=4)
    assert list(f.predict(3)["day"]) == ["2020W097", "2020W101", "2020W102"]  # after Saturday 2020-02-29


def test_a_model_of_week_dates_refuses_another_weekday_in_its_own_format():
    # the model's data wrote '2013-W02-7': the refusal said "date each week on its Sunday, as the
    # model's data was", a format that data never used
    import pytest

    import wavecast
    from wavecast.errors import ValidationError

    for basic, shown in ((False, "'2020-W05-7'"), (True, "'2020W057'")):
        f = wavecast.fit(_weeks(basic=basic), time="week", target="y", horizon=4, epochs=1, hidden_size=4)
        mondays = _weeks(day=1).assign(week=lambda d: pd.date_range("2013-01-07", periods=len(d), freq="W-MON"))
        with pytest.raises(ValidationError) as e:
            f.predict(4, data=mondays)
        assert str(e.value) == (f"the model was trained on weeks dated on Sundays (W-SUN), written as ISO week dates "
                                f"({shown}); the data given is dated on Mondays (W-MON), so its forecast would be dated "
                                f"off the model's weeks: write each week as its Sunday's ISO week date ({shown}), as the "
                                "model's data was, or train a model on these dates")
