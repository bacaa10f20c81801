"""A store-sales user's forecasts with drivers (price, promo known ahead; temperature known up to the
origin; store size static): what predict and `wavecast forecast` say about the columns future=
holds, the most steps a model with a past driver forecasts (said before the future rows it would
need), and a store the model never saw (a model with drivers never logs its target). Small panel,
one tiny training."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.errors import ValidationError

S, N, H = 2, 60, 4
FAST = dict(horizon=H, test_len=H, epochs=1, hidden_size=4, input_len=8, seed=0)


def _stores(future_rows=0):
    """sales = size (100 - 8 price + 20 promo + a weekly season) + noise; temp a past driver, size
    static; the last `future_rows` rows of each store have empty sales and temp (future rows)."""
    rng = np.random.default_rng(0)
    out = []
    for s in range(S):
        n, size = N + future_rows, 1000.0 * (s + 1)
        price = 10 + np.cumsum(rng.normal(0, 0.1, n))
        promo = (rng.random(n) < 0.2).astype(int)
        temp = rng.normal(12, 3, n)
        sales = size / 1000 * (100 - 8 * price + 20 * promo + 5 * np.sin(2 * np.pi * np.arange(n) / 7))
        sales = sales + rng.normal(0, 1, n)
        sales[N:], temp[N:] = np.nan, np.nan
        out.append(pd.DataFrame({"store": f"s{s}", "date": pd.date_range("2024-01-01", periods=n, freq="D"),
                                 "sales": sales, "price": price, "promo": promo, "temp": temp, "size": size}))
    return pd.concat(out, ignore_index=True)


@pytest.fixture(scope="module")
def fitted():
    """The model (direct net: future price, promo; past temp; static size) and its future rows as
    the combined file holds them (store, date, sales and temp empty, price, promo, size)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(_stores(), target="sales", time="date", id="store", future=["price", "promo"],
                         past=["temp"], static=["size"], **FAST)
    assert f.direct is not None
    full = _stores(future_rows=H)
    return f, full[full["sales"].isna()].reset_index(drop=True)


