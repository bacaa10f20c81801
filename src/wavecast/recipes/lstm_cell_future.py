"""lstm-cell-future, after the PyTorch forum thread on Adam and the time_sequence_prediction
example it builds on: two stacked LSTM layers continue a sine 1000 steps free-running.

    data:   100 series x 1000 points, sin((t + s) / 20), one integer shift s per series drawn
            from [-80, 80); series 3..99 train, series 0..2 test (as the example)
    model:  two LSTM layers of 51 units and a linear head
    score:  prime on the 1000 known points of each test series, run 1000 steps free, RMSE
            against the true sine (the example plots this continuation but never scores it)

The example trains on whole 999-step sequences with full-batch LBFGS in float64: 24 s a
step on a machine like ours, best 1000-step MSE 0.10 (after step 4), loss exploding at step
5; with a strong-Wolfe line search it is stable and ends at MSE 0.016 after 457 s. The
thread's author moved to Adam on mini-batches and got a continuation that drifts away.

Ours trains on windows cut from the training series (a short context, then a free-running
stretch scored against the truth: train.rollout_steps):
    (a) full-batch LBFGS with a strong-Wolfe line search, one window per training series, in
        float64 as the example
    (b) Adam on mini-batches of more, longer windows, in float32
and, to show what fixed (b), Adam on one-step errors alone and Adam with scheduled
sampling (train.sampling_prob) instead of the free-running loss. The long free-running error
swings from epoch to epoch while the training loss falls smoothly (a small error in the
learned frequency grows over 1000 steps), so after every epoch each run is checked on the
training data itself: prime on the first 200 points of 3 training series, run the other 800
free; the epoch that does best there is kept. The test series are never looked at.

float32 is enough for Adam (0.0115 in float64 against 0.0089, in a third of the time), not for
LBFGS: its curvature pairs and line search read differences of the loss that float32 rounds,
and its training became chaotic. In float32 its 1000-step RMSE was 0.0056 on the machine that
wrote the golden file and 0.0245-0.18 on five other CPU paths (below); in float64 0.0048-0.049
on the three paths measured at 30 epochs (five runs, two machines), for about 2x its training
time; 0.0052-0.055 at the 22 it now trains (LBFGS below). The float32 weights run in float64
give the same RMSE (context): the precision matters in training, not in the continuation.
"""

from __future__ import annotations

import time

import numpy as np

from ..config import ModelConfig, TrainConfig, to_dict
from ._common import Figure, RecipeResult, torch_setup

NAME = "lstm-cell-future"
SOURCE = "the PyTorch forum thread on Adam and the time_sequence_prediction example"
SUMMARY = "two LSTM layers, 1000 steps free-running: full-batch LBFGS and mini-batch Adam"
N_SERIES, LENGTH, T_SCALE, N_TEST, FUTURE = 100, 1000, 20, 3, 1000
GOAL_RMSE = 0.05  # (b) Adam's bar: 0.0077-0.0145 on every CPU path measured (below)
# (a) LBFGS's bar is the example's own figure (strong-Wolfe RMSE 0.126), not 0.05. Trained in
# float32 its training was chaotic, and the last bits of another CPU path moved its 1000-step
# RMSE 30-fold (same code and seed): 0.00565 (the golden file's machine), 0.0245
# (ATEN_CPU_CAPABILITY=avx2), 0.0371 (an AVX-512 Xeon), 0.0496 (MKL_CBWR=AVX2), 0.0963
# (MKL_CBWR=COMPATIBLE), and on an AVX2-only AMD EPYC 0.183 with ATEN_CPU_CAPABILITY=avx2
# MKL_CBWR=COMPATIBLE, above the bar (2026-12-06). Hence float64, as the example: 0.0048
# (MKL_CBWR=COMPATIBLE, on both machines), 0.0494 (MKL_CBWR=AVX2, both), 0.0052 (the EPYC's
# default path). Its epochs still swing, so the bar stays the example's, held with 2.5x margin.
# The example's figures (MSE over the 1000-step continuation), as measured in the issue.
REPORTED = {"lbfgs_best_mse": 0.10, "lbfgs_strong_wolfe_mse": 0.016,
            "lbfgs_strong_wolfe_seconds": 457.0, "seconds_per_step": 24.0}
