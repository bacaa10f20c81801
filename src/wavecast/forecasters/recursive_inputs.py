"""The recursive net with covariates or several targets: each step's input row (its forecaster:
recursive_inputs_forecaster.py).

    row t of a series:  [ y_t of every target (k) | past covariates at t (p) |
                          future and calendar covariates at t + 1 | static covariates ]

The net reads row t and predicts every target and every past covariate at t + 1 (output_size
k + p). A rollout feeds its k + p predictions back and takes the covariates of the step it
forecasts from the future rows (known over the horizon), so a forecast from origin o needs the
future-known columns at o .. o+H-1 and the past ones up to o - 1 only (never read after it).
A past covariate is thus forecast jointly with the targets, as one more output the training
loss includes (the net learns its dynamics), but it is never reported: forecasts, intervals
and scores are the targets' (column j < k) alone.
With several targets (data/targets.py's panel keyed (id, target)) the k targets of one id are
one joint series: series (id, a) reads b's history from its past column "b->a" and the joint
rollout's column a is its forecast (those internal columns are not past covariates here).

Targets are scaled by each (id, target) series' own scaler (data.scaling.Scaler, its training
part); a past covariate like a target: by each series' scaler of its training part (one over all
series with data.scaling="global"; a series the model never saw: the values given before the
origin); the other covariates by forecasters/covariates.py's CovariateFeatures (the rows before
each series' training end, pooled over series; statics standardised or one-hot).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..data.covariates import Covariates
from ..data.prepare import Prepared, target_len, windows_of
from ..data.scaling import Scaler, fit_scalers
from ..data.targets import STATIC, cross_name
from ..data.windows import split_in_time
from ..errors import SeriesTooShort, ValidationError
from .contract import stack
from .covariates import CovariateFeatures

FORMAT = "wavecast.recursive_inputs/1"
FORMAT_PAST = "wavecast.recursive_inputs/2"  # /1 and past covariates (written only when there are some)


def future_part(cov: Covariates) -> Covariates:
    """The covariates the recursive net reads: future and calendar columns, the user's statics
    (the panel's own target category left out: the target is the column of the joint series)."""
    keep = [j for j, c in enumerate(cov.static) if c != STATIC]
    n_past = len(cov.past)
    return replace(cov, past=(), static=tuple(cov.static[j] for j in keep),
                   values=[v[:, n_past:] for v in cov.values],
                   statics=[[s[j] for j in keep] for s in cov.statics])


def partners(ids: list[str], series_ids: list[str], series_targets: list[str], targets) -> np.ndarray:
    """(S, k): for each series, the series holding each target of its id (itself for one target)."""
    if not targets:
        return np.arange(len(ids), dtype=np.int64)[:, None]
    where = {(sid, t): i for i, (sid, t) in enumerate(zip(series_ids, series_targets, strict=True))}
    try:
        return np.array([[where[(sid, u)] for u in targets] for sid in series_ids], dtype=np.int64)
    except KeyError as exc:
        raise ValidationError(f"series {exc.args[0][0]!r} has no column {exc.args[0][1]!r}; every id needs "
                              "every target") from None


def past_columns(cov: Covariates | None, targets=()) -> tuple[str, ...]:
    """The user's past covariates (the panel's own columns "b->a" left out)."""
    if cov is None:
        return ()
    if targets:
        from ..data.targets import user_roles

        return tuple(user_roles(cov, targets)["past"])
    return tuple(cov.past)


class RecursiveInputs:
    """What the recursive net reads beside its targets, fitted on the training parts only."""

    past_: tuple = ()  # set by fit and from_dict, with past_scalers_ {series id: (mean, scale)} and scaling_

    def fit(self, cov: Covariates | None, lengths: list[int], targets=(), scaling: str = "per_series") -> RecursiveInputs:
        self.targets_ = tuple(targets)
        self.features_ = None if cov is None else CovariateFeatures().fit(future_part(cov), lengths)
        self.past_, self.scaling_, self.past_scalers_ = past_columns(cov, targets), scaling, {}
        if self.past_:  # each series' past columns scaled on its training part, like a target
            idx = [cov.columns.index(c) for c in self.past_]
            parts = [v[:n][:, idx] for v, n in zip(cov.values, lengths, strict=True)]
            for j, p in enumerate(parts):
                if not np.isfinite(p).all():
                    r, c = np.argwhere(~np.isfinite(p))[0]
                    raise ValidationError(f"series {cov.ids[j]!r}: past covariate {self.past_[c]!r} is missing at "
                                          f"step {r + 1} of its training part; fill it")
            for sid, sc in zip(cov.ids, fit_scalers(parts, scaling), strict=True):
                self.past_scalers_[sid] = (np.asarray(sc.mean_, dtype=np.float64).reshape(-1),
                                           np.asarray(sc.scale_, dtype=np.float64).reshape(-1))
        return self

    @property
    def k(self) -> int:
        """The targets: the outputs reported."""
        return max(1, len(self.targets_))

    @property
    def n_past(self) -> int:
        return len(self.past_)

    @property
    def n_out(self) -> int:
        """The net's outputs, fed back at each step: the targets, then the past covariates."""
        return self.k + self.n_past

    @property
    def n_future(self) -> int:
        return 0 if self.features_ is None else self.features_.n_future

    @property
    def n_static(self) -> int:
        return 0 if self.features_ is None else self.features_.n_static

    @property
    def input_size(self) -> int:
        return self.n_out + self.n_future + self.n_static

    @property
    def future_columns(self) -> list[str]:
        return [] if self.features_ is None else self.features_.columns

    def check(self, cov: Covariates | None) -> None:
        """The covariates given hold every column the model reads."""
        need = [*self.past_, *self.future_columns,
                *([] if self.features_ is None else self.features_.schema_["static"])]
        have = [] if cov is None else [*cov.columns, *cov.static]
        missing = [c for c in need if c not in have]
        if missing:
            raise ValidationError(f"this model reads the covariate {missing[0]!r}; pass data with the columns it "
                                  f"was trained with ({', '.join(need)})")

    def rows(self, y: np.ndarray, i: int, cov: Covariates | None, target: str, start: int, stop: int) -> np.ndarray:
        """Rows start..stop-1 of series i in data units (stop - start, input_size): its own
        values y (1-D, from the series' first value; NaN at and after len(y)), the other
        targets' from cov's past columns, the past covariates at t (NaN at and after len(y): never
        read after the origin), the covariates at t + 1 (NaN where no row holds them)."""
        n, k = stop - start, self.n_out
        out = np.full((n, self.input_size), np.nan)
        seen = y[start:min(stop, len(y))]
        for j, u in enumerate(self.targets_ or (target,)):
            if u == target:
                out[: len(seen), j] = seen
            else:
                col = cov.values[i][start:min(stop, len(y)), cov.columns.index(cross_name(u, target))]
                out[: len(col), j] = col
        if self.past_:
            idx = [cov.columns.index(c) for c in self.past_]
            p = cov.values[i][start:min(stop, len(y))][:, idx]
            out[: len(p), self.k : k] = p
        if self.n_future:
            idx = [cov.columns.index(c) for c in self.future_columns]
            f = cov.values[i][start + 1 : stop + 1][:, idx]
            out[: len(f), k : k + self.n_future] = f
        if self.n_static:
            names = list(cov.static)
            raw = [cov.statics[i][names.index(c)] for c in self.features_.schema_["static"]]
            out[:, k + self.n_future :] = self.features_.static_vector(raw)
        return out

    def past_scaler(self, sid: str, seen: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Series sid's past-covariate scaler (mean, scale) (p,): its training part's; for a
        series the model never saw, the values given before the origin (`seen`, (T, p)), or the
        one over all series (data.scaling="global")."""
        if sid in self.past_scalers_:
            return self.past_scalers_[sid]
        if self.scaling_ == "global" and self.past_scalers_:
            return next(iter(self.past_scalers_.values()))
        sc = Scaler().fit(np.asarray(seen, dtype=np.float64))
        return np.asarray(sc.mean_, dtype=np.float64).reshape(-1), np.asarray(sc.scale_, dtype=np.float64).reshape(-1)

    def scaler(self, scalers: Scaler, members: np.ndarray, past=None) -> Scaler:
        """The row scaler of a series whose targets' series are `members` (k,): each target by
        its own series' scaler, the past covariates by `past` (mean, scale) (p,), the other
        covariates by the fitted ones, the statics as encoded."""
        mean, scale = np.zeros(self.input_size), np.ones(self.input_size)
        m, s = np.asarray(scalers.mean_), np.asarray(scalers.scale_)  # (S, 1, 1)
        mean[: self.k], scale[: self.k] = m[members, 0, 0], s[members, 0, 0]
        if self.n_past:
            mean[self.k : self.n_out], scale[self.k : self.n_out] = past
        if self.n_future:
            mean[self.n_out : self.n_out + self.n_future] = self.features_.mean_
            scale[self.n_out : self.n_out + self.n_future] = self.features_.scale_
        return Scaler.from_params(mean, scale)

    def to_dict(self) -> dict:
        d = {"format": FORMAT, "targets": list(self.targets_),
             "covariates": None if self.features_ is None else self.features_.to_dict()}
        if self.past_:  # a /1 reader would build a net of the wrong width: refused by its tag
            d["format"] = FORMAT_PAST
            d["past"] = {"columns": list(self.past_), "scaling": self.scaling_,
                         "scalers": {sid: {"mean": m.tolist(), "scale": s.tolist()}
                                     for sid, (m, s) in self.past_scalers_.items()}}
        return d

    @classmethod
    def from_dict(cls, d: dict) -> RecursiveInputs:
        if not isinstance(d, dict) or d.get("format") not in (FORMAT, FORMAT_PAST):
            raise ValueError(f"recursive_inputs: not a {FORMAT} or {FORMAT_PAST} section")
        self = cls()
        self.targets_ = tuple(str(t) for t in d["targets"])
        self.features_ = None if d["covariates"] is None else CovariateFeatures.from_dict(d["covariates"])
        if self.features_ is not None and self.features_.n_past:
            raise ValueError("recursive_inputs: past covariates among the future-known features")
        self.past_, self.past_scalers_, self.scaling_ = (), {}, "per_series"
        if d["format"] == FORMAT_PAST:
            past = d["past"]
            self.past_ = tuple(str(c) for c in past["columns"])
            self.scaling_ = str(past["scaling"])
            for sid, sc in past["scalers"].items():
                m, s = np.asarray(sc["mean"], dtype=np.float64), np.asarray(sc["scale"], dtype=np.float64)
                if m.shape != (len(self.past_),) or s.shape != m.shape or not np.isfinite(m).all() or \
                        not (np.isfinite(s) & (s > 0)).all():
                    raise ValueError(f"recursive_inputs: the past covariates' scaler of series {sid!r} is not "
                                     f"{len(self.past_)} finite means and positive scales")
                self.past_scalers_[str(sid)] = (m, s)
            if not self.past_:
                raise ValueError("recursive_inputs: a past section without columns")
        return self


def prepare_inputs(cfg, series: list[np.ndarray], dataset) -> tuple[Prepared, RecursiveInputs, np.ndarray]:
    """data.prepare's parts for the recursive net with covariates or several targets: splits,
    each series' target scaler and the covariates' scalers fitted on the training parts, and
    the windows of each id's joint rows. -> (Prepared, RecursiveInputs, partners (S, k))."""
    from ..data.dataset import check_lengths

    w, n_target = cfg.window, target_len(cfg)
    try:
        check_lengths(dataset, w.input_len, n_target, w.test_len, w.val_fraction)
    except SeriesTooShort as exc:  # with several targets it named the internal key ('e/returns')
        if getattr(dataset, "targets", ()) and exc.args and isinstance(exc.args[0], str):
            msg = exc.args[0]
            for k, sid, tg in zip(dataset.ids, dataset.series_ids, dataset.series_targets, strict=True):
                said = f"series {sid!r} (target {tg!r})" if sid else f"target {tg!r}"
                msg = msg.replace(f"series {k!r}", said, 1)
            exc.args = (msg, *exc.args[1:])
        raise
    splits = [split_in_time(len(s), w.test_len, w.val_fraction, min_train=w.input_len + n_target) for s in series]
    scalers = fit_scalers([s[: sp.train_end] for s, sp in zip(series, splits, strict=True)], cfg.data.scaling)
    cov, targets = dataset.covariates, tuple(dataset.targets)
    inputs = RecursiveInputs().fit(cov, [sp.train_end for sp in splits], targets, cfg.data.scaling)
    tg = dataset.series_targets if targets else [""] * len(series)
    mates = partners(dataset.ids, dataset.series_ids, tg, targets)
    leaders = sorted(set(mates[:, 0].tolist()))  # one joint series an id
    stacked = stack(scalers)
    joint = [inputs.rows(series[g][:, 0], g, cov, tg[g], 0, splits[g].val_end) for g in leaders]
    for g, rows in zip(leaders, joint, strict=True):
        if not np.isfinite(rows).all():
            r, c = np.argwhere(~np.isfinite(rows))[0]
            raise ValidationError(f"series {dataset.ids[g]!r}: input column {c + 1} of the recursive net is missing at "
                                  f"step {r + 1}; fill the covariates")
    windows, val = windows_of(joint, [splits[g] for g in leaders],
                              [inputs.scaler(stacked, mates[g], inputs.past_scaler(cov.ids[g]) if inputs.n_past
                                             else None) for g in leaders], cfg, n_target)
    return Prepared(series, splits, list(dataset.ids), scalers, windows, val, dataset), inputs, mates
