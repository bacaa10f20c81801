"""A forecast's data whose last rows leave the target empty beside the model's past covariates:
refused in the words of the model's roles, not with a flag the forecast refuses. R's us_change,
a model trained with --past Income,Production,Savings,Unemployment, given a file with two
quarters of those filled after its end, was told to "give the covariates known ahead with
--future (not as --past ...)", and `wavecast forecast --future` is refused ("--future is chosen
when the model is trained")."""

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError

SAID = ("the last 2 look like future rows (income filled there), but 'income' is a past covariate, read up to the "
        "forecast origin only: drop those rows to forecast from the last value, or, if those values are known "
        "ahead, train with them as future covariates ({flag})")


def _quarters(n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    income = rng.normal(0.7, 0.5, n)
    return pd.DataFrame({"quarter": pd.period_range("1990Q1", periods=n, freq="Q").to_timestamp(),
                         "consumption": 0.3 + 0.5 * np.r_[0, income[:-1]] + rng.normal(0, 0.2, n),
                         "income": income})


def test_a_forecast_given_future_rows_of_a_past_covariate_says_the_models_words(tmp_path, capsys):
    df = _quarters()
    f = wavecast.fit(df, target="consumption", time="quarter", past=["income"], horizon=4, test_len=4, epochs=1,
                     hidden_size=4, input_len=8, seed=0, eval__without_drivers=False, eval__driver_importance=0)
    f.save(tmp_path / "m")
    ahead = pd.concat([df, pd.DataFrame({"quarter": pd.period_range("2005Q1", periods=2, freq="Q").to_timestamp(),
                                         "income": [0.5, 0.6]})], ignore_index=True)
    ahead.to_csv(tmp_path / "ahead.csv", index=False)
    capsys.readouterr()
    assert main(["forecast", str(tmp_path / "m"), "--data", str(tmp_path / "ahead.csv"),
                 "--out", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert err.endswith(SAID.format(flag="--future") + "\n") and err.count("\n") == 1
    assert "not as --past" not in err
    with pytest.raises(ValidationError) as exc:
        wavecast.load(tmp_path / "m").predict(4, ahead)
    assert str(exc.value).endswith(SAID.format(flag="future="))
    # dropped, as it says: the forecast starts after the last value
    assert len(wavecast.load(tmp_path / "m").predict(4, df)) == 4


def test_future_given_to_a_model_of_past_covariates_names_them():
    # was "future= is for a model fitted with future=[...] covariates; this one has none" alone:
    # a model trained with drivers, refused without a word of what they were
    df = _quarters()
    f = wavecast.fit(df, target="consumption", time="quarter", past=["income"], horizon=4, test_len=4, epochs=1,
                     hidden_size=4, input_len=8, seed=0, eval__without_drivers=False, eval__driver_importance=0)
    future = pd.DataFrame({"quarter": pd.period_range("2005Q1", periods=4, freq="Q").to_timestamp(),
                           "income": 0.5})
    with pytest.raises(ValidationError) as exc:
        f.predict(4, future=future)
    assert str(exc.value) == ("future= is for a model fitted with future=[...] covariates; this one has none: its "
                              "'income' is a past covariate, read from the history up to the forecast origin only "
                              "(newer history goes to predict(h, data))")