def _notes(f, *args, **kw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f.predict(*args, **kw)
    return [str(w.message) for w in caught if isinstance(w.message, wavecast.WavecastNote)]


def test_future_rows_of_the_file_name_no_column_as_unknown(fitted):
    # the future rows of the user's file as future=: 'sales' (empty) was a column 'the model was not
    # fitted with'; temp (past) and size (static) are said as what the model does with them
    f, fut = fitted
    said = " ".join(_notes(f, H, future=fut))
    assert "not fitted with" not in said and "'sales'" not in said
    assert "past covariate(s) ('temp'): known up to the origin only, not read after it" in said
    assert "static covariate(s) ('size'): read from the data the model was fitted on" in said


def test_static_in_future_with_data_given_is_read_from_that_data(fitted):
    # with data=, the statics come from it: 'read from the data the model was fitted on' was wrong
    f, fut = fitted
    data = _stores()
    said = " ".join(_notes(f, H, data=data.assign(size=data["size"] * 2), future=fut[["store", "date", "price",
                                                                                      "promo", "size"]]))
    assert "static covariate(s) ('size'): read from the data given (data=)" in said
    assert "fitted on" not in said


def test_target_values_in_future_are_said_not_read(fitted):
    f, fut = fitted
    said = " ".join(_notes(f, H, future=fut.assign(sales=1.0)))
    assert "future= held values of the target 'sales': not read" in said


def test_most_steps_with_a_past_driver_is_said_before_the_future_rows(fitted):
    # was: 'has 4 value(s) ... needs 7: give future= one row a step' and, once the rows were added,
    # 'with past covariates (temp) the model forecasts at most 4 steps'
    f, fut = fitted
    with pytest.raises(ValidationError, match=r"^with past covariates \(temp\) the model forecasts at most 4 steps "
                                              r"\(they are unknown after the series' end\); got 7$"):
        f.predict(H + 3, future=fut)
    with pytest.raises(ValidationError, match=r"forecasts at most 4 steps"):
        f.predict(H + 3)  # no future rows at all: the limit first too


def test_most_steps_is_said_first_in_the_command_line(fitted, tmp_path, capsys):
    f, _ = fitted
    f.save(tmp_path / "run")
    data = tmp_path / "with_future.csv"
    _stores(future_rows=H).to_csv(data, index=False)
    capsys.readouterr()
    assert main(["forecast", str(tmp_path / "run"), "--data", str(data), "--horizon", str(H + 3),
                 "--out", str(tmp_path / "f.csv"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "with past covariates (temp) the model forecasts at most 4 steps" in err
    assert "value(s) after the series' end" not in err


def test_a_new_store_is_said_not_logged(fitted, tmp_path, capsys):
    # was 'each logged and deseasonalised by what the values given for it show': a model with
    # drivers never logs its target (the fit's own note says so)
    f, fut = fitted
    data = _stores()
    new = data[data["store"] == "s0"].assign(store="s9", sales=lambda d: d["sales"] * 1.3)
    moved = data.assign(sales=np.where(data["store"] == "s1", data["sales"] * 2, data["sales"]))
    said = " ".join(_notes(f, H, data=pd.concat([moved, new]), future=pd.concat([fut, fut[fut["store"] == "s0"]
                                                                                .assign(store="s9")])))
    words = ("each read as it is, not logged (a model with covariates never logs its target); its season (7) "
             "taken out if the values given for it show one")
    assert f"1 series the model never saw ('s9'): {words}" in said
    # s1 given in other units: read as a series never seen, in the same words
    assert "('s1') does not hold its last" in said and f"recognises it by: read as a series the model never saw, {words}" in said
    assert "logged and" not in said
    # the command line says the same
    f.save(tmp_path / "run")
    path = tmp_path / "m_newstore.csv"
    full = _stores(future_rows=H)
    pd.concat([full, full[full["store"] == "s0"].assign(store="s9")]).to_csv(path, index=False)
    capsys.readouterr()
    assert main(["forecast", str(tmp_path / "run"), "--data", str(path), "--horizon", str(H),
                 "--out", str(tmp_path / "f.csv")]) == 0
    assert f"1 series the model never saw ('s9'): {words}" in capsys.readouterr().out.replace("\n", " ")


def test_a_new_series_of_a_model_without_drivers_is_said_logged_where_positive():
    # the same note read from the model's own settings: log="both" logs a positive series beside a
    # view reading it as it is
    t = pd.date_range("2024-01-01", periods=80, freq="D")
    df = pd.concat([pd.DataFrame({"id": f"s{i}", "t": t, "y": 50 + 10 * i + 5 * np.sin(2 * np.pi * np.arange(80) / 7)
                                  + 0.3 * np.arange(80)}) for i in range(2)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="y", time="t", id="id", kind="direct", **FAST)
    said = " ".join(_notes(f, H, data=pd.concat([df, df[df["id"] == "s0"].assign(id="s9")])))
    assert ("1 series the model never saw ('s9'): each logged if every value given for it is positive (beside a "
            "view reading it as it is); its season (7) taken out if the values given for it show one") in said


def test_future_as_a_series_of_the_future_column_is_that_column():
    """predict(h, future=price_series) with the dates in its index: it was refused as 'future= must be
    a pandas DataFrame'; now the same forecast as the DataFrame of that column."""
    rng = np.random.default_rng(1)
    days = pd.date_range("2024-01-01", periods=N + H, freq="D")
    price = pd.Series(10 + np.cumsum(rng.normal(0, 0.1, N + H)), index=days, name="price")
    df = pd.DataFrame({"sales": 100 - 8 * price.to_numpy() + rng.normal(0, 1, N + H), "price": price}, index=days)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df.iloc[:N], target="sales", future=["price"], **FAST)
        ahead = price.iloc[N:]
        by_series = f.predict(H, future=ahead)
        unnamed = f.predict(H, future=ahead.rename(None))  # the model's one future column
        by_frame = f.predict(H, future=ahead.to_frame())
    pd.testing.assert_frame_equal(by_series, by_frame)
    pd.testing.assert_frame_equal(unnamed, by_frame)
    with pytest.raises(ValidationError, match=r"^future= must be a data frame \(pandas, polars or Arrow\) with "
                       r"columns \['time', 'price'\] \(got Series 'cost', no future driver of the model: price\)$"):
        f.predict(H, future=ahead.rename("cost"))  # not a column of the model: refused as before
