"""wavecast.backtest(level=[]) asks for no bands, as predict(h, level=[]) does: it was read as
"not given" and calibrated, scored and wrote 80% and 95% bands (examples/lynx.csv, 3 origins:
20 band columns in the forecasts, coverage-80 and coverage-95 in the scores)."""

import warnings

import pandas as pd

import wavecast


def _lynx():
    return pd.read_csv("examples/lynx.csv")


def _backtest(**kw):
    df = _lynx()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wavecast.backtest(df, target=df.columns[1], time=df.columns[0], horizon=4, origins=3, stride=4,
                                 epochs=2, seed=0, **kw)


def test_an_empty_level_gives_no_bands_and_no_coverage():
    for level in ([], ()):
        bt = _backtest(level=level)
        assert not [c for c in bt.forecasts.columns if "-lo-" in c or "-hi-" in c], bt.forecasts.columns
        assert not [c for c in bt.scores.columns if c.startswith("coverage")]
        assert "intervals" not in bt.metrics["forecasters"]["LSTM"]


def test_no_level_still_gives_the_default_80_and_95():
    bt = _backtest()
    assert {"LSTM-lo-80", "LSTM-hi-95"} <= set(bt.forecasts.columns)
    assert [c for c in bt.scores.columns if c.startswith("coverage")] == ["coverage-80", "coverage-95"]
    assert [c for c in _backtest(level=[50]).scores.columns if c.startswith("coverage")] == ["coverage-50"]
