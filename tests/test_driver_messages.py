"""A store-sales user's driver messages (price, promotion known ahead): the notes say the net
with drivers is ranked beside baselines that read the target only; text in a number column
gets a remedy in the user's words (a flag for a CSV, a conversion for a DataFrame); future
rows given without --future (or as --past) are said to look like future rows. Small panels,
one epoch."""

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.cli import main
from wavecast.data import reader
from wavecast.errors import ValidationError, WavecastNote
from wavecast.steps_recursive import inputs_notes

S, N, H = 2, 60, 4
FAST = dict(horizon=H, test_len=H, epochs=1, hidden_size=4, input_len=8, seed=0)
BASELINES = "the baselines read the target only, without covariates"


def _stores(future_rows=0):
    """sales = 100 - 8 price + 20 promo + a weekly season + noise a store; the last
    `future_rows` rows of each store have empty sales (future rows, drivers filled)."""
    rng = np.random.default_rng(0)
    out = []
    for s in range(S):
        n = N + future_rows
        price = 10 + np.cumsum(rng.normal(0, 0.1, n))
        promo = (rng.random(n) < 0.2).astype(int)
        sales = 100 - 8 * price + 20 * promo + 5 * np.sin(2 * np.pi * np.arange(n) / 7) + rng.normal(0, 1, n)
        sales[N:] = np.nan
        out.append(pd.DataFrame({"store": f"s{s}", "date": pd.date_range("2024-01-01", periods=n, freq="D"),
                                 "sales": np.round(sales, 2), "price": np.round(price, 2), "promo": promo}))
    return pd.concat(out, ignore_index=True)


def _cli(path, *flags) -> list[str]:
    return ["run", "--data", str(path), "--target", "sales", "--time", "date", "--id", "store", *flags]


# ---------------------------------------------------------------- B: what the baselines read


def test_the_covariates_note_says_the_baselines_read_the_target_only():
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        wavecast.fit(_stores(), target="sales", time="date", id="store", future=["price", "promo"], **FAST)
    notes = [str(w.message) for w in got if issubclass(w.category, WavecastNote)]
    said = [n for n in notes if n.startswith("covariates: future price, promo;")]
    assert len(said) == 1 and said[0].endswith(f"; {BASELINES}")
    # the recursive net's notes: with past covariates only, and with future ones
    past = SimpleNamespace(past=("temp",), future=(), static=(), calendar=())
    assert inputs_notes(past, ())[-1].endswith(f"never reported or scored; {BASELINES}")
    future = SimpleNamespace(past=(), future=("price",), static=(), calendar=())
    assert inputs_notes(future, ())[-1].endswith(f"training part; {BASELINES}")
    assert inputs_notes(None, ()) == []


# ---------------------------------------------------------------- C: text in a number column


def test_text_in_a_covariate_column_has_a_remedy_in_the_users_words(tmp_path, capsys):
    df = _stores().assign(price=lambda d: d["price"].astype(object))
    df.loc[20, "price"] = "10,5 EUR"  # a unit typed beside a decimal comma
    df.to_csv(tmp_path / "unit.csv", index=False)
    assert main(_cli(tmp_path / "unit.csv", "--future", "price,promo")) == 2
    assert capsys.readouterr().err.endswith("has 1 non-numeric value, first at row 21: '10,5 EUR' (text beside "
                                            "a number? give the number alone, as '10.5')\n")
    # a decimal comma quoted in a comma file: --decimal ',' alone is refused there (also the sep)
    df.loc[20, "price"] = "10,5"
    df.to_csv(tmp_path / "comma.csv", index=False)
    with pytest.raises(ValidationError, match=r"first at row 21: '10,5' \(decimal comma\? write it '10\.5', or save "
                                              r"the file separated by ';' and pass sep=';' decimal=','\)$"):
        wavecast.fit(str(tmp_path / "comma.csv"), target="sales", time="date", id="store", future=["price"], **FAST)
    df.to_csv(tmp_path / "semi.csv", index=False, sep=";")  # ';' file: --decimal ',' reads it
    with pytest.raises(ValidationError, match=r"'10,5' \(decimal comma\? pass --decimal ','\)$"):
        reader.read(tmp_path / "semi.csv", "sales", "date", "store", sep=";", future=("price",))
    # a DataFrame is already parsed (decimal= is refused for it): converted, not re-read
    with pytest.raises(ValidationError, match=r"'10,5' \(decimal comma\? convert the column to numbers first, "
                                              r"e\.g\. '10,5' to 10\.5\)$") as e:
        wavecast.fit(df, target="sales", time="date", id="store", future=["price"], **FAST)
    assert "decimal=" not in str(e.value)
    df.loc[20, "price"] = "n.a."  # no number at all
    with pytest.raises(ValidationError, match=r"'n\.a\.' \(give numbers only: a missing value left empty, a yes/no "
                                              r"flag as 1/0\)$"):
        wavecast.fit(df, target="sales", time="date", id="store", future=["price"], **FAST)


# ---------------------------------------------------------------- D: future rows without --future


