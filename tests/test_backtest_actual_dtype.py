"""wavecast.backtest's actual values keep the user's integer dtype: an int64 target's 405 came
back 405.0 (float64), where predict's frame gives the ids back of the user's own dtype. The
forecasts stay float; values the reader filled between whole ones (fill='linear': 361.5) keep
the column float64, and a float target is float64 as before."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast


def _monthly(n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    sales = (400 + 50 * np.sin(np.arange(n) * np.pi / 6) + rng.normal(0, 5, n)).round()
    return pd.DataFrame({"month": pd.date_range("2020-01", periods=n, freq="MS"), "sales": sales.astype("int64"),
                         "qty": (sales // 3).astype("int64")})


def _backtest(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wavecast.backtest(data, horizon=3, origins=3, epochs=1, level=[], **kw).forecasts


@pytest.mark.parametrize("dtype", ["int64", "int32", "Int64"])
def test_integer_actuals_keep_the_users_dtype(dtype):
    df = _monthly().astype({"sales": dtype})
    fc = _backtest(df, target="sales", time="month")
    assert fc["sales"].dtype == df["sales"].dtype, fc.dtypes
    assert fc["sales"].tolist() == df.set_index("month")["sales"].loc[fc["month"]].tolist()  # the data's own
    assert fc["LSTM"].dtype == np.float64  # the forecasts stay float


def test_several_integer_targets_and_a_series():
    df = _monthly()
    fc = _backtest(df, target=["sales", "qty"], time="month")
    assert fc["actual"].dtype == np.int64, fc.dtypes
    assert _backtest(df.set_index("month")["sales"])["sales"].dtype == np.int64


def test_filled_or_float_actuals_stay_float():
    df = _monthly()
    sales = df["sales"].astype("Int64")
    sales.iloc[-5:-2] = [400, pd.NA, 401]  # filled 400.5, inside the last origins' horizons
    fc = _backtest(df.assign(sales=sales), target="sales", time="month", fill="linear")
    assert fc["sales"].dtype == np.float64 and (fc["sales"] % 1 == 0.5).any(), fc["sales"].tolist()
    assert _backtest(df.astype({"sales": float}), target="sales", time="month")["sales"].dtype == np.float64
