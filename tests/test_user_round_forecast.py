"""A saved model forecasting other data under a training series' id (the same series in other
units), a non-negative series never forecast below 0, and the intermittent-demand note."""

import numpy as np
import pandas as pd
import pytest
import torch

from wavecast.cli import main
from wavecast.forecasters.direct import DirectForecaster
from wavecast.forecasters.intermittent import intermittent_note
from wavecast.forecasters.net import NetForecaster
from wavecast.forecasters.series_tails import clip_nonnegative


def monthly(tmp_path, scale=1.0, name="m.csv"):
    t = np.arange(72)
    y = (1000 + 15 * t) * (1 + 0.2 * np.sin(2 * np.pi * t / 12))
    path = tmp_path / name
    pd.DataFrame({"month": pd.date_range("2015-01-01", periods=72, freq="MS").strftime("%Y-%m"),
                  "revenue": np.round(y, 1) * scale}).to_csv(path, index=False)
    return path


def forecast(run, data, tmp_path, capsys):
    out = tmp_path / f"fc_{data.stem}.csv"
    assert main(["forecast", str(run), "--data", str(data), "--horizon", "3", "--out", str(out)]) == 0
    return pd.read_csv(out)["forecast"].to_numpy(), capsys.readouterr().out


@pytest.mark.parametrize("kind", [["--set", "direct.max_epochs=3", "--set", "direct.hidden_size=6"],
                                  ["--set", "model.kind=recursive", "--set", "train.epochs=2",
                                   "--set", "model.hidden_size=6"]], ids=["direct", "recursive"])
def test_a_scaled_copy_under_the_training_id_is_forecast_on_its_own_scale(tmp_path, capsys, kind):
    data, small = monthly(tmp_path), monthly(tmp_path, 0.001, "small.csv")
    run = tmp_path / "run"
    assert main(["run", "--data", str(data), "--target", "revenue", "--time", "month", "--out", str(run),
                 "--quiet", "--set", "window.horizon=3", *kind]) == 0
    base, said = forecast(run, data, tmp_path, capsys)
    assert "does not hold the last" not in said  # the training series itself
    got, said = forecast(run, small, tmp_path, capsys)
    assert "the series given does not hold the last values of the series the model was fitted on" in said
    if "model.kind=recursive" in kind:  # its scaler refitted on all the values given: about, not exactly
        np.testing.assert_allclose(got, 0.001 * base, rtol=0.2)
    else:  # the same transforms and scale fitted again on the same series: exactly 1000x smaller
        np.testing.assert_allclose(got, 0.001 * base, rtol=1e-6)


class Negative(torch.nn.Module):
    """A net that forecasts -100 for everything (a direct head, or a recursive step)."""

    def __init__(self, horizon=None):
        super().__init__()
        self.w = torch.nn.Parameter(torch.zeros(1))
        self.horizon = horizon

    def forward(self, x, state=None):
        if self.horizon is not None:  # DirectNet: (B, L) -> (B, H)
            return torch.full((x.shape[0], self.horizon), -100.0)
        return torch.full_like(x, -100.0), None


def test_the_direct_net_never_forecasts_a_non_negative_series_below_zero():
    rng = np.random.default_rng(0)
    y = np.where(rng.random(120) < 0.12, rng.poisson(3, 120) + 1, 0).astype(float)
    f = DirectForecaster(4, 1, max_epochs=1, hidden_size=4, validate=False, seed=0).fit([y[:, None]])
    m = f.model
    for view in (m, m.raw_):
        if view is not None:
            view.nets_ = [Negative(4) for _ in view.nets_]
    pred = f.predict_series([y, np.r_[y, -1.0, 2.0]], 4, [0, -1])
    assert (pred[0] == 0).all()  # the net said -100 x its scale below the level
    assert (pred[1] < 0).all()  # a history with a negative value is left as the net says


def test_the_recursive_net_never_forecasts_a_non_negative_context_below_zero():
    f = NetForecaster(Negative(), None, 3).fit([np.ones((10, 1))])
    f.scaler.mean_[...], f.scaler.scale_[...] = 0.0, 1.0
    pred = f.predict(np.array([[[0.0], [2.0], [1.0]], [[0.0], [-2.0], [1.0]]]), 2)
    assert (pred[0] == 0).all() and (pred[1] == -100).all()


def test_clipping_leaves_non_negative_forecasts_bit_for_bit():
    rng = np.random.default_rng(1)
    out = rng.gamma(2.0, 50.0, (30, 6))
    np.testing.assert_array_equal(clip_nonnegative(out.copy(), [np.ones(5)] * 30), out)


def test_an_intermittent_series_gets_the_median_note_and_a_regular_one_none():
    rng = np.random.default_rng(0)
    y = np.where(rng.random(366) < 0.12, rng.poisson(3, 366) + 1, 0).astype(float)
    note = intermittent_note([y], [""])
    assert note.startswith("the series is intermittent") and "mean baseline" in note and "median" in note
    assert intermittent_note([y + 1, y], ["a", "b"]).startswith("1 of 2 series ('b') is intermittent")
    assert intermittent_note([y + 1], [""]) is None


def test_a_run_on_an_intermittent_series_says_so(tmp_path):
    """85% zeros: the direct net's L1 loss forecasts the median, 0; the run's notes say so and the
    forecasts are never below 0 (a count)."""
    import warnings

    import wavecast

    rng = np.random.default_rng(0)
    y = np.where(rng.random(200) < 0.15, rng.poisson(3, 200) + 1, 0).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(y, input_len=14, horizon=7, test_len=7, epochs=2)
    assert any("intermittent (0 on more than half of the training values)" in n for n in f.metrics["notes"])
    assert (f.predict(7) >= 0).all()
