"""data.futurecovariates.with_future over a panel: the future stamps and calendar rows computed once a
last stamp, numeric future= columns read once, give the rows a series at a time gives, bit for
bit, and the same one-line refusals (predict(4, future=) of 3,000 weekly series with a calendar
took 13 s, 10 of them in a date_range and the calendar's sin/cos for each series)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wavecast.data import futurecovariates as futmod
from wavecast.data.calendarfeatures import calendar_features
from wavecast.data.covariates import Covariates
from wavecast.data.futurecovariates import with_future
from wavecast.errors import ValidationError

CAL = ("dayofweek_sin", "dayofweek_cos", "dayofyear_sin", "dayofyear_cos")


def _panel(n_series=6, tz=None, calendar=CAL):
    """Series of ragged lengths, most ending on one day, two a day and a week earlier."""
    rng = np.random.default_rng(0)
    ends = [pd.Timestamp("2024-03-30", tz=tz)] * (n_series - 2) + [pd.Timestamp("2024-03-29", tz=tz),
                                                                     pd.Timestamp("2024-03-23", tz=tz)]
    times = [pd.date_range(end=e, periods=30 + 3 * i, freq="D") for i, e in enumerate(ends)]
    values = [np.full((len(t), 2 + len(calendar)), np.nan) for t in times]
    for v in values:
        v[:, :2] = rng.normal(size=(len(v), 2))
    cov = Covariates(past=(), future=("price", "promo"), static=(), calendar=tuple(calendar), values=values,
                     statics=[[] for _ in times], ids=[f"s{i}" for i in range(n_series)], freq="D",
                     last_times=[t[-1] for t in times])
    return cov, times


def _future(times, h, dtypes=("float64", "int64")):
    rng = np.random.default_rng(1)
    rows = [pd.DataFrame({"shop": f"s{i}", "day": pd.date_range(t[-1], periods=h + 1, freq="D")[1:],
                          "price": rng.uniform(1, 2, h), "promo": rng.integers(0, 2, h)})
            for i, t in enumerate(times)]
    frame = pd.concat(rows, ignore_index=True).sample(frac=1, random_state=0)  # rows in any order
    return frame.astype({"price": dtypes[0], "promo": dtypes[1]})


def _one_at_a_time(cov, times, h, frame):
    """The rows of each series from with_future called on that series alone."""
    out = []
    for i in range(len(cov.ids)):
        one = cov.subset([i])
        out.append(with_future(one, [len(times[i])], [times[i]], "D", h, frame, "shop", "day").values[0])
    return out


@pytest.mark.parametrize("tz", [None, "Europe/Berlin"])
@pytest.mark.parametrize("dtypes", [("float64", "int64"), ("float32", "bool"), ("Float64", "Int64"),
                                    ("object", "object"), ("str", "int8")])
def test_a_panel_gets_the_rows_each_series_gets_alone(tz, dtypes):
    cov, times = _panel(tz=tz)
    frame = _future(times, 5, dtypes if dtypes[1] != "bool" else (dtypes[0], "int64"))
    if dtypes[1] == "bool":
        frame["promo"] = frame["promo"].astype(bool)
    got = with_future(cov, [len(t) for t in times], times, "D", 5, frame, "shop", "day").values
    for a, b in zip(got, _one_at_a_time(cov, times, 5, frame), strict=True):
        assert a.shape == b.shape and a.tobytes() == b.tobytes()
    # the calendar rows are those of each series' own stamps
    for v, t in zip(got, times, strict=True):
        stamps = pd.date_range(t[-1], periods=6, freq="D")[1:]
        assert v[len(t):, 2:].tobytes() == calendar_features(stamps, "D", CAL)[0].tobytes()


def test_the_calendar_is_computed_once_a_last_stamp(monkeypatch):
    cov, times = _panel(n_series=40)
    calls = []

    def counted(stamps, freq, names=None):
        calls.append(stamps[0])
        return calendar_features(stamps, freq, names)

    monkeypatch.setattr(futmod, "calendar_features", counted)
    with_future(cov, [len(t) for t in times], times, "D", 4, _future(times, 4), "shop", "day")
    assert len(calls) == 3  # three last stamps among the 40 series (it was one call a series)
    calls.clear()
    with_future(cov, [len(t) for t in times], times, "D", 4)  # the calendar alone, as the direct net asks it
    assert len(calls) == 3


@pytest.mark.parametrize("bad, expected", [
    (np.nan, r"^future covariate 'price' is missing for series 's3' at \d{4}-\d\d-\d\d \(future row \d\); fill every future row$"),
    (np.inf, r"^future covariate 'price' is infinite \(inf\) for series 's3' at \d{4}-\d\d-\d\d \(future row \d\); fill every"),
    ("9,99", r"^future covariate 'price' is not a number for series 's3' at \d{4}-\d\d-\d\d \(future row \d\): '9,99'; give numbers"),
])
def test_a_bad_value_is_named_by_its_series_and_row_as_before(bad, expected):
    cov, times = _panel()
    frame = _future(times, 4)
    if isinstance(bad, str):
        frame["price"] = frame["price"].astype(object)
    frame.loc[frame.index[(frame["shop"] == "s3").to_numpy()][2], "price"] = bad
    with pytest.raises(ValidationError, match=expected):
        with_future(cov, [len(t) for t in times], times, "D", 4, frame, "shop", "day")
