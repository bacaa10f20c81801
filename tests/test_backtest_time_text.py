"""A backtest of data whose times are quarters or ISO weeks ('2020Q1', '1991 W06') shows its
cutoffs and times as the data wrote them, as forecasts do (5f0c8e2): wavecast.backtest's
forecasts and the CLI's headline gave dates (2018-10-01), which match no row of the user's data."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import wavecast
from text_periods import iso_weeks, quarters
from wavecast.cli import main
from wavecast.data.yearparts import parse_text

_quarters, _weeks = quarters, iso_weeks


@pytest.mark.parametrize("make, col, cutoffs", [(_quarters, "quarter", ["2018Q4", "2019Q1"]),
                                                (_weeks, "week", ["2020-W12", "2020-W13"])])
def test_the_api_backtest_writes_cutoffs_and_times_as_the_data_did(make, col, cutoffs):
    df = pd.concat([make().assign(shop="a"), make().assign(shop="b", sales=lambda d: 2 * d["sales"])])
    for data, extra in ((make(), {}), (df, {"id": "shop"})):  # one series, and a panel
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bt = wavecast.backtest(data, target="sales", time=col, horizon=3, origins=2, epochs=1, seed=0, **extra)
        fc = bt.forecasts
        assert sorted(set(fc["cutoff"])) == cutoffs == make()[col].tolist()[-5:-3]  # 3 steps from the last 2 origins
        # every time is one of the data's own, or the step after its end: it merges onto the data
        assert set(fc[col]) <= set(make()[col]) and set(fc["cutoff"]) <= set(make()[col])
        assert fc.groupby("cutoff")[col].first().tolist() == make()[col].tolist()[-4:-2]
    # drawn on a time axis as before: each cutoff's forecast joined to the value at its cutoff
    import matplotlib

    matplotlib.use("Agg")
    line = next(ln for ln in wavecast.plot(df, bt).axes[0].get_lines() if ln.get_label() == "LSTM")
    assert pd.DatetimeIndex(line.get_xdata()[:1])[0] == parse_text(pd.Series(cutoffs[:1]))[0]


def test_the_cli_headline_names_the_cutoffs_as_the_data_wrote_them(tmp_path, capsys):
    _quarters().to_csv(tmp_path / "q.csv", index=False)
    assert main(["backtest", "--data", str(tmp_path / "q.csv"), "--horizon", "3", "--origins", "2",
                 "--set", "train.epochs=1", "--out", str(tmp_path / "bt")]) == 0
    out = capsys.readouterr().out
    assert "with cutoffs 2018Q4 to 2019Q1 (index 36 to 37)" in out and "2018-10-01" not in out
