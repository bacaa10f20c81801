"""The trained network as a forecaster: prime on the context, then feed each prediction back.

The contract every forecaster keeps is in contract.py; NetForecaster keeps it for the net.
"""

from __future__ import annotations

import numpy as np
import torch

from ..data.scaling import Scaler
from ..errors import NotFittedError, ValidationError
from .contract import as_parts, fit_scalers, pick, series_index, stack
from .series_tails import clip_contexts


def check_context(context: np.ndarray, n_features: int, min_len: int = 1) -> np.ndarray:
    c = np.asarray(context, dtype=np.float64)
    if c.ndim != 3:
        raise ValidationError(f"context must be (B, T, F); got shape {c.shape}")
    if c.shape[2] != n_features:
        raise ValidationError(f"context has {c.shape[2]} features; the model has {n_features}")
    if c.shape[1] < min_len:
        raise ValidationError(f"model needs the last {min_len} values; got {c.shape[1]}")
    return c


# Each forecast step feeds the last one back, one after another: ~50 us a step for a small
# net, so 2,000,000 steps ran 112 s (issue 13), and the values after 1e5 steps are the net's
# fixed point or cycle, not a forecast of the data. 100,000 steps take a few seconds.
MAX_HORIZON = 100_000


def check_horizon(horizon: int, direct=None) -> None:
    """At most MAX_HORIZON steps. direct: the DirectForecaster asked, which feeds its own blocks
    back past the horizon it was trained for (None: the recursive net, one step at a time)."""
    if horizon > MAX_HORIZON:
        how = ("a recursive forecast that far" if direct is None else
               f"past the {direct.horizon} steps it was trained for, the direct net forecasts block after block, "
               "each reading the blocks before: a forecast that far")
        raise ValidationError(f"horizon {horizon:,} is more than {MAX_HORIZON:,} steps; {how} is the net's own "
                              "cycle, not the data's: ask for fewer")


def prime(net: torch.nn.Module, context: torch.Tensor):
    """Run the net over the context; return (prediction after it (B, 1, F), state)."""
    y, state = net(context)
    return y[:, -1:], state


def rollout(net: torch.nn.Module, context: torch.Tensor, horizon: int) -> torch.Tensor:
    """Free-running forecast: prime on context (B, T, F), feed back -> (B, horizon, F)."""
    step, state = prime(net, context)
    out = torch.empty(context.shape[0], horizon, step.shape[2], dtype=step.dtype, device=step.device)
    out[:, :1] = step
    # RecurrentNet.step: fused cell kernels, forward()'s numbers. Not net.free_run, the folded
    # recurrence that training uses: its rounding differs in the last bits, and a saved
    # model must keep giving its forecasts bit for bit (tests/test_model_fixtures.py).
    one_step = getattr(net, "step", net)
    for h in range(1, horizon):
        step, state = one_step(step, state)
        out[:, h : h + 1] = step
    return out


class NetForecaster:
    """A trained recurrent net (one global model) with each series' scaler.

    The weights are trained by training.train on the prepared windows; fit() fits what is
    per series, the scalers (each series' own training part, or one over all of them with
    scaling="global"), so the same net continues series it never saw in their own units.
    """

    def __init__(
        self, net: torch.nn.Module, scaler: Scaler | None, input_len: int, name: str | None = None,
        scaling: str = "per_series",
    ) -> None:
        self.net = net.eval()
        self.scaler = scaler  # one Scaler, or a stacked one (S, 1, F): a series a row
        self.input_len = input_len
        self.context_len = input_len
        self.scaling = scaling
        self.name = name or getattr(net, "cell", "net")
        param = next(net.parameters())
        self._dtype, self._device = param.dtype, param.device
        self.n_features = getattr(net, "input_size", 1)

    def fit(self, train, val=None) -> NetForecaster:
        """Fit each series' scaler on its training part (the weights are not retrained)."""
        self.scaler = stack(fit_scalers(as_parts(train), self.scaling))
        return self

    def _scaler(self, n_rows: int, series) -> Scaler:
        if self.scaler is None:
            raise NotFittedError("NetForecaster is not fitted; call fit(train) first")
        n = len(self.scaler.mean_) if np.ndim(self.scaler.mean_) == 3 else 1
        return pick(self.scaler, series_index(series, n_rows, n))

    def _tensor(self, context: np.ndarray, scaler: Scaler) -> torch.Tensor:
        c = check_context(context, self.n_features, self.input_len)
        z = scaler.transform(c)
        return torch.as_tensor(z, dtype=self._dtype, device=self._device)

    def predict(self, context: np.ndarray, horizon: int, series=None) -> np.ndarray:
        """Free-running forecast in data units: (B, T, F) -> (B, horizon, F)."""
        if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
            raise ValidationError(f"horizon must be an integer >= 1 (got {horizon!r})")
        check_horizon(int(horizon))
        scaler = self._scaler(len(np.asarray(context)), series)
        with torch.no_grad():
            z = rollout(self.net, self._tensor(context, scaler), int(horizon))
        out = scaler.inverse_transform(z.cpu().numpy().astype(np.float64))  # (B, H, F)
        # at least 0 in each row's column whose context holds no negative value (a count, a demand):
        # the rollout of a series sitting at 0 wanders a little below it (the direct net's and the
        # baselines' rule, series_tails)
        return clip_contexts(out, np.asarray(context, dtype=np.float64), None, None)

    def predict_one_step(self, series: np.ndarray) -> np.ndarray:
        """Teacher-forced predictions: out[t] predicts series[t + 1] from series[: t + 1].

        series (N, F) -> (N, F); the first outputs have little context to go on.
        """
        scaler = self._scaler(1, None if self.scaler is None or np.ndim(self.scaler.mean_) < 3 else [0])
        if np.ndim(scaler.mean_) == 3:  # the first series' row (1, 1, F) -> (F,)
            scaler = Scaler.from_params(scaler.mean_[0, 0], scaler.scale_[0, 0])
        c = self._tensor(np.asarray(series)[None], scaler)
        with torch.no_grad():
            y, _ = self.net(c)
        return scaler.inverse_transform(y[0].cpu().numpy().astype(np.float64))

