"""The five source experiments as recipes: quick forms (fast), full figures against golden numbers
(slow). Regenerate the golden file with WAVECAST_REGEN_GOLDEN=1 (and say why in the commit).
"""

import json
import math
import os
from pathlib import Path

import numpy as np
import pytest
import torch

from wavecast.cli import main
from wavecast.config import ConfigError, TrainConfig
from wavecast.data.signals import phase_noise_floor_mse
from wavecast.recipes import RECIPES, run
from wavecast.recipes.elman_by_hand import tutorial_model
from wavecast.training.loop import sampled_inputs, window_loss

GOLDEN = Path(__file__).parent / "golden" / "recipes.json"


def test_recipes_lists_all_five(capsys):
    assert main(["recipes"]) == 0
    printed = capsys.readouterr().out
    for name in ("noisy-sine", "simple-rnn-priming", "lstm-cell-future", "elman-by-hand",
                 "window-lstm"):
        assert name in printed
    assert "the MXNet forum answer" in printed and "seed 0" not in printed


def test_unknown_recipe_is_one_line_and_exit_2(capsys):
    assert main(["recipe", "no-such-thing"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("wavecast: error: unknown recipe 'no-such-thing'") and "\n" not in err


@pytest.mark.parametrize("name", list(RECIPES))
def test_quick_form_writes_metrics_config_and_plots(name, tmp_path, capsys):
    out = tmp_path / name
    assert main(["recipe", name, "--quick", "--out", str(out)]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["recipe"] == name and metrics["quick"] is True
    assert metrics["figures"], "a recipe reports at least one figure"
    for key, fig in metrics["figures"].items():
        assert {"reported", "ours"} <= set(fig), key
        assert fig["ours"] is None or isinstance(fig["ours"], float), key
    assert json.loads((out / "config.json").read_text())["seed"] == 0
    pngs = list(out.glob("*.png"))
    assert pngs and all(p.stat().st_size > 1000 for p in pngs)
    printed = capsys.readouterr().out
    assert "source" in printed and "ours" in printed


def test_quick_priming_already_lowers_the_first_quarter_error():
    r = run("simple-rnn-priming", quick=True)
    assert r.figures["primed_quarter_mse"].ours < r.figures["cold_quarter_mse"].ours


def test_noise_floor_is_the_analytic_one():
    # 0.08143 is sqrt((1 - sinc(0.2)^2) / 2), the figure the issue quotes.
    assert math.isclose(math.sqrt(phase_noise_floor_mse(0.2)), 0.08143, abs_tol=1e-5)


def test_elman_weights_map_onto_the_tutorials_formula():
    # The tutorial: h = tanh([x, h] w1), y = h w2. Draw the same w1, w2 and run 5 steps by hand.
    rng = np.random.default_rng(3)
    w1, w2 = rng.normal(0, 0.4, (7, 6)), rng.normal(0, 0.3, (6, 1))
    rnn, head = tutorial_model(np.random.default_rng(3))
    x = np.sin(np.linspace(2, 10, 6))[:, None]
    h, ys = np.zeros((1, 6)), []
    for t in range(5):
        h = np.tanh(np.concatenate([x[t : t + 1], h], axis=1) @ w1)
        ys.append((h @ w2)[0, 0])
    out, _ = rnn.forward(x[None, :5])
    np.testing.assert_allclose(head.forward(out)[0, :, 0], ys, rtol=1e-12)


class _Shift(torch.nn.Module):
    """A 'net' whose one-step prediction is its input + 10, so replaced samples are visible."""

    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.zeros(1))

    def forward(self, x, state=None):
        return x + 10 + self.w, state


def test_sampled_inputs_replaces_the_share_asked_and_never_the_first():
    torch.manual_seed(0)
    x = torch.arange(4 * 200, dtype=torch.float64).reshape(4, 200, 1)
    net = _Shift()
    assert torch.equal(sampled_inputs(net, x, 0.0), x)
    all_own = sampled_inputs(net, x, 1.0)
    assert torch.equal(all_own[:, 0], x[:, 0])
    assert torch.equal(all_own[:, 1:], x[:, :-1] + 10)  # the prediction of x[t] made at t-1
    replaced = (sampled_inputs(net, x, 0.3) != x).double().mean().item()
    assert 0.25 < replaced < 0.35  # 800 Bernoulli(0.3) draws: 0.3 +- 4 standard errors


def test_sampling_is_training_only():
    net = _Shift().eval()
    x, t = torch.zeros(2, 5, 1), torch.zeros(2, 3, 1)
    base = TrainConfig(loss_on="all", rollout_steps=0)
    sampled = TrainConfig(loss_on="all", rollout_steps=0, sampling_prob=1.0)
    assert window_loss(net, x, t, base) == window_loss(net, x, t, sampled)
    net.train()
    assert window_loss(net, x, t, base) != window_loss(net, x, t, sampled)


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_sampling_prob_is_checked(bad):
    with pytest.raises(ConfigError, match="train.sampling_prob must be in"):
        TrainConfig(sampling_prob=bad)


# --- full recipes against their goals and golden numbers -------------------------------------
# Timings are never compared. On one machine (same torch, one thread, same CPU path) a re-run
# repeats every figure to the last bit; on another CPU path the float rounding differs and a
# long training amplifies it: lstm-cell-future's 1000-step LBFGS RMSE, trained in float32, was
# 0.00565 on the machine that wrote the golden file, 0.0371 (6.6x) on an AVX-512 Xeon and 0.183
# (32x, over its goal) on an AVX2 EPYC with MKL_CBWR=COMPATIBLE; now trained in float64 (0.0052-
# 0.055 on the paths measured; its golden figure the EPYC's default path), its goal stays the
# example's own 0.126 (recipes/lstm_cell_future.py). The
# hard check is each recipe's goal, and a trained net's figure is held to a loose band around
# the golden one: it catches a recipe broken by 30x, never a CPU.
BAND = 30.0  # trained nets' errors: within golden / 30 .. golden x 30


def _within(key: str, value: float, want: float) -> bool:
    if key == "noise_floor_rmse":  # closed form: any CPU to the last digits
        return math.isclose(value, want, rel_tol=1e-9)
    if key == "test_rmse":  # within the noise: the floor itself moves ~1.5 % with the test set
        return math.isclose(value, want, rel_tol=0.02)
    if want <= 0 or value <= 0:
        return value == want
    return want / BAND <= value <= want * BAND


def _figures(result) -> dict[str, float]:
    return {k: f.ours for k, f in result.figures.items() if "seconds" not in k}


@pytest.mark.slow
@pytest.mark.exactbits
@pytest.mark.parametrize("name", sorted(RECIPES))  # one test a recipe: pytest -n 2 runs them side by side
def test_full_recipes_meet_their_goals_and_match_golden(name):
    result = run(name)
    numbers = _figures(result)
    if os.environ.get("WAVECAST_REGEN_GOLDEN") == "1":  # one recipe's entry rewritten (run without -n)
        golden = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
        GOLDEN.write_text(json.dumps({**golden, name: numbers}, indent=2, sort_keys=True) + "\n")
    golden = json.loads(GOLDEN.read_text())
    for fig in result.figures.values():
        assert fig.met is not False, f"{name}: {fig.label} = {fig.ours:.4g}, goal {fig.goal}"
    for key, value in numbers.items():
        assert _within(key, value, golden[name][key]), (name, key, value, golden[name][key])
    if name == "lstm-cell-future":  # its note's claim: the free-running loss is what fixed Adam
        # (one-step errors 0.685, scheduled sampling 0.664, the free-running loss 0.0089: 75x;
        # a continuation that drifts to a flat line scores about 0.7, the sine's RMS)
        for other in ("adam_one_step_rmse", "adam_sampling_rmse"):
            assert numbers[other] > 10 * numbers["adam_rmse"], (other, numbers)


def test_the_golden_band_can_fail():
    assert _within("lbfgs_rmse", 0.0371, 0.00565)  # the AVX-512 Xeon's figure passes
    assert not _within("lbfgs_rmse", 0.2, 0.00565) and not _within("ours_mse", 1e-9, 4.6e-6)
    assert not _within("test_rmse", 0.0835, 0.0812) and not _within("noise_floor_rmse", 0.08143, 0.0814322)
