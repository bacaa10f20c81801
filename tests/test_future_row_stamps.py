"""A bad value in predict(h, future=df) names the row's time stamp where df has the model's time
column: "at future row 3" alone counted the series' steps, not df's rows, which may come in any
order (they are matched by time), so the user had to count to find it. Small models, few epochs."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError

N, H = 60, 4
FAST = dict(horizon=H, test_len=H, epochs=2, hidden_size=4, input_len=8, seed=0)


def _price():
    return 10 + np.cumsum(np.random.default_rng(0).normal(0, 0.1, N + H))


def _fit(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wavecast.fit(df, target="y", future=["price"], **kw, **FAST)


def _refused(f, future) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValidationError) as exc:
            f.predict(H, future=future)
    return str(exc.value)


@pytest.fixture(scope="module")
def daily():
    """Two shops' daily sales with a future price; the future rows start on 2024-03-01."""
    price = _price()
    days = pd.date_range("2024-01-01", periods=N + H, freq="D")
    rows = [pd.DataFrame({"shop": s, "date": days, "y": 100 - 8 * price + k, "price": price + k})
            for k, s in enumerate(("a", "b"))]
    df = pd.concat(rows, ignore_index=True)
    hist = df[df["date"] < days[N]]
    return _fit(hist, time="date", id="shop"), df[df["date"] >= days[N]][["shop", "date", "price"]]


def test_a_missing_future_value_names_its_date_and_step(daily):
    f, fut = daily
    bad = fut.reset_index(drop=True)
    bad.loc[(bad["shop"] == "b") & (bad["date"] == "2024-03-03"), "price"] = np.nan
    want = "future covariate 'price' is missing for series 'b' at 2024-03-03 (future row 3); fill every future row"
    assert _refused(f, bad) == want
    # the rows in another order: the same step, the same date (the frame's row 3 is another day)
    assert _refused(f, bad.iloc[::-1].reset_index(drop=True)) == want


def test_text_and_infinite_future_values_name_their_date(daily):
    f, fut = daily
    bad = fut.reset_index(drop=True).assign(price=lambda d: d["price"].astype(object))
    bad.loc[(bad["shop"] == "a") & (bad["date"] == "2024-03-02"), "price"] = "9,99"
    assert _refused(f, bad) == ("future covariate 'price' is not a number for series 'a' at 2024-03-02 "
                                "(future row 2): '9,99'; give numbers (a flag as 0/1)")
    bad = fut.reset_index(drop=True)
    bad.loc[(bad["shop"] == "a") & (bad["date"] == "2024-03-04"), "price"] = np.inf
    assert _refused(f, bad) == ("future covariate 'price' is infinite (inf) for series 'a' at 2024-03-04 "
                                "(future row 4); fill every future row")


def test_an_integer_time_axis_names_the_step_by_its_column_and_no_time_column_the_row_alone():
    price = _price()
    df = pd.DataFrame({"t": np.arange(N), "y": 100 - 8 * price[:N], "price": price[:N]})
    fut = pd.DataFrame({"t": np.arange(N, N + H), "price": price[N:]})
    fut.loc[1, "price"] = np.nan
    assert _refused(_fit(df, time="t"), fut) == ("future covariate 'price' is missing at t=61 (future row 2); "
                                                 "fill every future row")
    # a model without a time column matches future='s rows by order: the row number alone, as before
    assert _refused(_fit(df.drop(columns="t")), fut.drop(columns="t")) == (
        "future covariate 'price' is missing at future row 2; fill every future row")
