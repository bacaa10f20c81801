"""The global recurrent net with a direct multi-step head, and its training loop on windows.

Windows are tensors (N, L) of inputs and (N, H) of targets, already normalised; a batch is
gathered by one index tensor, never a Python loop per window.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import nn

from .optim import Adam
from .ridge import ridge_fit

CELLS = {"gru": nn.GRU, "lstm": nn.LSTM, "rnn": nn.RNN}


class DirectNet(nn.Module):
    """RNN over the input window; the last hidden state -> the whole horizon at once.
    With `skip_len`, a linear map of the last `skip_len` inputs is added to the head's output
    (a global linear AR beside the net: the net learns what the linear part misses;
    `start_linear` sets it to the ridge fit and keeps it there)."""

    def __init__(self, cell: str, hidden_size: int, num_layers: int, horizon: int,
                 skip_len: int = 0) -> None:
        super().__init__()
        self.rnn = CELLS[cell](1, hidden_size, num_layers=num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size, horizon)
        self.skip = nn.Linear(skip_len, horizon) if skip_len else None
        self.keep_linear = False  # set by start_linear: training leaves the linear path where it starts

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(x.unsqueeze(-1))  # (B, L, 1) -> (B, L, hidden)
        y = self.head(out[:, -1])  # (B, H)
        if self.skip is not None:
            w, b = self.skip.weight, self.skip.bias
            if self.keep_linear:  # no gradient reaches the linear path: Adam leaves it as it is
                w, b = w.detach(), b.detach()
            y = y + nn.functional.linear(x[:, x.shape[1] - self.skip.in_features:], w, b)
        return y

    @torch.no_grad()
    def start_linear(self, x: torch.Tensor, y: torch.Tensor, reset_head: bool = True) -> None:
        """With a linear path: set it to the ridge fit of the targets y (N, H) on the inputs x
        (N, L) (`models.ridge`) and keep it there; the head starts at zero (reset_head), so the
        recurrent path learns what the linear model misses. Without one: nothing."""
        if self.skip is None:
            return
        w, self.ridge_ = ridge_fit(x[:, x.shape[1] - self.skip.in_features:], y)  # (K + 1, H)
        self.skip.weight[:] = w[:-1].T.to(self.skip.weight.device, self.skip.weight.dtype)
        self.skip.bias[:] = w[-1].to(self.skip.bias.device, self.skip.bias.dtype)
        if reset_head:
            self.head.weight.zero_()
            self.head.bias.zero_()
        self.keep_linear = True


LOSSES = {"l1": nn.functional.l1_loss, "mse": nn.functional.mse_loss,
          "huber": nn.functional.smooth_l1_loss}


def _loss(name: str, pred: torch.Tensor, y: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Mean over windows of weight x the loss averaged over the horizon; pred, y (B, H), w (B,).
    A NaN target (a window's horizon past its series' end) is left out: that window's loss is
    the mean over its known steps."""
    known = ~torch.isnan(y)
    if bool(known.all()):
        per = LOSSES[name](pred, y, reduction="none").mean(dim=1)  # (B,)
    else:  # an unknown step's target is the prediction itself: no loss, no gradient
        per = (LOSSES[name](pred, torch.where(known, y, pred.detach()), reduction="none").sum(dim=1)
               / known.sum(dim=1))
    return (per * w).mean()


def train(net: DirectNet, x: torch.Tensor, y: torch.Tensor, *, steps: int, batch_size: int,
          lr: float, loss: str, seed: int, weight: torch.Tensor,
          val: tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None = None,
          eval_every: int = 1, patience: int | None = None, snapshot_after: int | None = None,
          on_step: Callable[[int, int, int, float], None] | None = None, checkpoint=None) -> dict:
    """Adam at a constant rate (the validation run and the refit then see the same schedule)
    for `steps` steps on batches drawn without replacement, reshuffled at every pass.

    x (N, L), y (N, H), `weight` (N,): each window's weight in the loss. With `val` (inputs,
    targets, weights), the weighted L1 validation loss every `eval_every` steps; stop after
    `patience` evaluations without improvement and return the best step count and its loss
    (the weights are those of the last step run: the caller refits for the chosen count).
    The loss of one window per series is noisy: the best count is chosen on its exponential
    moving average (weight 0.3 on the newest evaluation).

    snapshot_after: run at least this many steps, and also return (as "snapshot") a copy of
    the weights at the best smoothed validation loss among the evaluations at or after this
    step: an ensemble member trained as long as the refit is.

    The windows go to the net's device (train.device); on_step(step, steps, steps a pass,
    batch loss) after each optimizer step draws progress.

    checkpoint: None, or what `stage(key)` opens as a context (training.direct_resume): the
    stage's saved state, if any (a finished stage returns its result without training; a
    stage in progress continues from its step, bit for bit), `due`/`save` write the state
    after a step (and stop after a signal), `finish` records the result."""
    if checkpoint is None:
        return _train(net, x, y, steps, batch_size, lr, loss, seed, weight, val, eval_every, patience,
                      snapshot_after, on_step, None)
    key = {"windows": list(x.shape), "targets": list(y.shape), "steps": steps, "batch_size": batch_size,
           "lr": lr, "loss": loss, "seed": seed, "validation": val is not None, "eval_every": eval_every,
           "patience": patience, "snapshot_after": snapshot_after}
    with checkpoint.stage(key, (x, y, weight, *(val or ()))) as stage:
        return _train(net, x, y, steps, batch_size, lr, loss, seed, weight, val, eval_every, patience,
                      snapshot_after, on_step, stage)


