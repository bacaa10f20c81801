"""Non-finite training (F11, figure R4): skip, restore, halve the lr, say so; give up naming
the epoch and step; never write NaN or inf to any file."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from wavecast.cli import main
from wavecast.config import TrainConfig
from wavecast.data.signals import sine
from wavecast.data.windows import WindowSet
from wavecast.errors import TrainingDivergedError
from wavecast.io import checkpoint as ck
from wavecast.io.checkpoint import CheckpointPlan
from wavecast.models.recurrent import RecurrentNet
from wavecast.training import loop as training
from wavecast.training import optimizer_steps


class _NanGrad(torch.autograd.Function):
    """Identity forward, NaN backward: a finite loss with a non-finite gradient."""

    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, g):
        return g * float("nan")


def _faulty(monkeypatch, bad_calls: set[int], kind: str = "loss"):
    """Make window_loss non-finite on the given (1-based) training calls (the optimizer steps')."""
    real = optimizer_steps.window_loss
    calls = {"n": 0}

    def loss(net, x, t, cfg):
        out = real(net, x, t, cfg)
        if net.training:
            calls["n"] += 1
            if calls["n"] in bad_calls:
                return out * float("nan") if kind == "loss" else _NanGrad.apply(out)
        return out

    monkeypatch.setattr(optimizer_steps, "window_loss", loss)
    return calls


def _fit(cfg, plan=None):
    torch.manual_seed(0)
    net = RecurrentNet("lstm", 1, 4)
    ws = WindowSet.from_segments([sine(80, 20)], 10, max(1, cfg.rollout_steps))
    return net, training.train(net, ws, cfg, np.random.default_rng(0), checkpoint=plan)


def _all_finite(net):
    return all(torch.isfinite(p).all() for p in net.parameters())


@pytest.mark.parametrize("kind", ["loss", "grad"])
def test_one_bad_step_is_skipped_and_the_lr_halved(kind, monkeypatch):
    cfg = TrainConfig(lr=0.01, epochs=2, batch_size=16, rollout_steps=1, schedule="none")
    _faulty(monkeypatch, {3}, kind)
    net, res = _fit(cfg)
    what = "loss" if kind == "loss" else "gradient norm"
    assert len(res.notes) == 1 and f"non-finite {what} (nan) at epoch 1, step 3" in res.notes[0]
    assert "halved the learning rate to 0.005 and retried the batch" in res.notes[0]
    assert res.history["lr"] == [0.005, 0.005]
    assert res.n_steps == 2 * 5  # 5 batches an epoch, the bad one retried
    assert _all_finite(net) and all(math.isfinite(v) for v in res.history["train_loss"])


def test_gives_up_after_three_retries_naming_epoch_and_step(monkeypatch):
    _faulty(monkeypatch, set(range(7, 100)))
    with pytest.raises(TrainingDivergedError, match=r"at epoch 2, step 7: loss is nan after 3 retries.*now 0\.00125"):
        _fit(TrainConfig(lr=0.01, epochs=3, batch_size=16, rollout_steps=1, schedule="none"))


def test_lbfgs_bad_step_restores_the_last_good_weights(monkeypatch):
    # Without a line search a NaN inside a step reaches the weights (strong Wolfe backs off).
    cfg = TrainConfig(optimizer="lbfgs", lr=0.5, epochs=3, rollout_steps=0, lbfgs_history=5,
                      lbfgs_line_search="none")
    calls = _faulty(monkeypatch, set(range(1, 10_000)))  # every evaluation NaN from the start
    with pytest.raises(TrainingDivergedError, match=r"at epoch 1, step 1: loss is nan after 3 retries"):
        _fit(cfg)
    assert calls["n"] >= 4
    monkeypatch.undo()
    # One NaN in the middle of the 2nd step's line search: its weights go non-finite; the
    # step is undone from the snapshot and retried at half the rate.
    n_first = _count_lbfgs_calls(monkeypatch, cfg)
    _faulty(monkeypatch, {n_first + 3})
    net, res = _fit(cfg)
    assert _all_finite(net) and len(res.notes) == 1, res.notes
    assert "at epoch 2, step 2" in res.notes[0] and "learning rate to 0.188" in res.notes[0]  # cosine 0.375, halved
    assert res.n_steps == 3 and all(math.isfinite(v) for v in res.history["train_loss"])


def _count_lbfgs_calls(monkeypatch, cfg) -> int:
    """How many loss evaluations the first LBFGS step makes."""
    calls = _faulty(monkeypatch, set())
    _fit(cfg.__class__(**{**cfg.__dict__, "epochs": 1}))
    monkeypatch.undo()
    return calls["n"]


def test_huge_lr_gives_up_and_every_file_stays_finite(tmp_path, capsys):
    out = tmp_path / "run"
    code = main(["run", "--out", str(out), "--set", "train.optimizer=sgd", "--set", "train.lr=1e12",
                 "--set", "train.clip_norm=0", "--set", "model.hidden_size=4", "--set", "signal.length=200",
                 "--set", "window.input_len=10", "--set", "window.horizon=10", "--set", "window.test_len=10",
                 "--checkpoint-every", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.count("\n") == 1 and "training diverged at epoch 1, step" in err
    _assert_files_finite(out)


def test_checkpoint_before_divergence_is_kept_and_finite(tmp_path, monkeypatch):
    path = tmp_path / ck.FILENAME
    _faulty(monkeypatch, set(range(8, 100)))
    with pytest.raises(TrainingDivergedError):
        _fit(TrainConfig(epochs=3, batch_size=16, rollout_steps=1), CheckpointPlan(path, every=1))
    state = ck.load(path)  # refuses non-finite contents
    assert state["loop"]["n_steps"] >= 5


def _assert_files_finite(folder: Path):
    """R4: no file written holds NaN or inf (JSON text, safetensors tensors)."""
    import safetensors.torch as st

    for p in folder.rglob("*"):
        if p.suffix == ".json":
            text = p.read_text()
            assert "NaN" not in text and "Infinity" not in text, p
            json.loads(text, parse_constant=lambda c, p=p: pytest.fail(f"{p} holds {c}"))
        elif p.suffix == ".safetensors":
            for name, t in st.load(p.read_bytes()).items():
                assert not t.is_floating_point() or torch.isfinite(t).all(), (p, name)


def test_a_recovered_run_writes_only_finite_files_and_says_so(tmp_path, monkeypatch, capsys):
    _faulty(monkeypatch, {4})
    out = tmp_path / "run"
    assert main(["run", "--out", str(out), "--set", "model.hidden_size=4", "--set", "train.epochs=2",
                 "--set", "signal.length=200", "--set", "window.input_len=10", "--set", "window.horizon=10",
                 "--set", "window.test_len=10"]) == 0
    printed = capsys.readouterr().out
    assert "note: non-finite loss (nan) at epoch 1, step 4: skipped the step" in printed
    assert any("non-finite loss" in n for n in json.loads((out / "metrics.json").read_text())["notes"])
    _assert_files_finite(out)
