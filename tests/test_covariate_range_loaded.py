"""A loaded model says of a future covariate what the fitted one said: the range (and the values'
shares) the net was trained on are kept in the model file, not read off the tail it keeps."""

import warnings

import numpy as np
import pandas as pd

import wavecast

H = 6


def _rising(n: int = 96, seed: int = 0) -> pd.DataFrame:
    """A monthly series driven by a price that rises over the years, then falls back to its early
    values: the last points the model keeps all lie above them."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    price = 10 + 0.5 * t + rng.normal(0, 0.2, n)
    y = 100 + 2 * price + 5 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, n)
    return pd.DataFrame({"month": pd.date_range("2010-01-01", periods=n, freq="MS"), "sales": y, "price": price})


def _range_notes(f, future):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fc = f.predict(H, future=future)
    return fc, [str(w.message) for w in caught if "future covariate 'price'" in str(w.message)]


def test_a_loaded_model_judges_future_drivers_against_its_training_range(tmp_path):
    # txhousing's median prices (a practitioner round): the loaded model named 8 cities' prices as
    # above "the range the net was trained on (2.14e+05 to 2.49e+05)", the last input_len months
    # it keeps, where the fitted model said (1.34e+05 to 2.49e+05), its whole history
    df = _rising()
    f = wavecast.fit(df, target="sales", time="month", future=["price"], horizon=H, test_len=H, epochs=2,
                     hidden_size=4, input_len=12, seed=0)
    f.save(tmp_path / "m")
    g = wavecast.load(tmp_path / "m")
    times = pd.date_range(df["month"].iloc[-1], periods=H + 1, freq="MS")[1:]
    inside = pd.DataFrame({"month": times, "price": np.full(H, 12.0)})  # early prices: in the range, below the tail
    fc_f, said_f = _range_notes(f, inside)
    fc_g, said_g = _range_notes(g, inside)
    pd.testing.assert_frame_equal(fc_f, fc_g)
    assert said_f == said_g == []
    above = pd.DataFrame({"month": times, "price": np.full(H, 100.0)})  # above every training price
    _, said_f = _range_notes(f, above)
    _, said_g = _range_notes(g, above)
    assert len(said_f) == 1 and said_f == said_g
    lo, hi = df["price"].min(), df["price"].max()
    assert f"({lo:.3g} to {hi:.3g})" in said_g[0]
    # saved again from the loaded model, the whole history's range stays
    g.save(tmp_path / "m2")
    _, said_h = _range_notes(wavecast.load(tmp_path / "m2"), inside)
    assert said_h == []
