"""The covariate net's gains (models/covariate_net.py): a future covariate whose effect depends
on the series (a price effect in proportion to a store's size, a static covariate) moves each
series' forecast by its own amount, where the head's linear path alone gives every series the
same one; a net without them (files written before them, or no statics) is unchanged."""

import numpy as np
import torch

from wavecast.data.covariates import Covariates
from wavecast.forecasters.global_net import GlobalNetForecaster
from wavecast.models.covariate_net import CovariateNet

H, N, SIZES = 4, 90, (0.6, 1.0, 1.5, 2.2)


def _cov(xs, sizes):
    return Covariates((), ("x",), ("size",), (), [x[:, None] for x in xs], [[float(s)] for s in sizes],
                      [f"s{i}" for i in range(len(xs))])


def test_a_future_change_moves_each_series_by_its_own_amount():
    """y = size x (20 - 3 x) + noise, x an iid driver known ahead: raising x by 1 over the
    horizon lowers series i by 3 x size_i (-1.8, -3.0, -4.5, -6.6). Before the gains every
    series moved by the pooled -3.45; measured now -1.78, -2.99, -4.51, -6.64."""
    rng = np.random.default_rng(0)
    xs = [rng.normal(size=N + H) for _ in SIZES]
    ys = [s * (20 - 3 * x[:N]) + rng.normal(0, 0.2, N) for s, x in zip(SIZES, xs, strict=True)]
    g = GlobalNetForecaster(seed=0, hidden_size=8, input_len=6, max_epochs=2, validate=False, lr=1e-2,
                            log="never").fit(ys, H, 1, covariates=_cov(xs, SIZES))
    rows, index, starts = ys, np.arange(len(SIZES)), np.zeros(len(SIZES), np.int64)
    base = g.forecast_rows(rows, index, starts, H, covariates=_cov(xs, SIZES))
    up = [np.r_[x[:N], x[N:] + 1.0] for x in xs]
    effect = (g.forecast_rows(rows, index, starts, H, covariates=_cov(up, SIZES)) - base).mean(axis=1)
    assert (np.diff(effect) < 0).all(), effect  # bigger store, bigger cut
    np.testing.assert_allclose(effect, -3 * np.array(SIZES), rtol=0.1)


def test_without_gains_the_net_is_the_one_before_them():
    """n_gain 0 (files written before it) or no statics builds no gain weights; with them the
    gains start at zero, so the net forecasts exactly as the one without until they are fitted."""
    torch.manual_seed(0)
    old = CovariateNet("lstm", 4, 1, H, 5, n_in=1, n_future=1, n_static=1, n_level=1)
    torch.manual_seed(0)
    new = CovariateNet("lstm", 4, 1, H, 5, n_in=1, n_future=1, n_static=1, n_level=1, n_gain=1)
    none = CovariateNet("lstm", 4, 1, H, 5, n_in=1, n_future=1, n_static=0, n_level=1, n_gain=1)
    assert not any("gain" in k for k in old.state_dict()) and none.gain is None
    assert new.gain.weight.shape == (1, 1) and (new.gain.weight == 0).all()
    x = torch.randn(7, 5 + 5 + H + 1 + 1)
    torch.testing.assert_close(new(x), old(x), rtol=0, atol=0)
