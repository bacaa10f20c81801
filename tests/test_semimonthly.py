"""Semi-monthly data (the 1st and the 15th, or the 15th and the month's last day: payroll, crop and
price reports) read as pandas' SMS and SME (data.semimonthly), end to end. Its steps of 13 to 17
days were refused as irregular. Small series, one epoch."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from wavecast.cli import main
from wavecast.data import reader as data
from wavecast.data.freqinfer import infer_freq
from wavecast.data.futuretimes import future_times
from wavecast.errors import ValidationError

FAST = ["--set", "direct.max_epochs=1", "--set", "direct.n_ensemble=1", "--quiet"]


def _semi(tmp_path, freq="SMS", n=96, start="2018-01-01", drop=(), name="semi.csv"):
    """n stamps of `freq` from `start` less those at positions `drop`: a yearly wave (24 steps) and noise."""
    days = pd.date_range(start, periods=n, freq=freq)
    y = 100 + 10 * np.sin(np.arange(n) * 2 * np.pi / 24) + np.random.default_rng(0).normal(0, 1, n)
    keep = np.setdiff1d(np.arange(n), list(drop))
    path = tmp_path / name
    pd.DataFrame({"date": days[keep].strftime("%Y-%m-%d"), "y": np.round(y[keep], 4)}).to_csv(path, index=False)
    return path, days[keep]


@pytest.mark.parametrize("freq, start, last, ahead", [
    ("SMS", "2018-01-01", "2021-12-15", ["2022-01-01", "2022-01-15", "2022-02-01"]),
    ("SME", "2018-01-15", "2021-12-31", ["2022-01-15", "2022-01-31", "2022-02-15"]),
])
def test_both_kinds_are_read_as_semimonthly_with_the_next_half_months_ahead(tmp_path, freq, start, last, ahead):
    path, days = _semi(tmp_path, freq, start=start)
    ds = data.read(path, "y", "date")
    assert ds.freq == freq and len(ds.values[0]) == 96 and str(ds.times[0][-1].date()) == last
    assert [str(t.date()) for t in future_times(ds.times[0][-1], ds.freq, 3)] == ahead


def test_other_day_pairs_and_tz_and_gaps_are_detected_and_a_stray_date_is_not(tmp_path):
    for freq in ("SMS-16", "SME-14"):
        t = pd.date_range("2020-01-01", periods=30, freq=freq)
        assert infer_freq(t) == (freq, 0)
        assert infer_freq(t.delete([4, 11, 12])) == (freq, 2)  # two gaps, three stamps missing
    assert infer_freq(pd.date_range("2020-01-01", periods=30, freq="SMS", tz="Europe/Berlin")) == ("SMS", 0)
    # monthly data with one stray 15th is no semi-monthly series missing every other step: refused as before
    stray = pd.date_range("2019-01-01", periods=24, freq="MS").append(pd.DatetimeIndex(["2021-01-15"]))
    with pytest.raises(ValidationError, match="^time steps are irregular"):
        infer_freq(stray)
    # the 1st and the 2nd are no half-months: a daily series with gaps, as before
    days = pd.DatetimeIndex(["2021-01-01", "2021-01-02", "2021-02-01", "2021-03-01", "2021-03-02"])
    assert infer_freq(days) == ("D", 2)


def test_season_24_and_horizon_12_said_in_the_notes(tmp_path, capsys):
    path, _ = _semi(tmp_path)
    out = tmp_path / "r"
    assert main(["run", "--data", str(path), "--out", str(out), "--set", "direct.max_epochs=1",
                 "--set", "direct.n_ensemble=1"]) == 0
    err = "".join(capsys.readouterr())
    assert "note: season 24 (from the 'SMS' frequency)" in err
    assert ("note: horizon 12 (six months of semi-monthly ('SMS') data, between M4's monthly and weekly horizons: "
            "12 steps; set it with --horizon)") in err
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["window"]["horizon"] == 12


def test_a_missing_15th_is_a_gap_refused_then_filled(tmp_path):
    path, days = _semi(tmp_path, drop=(41,))  # 2019-09-15
    with pytest.raises(ValidationError) as info:
        data.read(path, "y", "date")
    assert str(info.value) == ("gap of 1 missing step(s) after 2019-09-01 in a semi-monthly series (1 gap, "
                               "1 missing stamp); use --fill-missing-dates")
    ds = data.read(path, "y", "date", fill_missing_dates=True)
    assert len(ds.values[0]) == 96 and ds.times[0][41] == pd.Timestamp("2019-09-15")
    assert ds.notes[-1] == "1 missing time stamp inserted, values interpolated linearly"


def test_saved_model_forecasts_its_own_tail_and_new_data_on_the_next_half_months(tmp_path):
    path, days = _semi(tmp_path, "SME", start="2018-01-15")
    out = tmp_path / "r"
    assert main(["run", "--data", str(path), "--horizon", "4", "--out", str(out), *FAST]) == 0
    assert json.loads((out / "model" / "model.json").read_text())["data"]["freq"] == "SME"
    assert main(["forecast", str(out / "model"), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    assert list(pd.read_csv(tmp_path / "f.csv")["date"]) == ["2022-01-15", "2022-01-31", "2022-02-15", "2022-02-28"]
    import wavecast

    kept = wavecast.load(out / "model").dataset.times[0]  # rebuilt from the last date on the SME grid
    assert kept.equals(pd.DatetimeIndex(days[-len(kept):]))
    new, _ = _semi(tmp_path, "SME", n=90, start="2018-01-15", name="new.csv")  # ends 2021-09-30
    assert main(["forecast", str(out / "model"), "--data", str(new), "--out", str(tmp_path / "g.csv"), "--quiet"]) == 0
    assert list(pd.read_csv(tmp_path / "g.csv")["date"]) == ["2021-10-15", "2021-10-31", "2021-11-15", "2021-11-30"]
    # monthly data given to a semi-monthly model: refused in the frequencies' words
    monthly = tmp_path / "monthly.csv"
    pd.DataFrame({"date": pd.date_range("2015-01-01", periods=60, freq="MS").strftime("%Y-%m-%d"),
                  "y": np.arange(60.0)}).to_csv(monthly, index=False)
    with pytest.raises(ValidationError, match=r"trained on semi-monthly \(SME\) data; the data given is monthly \(MS\)"):
        wavecast.load(out / "model").predict(4, data=monthly)


def test_python_fit_predicts_the_next_1st_and_15th_and_a_pickle_free_round_trip(tmp_path):
    import wavecast

    days = pd.date_range("2018-01-01", periods=96, freq="SMS")
    s = pd.Series(100 + np.sin(np.arange(96) * 2 * np.pi / 24), index=days, name="y")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(s, horizon=3, direct__max_epochs=1, direct__n_ensemble=1)
        f.save(tmp_path / "m")
        g = wavecast.load(tmp_path / "m")
    want = [pd.Timestamp(d) for d in ("2022-01-01", "2022-01-15", "2022-02-01")]
    assert list(f.predict(3).index) == want and list(g.predict(3).index) == want
    assert np.allclose(f.predict(3).to_numpy(), g.predict(3).to_numpy())


def test_half_months_on_other_days_given_to_a_saved_model_are_refused_as_weeks_on_another_weekday_are(tmp_path):
    import wavecast

    path, _ = _semi(tmp_path, "SMS")  # the 1st and the 15th
    out = tmp_path / "r"
    assert main(["run", "--data", str(path), "--horizon", "3", "--out", str(out), *FAST]) == 0
    end, _ = _semi(tmp_path, "SME", start="2018-01-15", name="end.csv")  # the 15th and the month's last day
    said = ("the model was trained on semi-monthly data dated on the 1st and the 15th (SMS); the data given is dated "
            "on the 15th and the month's last day (SME), so its forecast would be dated off the model's half-months: "
            "date each half-month on the 1st and the 15th, as the model's data was, or train a model on these dates")
    with pytest.raises(ValidationError) as info:
        wavecast.load(out / "model").predict(3, data=end)
    assert str(info.value) == said
    assert main(["forecast", str(out / "model"), "--data", str(end), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 2
    assert not (tmp_path / "f.csv").exists()
    sixteenth, _ = _semi(tmp_path, "SMS-16", name="sixteenth.csv")  # the 1st and the 16th: another pair too
    with pytest.raises(ValidationError, match=r"the data given is dated on the 1st and the 16th \(SMS-16\)"):
        wavecast.load(out / "model").predict(3, data=sixteenth)
    # its own kind, other dates: continued as before
    again, _ = _semi(tmp_path, "SMS", n=90, name="again.csv")
    ahead = wavecast.load(out / "model").predict(3, data=again)
    assert list(pd.to_datetime(ahead["date"])) == list(pd.date_range("2021-10-01", periods=3, freq="SMS"))