MODEL = ModelConfig(cell="lstm", hidden_size=51, num_layers=2)
TARGET_LEN = 30  # free-running steps scored after each training window
VAL_PRIME, VAL_SERIES = 200, 3  # the per-epoch check on training series (see above)
# 22 epochs (steps): run to 30, the kept epoch was 21 on the EPYC's default path, 23 with
# MKL_CBWR=AVX2 and 30 with ATEN_CPU_CAPABILITY=avx2 MKL_CBWR=COMPATIBLE, and stopping at 22
# gives 0.0052 (the same bits), 0.0553 (was 0.0494) and 0.0342 (was 0.0048): all under the
# example's 0.126 by 2.3x or more, for 27% less of the recipe's dearest training (2026-12-07).
LBFGS = TrainConfig(optimizer="lbfgs", lr=1.0, epochs=22, loss_on="all", rollout_steps=TARGET_LEN,
                    schedule="none", clip_norm=0.0, dtype="float64")  # float64: see GOAL_RMSE
ADAM = TrainConfig(optimizer="adam", lr=0.01, epochs=20, batch_size=64, loss_on="all",
                   rollout_steps=TARGET_LEN, dtype="float32")
# name -> (train config, (input_len, stride) of the windows); (a) and (b) carry the goal,
# the other two show what fixed (b). LBFGS pays for every window at every one of its ~20
# evaluations a step, so it gets one 50-step context per series (97 windows); Adam's
# mini-batches make 873 windows of 100 cheap.
VARIANTS = {
    "lbfgs": (LBFGS, (50, 1000)),
    "adam": (ADAM, (100, 100)),
    "adam_one_step": (TrainConfig(**{**to_dict(ADAM), "rollout_steps": 0}), (100, 100)),
    "adam_sampling": (TrainConfig(**{**to_dict(ADAM), "rollout_steps": 0, "sampling_prob": 0.5}),
                      (100, 100)),
}
LABELS = {"lbfgs": "(a) LBFGS full batch + free-running loss",
          "adam": "(b) Adam mini-batch + free-running loss",
          "adam_one_step": "Adam on one-step errors only (the thread's setup)",
          "adam_sampling": "Adam + scheduled sampling (p 0.5), no free-running loss"}


def make_data(seed: int, n_series: int = N_SERIES, length: int = LENGTH) -> np.ndarray:
    """(n_series, length + FUTURE): the known points and the true continuation of each."""
    rng = np.random.default_rng(seed)
    shift = rng.integers(-4 * T_SCALE, 4 * T_SCALE, n_series)  # the example's [-80, 80)
    t = np.arange(length + FUTURE)[None] + shift[:, None]
    return np.sin(t / T_SCALE)


class _BestEpoch:
    """An on_epoch hook: score the long free run on training series, keep the best weights."""

    def __init__(self, net, series: np.ndarray) -> None:
        self.net, self.series = net, series  # series (S, N, 1): prime on VAL_PRIME, run the rest
        self.best, self.state, self.epoch, self.scores = float("inf"), None, 0, []

    def __call__(self, rep) -> None:
        import torch

        from ..forecasters.net import rollout

        was_training = self.net.training
        self.net.eval()
        dtype = next(self.net.parameters()).dtype
        with torch.no_grad():
            x = torch.as_tensor(self.series, dtype=dtype)
            p = rollout(self.net, x[:, :VAL_PRIME], x.shape[1] - VAL_PRIME)
            err = float(torch.sqrt(torch.mean((p - x[:, VAL_PRIME:]) ** 2)))
        self.net.train(was_training)
        self.scores.append(err if np.isfinite(err) else None)
        if np.isfinite(err) and err < self.best:
            self.best, self.epoch = err, rep.epoch
            self.state = {k: v.detach().clone() for k, v in self.net.state_dict().items()}

    def restore(self) -> None:
        if self.state is not None:
            self.net.load_state_dict(self.state)


