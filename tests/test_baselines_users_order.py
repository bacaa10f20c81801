"""The note of baselines left empty for series too short for them lists the series in the order
the user's data gives them, as the checks over many series do (5cd8ab0): a panel whose data gives
shops 'c', 'a', 'd', 'b', 'c' and 'b' too short for seasonal naive, was told "('b', 'c')", their
ids' canonical order."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import wavecast


def test_short_series_of_the_future_baselines_are_named_in_the_users_order():
    rng = np.random.default_rng(1)
    t = pd.date_range("2016-01-01", periods=48, freq="MS")
    df = pd.concat([pd.DataFrame({"shop": s, "month": t, "sold": 50 + 5 * k + 8 * np.sin(np.arange(48) * np.pi / 6)
                                  + rng.normal(0, 1, 48)}) for k, s in enumerate("cadb")], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        f = wavecast.fit(df, target="sold", time="month", id="shop", horizon=3, epochs=1, seed=0)
        short = pd.concat([g.tail(8) if s in "cb" else g for s, g in df.groupby("shop", sort=False)])
        fc = f.predict(3, data=short, baselines=["seasonal naive"])
    assert fc.loc[fc["shop"].isin(["b", "c"]), "seasonal naive"].isna().all()
    assert fc.loc[fc["shop"].isin(["a", "d"]), "seasonal naive"].notna().all()
    said = [n for n in f.notes if n.startswith("seasonal naive left empty")]
    assert said == ["seasonal naive left empty for 2 series too short for it ('c', 'b')"], f.notes
