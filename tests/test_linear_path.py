"""The direct net's linear path (`skip`): its ridge start, kept through training, rescaled
exactly for a warm start, and the ridge fit with unknown targets."""

import numpy as np
import torch

from wavecast.forecasters.global_net import GlobalNetForecaster
from wavecast.models.direct import DirectNet, train
from wavecast.models.ridge import ridge_fit

H, M = 6, 12
SMALL = dict(hidden_size=8, max_epochs=3, batch_size=64)  # the contract, not the accuracy


def panel(n_series=8, seed=0):
    """Positive series with a growing trend, a multiplicative season and noise."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n_series):
        t = np.arange(int(rng.integers(60, 97)))
        season = 1 + rng.uniform(0.05, 0.3) * np.sin(2 * np.pi * (t + rng.integers(M)) / M)
        out.append(rng.uniform(50, 500) * np.exp(rng.uniform(0.002, 0.015) * t) * season
                   * np.exp(0.03 * rng.standard_normal(len(t))))
    return out


def _linear_data(n=400, L=6, Hh=3, noise=0.01, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, L, generator=g, dtype=torch.float64)
    w = torch.randn(L, Hh, generator=g, dtype=torch.float64)
    y = x @ w + 0.5 + noise * torch.randn(n, Hh, generator=g, dtype=torch.float64)
    return x, y, w


def test_ridge_fit_recovers_a_linear_map():
    x, y, w = _linear_data()
    coef, penalty = ridge_fit(x, y)
    assert coef.shape == (7, 3) and penalty <= 1e-3
    # the noise is 0.01 on 400 windows: the coefficients' error is about 0.01 / sqrt(400)
    torch.testing.assert_close(coef[:-1], w, rtol=0, atol=3e-3)
    torch.testing.assert_close(coef[-1], torch.full((3,), 0.5, dtype=torch.float64), rtol=0, atol=3e-3)


def test_ridge_fit_leaves_unknown_targets_out_step_by_step():
    x, y, _ = _linear_data()
    y = y.clone()
    y[-5:, 1:] = float("nan")  # the last windows know their first step only
    y[-2:, 2] = float("nan")
    coef, _ = ridge_fit(x, y)
    assert torch.isfinite(coef).all()
    # step 0 is known everywhere: its fit is the fit on every window; step 2 the fit on its rows
    torch.testing.assert_close(coef[:, :1], ridge_fit(x, y[:, :1])[0])
    torch.testing.assert_close(coef[:, 2:], ridge_fit(x[:-5], y[:-5, 2:])[0])


def test_start_linear_sets_the_path_and_training_keeps_it():
    x, y, _ = _linear_data()
    x, y = x.float(), y.float()
    net = DirectNet("lstm", 8, 1, 3, skip_len=6)
    net.start_linear(x, y)
    assert net.keep_linear and float(net.head.weight.detach().abs().sum()) == 0.0
    with torch.no_grad():  # at the start the net is the ridge fit
        coef = ridge_fit(x, y)[0].float()
        torch.testing.assert_close(net(x), x @ coef[:-1] + coef[-1], rtol=1e-5, atol=1e-5)
    before = {k: v.clone() for k, v in net.state_dict().items()}
    train(net, x, y, steps=20, batch_size=64, lr=3e-3, loss="l1", seed=0, weight=torch.ones(len(x)))
    after = net.state_dict()
    for k in ("skip.weight", "skip.bias"):  # no gradient reached the linear path
        torch.testing.assert_close(after[k], before[k], rtol=0, atol=0)
    assert not torch.equal(after["head.weight"], before["head.weight"])
    assert not torch.equal(after["rnn.weight_hh_l0"], before["rnn.weight_hh_l0"])


def test_a_net_without_a_linear_path_is_left_as_it_is():
    x, y, _ = _linear_data()
    net = DirectNet("lstm", 8, 1, 3)
    before = {k: v.clone() for k, v in net.state_dict().items()}
    net.start_linear(x.float(), y.float())
    assert not net.keep_linear
    for k, v in net.state_dict().items():
        torch.testing.assert_close(v, before[k], rtol=0, atol=0)


def test_skip_forecaster_starts_each_net_at_its_fit_and_warm_starts_exactly():
    series = panel()
    theirs = GlobalNetForecaster(seed=1, log="positive", skip=True, keep_val_net=False, **SMALL).fit(
        [y[:-H] for y in series], H, M)
    assert all(net.keep_linear for net in theirs.nets_)
    mine = GlobalNetForecaster(seed=0, log="positive", skip=True, keep_val_net=False, **SMALL).fit(series, H, M)
    assert mine.adopt(theirs)
    x = torch.randn(5, 15, dtype=torch.float32)  # windows in data units (level removed)
    with torch.no_grad():  # the adopted net, linear path included, says in my units what theirs says
        got = mine.nets_[1](x / float(mine.scale_[0])) * float(mine.scale_[0])
        want = theirs.nets_[0](x / float(theirs.scale_[0])) * float(theirs.scale_[0])
    torch.testing.assert_close(got, want, rtol=1e-5, atol=1e-5)  # float32 rounding of the rescaled weights
    plain = GlobalNetForecaster(seed=0, log="positive", keep_val_net=False, **SMALL).fit(series, H, M)
    assert not plain.adopt(theirs)  # a net with a linear path is no start for one without
    # warm: the final net starts from theirs, its linear path fitted again on all the data
    warm = GlobalNetForecaster(seed=0, log="positive", skip=True, **{**SMALL, "validate": False}).fit(
        series, H, M, warm=theirs, warm_fraction=0.5)
    assert warm.info_["warm_start"] and warm.nets_[0].keep_linear
    assert np.isfinite(warm.predict(series, H)).all()
