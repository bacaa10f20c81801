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
from wavecast.steps import _inputs_notes

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
    assert _inputs_notes(past, ())[-1].endswith(f"never reported or scored; {BASELINES}")
    future = SimpleNamespace(past=(), future=("price",), static=(), calendar=())
    assert _inputs_notes(future, ())[-1].endswith(f"training part; {BASELINES}")
    assert _inputs_notes(None, ()) == []


# ---------------------------------------------------------------- C: text in a number column


def test_text_in_a_covariate_column_has_a_remedy_in_the_users_words(tmp_path, capsys):
    df = _stores().assign(price=lambda d: d["price"].astype(object))
    df.loc[20, "price"] = "10,5 EUR"  # a unit typed beside a decimal comma
    df.to_csv(tmp_path / "unit.csv", index=False)
    assert main(_cli(tmp_path / "unit.csv", "--future", "price,promo")) == 2
    assert capsys.readouterr().err.endswith("has 1 non-numeric values, first at row 21: '10,5 EUR' (text beside "
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
        "rows (price, promo filled there): give the covariates known ahead with --future\n")
    assert main(_cli(tmp_path / "ahead.csv", "--past", "price,promo")) == 2
    assert capsys.readouterr().err.endswith("give the covariates known ahead with --future (not as --past, known up "
                                            "to the origin only)\n")
    with pytest.raises(ValidationError, match=r"look like future rows \(price, promo filled there\): give the "
                                              r"covariates known ahead with future=$"):
        wavecast.fit(df, target="sales", time="date", id="store", **FAST)
    # a trailing gap with nothing filled beside it is a gap: the old remedy
    gap = df.assign(price=lambda d: d["price"].where(d["sales"].notna()),
                    promo=lambda d: d["promo"].where(d["sales"].notna()))
    with pytest.raises(ValidationError, match=r"\(4 at the end\), first at row 61 \(2024-03-01\); fill or drop them, "
                                              r"or pass fill='linear'$"):
        wavecast.fit(gap, target="sales", time="date", id="store", **FAST)
