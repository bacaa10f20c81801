"""A history given under a training series' id that holds only some of its last training values
(debitcards' last 4 and new rows) is read as a series the model never saw, and the note said so as
"1 series given under the id of a training series ('debitcards') do not hold its last training
values", wrong in number and silent on what it lacked: the model recognises a fitted series by
its last min(input_len, 16) training values, in order, and the note now says how many."""

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast
from wavecast.forecasters.direct import not_continued_words


@pytest.fixture(scope="module")
def fitted():
    months = pd.date_range("2000-01-01", periods=72, freq="MS")
    rng = np.random.default_rng(0)
    df = pd.concat([pd.DataFrame({"month": months, "series": sid,
                                  "value": 10 + k + np.sin(np.arange(72) * np.pi / 6) + rng.normal(0, 0.1, 72)})
                    for k, sid in enumerate(["a", "b"])])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="value", time="month", id="series", horizon=3, seed=0,
                         direct__max_epochs=2, direct__hidden_size=6)
    return f, df


def _notes(f, data) -> str:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        f.predict(3, data=data)
    return " ".join(str(x.message) for x in w)


def _with_new_rows(df, keep: int, older: int = 0) -> pd.DataFrame:
    """b's last `keep` training values and 6 new rows, after its first `older` values (dated to run on
    into them): a history as long as the net reads needs more than 4 + 6."""
    b = df[df["series"] == "b"]
    new = pd.DataFrame({"month": pd.date_range(b["month"].iloc[-1], periods=7, freq="MS")[1:], "series": "b",
                        "value": b["value"].iloc[-6:].to_numpy() + 0.5})
    first = b.iloc[:older].assign(month=pd.date_range(end=b["month"].iloc[-keep - 1], periods=older, freq="MS")) \
        if older else b.iloc[:0]
    return pd.concat([df[df["series"] == "a"], first, b.iloc[-keep:], new])


def test_some_of_the_last_values_are_said_with_how_many_were_looked_for(fitted):
    f, df = fitted
    k = min(f.input_len, 16)
    said = _notes(f, _with_new_rows(df, 4, older=f.input_len))
    assert (f"1 series given under the id of a training series ('b') does not hold its last {k} training values "
            "in order, which the model recognises it by: read as a series the model never saw") in said, said
    assert "do not hold" not in said
    # holding all of them (and new rows), it continues its series: no such note
    assert "does not hold" not in _notes(f, _with_new_rows(df, k))


def test_a_history_shorter_than_input_len_is_told_its_fallback_alone(fitted):
    """b's last 4 training values and 6 new rows, 10 values under an input_len of 15, were told the
    fallback forecasts them and, beside it, that they were 'read as a series the model never saw, each
    logged if every value given for it is positive ...; its season (12) taken out if the values given
    for it show one': the net's transforms, which a series the fallback forecasts does not go through."""
    f, df = fitted
    assert f.input_len > 10
    said = _notes(f, _with_new_rows(df, 4))
    assert f"1 series shorter than input_len={f.input_len} ('b'): forecast by" in said, said
    assert "never saw" not in said and "logged" not in said and "taken out" not in said, said


def test_the_words_agree_in_number():
    assert "('s3', 's1') do not hold their last 16 training values in order, which the model recognises them by" \
        in not_continued_words(["s3", "s1"], [16, 16])
    assert "('x') does not hold its last training values in order" in not_continued_words(["x"], [16, 5])
    assert "(last 8 values, in order; it does not continue it)" in not_continued_words([""], [8])
