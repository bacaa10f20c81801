"""The training losses: one-step error, the free-running error, scheduled sampling.

Every model trained by wavecast goes through window_loss, so these options work for all
cells (and for the NumPy-free DDP wrapper, which calls it once a step).
"""

from __future__ import annotations

import torch
from torch import nn

from ..config import TrainConfig


def sampled_inputs(net: nn.Module, inputs: torch.Tensor, prob: float) -> torch.Tensor:
    """Scheduled sampling, done in parallel: inputs (B, T, F) with a random share `prob` of
    the samples after the first replaced by the net's own one-step predictions of them.

    One teacher-forced pass (no gradient) gives y[:, t-1], the prediction of inputs[:, t];
    the loss pass then reads a mix, so the net learns to recover from its own errors instead
    of seeing only perfect inputs (Bengio et al. 2015; the one-pass form of Duckworth et al.
    2019, which needs no per-step Python loop). Uses torch's global generator.
    """
    with torch.no_grad():
        y, _ = net(inputs)  # (B, T, k): y[:, t] predicts inputs[:, t + 1, :k]
    own = torch.cat([inputs[:, :1, : y.shape[2]], y[:, :-1]], dim=1)  # (B, T, k), aligned with inputs
    if y.shape[2] < inputs.shape[2]:  # exogenous columns (covariates) are never the net's own
        own = torch.cat([own, inputs[:, :, y.shape[2] :]], dim=2)  # (B, T, F)
    mask = torch.rand(inputs.shape[0], inputs.shape[1], 1, device=inputs.device) < prob
    mask[:, 0] = False  # the first sample has no prediction of its own
    return torch.where(mask, own.to(inputs.dtype), inputs)


def window_loss(net: nn.Module, inputs: torch.Tensor, targets: torch.Tensor, cfg: TrainConfig):
    """One-step MSE of the prediction after the window, plus the free-running loss if asked.

    The free-running term feeds the net its own predictions for `rollout_steps` steps and
    scores them against the true continuation: a net trained on one-step errors alone never
    sees its own mistakes, which is why long continuations drift (the forum thread on Adam).

    A net whose output_size k is below the input's F columns forecasts the first k; the
    others are exogenous (covariates): scored never, fed to the free-running steps from the
    targets' rows (row t holds the covariates of step t + 1, forecasters/recursive_inputs.py).
    """
    k = getattr(net, "output_size", inputs.shape[2])
    exog = targets[:, : max(cfg.rollout_steps - 1, 0), k:] if k < inputs.shape[2] else None
    if cfg.sampling_prob > 0 and net.training:
        y, state = net(sampled_inputs(net, inputs, cfg.sampling_prob))  # (B, T, k)
    else:
        y, state = net(inputs)  # (B, T, k)
    if cfg.loss_on == "all":
        # Every position predicts its successor: inputs[:, 1:] then the first target.
        nxt = torch.cat([inputs[:, 1:], targets[:, :1]], dim=1)  # (B, T, F)
        loss = torch.mean((y - nxt[:, :, :k]) ** 2)
    else:
        loss = torch.mean((y[:, -1] - targets[:, 0, :k]) ** 2)
    if cfg.rollout_steps > 0 and cfg.sampling_prob > 0 and net.training:
        free = net.rollout(inputs, cfg.rollout_steps, exog)  # primed on the true inputs, not the mix
        loss = loss + cfg.rollout_weight * torch.mean((free - targets[:, : cfg.rollout_steps, :k]) ** 2)
    elif cfg.rollout_steps > 0:
        # Continue from the state the one-step pass ended in: the same numbers as
        # net.rollout(inputs), without running the window through the net a second time
        # (that second pass made each training step of the demo ~1.5x dearer).
        first = y[:, -1:]  # (B, 1, F)
        if hasattr(net, "free_run"):  # RecurrentNet: one fused call where the cell allows
            rest, _ = net.free_run(first, state, cfg.rollout_steps - 1, exog)
        else:
            step, outs = first, []
            for _ in range(cfg.rollout_steps - 1):
                step, state = net(step, state)  # (B, 1, F)
                outs.append(step)
            rest = torch.cat(outs, dim=1) if outs else first[:, :0]
        free = torch.cat([first, rest], dim=1)  # (B, rollout_steps, k)
        loss = loss + cfg.rollout_weight * torch.mean((free - targets[:, : cfg.rollout_steps, :k]) ** 2)
    return loss