def run(quick: bool = False, seed: int = 0) -> RecipeResult:
    from ..data.windows import WindowSet

    t0 = time.perf_counter()
    # quick: 4 training series, few windows, 1 epoch: checks the plumbing, learns little
    n_series, future = (N_TEST + 4, 200) if quick else (N_SERIES, FUTURE)
    data = make_data(seed, n_series)
    known = data[:, :LENGTH]  # (n_series, 1000)
    train_series = [s[:, None] for s in known[N_TEST:]]
    test_ctx = known[:N_TEST, :, None]  # (3, 1000, 1)
    truth = data[:N_TEST, LENGTH : LENGTH + future]  # (3, future)
    val_series = known[N_TEST : N_TEST + VAL_SERIES, :, None]  # (3, 1000, 1), training data
    rng = np.random.default_rng(seed)
    results, preds, histories, windows_used = {}, {}, {}, {}
    for name, (cfg, (input_len, stride)) in VARIANTS.items():
        if quick:
            cfg = TrainConfig(**{**to_dict(cfg), "epochs": 1})
            stride = max(stride, 400)
        windows = WindowSet.from_segments(train_series, input_len, TARGET_LEN, stride)
        windows_used[name] = {"input_len": input_len, "stride": stride, "n_windows": len(windows)}
        results[name], preds[name], histories[name] = _train_variant(
            cfg, windows, seed, np.random.default_rng(rng.integers(2**32)), val_series, test_ctx, truth, future)
    r = {k: v["rmse"] for k, v in results.items()}
    rep = REPORTED
    figures = _figures(r, results, future)
    config = {"seed": seed, "n_series": n_series, "length": LENGTH, "future": future,
              "t_scale": T_SCALE, "n_test": N_TEST, "target_len": TARGET_LEN,
              "val_prime": VAL_PRIME, "val_series": VAL_SERIES, "windows": windows_used,
              "model": to_dict(MODEL), "train": {k: to_dict(v[0]) for k, v in VARIANTS.items()}}
    context = {"variants": results,
               "reported": {**rep, "lbfgs_best_rmse": float(np.sqrt(rep["lbfgs_best_mse"]))}}
    notes = _notes(r, results, future)
    res = RecipeResult(NAME, SOURCE, quick, figures, config, context, notes)

    def draw(out):
        from ..report import figures as report

        paths = []
        for i in range(N_TEST):
            paths.append(report.forecast_figure(
                out / f"future_{i}.png", history=known[i], truth=truth[i],
                forecasts={LABELS[k]: v[i] for k, v in preds.items()}, start=LENGTH,
                n_history=200, title=f"{NAME}: test series {i}, {future} steps free-running"))
        paths.append(report.loss_figure(out / "loss.png", histories["adam"]))
        return paths

    res.draw = draw
    res.seconds = time.perf_counter() - t0
    return res