def _train(net, x, y, steps, batch_size, lr, loss, seed, weight, val, eval_every, patience, snapshot_after,
           on_step, stage) -> dict:
    """train() itself; `stage`: the checkpointed stage (or None)."""
    saved = None if stage is None else stage.saved
    if saved is not None and saved["finished"]:  # done before the interruption: its result, untrained
        net.load_state_dict(saved["net"])
        _replay(on_step, saved["losses"], steps, math.ceil(len(x) / batch_size))
        return saved["result"]
    dev = next(net.parameters()).device
    x, y, weight = x.to(dev), y.to(dev), weight.to(dev)
    val = None if val is None else tuple(t.to(dev) for t in val)
    g = torch.Generator().manual_seed(seed)
    # wavecast's Adam: torch.optim.Adam's numbers bit for bit (models/optim.py), without the
    # 0.8-1.5 s import of torch._dynamo that building any torch.optim optimizer costs
    opt = Adam(net.parameters(), lr=lr)
    n = len(x)
    per_pass = math.ceil(n / batch_size)
    best, best_step, history, ema = math.inf, steps, [], None
    snap, snap_val = None, math.inf
    perm = torch.randperm(n, generator=g).to(dev)  # drawn on the CPU: the same order on any device
    first, losses = 1, []  # losses: each step's, kept for a checkpoint (a resumed bar and loss figure)
    if saved is not None:  # a stage stopped half-way: everything its next step reads
        net.load_state_dict(saved["net"])
        opt.load_state_dict(saved["optim"])
        g.set_state(saved["generator"])
        perm = saved["perm"].to(dev)
        first, losses = saved["step"] + 1, saved["losses"].tolist()
        best, best_step, history, ema = saved["best"], saved["best_step"], saved["val_history"], saved["ema"]
        snap, snap_val = saved["snapshot"], saved["snapshot_val"]
        _replay(on_step, losses, steps, per_pass)
    net.train()
    for step in range(first, steps + 1):
        i = (step - 1) % per_pass
        if i == 0 and step > 1:
            perm = torch.randperm(n, generator=g).to(dev)
        idx = perm[i * batch_size:(i + 1) * batch_size]
        opt.zero_grad(set_to_none=True)
        batch_loss = _loss(loss, net(x[idx]), y[idx], weight[idx])
        batch_loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        if on_step is not None or stage is not None:
            value = float(batch_loss.detach())  # no autograd warning: a number for the bar and checkpoint
            losses.append(value)
            if on_step is not None:
                on_step(step, steps, per_pass, value)
        if val is not None and (step % eval_every == 0 or step == steps):
            net.eval()
            with torch.no_grad():
                v = float(_loss("l1", net(val[0]), val[1], val[2]))
            net.train()
            history.append((step, v))
            if not math.isfinite(v):
                break
            ema = v if ema is None else 0.3 * v + 0.7 * ema
            if ema < best:
                best, best_step = ema, step
            elif (patience is not None and step >= (snapshot_after or 0)
                  and len(history) - 1 - _index(history, best_step) >= patience):
                break
            if snapshot_after is not None and step >= snapshot_after and ema < snap_val:
                snap, snap_val = _copy_state(net), ema
        if stage is not None and step < steps and stage.due(step, step % per_pass == 0):
            stage.save({"net": net.state_dict(), "optim": opt.state_dict(), "generator": g.get_state(),
                        "perm": perm, "step": step, "best": best, "best_step": best_step, "val_history": history,
                        "ema": ema, "snapshot": snap, "snapshot_val": snap_val, "losses": losses},
                       (step - 1) // per_pass + 1)  # stops here after a signal, once saved
    if snapshot_after is not None and snap is None:
        snap = _copy_state(net)
    result = {"best_step": best_step, "best_val": best, "val_history": history, "snapshot": snap}
    if stage is not None:
        stage.finish(net.state_dict(), result, losses)
    return result


def _replay(on_step, losses: list[float], steps: int, per_pass: int) -> None:
    """A resumed stage's progress for the steps it does not run again: the bar and the loss
    figure see the same losses as an uninterrupted run."""
    if on_step is not None:
        for step, value in enumerate(losses, start=1):
            on_step(step, steps, per_pass, float(value))


def _copy_state(net: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in net.state_dict().items()}


def _index(history: list[tuple[int, float]], step: int) -> int:
    return next(k for k, (s, _) in enumerate(history) if s == step)
