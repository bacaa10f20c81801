"""predict(h, data=) of some of a fitted panel's series forecasts each as the panel's own forecast
does, to float32 rounding (docs/reliability.md): the net forecasts the rows given as one batch,
and a batch of one row goes through another float32 matrix-product kernel in the net's Linear
head than a batch of several (its last bits differ, ~1.5e-8 of an output ~0.17), so a series
forecast alone may differ from the panel's in the 10th significant digit, never by more than the
tolerance pinned here. Nothing is normalised per batch: a per-batch statistic would fail it."""

import numpy as np
import pandas as pd
import pytest

import wavecast

FAST = dict(horizon=4, test_len=4, epochs=2, overrides=["model.hidden_size=4", "direct.hidden_size=4"])
IDS = ["a", "b", "c", "d", "e"]


def _panel() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    t = pd.date_range("2018-01-01", periods=48, freq="MS")
    return pd.concat([pd.DataFrame({"store": sid, "date": t, "y": 10 * (k + 1) + 3 * np.sin(
        2 * np.pi * np.arange(48) / 12 + k) + rng.normal(0, 0.3, 48)}) for k, sid in enumerate(IDS)],
        ignore_index=True)


@pytest.mark.parametrize("kind", ["recursive", "direct"])
def test_a_subset_forecasts_each_series_as_the_panel_does(kind):
    df = _panel()
    f = wavecast.fit(df, target="y", time="date", id="store", kind=kind, **FAST)
    full = f.predict(4, level=[80])
    for subset in (["a"], ["c"], ["b", "e"]):
        part = f.predict(4, level=[80], data=df[df["store"].isin(subset)])
        assert part["store"].unique().tolist() == subset
        for sid in subset:
            mine = part[part["store"] == sid].select_dtypes("float").to_numpy()
            whole = full[full["store"] == sid].select_dtypes("float").to_numpy()
            np.testing.assert_allclose(mine, whole, rtol=1e-6, atol=0)
