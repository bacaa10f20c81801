"""A backtest with drivers writes the net's forecasts without them to forecasts.csv (and
backtest(...).forecasts) beside the net's: per_origin.csv and the tables scored "LSTM without
drivers" while the file, new the same day, had no column of it (a user round's backtest of fpp2's
elecdaily with --future Temperature,WorkDay)."""

import numpy as np
import pandas as pd

from wavecast.cli import main

FAST = ["--set", "direct.max_epochs=2", "--set", "direct.n_ensemble=1", "--seed", "0"]


def test_the_forecasts_without_drivers_are_written_and_scored_as_per_origin(tmp_path, capsys):
    rng = np.random.default_rng(0)
    n = 80
    temp = 20 + 5 * rng.standard_normal(n)
    path = tmp_path / "d.csv"
    pd.DataFrame({"day": pd.date_range("2024-01-01", periods=n, freq="D").strftime("%Y-%m-%d"), "temp": temp,
                  "load": 100 + 3 * temp + rng.normal(0, 1, n)}).to_csv(path, index=False)
    out = tmp_path / "bt"
    assert main(["backtest", "--data", str(path), "--time", "day", "--target", "load", "--future", "temp",
                 "--horizon", "5", "--origins", "3", "--stride", "4", "--level", "80", "--out", str(out),
                 "--quiet", *FAST]) == 0
    fc = pd.read_csv(out / "forecasts.csv")
    per = pd.read_csv(out / "per_origin.csv")
    assert "LSTM without drivers mse" in per.columns  # the check was made
    assert list(fc.columns[:5]) == ["cutoff", "day", "load", "LSTM", "LSTM without drivers"], list(fc.columns)
    assert not fc["LSTM without drivers"].isna().any() and not np.allclose(fc["LSTM without drivers"], fc["LSTM"])
    for name in ("LSTM", "LSTM without drivers"):  # the per-origin scores are those of these forecasts
        mse = fc.assign(e=(fc[name] - fc["load"]) ** 2).groupby("cutoff", sort=False)["e"].mean().to_numpy()
        np.testing.assert_allclose(per[f"{name} mse"], mse, rtol=1e-9)
    assert "LSTM without drivers-lo-80" not in fc.columns  # the check scores point forecasts, no bands
