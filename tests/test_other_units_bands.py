"""A series given under a training id that is another series (the same one in other units) is
forecast as a series never seen (its transforms fitted on the values given); its bands were still
sized by the id's calibrated scale, in the training series' units: 1000x the values gave a
forecast 1000x larger inside an 80% band 1000x too narrow. Its bands are now those of the same
values under a new id, fitted and loaded alike."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast


def _profits() -> pd.DataFrame:  # around 0: additive bands, which a calibrated scale sizes
    rng = np.random.default_rng(0)
    q = pd.period_range("2010Q1", periods=40, freq="Q")
    return pd.concat([pd.DataFrame({"id": i, "quarter": [f"{p.year}Q{p.quarter}" for p in q],
                                    "profit": 10 * np.sin(np.arange(40) * np.pi / 2) + rng.normal(0, 2, 40) + k})
                      for k, i in enumerate("abc")], ignore_index=True)


@pytest.mark.parametrize("kind", ["direct", "recursive"])
def test_a_known_id_given_in_other_units_gets_the_bands_of_a_series_never_seen(tmp_path, kind):
    df = _profits()
    big = df.assign(profit=df["profit"] * 1000)
    renamed = big.assign(id=big["id"] + "_k")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="profit", time="quarter", id="id", horizon=3, epochs=1, seed=0, kind=kind)
        f.save(tmp_path / "m")
        for model in (f, wavecast.load(tmp_path / "m")):
            own = model.predict(3, level=[80])
            same = model.predict(3, data=big, level=[80])
            new = model.predict(3, data=renamed, level=[80])
            for col in ("forecast", "lo-80", "hi-80"):
                np.testing.assert_allclose(same[col].to_numpy(), new[col].to_numpy(), rtol=1e-9)
            width = (same["hi-80"] - same["lo-80"]).to_numpy()
            assert (width > 100 * (own["hi-80"] - own["lo-80"]).to_numpy()).all()  # in the values' units
            assert any("intervals of 3 series the model never saw" in n for n in model.notes)