def _train_variant(cfg, windows, seed: int, rng, val_series, test_ctx, truth, future: int):
    """Train one variant, keep its best epoch by the check on training series, score it.

    Returns (figures dict, forecasts (3, future), loss history).
    """
    import torch

    from ..forecasters.net import rollout
    from ..models.recurrent import build_model
    from ..training.loop import train

    torch_setup(seed, cfg.threads)
    net = build_model(MODEL)
    keep = _BestEpoch(net, val_series)
    res = train(net, windows, cfg, rng, on_epoch=keep)
    dtype = next(net.parameters()).dtype  # float32 unless the variant says float64
    with torch.no_grad():
        ctx = torch.as_tensor(test_ctx, dtype=dtype)
        last = rollout(net, ctx, future)[..., 0].double().numpy()  # the last epoch's weights
    keep.restore()
    with torch.no_grad():
        ctx = torch.as_tensor(test_ctx, dtype=dtype)
        p = rollout(net, ctx, future)[..., 0].double().numpy()  # (3, future)
        # The same trained weights run in float64: float32 does not limit the continuation.
        p64 = rollout(net.double(), ctx.double(), future)[..., 0].numpy()
    err = np.sqrt(np.mean((p - truth) ** 2))
    result = {"rmse": float(err) if np.isfinite(err) else float("nan"),
              "rmse_float64_inference": float(np.sqrt(np.mean((p64 - truth) ** 2))),
              "rmse_by_series": np.sqrt(np.mean((p - truth) ** 2, axis=1)).tolist(),
              "train_seconds": res.seconds, "steps": res.n_steps,
              "final_loss": res.history["train_loss"][-1],
              "kept_epoch": keep.epoch, "val_rmse_by_epoch": keep.scores,
              "rmse_last_epoch": float(np.sqrt(np.mean((last - truth) ** 2)))}
    return result, p, res.history


def _figures(r: dict, results: dict, future: int) -> dict:
    rep = REPORTED
    return {
        "lbfgs_rmse": Figure(f"{future}-step RMSE, {LABELS['lbfgs']}", r["lbfgs"],
                             float(np.sqrt(rep["lbfgs_strong_wolfe_mse"])),
                             goal=f"< {np.sqrt(rep['lbfgs_strong_wolfe_mse']):.3g} (the example's)",
                             met=bool(r["lbfgs"] < np.sqrt(rep["lbfgs_strong_wolfe_mse"]))),
        "lbfgs_seconds": Figure("training wall time (a), s", results["lbfgs"]["train_seconds"],
                                rep["lbfgs_strong_wolfe_seconds"]),
        "adam_rmse": Figure(f"{future}-step RMSE, {LABELS['adam']}", r["adam"], None,
                            goal=f"<= {GOAL_RMSE}", met=bool(r["adam"] <= GOAL_RMSE)),
        "adam_seconds": Figure("training wall time (b), s", results["adam"]["train_seconds"], None),
        "adam_one_step_rmse": Figure(f"{future}-step RMSE, {LABELS['adam_one_step']}",
                                     r["adam_one_step"], None),
        "adam_sampling_rmse": Figure(f"{future}-step RMSE, {LABELS['adam_sampling']}",
                                     r["adam_sampling"], None),
    }


def _notes(r: dict, results: dict, future: int) -> list[str]:
    rep = REPORTED
    return [
        f"the free-running loss is what fixed Adam: {future}-step RMSE {r['adam_one_step']:.3g} "
        f"on one-step errors alone, {r['adam']:.3g} with {TARGET_LEN} free-running steps "
        f"({r['adam_one_step'] / max(r['adam'], 1e-12):.0f}x lower); scheduled sampling alone "
        f"gives {r['adam_sampling']:.3g}",
        f"LBFGS on 97 short windows: {r['lbfgs']:.3g} in {results['lbfgs']['train_seconds']:.0f} s "
        f"(the example: RMSE {np.sqrt(rep['lbfgs_strong_wolfe_mse']):.3g} after "
        f"{rep['lbfgs_strong_wolfe_seconds']:.0f} s)",
        "epochs kept by the check on training series: "
        + ", ".join(f"{k} {v['kept_epoch']} (last epoch's weights: RMSE {v['rmse_last_epoch']:.3g})"
                    for k, v in results.items()),
        "LBFGS trained in float64, Adam in float32; the same weights run in float64 give RMSE "
        + ", ".join(f"{k} {v['rmse_float64_inference']:.3g}" for k, v in results.items()),
    ]
