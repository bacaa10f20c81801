"""The recursive net that reads covariates or forecasts several targets, as a forecaster:
each series' step rows (recursive_inputs.py) scaled, primed on its context, and rolled out
with its predictions fed back beside the covariates known over the horizon.
"""

from __future__ import annotations

import copy

import numpy as np
import torch

from ..data.scaling import Scaler, fit_scalers
from ..errors import NotFittedError, ValidationError
from .contract import as_parts, history, series_index, stack
from .covariates import check_future_rows
from .net import check_horizon
from .recursive_inputs import RecursiveInputs


class RecursiveNetForecaster:
    """The recursive net that reads covariates or forecasts several targets, as a forecaster.

    context_len is None: forecast_at hands each row its whole history (NaN on the left), whose
    length places the origin in the series' covariate rows. The net primes on the last
    input_len rows (fewer where a history is shorter), then feeds its predictions back.
    """

    context_len = None
    name = "recursive"

    def __init__(self, net: torch.nn.Module, inputs: RecursiveInputs, input_len: int, covariates=None,
                 scaler: Scaler | None = None, mates: np.ndarray | None = None, targets_of=None,
                 scaling: str = "per_series") -> None:
        self.net, self.inputs, self.input_len = net.eval(), inputs, int(input_len)
        self.covariates, self.scaler, self.mates = covariates, scaler, mates
        self.targets_of = list(targets_of) if targets_of is not None else None
        self.scaling = scaling
        param = next(net.parameters())
        self._dtype, self._device = param.dtype, param.device

    def with_covariates(self, cov) -> RecursiveNetForecaster:
        """A copy reading `cov` (its series' covariates, other values): the same net, nothing refitted."""
        out = copy.copy(self)
        out.covariates = cov
        return out

    def fit(self, train, val=None) -> RecursiveNetForecaster:
        """Each series' target scaler from its training part (the weights are not retrained)."""
        self.scaler = stack(fit_scalers(as_parts(train), self.scaling))
        return self

    def predict(self, context: np.ndarray, horizon: int, series=None) -> np.ndarray:
        """(B, T, 1) histories from each series' first value (NaN on the left) -> (B, horizon, 1)."""
        if self.scaler is None:
            raise NotFittedError("RecursiveNetForecaster is not fitted; call fit(train) first")
        c = np.asarray(context, dtype=np.float64)
        if c.ndim != 3 or c.shape[2] != 1:
            raise ValidationError(f"context must be (B, T, 1); got shape {c.shape}")
        idx = series_index(series, len(c), len(self.scaler.mean_))
        rows = [history(r) for r in c[:, :, 0]]
        return self.forecast(rows, idx, int(horizon), self.covariates, self.scaler, self.mates,
                             self.targets_of)[:, :, None]

    def forecast(self, rows: list[np.ndarray], idx, horizon: int, cov, scaler: Scaler, mates: np.ndarray,
                 targets_of) -> np.ndarray:
        """rows[b]: the history of series idx[b] from its first value (cov's rows align with it);
        scaler: every series' target scaler stacked (S, 1, 1); mates (S, k) -> (B, horizon)."""
        if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
            raise ValidationError(f"horizon must be an integer >= 1 (got {horizon!r})")
        check_horizon(horizon)
        self.inputs.check(cov)
        k, nf = self.inputs.n_out, self.inputs.n_future  # the fed-back columns, the future-known ones
        tg = targets_of or [""] * len(mates)
        out = np.empty((len(rows), horizon))
        prepared = []
        for y, i in zip(rows, np.asarray(idx).tolist(), strict=True):
            o = len(y)
            if o < 1:
                raise ValidationError(f"series {cov.ids[i] if cov is not None else i!r} has no values to forecast from")
            n_ctx = min(o, self.input_len)
            a = self.inputs.rows(y, i, cov, tg[i], o - n_ctx, o + horizon - 1)  # context, then the steps fed back
            if nf and not np.isfinite(a[:, k : k + nf]).all():
                check_future_rows(a[n_ctx - 1 :, k : k + nf], self.inputs.future_columns, cov.ids[i], horizon)
            if not np.isfinite(a[:n_ctx]).all():
                raise ValidationError(f"series {cov.ids[i]!r}: a target or covariate is missing in the last {n_ctx} "
                                      "steps before the forecast origin; fill it")
            past = None
            if self.inputs.n_past:
                seen = cov.values[i][:o][:, [cov.columns.index(c) for c in self.inputs.past_]]
                past = self.inputs.past_scaler(cov.ids[i], seen)
            sc = self.inputs.scaler(scaler, mates[i], past)
            prepared.append((n_ctx, sc.transform(a), sc, tg[i]))
        for n_ctx in sorted({p[0] for p in prepared}):  # one batch a context length
            sel = [b for b, p in enumerate(prepared) if p[0] == n_ctx]
            z = np.stack([prepared[b][1] for b in sel])  # (G, n_ctx + horizon - 1, F)
            with torch.no_grad():
                pred = _rollout(self.net, torch.as_tensor(z[:, :n_ctx], dtype=self._dtype, device=self._device),
                                torch.as_tensor(z[:, n_ctx:, k:], dtype=self._dtype, device=self._device), horizon)
            pred = pred.cpu().numpy().astype(np.float64)  # (G, horizon, k)
            for g, b in enumerate(sel):
                _, _, sc, t = prepared[b]
                j = self.inputs.targets_.index(t) if self.inputs.targets_ else 0  # a target, never a past column
                out[b] = pred[g, :, j] * sc.scale_[j] + sc.mean_[j]
                # a context without negatives: no negative forecast. The context the net reads, not
                # the whole history: a loaded model holds only that, and must forecast the same
                if float(np.min(rows[b][-self.input_len:])) >= 0:
                    out[b] = np.maximum(out[b], 0.0)
        return out



def _rollout(net, context: torch.Tensor, exog: torch.Tensor, horizon: int) -> torch.Tensor:
    """Prime on context (B, T, F), then feed each prediction back beside exog (B, horizon - 1,
    F - k, k the net's outputs: targets and past covariates), one RecurrentNet.step a step
    (forward()'s numbers, as forecasters/net.py's rollout)."""
    y, state = net(context)
    step = y[:, -1:]  # (B, 1, k)
    out = [step]
    for h in range(horizon - 1):
        step, state = net.step(torch.cat([step, exog[:, h : h + 1]], dim=2), state)
        out.append(step)
    return torch.cat(out, dim=1)  # (B, horizon, k)
