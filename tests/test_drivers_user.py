"""A store-sales user's covariates (price, promotion, holiday known ahead; temperature known up
to the origin), as a practitioner gives them: what a bad future= or a doubled flag says. Each
mistake is one line naming the column and the series in Python's words, never a bare
ValueError or AttributeError, nor a remedy for a file's rows when future= was given. Small
panels, few epochs."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.errors import ValidationError

S, N, H = 2, 60, 4
FAST = dict(horizon=H, test_len=H, epochs=2, hidden_size=4, input_len=8, seed=0)


def _stores(future_rows=0):
    """sales = 100 - 8 price + 20 promo + a weekly season + noise a store; temp a past driver;
    the last `future_rows` rows of each store have empty sales and temp (future rows)."""
    rng = np.random.default_rng(0)
    out = []
    for s in range(S):
        n = N + future_rows
        price = 10 + np.cumsum(rng.normal(0, 0.1, n))
        promo = (rng.random(n) < 0.2).astype(int)
        temp = rng.normal(12, 3, n)
        sales = 100 - 8 * price + 20 * promo + 5 * np.sin(2 * np.pi * np.arange(n) / 7) + rng.normal(0, 1, n)
        sales[N:], temp[N:] = np.nan, np.nan
        out.append(pd.DataFrame({"store": f"s{s}", "date": pd.date_range("2024-01-01", periods=n, freq="D"),
                                 "sales": sales, "price": price, "promo": promo, "temp": temp}))
    return pd.concat(out, ignore_index=True)


@pytest.fixture(scope="module")
def fitted():
    """A model with future drivers price and promo and past driver temp, and its future rows."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(_stores(), target="sales", time="date", id="store", future=["price", "promo"],
                         past=["temp"], **FAST)
    full = _stores(future_rows=H)
    return f, full[full["sales"].isna()][["store", "date", "price", "promo"]].reset_index(drop=True)


def _predict(f, fut, h=H):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f.predict(h, future=fut)


def test_text_in_a_future_column_is_one_line_naming_it(fitted):
    # a price typed with a decimal comma, a flag written 'yes': was "could not convert string to float"
    f, fut = fitted
    bad = fut.assign(price=fut["price"].astype(object))
    bad.loc[2, "price"] = "9,99"
    with pytest.raises(ValidationError, match=r"^future covariate 'price' is not a number for series 's0' at "
                                              r"2024-03-03 \(future row 3\): '9,99'; give numbers"):
        _predict(f, bad)
    flag = fut.assign(promo=np.where(fut["promo"] > 0, "yes", "no"))
    with pytest.raises(ValidationError, match=r"^future covariate 'promo' is not a number for series 's0'"):
        _predict(f, flag)


def test_a_flag_as_true_false_is_read_as_0_1(fitted):
    f, fut = fitted
    a = _predict(f, fut)
    b = _predict(f, fut.assign(promo=fut["promo"].astype(bool)))
    pd.testing.assert_frame_equal(a, b)


def test_an_infinite_future_value_is_named_not_taken_for_no_rows(fitted):
    # was "future covariate 'price' has 0 value(s) after the series' end": the rows were there
    f, fut = fitted
    bad = fut.copy()
    bad.loc[bad.index[H + 1], "price"] = np.inf
    with pytest.raises(ValidationError, match=r"^future covariate 'price' is infinite \(inf\) for series 's1' at "
                                              r"2024-03-02 \(future row 2\); fill every future row$"):
        _predict(f, bad)


def test_too_few_future_rows_in_future_say_future_not_a_file(fitted):
    # was "...: add rows after its end holding the future covariates (target empty), or pass
    # future= in Python": the user had passed future=
    f, fut = fitted
    short = fut.groupby("store").head(H - 1)
    with pytest.raises(ValidationError, match=rf"^series 's0': future covariate 'price' has {H - 1} value\(s\) after "
                                              rf"the series' end; forecasting {H} steps needs {H}: give future= one "
                                              rf"row a step after its end, or forecast the {H - 1} steps they cover "
                                              rf"with predict\({H - 1}, \.\.\.\)$"):
        _predict(f, short)
    assert len(_predict(f, short, h=H - 1)) == S * (H - 1)  # enough for fewer steps


def test_future_as_an_array_names_the_columns_it_needs(fitted):
    # was AttributeError: 'numpy.ndarray' object has no attribute 'columns'; then "must be a pandas
    # DataFrame", though polars and Arrow frames are taken too
    f, fut = fitted
    for given, word in ((fut.to_numpy(), "ndarray"), (fut.to_numpy().tolist(), "list")):
        with pytest.raises(ValidationError, match=r"^future= must be a data frame \(pandas, polars or Arrow\) with "
                                                  rf"columns \['store', 'date', 'price', 'promo'\] \(got {word}\)$"):
            _predict(f, given)
    with pytest.raises(ValidationError, match=r"\(got a Series without a name, and the model has 2 future drivers: "
                                              r"price, promo\)$"):  # a Series is one column: which?
        _predict(f, fut["price"].rename(None))


def test_a_covariate_listed_twice_in_one_role_is_said_so():
    # was "column 'temp' is given as past= and past=; give each covariate one role"
    with pytest.raises(ValidationError, match=r"^column 'temp' is listed twice in past=; give each covariate once$"):
        wavecast.fit(_stores(), target="sales", time="date", id="store", past=["temp", "temp"], **FAST)