def test_future_rows_without_future_are_said_to_look_like_future_rows(tmp_path, capsys):
    df = _stores(future_rows=H).assign(city="Lyon")  # a text column filled everywhere: not named
    df.to_csv(tmp_path / "ahead.csv", index=False)
    assert main(_cli(tmp_path / "ahead.csv")) == 2
    assert capsys.readouterr().err.endswith(
        f"has {H} missing values ({H} at the end), first at row {N + 1} (2024-03-01); the last {H} look like future "
        "rows (price, promo filled there): give the covariates known ahead with --future, or drop those rows if "
        "those values are not known ahead (other series beside it)\n")
    assert main(_cli(tmp_path / "ahead.csv", "--past", "price,promo")) == 2
    assert capsys.readouterr().err.endswith("(price, promo filled there), but 'price', 'promo' are past covariates, "
                                            "read up to the forecast origin only: drop those rows to forecast from "
                                            "the last value, or, if those values are known ahead, train with them as "
                                            "future covariates (--future)\n")
    with pytest.raises(ValidationError, match=r"look like future rows \(price, promo filled there\): give the "
                                              r"covariates known ahead with future=, or drop those rows if those "
                                              r"values are not known ahead \(other series beside it\)$"):
        wavecast.fit(df, target="sales", time="date", id="store", **FAST)
    # a trailing gap with nothing filled beside it is a gap: the old remedy
    gap = df.assign(price=lambda d: d["price"].where(d["sales"].notna()),
                    promo=lambda d: d["promo"].where(d["sales"].notna()))
    with pytest.raises(ValidationError, match=r"\(4 at the end\), first at row 61 \(2024-03-01\); fill or drop them, "
                                              r"or pass fill='linear' \(which leaves out the empty end: the series "
                                              r"ends at its last value\)$"):
        wavecast.fit(gap, target="sales", time="date", id="store", **FAST)


def test_fill_linear_refuses_future_rows_and_still_fills_a_trailing_gap(tmp_path, capsys):
    # Was read as history: the empty sales beside filled prices held at the last sale, so the
    # model trained on H invented points and forecast from H steps too late.
    df = _stores(future_rows=H)
    with pytest.raises(ValidationError, match=r"has 4 missing values \(4 at the end\), first at row 61 \(2024-03-01\); "
                                              r"the last 4 look like future rows \(price, promo filled there\): give "
                                              r"the covariates known ahead with future=, or drop those rows if those "
                                              r"values are not known ahead \(other series beside it\); fill='linear' "
                                              r"does not fill future rows$"):
        wavecast.fit(df, target="sales", time="date", id="store", fill="linear", **FAST)
    # given with --future they are future rows: the history is the N sales, nothing filled
    ds = reader.from_frame(df, "sales", "date", "store", fill="linear", future=("price", "promo"))
    assert [len(v) for v in ds.values] == [N] * S and not any("filled" in n for n in ds.notes)
    # a trailing gap with nothing filled beside it is an empty end: --fill linear leaves it out
    # (it held the last value: H invented points trained on, scored against and forecast from)
    gap = df.assign(price=lambda d: d["price"].where(d["sales"].notna()),
                    promo=lambda d: d["promo"].where(d["sales"].notna()))
    ds = reader.from_frame(gap, "sales", "date", "store", fill="linear")
    for sid, v in zip(ds.ids, ds.values, strict=True):
        assert np.array_equal(v, gap.loc[gap["store"] == sid, "sales"].to_numpy()[:N])
    assert f"{H} missing values for id 's0' at the end left out, not filled: the series ends at its last value, " \
           f"row {N} (2024-02-29), and is forecast from there" in ds.notes
    # one future row, an inner gap filled, the drivers given as --past: said in the CLI
    one = _stores(future_rows=1)
    one.loc[5, "sales"] = np.nan
    one.to_csv(tmp_path / "one.csv", index=False)
    assert main(_cli(tmp_path / "one.csv", "--fill", "linear", "--past", "price")) == 2
    assert capsys.readouterr().err == (
        f"wavecast: error: column 'sales' in {tmp_path / 'one.csv'} for id 's0' has 2 missing values (1 inside, "
        "1 at the end), first at row 6 (2024-01-06); the last one looks like a future row (price, promo filled "
        "there), but 'price' is a past covariate, read up to the forecast origin only: drop that row to forecast "
        "from the last value, or, if those values are known ahead, train with them as future covariates "
        "(--future); --fill linear does not fill future rows\n")


def test_a_count_of_one_is_said_in_the_singular(tmp_path, capsys):
    # Was "1 missing values", "1 non-numeric values", "1 missing time stamps" in errors and notes.
    df = _stores()
    df.loc[10, "sales"] = np.nan
    df.to_csv(tmp_path / "one.csv", index=False)
    assert main(_cli(tmp_path / "one.csv")) == 2
    assert "has 1 missing value (1 inside), first at row 11 (2024-01-11); fill or drop them" in capsys.readouterr().err
    ds = reader.from_frame(df.drop(index=[20]), "sales", "date", "store", fill="linear", fill_missing_dates=True)
    assert "1 missing value for id 's0' filled linearly" in ds.notes
    assert "1 missing time stamp for id 's0' inserted, values interpolated linearly" in ds.notes
    with pytest.raises(ValidationError, match=r"^series for id 's1' in the data has 1 point; needs >= 2$"):
        reader.from_frame(df[df["store"].eq("s0") | df.index.isin([N])], "sales", "date", "store", fill="linear",
                          min_len=2)
    df.loc[[10, 20], "price"] = np.nan
    with pytest.raises(ValidationError, match=r"column 'price' \(past=\) in the DataFrame has 2 missing values for "
                                              r"series 's0', first at row 11"):
        wavecast.fit(df.assign(sales=lambda d: d["sales"].fillna(0)), target="sales", time="date", id="store",
                     past=["price"], **FAST)
    df = df.assign(price=lambda d: d["price"].astype(object))
    df.loc[10, "price"] = "n.a."
    with pytest.raises(ValidationError, match=r"column 'price' in the data has 1 non-numeric value, first at row 11: "
                                              r"'n\.a\.'"):
        reader.from_frame(df, "sales", "date", "store", fill="linear", past=("price",))
