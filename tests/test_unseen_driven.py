"""A series the model never saw, driven by a future-known column, is forecast as fit would have
forecast it: its season read beside the driver and its windows at the divisor fit gives a series
(the nets learnt the driver's effect in those units)."""

import warnings

import numpy as np
import pandas as pd

import wavecast


def _panel(seed: int = 0, n: int = 72, h: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(8):
        t = pd.date_range("2015-01-01", periods=n + h, freq="MS")
        x = np.cumsum(rng.normal(0, 1, n + h)) + 20  # a random-walk driver (a price)
        y = 50 + 3 * x + 8 * np.sin(2 * np.pi * np.arange(n + h) / 12 + i) + rng.normal(0, 1, n + h)
        y[n:] = np.nan  # the horizon's rows: the driver known, the target not
        rows.append(pd.DataFrame({"id": f"s{i}", "t": t, "y": y, "x": x}))
    return pd.concat(rows, ignore_index=True)


def test_a_renamed_driven_series_is_forecast_as_the_known_one():
    df = _panel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="y", time="t", id="id", future=["x"], horizon=6, seed=0, epochs=20)
        known = f.predict(6, data=df)
        renamed = df.assign(id=df["id"].where(df["id"] != "s3", "s3-new"))
        new = f.predict(6, data=renamed)
    a = known.loc[known["id"] == "s3", "forecast"].to_numpy()
    b = new.loc[new["id"] == "s3-new", "forecast"].to_numpy()
    assert len(a) == len(b) == 6
    # the same history, drivers and transforms: the same forecast (it was 20 units off in 90,
    # read at its own scale and with the driver's moves taken for its season)
    np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-9)
