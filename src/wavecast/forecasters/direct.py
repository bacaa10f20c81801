"""The direct pipeline under the forecaster contract: GlobalNetForecaster for every caller.

GlobalNetForecaster (global_net.py) fits per-series transforms and one net on a list of
series. Here it keeps the contract every forecaster keeps (contract.py): fit(train) -> self,
predict(context (B, T, F), horizon, series) with context_len None, so forecast_at hands each
row its whole history (NaN-padded on the left) and the row's series index; `starts` places a
context that is only a tail of its series (a saved model keeps tails) in its series' season.
"""

from __future__ import annotations

import copy
import warnings

import numpy as np

from ..errors import NotFittedError, ValidationError
from .contract import as_parts, history, series_index
from .global_net import GlobalNetForecaster


def not_continued_words(ids: list, need=()) -> str:
    """What a note calls data given under the ids of training series that does not hold their last
    values: one series without an id is 'the series given', not "1 series given under the id of a
    training series ('')", which a Series or array given to predict(h, data) was told. need: how
    many last training values each was looked for (the model's kept tail: min(input_len, 16), fewer
    for a shorter series), said where they agree: a history of debitcards' last 4 training values
    and new rows was told it "do not hold its last training values", and it held 4 of the 16."""
    k = set(need)
    last = (f"last {n} training values" if (n := k.pop()) > 1 else "last training value") if len(k) == 1 \
        else "last training values"
    if list(ids) == [""]:
        return "the series given does not hold the last values of the series the model was fitted on " \
               f"({last.replace('training ', '')}, in order; it does not continue it)"
    shown = ", ".join(repr(i) for i in ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
    if len(ids) == 1:
        return f"1 series given under the id of a training series ({shown}) does not hold its {last} in order, " \
               "which the model recognises it by"
    return f"{len(ids)} series given under the id of a training series ({shown}) do not hold their {last} in " \
           "order, which the model recognises them by"


class DirectForecaster:
    """A global recurrent net that forecasts the whole horizon at once from transformed windows.

    Parameters
    ----------
    horizon : the longest horizon it forecasts (its head's width).
    season : samples per season (1: none); deseasonalisation is tested per series.
    covariates : data.covariates.Covariates of the series `fit` gets (in their order), or None.
    **settings : GlobalNetForecaster's keywords (seed, cell, hidden_size, n_ensemble, ...).
    device : where `fit` trains the nets (train.device resolved; None: the CPU); they are
        moved to the CPU after training, so a fitted or loaded forecaster predicts on the CPU.
    on_step : progress of the next `fit` (GlobalNetForecaster.fit's on_step); dropped after it.
    checkpoint : the next `fit`'s checkpoint (training.direct_resume.DirectCheckpoints: each net
        a stage of a resumable run), or None; dropped after it. The attribute `warm`, set
        before a `fit` ({"warm": a fitted GlobalNetForecaster, "warm_fraction": f}, or None),
        is that fit's warm start (GlobalNetForecaster.fit); dropped after it too.
    reading : how the next `fit` reads the covariate columns (0/1 or standardised): the scored
        model's covariates_.reading_, which the final model keeps (CovariateFeatures.fit), or
        None: decided on the rows it fits; dropped after it.
    workers : 2 trains the raw view beside the logged one in a second thread (the same numbers;
        GlobalNetForecaster.fit), 1 one after the other.
    """

    context_len = None  # the whole history: the transforms place each point in its season
    name = "direct"

    def __init__(self, horizon: int, season: int, *, device=None, on_step=None, covariates=None,
                 checkpoint=None, workers: int = 1, reading: dict | None = None, **settings) -> None:
        for key, v in (("horizon", horizon), ("season", season)):
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
                raise ValidationError(f"{key} must be an integer >= 1 (got {v!r})")
        self.horizon, self.season = int(horizon), int(season)
        self.model = GlobalNetForecaster(**settings)
        self.covariates = covariates
        self.device, self.on_step, self.checkpoint, self.workers = device, on_step, checkpoint, int(workers)
        self.reading = reading

    @classmethod
    def from_model(cls, model: GlobalNetForecaster) -> DirectForecaster:
        """Wrap a fitted (or loaded) GlobalNetForecaster."""
        self = cls.__new__(cls)
        self.model, self.horizon, self.season = model, int(model.horizon_), int(model.season_)
        self.covariates = model.cov_data_
        self.device, self.on_step, self.checkpoint, self.workers = None, None, None, 1
        return self

    def with_covariates(self, cov) -> DirectForecaster:
        """A copy that reads `cov` (the fitted series' covariates, other values) where it read those it
        was fitted with: the same nets, transforms and scalers, nothing refitted, self unchanged
        (driver_importance scores the net with a driver permuted)."""
        model = copy.copy(self.model)
        model.cov_data_ = cov
        if getattr(model, "raw_", None) is not None:  # log="both": the second view reads them too
            model.raw_ = copy.copy(model.raw_)
            model.raw_.cov_data_ = cov
        return DirectForecaster.from_model(model)

    @property
    def input_len(self) -> int:
        return int(self.model.resolved_["input_len"])

    def fit(self, train, val=None) -> DirectForecaster:
        """Fit on each series' known part (train and val joined: the net validates on the last
        horizon of each series itself, then refits on all of it)."""
        parts = as_parts(train)
        if val is not None:
            parts = [np.concatenate([t, v]) for t, v in zip(parts, as_parts(val), strict=True)]
        if any(p.shape[1] != 1 for p in parts):
            raise ValidationError("the direct pipeline forecasts one target column; got several")
        with warnings.catch_warnings():  # the net's own fallback note is said by the caller
            warnings.simplefilter("ignore", UserWarning)
            self.model.fit([p[:, 0] for p in parts], self.horizon, self.season, device=self.device,
                           on_step=self.on_step, covariates=self.covariates,
                           checkpoint=getattr(self, "checkpoint", None), workers=getattr(self, "workers", 1),
                           reading=getattr(self, "reading", None), **(getattr(self, "warm", None) or {}))
        # a copy refitted later (backtest --refit) trains without a bar and without checkpoints,
        # and reads its covariates as its own rows say
        self.on_step = self.checkpoint = self.warm = self.reading = None
        return self

    def predict(self, context: np.ndarray, horizon: int, series=None, starts=None) -> np.ndarray:
        """(B, T, 1) histories (NaN on the left where a row is shorter) -> (B, horizon, 1).

        series: (B,) the fitted series of each row; starts: (B,) index of each row's first
        value in its series (default 0: the history from the series' first point).
        """
        m = self.model
        if not hasattr(m, "nets_"):
            raise NotFittedError("DirectForecaster is not fitted; call fit(train) first")
        if not 1 <= horizon <= self.horizon:
            raise ValidationError(f"horizon must be 1..{self.horizon} (the horizon it was trained for); "
                                  f"got {horizon}")
        c = np.asarray(context, dtype=np.float64)
        if c.ndim != 3 or c.shape[2] != 1:
            raise ValidationError(f"context must be (B, T, 1); got shape {c.shape}")
        idx = series_index(series, len(c), len(m.transforms_))
        starts = np.zeros(len(c), dtype=np.int64) if starts is None else np.asarray(starts, dtype=np.int64)
        rows = [history(r) for r in c[:, :, 0]]
        return self._forecast(rows, idx, starts, horizon)[:, :, None]

    def _forecast(self, rows: list[np.ndarray], idx: np.ndarray, starts: np.ndarray, horizon: int,
                  covariates=None) -> np.ndarray:
        return self.model.forecast_rows(rows, idx, starts, horizon, covariates=covariates)

    def predict_series(self, values: list[np.ndarray], horizon: int, index: list[int],
                       starts: list[int] | None = None, covariates=None) -> np.ndarray:
        """Forecast after each of `values` (1-D, each a series' history or its tail starting at
        `starts`); index[i] is the fitted series it continues, -1 for a series never seen
        (its transform is then fitted on the values given). covariates: data.covariates.Covariates
        aligned with `values` (their first rows with each value's first), with rows after each
        series' end for future covariates. -> (S, horizon)."""
        if not hasattr(self.model, "nets_"):
            raise NotFittedError("DirectForecaster is not fitted; call fit(train) first")
        if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
            raise ValidationError(f"horizon must be an integer >= 1 (got {horizon!r})")
        rows = [np.asarray(v, dtype=np.float64) for v in values]
        idx = np.asarray(index, dtype=np.int64)
        if starts is None:  # data given: is each row the fitted series it is given for? (place_rows)
            tails = getattr(self.model, "tails_", None) or []
            given, (idx, st, self.refitted_) = idx, self.model.place_rows(rows, idx)
            # how many last values each row not taken was looked for (its note says it)
            self.refit_need_ = [len(tails[given[b]]["tail"]) for b in self.refitted_ if given[b] < len(tails)]
        else:  # the model's own tails, placed by the caller
            st, self.refitted_, self.refit_need_ = np.asarray(starts, dtype=np.int64), [], []
        self.check_steps(horizon)
        # Past the trained horizon: block after block, each on the history and the blocks before.
        out = []
        while sum(b.shape[1] for b in out) < horizon:
            step = min(self.horizon, horizon - sum(b.shape[1] for b in out))
            out.append(self._forecast(rows, idx, st, step, covariates))
            rows = [np.concatenate([r, f]) for r, f in zip(rows, out[-1], strict=True)]
        return np.concatenate(out, axis=1)

    def check_steps(self, horizon: int) -> None:
        """The most steps it forecasts: with past covariates, the horizon it was trained for (past
        it, a block would read past values after the series' end, which nobody knows). Callers
        check it before the future rows, so no one adds rows for steps that are then refused."""
        cf = self.model.covariates_
        if cf is not None and cf.n_past and horizon > self.horizon:
            raise ValidationError(f"with past covariates ({', '.join(cf.schema_['past'])}) the model forecasts at "
                                  f"most {self.horizon} steps (they are unknown after the series' end); got {horizon}")

    def unseen_words(self) -> str:
        """What the net does to a series it never saw, from its fitted settings: forecast_rows fits
        the series' transforms on the values given for it, by the log rule and season test fit
        resolved (a model with covariates never logs its target: fit resolves its log to never)."""
        s, m = self.model.resolved_, self.season
        rule = s.get("log", "positive")
        if rule in ("positive", "growing"):
            log = "each logged if every value given for it is positive" + (" and its swings grow" if rule == "growing"
                                                                      else "")
            if getattr(self.model, "raw_", None) is not None:  # log="both": the views' weighted mean
                log += " (beside a view reading it as it is)"
        elif self.model.covariates_ is not None:
            log = "each read as it is, not logged (a model with covariates never logs its target)"
        else:
            log = "each read as it is, not logged"
        season = (f"its season ({m}) taken out if the values given for it show one" if s.get("deseason", True) and m > 1
                  else "no season taken out")
        return f"{log}; {season}"

    def refit_note(self, ids, order=None, lengths=None) -> str | None:
        """The note on the rows the last predict_series did not take for the fitted series of their
        id (`refitted_`); ids: the id of each row; order: the rows in the user's order of their
        series (data.dataset.in_user_order), which the note names them in; None: as given. None
        when there were none. lengths: each row's number of values; a row shorter than input_len is
        left out: the fallback forecasts it (its own note), and the log and season this note says
        the net's transforms take are not taken for it."""
        rows = getattr(self, "refitted_", [])
        need = getattr(self, "refit_need_", ())
        if lengths is not None:  # (need: one a row of refitted_, in its order)
            kept = [k for k, b in enumerate(rows) if lengths[b] >= self.input_len]
            rows, need = [rows[k] for k in kept], [need[k] for k in kept if k < len(need)]
        if not rows:
            return None
        place = {b: k for k, b in enumerate(order)} if order is not None else {}
        given = [ids[b] for b in sorted(rows, key=lambda b: (place.get(b, len(ids)), b))]
        what = "a series" if len(given) == 1 else "series"
        return f"{not_continued_words(given, need)}: read as {what} the model never saw, {self.unseen_words()}"

    def short_rows(self, lengths) -> int:
        """How many of these history lengths are too short for the net (forecast by the fallback)."""
        return int(sum(n < self.input_len for n in lengths))
