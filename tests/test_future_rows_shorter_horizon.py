"""Too few future rows for the model's horizon: a week of weather forecasts for a model of 14
days (modeldata's Chicago ridership, future temp and percip) was refused as 'future covariate
'temp' has 7 value(s) after the series' end; forecasting 14 steps needs 14: add rows ...', where
`wavecast forecast` had chosen the 14 steps itself (the model's horizon) and forecasting the 7
steps the rows cover was the user's other way out. The refusal now offers it, with the steps every
series' rows cover."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError

FAST = dict(input_len=8, horizon=6, test_len=6, epochs=1, seed=0, overrides=["model.hidden_size=6"])


def _quiet(call, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kw)


@pytest.fixture(scope="module")
def shops(tmp_path_factory):
    rng = np.random.default_rng(2)
    n, h = 60, 6
    parts = []
    for k, ahead in (("a", 6), ("b", 4)):  # b's drivers are known 4 days ahead only
        x = rng.normal(0, 1, n + h)
        parts.append(pd.DataFrame({"id": k, "date": pd.date_range("2024-01-01", periods=n + ahead, freq="D"),
                                   "y": np.r_[5 + x[:n] + rng.normal(0, 0.1, n), [np.nan] * ahead],
                                   "x": x[:n + ahead]}))
    folder = tmp_path_factory.mktemp("shops")
    pd.concat(parts).to_csv(folder / "d.csv", index=False)
    f = _quiet(wavecast.fit, folder / "d.csv", target="y", time="date", id="id", future=["x"], **FAST)
    f.save(folder / "run")
    return folder, f


def test_the_command_line_offers_the_steps_the_rows_cover(shops, capsys):
    folder, _ = shops
    out = folder / "f.csv"
    assert main(["forecast", str(folder / "run"), "--data", str(folder / "d.csv"), "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == (
        "wavecast: error: series 'b': future covariate 'x' has 4 value(s) after the series' end; forecasting 6 steps "
        "needs 6: add rows after its end holding the future covariates (target empty), or forecast the 4 steps they "
        "cover with --horizon 4")
    assert main(["forecast", str(folder / "run"), "--data", str(folder / "d.csv"), "--horizon", "4",
                 "--out", str(out)]) == 0  # the remedy runs
    assert len(pd.read_csv(out)) == 8


def test_python_offers_predict_of_the_steps_the_rows_cover(shops):
    folder, f = shops
    df = pd.read_csv(folder / "d.csv", parse_dates=["date"])
    hist, fut = df[df.y.notna()], df[df.y.isna()].drop(columns="y")
    with pytest.raises(ValidationError) as err:
        _quiet(f.predict, 6, data=hist, future=fut)
    assert str(err.value) == ("series 'b': future covariate 'x' has 4 value(s) after the series' end; forecasting 6 "
                              "steps needs 6: give future= one row a step after its end, or forecast the 4 steps they "
                              "cover with predict(4, ...)"), err.value
    assert len(_quiet(f.predict, 4, data=hist, future=fut)) == 8
    with pytest.raises(ValidationError, match=r"\(target empty\), or pass future=, or forecast the 4 steps they cover "
                                              r"with predict\(4, \.\.\.\)$"):
        _quiet(f.predict, 6, data=df)
    with pytest.raises(ValidationError, match=r"has 0 value\(s\) .*\(target empty\), or pass future=$"):
        _quiet(f.predict, 6, data=hist)  # no row at all: no shorter forecast to offer
