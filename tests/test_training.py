import numpy as np
import pytest
import torch

from wavecast.config import TrainConfig
from wavecast.data.signals import sine
from wavecast.data.windows import WindowSet
from wavecast.errors import TrainingDivergedError
from wavecast.models.recurrent import RecurrentNet
from wavecast.training.loop import train


def _windows(n=200, target_len=1):
    return WindowSet.from_segments([sine(n, 20)], input_len=20, target_len=target_len)


def _fit(cfg, seed=0, windows=None, val=None):
    torch.manual_seed(seed)
    net = RecurrentNet("lstm", 1, 8)
    res = train(net, windows or _windows(target_len=max(1, cfg.rollout_steps)), cfg, np.random.default_rng(seed), val=val)
    return net, res


@pytest.mark.exactbits
def test_same_seed_same_weights():
    cfg = TrainConfig(epochs=2, rollout_steps=2)
    a, _ = _fit(cfg)
    b, _ = _fit(cfg)
    for (k, va), (_, vb) in zip(a.state_dict().items(), b.state_dict().items(), strict=True):
        assert torch.equal(va, vb), k
    c, _ = _fit(cfg, seed=1)
    assert not torch.equal(a.rnn.weight_hh_l0, c.rnn.weight_hh_l0)


@pytest.mark.parametrize(
    "cfg",
    [
        TrainConfig(optimizer="adam", epochs=15, rollout_steps=0),
        TrainConfig(optimizer="sgd", lr=0.3, momentum=0.9, epochs=15, rollout_steps=0),
        TrainConfig(optimizer="lbfgs", lr=1.0, epochs=4, rollout_steps=0, dtype="float64"),
        TrainConfig(optimizer="adam", epochs=10, rollout_steps=3, loss_on="all"),
    ],
    ids=["adam", "sgd", "lbfgs", "adam-rollout"],
)
def test_each_optimizer_lowers_the_loss(cfg):
    _, res = _fit(cfg)
    losses = res.history["train_loss"]
    assert len(losses) == cfg.epochs
    # A sine is easy: every optimizer must cut the first-epoch loss at least fourfold.
    assert losses[-1] < losses[0] / 4, losses
    assert res.n_steps > 0 and res.seconds > 0


def test_lbfgs_default_line_search_does_not_blow_up():
    _, res = _fit(TrainConfig(optimizer="lbfgs", lr=1.0, epochs=6, rollout_steps=0))
    assert np.isfinite(res.history["train_loss"]).all()


@pytest.mark.exactbits
def test_lbfgs_reuses_the_line_searchs_last_evaluation_and_changes_no_bit(monkeypatch):
    """Each LBFGS step opens by evaluating the weights its predecessor's line search ended
    on: handed back, that evaluation is saved once a step, and the weights stay the same bits."""
    from wavecast.training import optimizer_steps

    calls, real = [0], optimizer_steps.window_loss

    def counted(*a, **k):
        calls[0] += 1
        return real(*a, **k)

    monkeypatch.setattr(optimizer_steps, "window_loss", counted)
    cfg = TrainConfig(optimizer="lbfgs", lr=1.0, epochs=4, rollout_steps=2, loss_on="all")
    fast, res = _fit(cfg)
    n_fast, calls[0] = calls[0], 0
    monkeypatch.setattr(optimizer_steps.LastEvaluation, "get", lambda self, params: None)  # every point afresh
    slow, _ = _fit(cfg)
    assert res.n_steps == 4 and n_fast == calls[0] - 3, (n_fast, calls[0])  # steps 2-4 reuse one
    for (k, va), (_, vb) in zip(fast.state_dict().items(), slow.state_dict().items(), strict=True):
        assert torch.equal(va, vb), k


def test_early_stopping_keeps_best_validation_weights():
    ws, val = _windows(200), WindowSet.from_segments([sine(60, 20, phase=1.0)], 20, 1)
    cfg = TrainConfig(epochs=30, patience=2, lr=0.05, rollout_steps=0)
    _, res = _fit(cfg, windows=ws, val=val)
    vals = res.history["val_loss"]
    assert res.best_epoch == int(np.argmin(vals)) + 1
    assert res.stopped_early == (len(vals) < 30)


def test_divergence_is_named():
    cfg = TrainConfig(optimizer="sgd", lr=1e12, clip_norm=0, epochs=3, rollout_steps=0)
    with pytest.raises(TrainingDivergedError, match=r"epoch \d+, step \d+"):
        _fit(cfg)
