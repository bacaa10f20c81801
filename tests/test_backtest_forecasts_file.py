"""wavecast backtest writes forecasts.csv: every origin's forecasts and bands beside the actual
values, dated, as wavecast.backtest(...).forecasts gives them. The command wrote the scores alone,
and per_origin.csv numbers its origins by index (346, 347, ...): which dates each forecast covered,
and the forecasts themselves, were lost (a user round on fpp2's elecdaily)."""

import numpy as np
import pandas as pd

from wavecast.cli import main

FAST = ["--set", "direct.max_epochs=2", "--set", "direct.n_ensemble=1", "--seed", "0"]


def _daily(tmp_path, ids=("a",), n: int = 60) -> tuple[str, pd.DataFrame]:
    rng = np.random.default_rng(0)
    df = pd.concat([pd.DataFrame({"shop": sid, "day": pd.date_range("2024-01-01", periods=n, freq="D").strftime("%Y-%m-%d"),
                                  "sales": 20 + 3 * np.sin(2 * np.pi * np.arange(n) / 7) + rng.normal(0, 0.5, n)})
                    for sid in ids])
    path = tmp_path / "sales.csv"
    df.to_csv(path, index=False)
    return str(path), df


def test_one_series_forecasts_each_origin_dated_and_scored_as_per_origin(tmp_path, capsys):
    path, df = _daily(tmp_path)
    out = tmp_path / "bt"
    assert main(["backtest", "--data", path, "--time", "day", "--target", "sales", "--horizon", "5",
                 "--origins", "3", "--stride", "4", "--level", "80", "--out", str(out), *FAST]) == 0
    assert "forecasts.csv" in capsys.readouterr().out  # in the 'wrote' line
    fc = pd.read_csv(out / "forecasts.csv")
    assert list(fc.columns[:4]) == ["cutoff", "day", "sales", "LSTM"] and {"LSTM-lo-80", "LSTM-hi-80"} <= set(fc.columns)
    assert len(fc) == 3 * 5 and fc["cutoff"].nunique() == 3
    # each forecast's dates follow its cutoff, 4 days apart, the last ending at the data's end
    assert list(fc["cutoff"].unique()) == ["2024-02-16", "2024-02-20", "2024-02-24"] and fc["day"].iloc[-1] == "2024-02-29"
    truth = df.set_index("day")["sales"]
    np.testing.assert_allclose(fc["sales"], truth.loc[fc["day"]].to_numpy())  # the actual values, by date
    # the per-origin scores are those of these forecasts
    per = pd.read_csv(out / "per_origin.csv")
    mse = fc.assign(e=(fc["LSTM"] - fc["sales"]) ** 2).groupby("cutoff", sort=False)["e"].mean().to_numpy()
    np.testing.assert_allclose(per["LSTM mse"], mse, rtol=1e-9)


def test_a_panel_forecasts_every_series_under_its_id(tmp_path):
    path, df = _daily(tmp_path, ids=("a", "b"))
    out = tmp_path / "bt"
    assert main(["backtest", "--data", path, "--time", "day", "--id", "shop", "--target", "sales", "--horizon", "5",
                 "--origins", "2", "--quiet", "--out", str(out), *FAST]) == 0
    fc = pd.read_csv(out / "forecasts.csv")
    assert list(fc.columns[:4]) == ["shop", "cutoff", "day", "sales"]
    assert fc.groupby("shop").size().to_dict() == {"a": 10, "b": 10}
    truth = df.set_index(["shop", "day"])["sales"]
    np.testing.assert_allclose(fc["sales"], truth.loc[list(zip(fc["shop"], fc["day"], strict=True))].to_numpy())
    # replaced by the next backtest into the same folder: wavecast's own file, not the user's
    assert main(["backtest", "--data", path, "--time", "day", "--id", "shop", "--target", "sales", "--horizon", "5",
                 "--origins", "3", "--quiet", "--out", str(out), *FAST]) == 0
    assert len(pd.read_csv(out / "forecasts.csv")) == 2 * 3 * 5
