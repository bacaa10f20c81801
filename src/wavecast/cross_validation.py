"""wavecast.backtest(data, ...): the rolling-origin backtest of `wavecast backtest` in Python,
its forecasts as one long DataFrame (NeuralForecast's cross_validation, Darts' historical_forecasts).

    bt = wavecast.backtest(df, target="sales", time="date", id="shop", horizon=4, origins=12, stride=2)
    bt.forecasts      # one row per (shop, cutoff, lead): shop, cutoff, date, sales, <net>, mean, ...
    bt.scores         # pooled MSE, RMSE, MAE, sMAPE, MASE per forecaster (several targets: per target)
    bt.per_series     # each series' MSE, MAE, MASE per forecaster (data of many series)

experiment.run_backtest does the work, as for the command line; nothing is written to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .api_words import speak_python, warn_diagnostics, warn_notes
from .config import Config, override
from .errors import ValidationError
from .words import series_counted

SCORES = ("mse", "rmse", "mae", "smape", "mase")  # the pooled table's columns, as metrics_table shows them


@dataclass
class Backtest:
    """What wavecast.backtest returns: the forecasts of every origin and their scores."""

    forecasts: pd.DataFrame  # one row per (series, cutoff, lead): [id,] [target,] cutoff, time, actual, [filled,] forecasters
    scores: pd.DataFrame  # one row per forecaster (the net first): pooled over series, origins and leads;
    # several targets: indexed by (target, forecaster), each target pooled over its own series
    per_series: pd.DataFrame | None  # one row per (series, forecaster); None: one series (scores is its own)
    metrics: dict  # run_backtest's metrics, as the CLI's metrics.json holds them
    config: Config  # the run's config (its test part lengthened to hold every origin)
    notes: list[str] = field(default_factory=list)  # what the run decided, in Python's words (also warned)
    result: Any = None  # experiment.BacktestResult, for anything the tables leave out

    def __repr__(self) -> str:
        from .experiment_files import panel_how, series_how

        info, m = self.metrics["backtest"], self.metrics
        h = self.config.window.horizon
        if info.get("every_series"):
            what = (f"{series_counted(info['n_series'], m.get('targets') or ())} x {info['origins']} origins "
                    f"({info['stride']} apart), horizon {h}; "
                    f"{panel_how(info, info['n_series'] * info['origins'])}")
        else:
            what = (f"{m['n_origins']} origins ({info['stride']} apart), horizon {h}; {series_how(info)}")
        cols = ", ".join(str(c) for c in self.forecasts.columns)
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            table = self.scores.to_string(float_format=lambda v: f"{v:.4g}")
        pooled = "each target pooled over its series" if m.get("by_target") else "pooled"
        return f"Backtest: {what}\nforecasts: {len(self.forecasts)} rows ({cols})\nscores ({pooled}):\n{table}"


@speak_python
def backtest(data, target="", time: str = "", id: str = "", *, horizon: int | None = None, origins: int = 20,
             stride: int = 1, refit: bool = False, refit_every: int = 0, level=None, seed: int | None = None,
             config: Config | None = None, overrides: tuple[str, ...] | list[str] = (), on_epoch=None,
             past=(), future=(), static=(), calendar: bool | None = None, holidays: str = "",
             **kwargs) -> Backtest:
    """Train as wavecast.fit does, then forecast `horizon` steps from each of the last `origins`
    origins (`stride` apart) after the training part, beside the baselines: `wavecast backtest`.

    Data of many series: every series from its own last origins (its last forecast ending at its
    end). The test part is lengthened to hold every origin, so no origin's truth is trained on.
    refit=True fits every forecaster again before each origin on the data before it;
    refit_every=K trains the net again every K origins (not both). level=[80, 95]: the levels
    scored (coverage-80, ...) and their bands (as wavecast.fit's saved model would have made them
    at the first origin: docs/evaluation.md, "Backtest bands") as columns
    "<forecaster>-lo-80", ...; without it those of eval.levels, 80 and 95, as the CLI's
    --level; level=[] none (no bands, no coverage), as predict's. Every other keyword as fit
    takes it (shortcuts, section__key, the reader's options, past=/future=/static=/calendar=/holidays=).
    Notes are warnings (wavecast.WavecastNote), diagnostics too (wavecast.WavecastDiagnostic);
    nothing is written to disk.
    """
    from .api import _log_epoch, clash_free, read_for_fit
    from .api_words import python_words
    from .data.frames import to_pandas_frame
    from .experiment_backtest import run_backtest
    from .forecast_frame import user_ids
    from .forecasters.interval_levels import user_levels

    for name, value in (("origins", origins), ("stride", stride)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValidationError(f"{name}= must be an integer >= 1 (got {value!r})")
    if isinstance(refit_every, bool) or not isinstance(refit_every, (int, np.integer)) or refit_every < 0:
        raise ValidationError(f"refit_every= must be an integer >= 0 (got {refit_every!r})")
    # refit=2 (NeuralForecast's: train again every 2 windows) was read as True, a refit at every origin
    if not isinstance(refit, (bool, np.bool_)) and not (isinstance(refit, (int, np.integer)) and refit in (0, 1)):
        every = refit if isinstance(refit, (int, np.integer)) and refit > 1 else "K"
        raise ValidationError(f"refit= is True or False (got {refit!r}); to train again every {every} origins pass "
                              f"refit_every={every} (NeuralForecast's refit={every})")
    if refit and refit_every:  # as the command line's --refit and --refit-every: one way to fit again
        raise ValidationError("refit=True and refit_every= are two ways to fit again: give one")
    if horizon is not None and (isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer))
                                or horizon < 1):
        raise ValidationError(f"horizon= must be an integer >= 1 (got {horizon!r})")
    # level=[]: no bands, as predict(h, level=[]) gives none (it was read as "not given": 80 and 95)
    none = level is not None and np.ndim(level) > 0 and len(level) == 0
    levels = () if level is None or none else user_levels(level)
    data = to_pandas_frame(data)  # a polars or Arrow table as pandas (user_ids below reads it too)
    shortcuts = {k: v for k, v in (("horizon", horizon), ("seed", seed)) if v is not None}
    cfg, ds, _, _ = read_for_fit(data, target, time, id, config, overrides, past, future, static, calendar,
                                 {**shortcuts, **kwargs}, on_epoch, holidays)
    # bt.forecasts' own columns: a target named 'mean' was overwritten by the mean baseline's forecasts
    nets = {c: "the net's forecasts" for c in ("LSTM", "GRU", "RNN")}
    nets.update({f"{c} without drivers": "the net's forecasts without the drivers" for c in tuple(nets)})
    clash_free(ds, {"cutoff": "each forecast's origin", **({"actual": "the actual values"} if ds.targets else {}),
                    **({"filled": "which actual values were filled"} if getattr(ds, "filled", None) else {}),
                    **({} if ds.time else {"step": "the steps"}), **nets, "mean": "the mean baseline's forecasts",
                    "last value": "the last-value baseline's forecasts",
                    "seasonal naive": "the seasonal naive baseline's forecasts",
                    "theta": "the theta baseline's forecasts"})
    if levels or none:
        cfg = override(cfg, f"eval.levels={','.join(f'{v:g}' for v in levels)}")
    bt = run_backtest(cfg, int(origins), int(stride), bool(refit), on_epoch=on_epoch or _log_epoch,
                      refit_every=int(refit_every), dataset=ds)
    notes = list(bt.notes)
    warn_notes(notes)
    warn_diagnostics(bt.metrics)
    # the bands of every level scored (level=, else eval.levels: 80 and 95 by default, as the CLI
    # scores them): coverage-80 in the scores without the bands it was scored on was a riddle
    frame = forecasts_frame(bt, ds, user_ids(data, ds), tuple(bt.config.eval.levels), target_dtype(data, ds))
    return Backtest(frame, scores_table(bt.metrics), per_series_frame(bt.metrics, ds, user_ids(data, ds)),
                    bt.metrics, bt.config, [python_words(n) for n in notes], bt)


def forecasts_frame(bt, ds, user=None, levels=(), dtype=None) -> pd.DataFrame:
    """Every row of a run_backtest (experiment.BacktestResult) as H rows of a long table: [id,]
    [target (several targets),] cutoff (the last time known at the origin), time, the actual
    value, where the reader filled values (fill='linear', fill_missing_dates) a bool column
    "filled" marking the actual values it drew (the scores leave those out: evaluate.filled),
    each forecaster's forecast, and with levels each one's bands. user: user_ids of the
    frame given (its ids of its own dtype); dtype: target_dtype of the frame given (its integer
    actual values of their own dtype)."""
    from .data.dataset import user_rank
    from .data.targets import id_and_target

    r = bt.result
    names = list(bt.forecasts)
    h = next(iter(bt.forecasts.values())).shape[1]
    rows = np.zeros(len(bt.origins), dtype=np.int64) if bt.series is None else np.asarray(bt.series)
    origins = np.asarray(bt.origins, dtype=np.int64)
    panel = r.panel or [r.series]
    at = origins[:, None] + np.arange(h)  # (B, H) each forecast step's position in its series
    keys = [r.ids[i] if r.ids else "" for i in rows]
    # the series in the user's order (the run keeps their ids' canonical one), each one's origins in time
    rank = user_rank(ds)
    shown = np.argsort([rank.get(k, len(rank)) for k in keys], kind="stable")
    rows, origins, at, keys = rows[shown], origins[shown], at[shown], [keys[i] for i in shown]
    forecasts = {name: bt.forecasts[name][shown] for name in names}
    cols: dict[str, Any] = {}
    who = [id_and_target(ds, k) for k in keys]
    if ds.id:
        cols[ds.id] = _ids([w[0] for w in who], h, user)
    if ds.targets:
        cols["target"] = np.repeat([w[1] for w in who], h)
    cutoff, times = [], []
    for k, o in zip(keys, origins.tolist(), strict=True):
        t = ds.times[ds.ids.index(k)] if k in ds.ids else None
        stamps = pd.RangeIndex(o - 1, o + h) if t is None else t[o - 1 : o + h]
        cutoff.append(stamps[:1].repeat(h))
        times.append(stamps[1:])
    cols["cutoff"] = _concat(cutoff)
    cols[ds.time or "step"] = _concat(times)
    period = getattr(ds, "period_freq", None)  # fitted on periods: given back as periods, as predict does
    if period and isinstance(cols["cutoff"], pd.DatetimeIndex):  # (they were timestamps: no merge onto the data)
        cols["cutoff"], cols[ds.time] = cols["cutoff"].to_period(period), cols[ds.time].to_period(period)
    elif getattr(ds, "time_text", "") and isinstance(cols["cutoff"], pd.DatetimeIndex):
        # quarters or ISO weeks as the data wrote them ('2020Q1'), as predict writes them
        from .data.yearparts import as_text

        cols["cutoff"], cols[ds.time] = as_text(cols["cutoff"], ds.time_text), as_text(cols[ds.time], ds.time_text)
    truth = np.stack([panel[i][a, 0] for i, a in zip(rows.tolist(), at, strict=True)])  # (B, H)
    cols["actual" if ds.targets else ds.target] = _actuals(truth.reshape(-1), dtype)
    if getattr(ds, "filled", None) is not None:  # the reader filled values: which actuals they are
        from .evaluate.filled import filled_of, filled_truths

        mask = filled_truths(filled_of(ds, r.ids or [""]), rows, origins, h)
        cols["filled"] = np.zeros(len(rows) * h, dtype=bool) if mask is None else mask.reshape(-1)
    for name in names:
        if name in cols:  # (backtest checks the names it can foresee before training: clash_free)
            raise ValidationError(f"column {name!r} of the data has the name of {name}'s forecasts, which would "
                                  "overwrite it in the backtest's table; rename it")
        cols[name] = forecasts[name][:, :, 0].reshape(-1)
    for name in names if levels else ():
        conf = (r.intervals or {}).get(name)
        if conf is None:  # a forecaster without calibrated bands (too little data before the test)
            continue
        bands = conf.bands(forecasts[name], series=rows, levels=levels)
        for lv, (lo, hi) in sorted(bands.items()):
            cols[f"{name}-lo-{lv:g}"], cols[f"{name}-hi-{lv:g}"] = lo[:, :, 0].reshape(-1), hi[:, :, 0].reshape(-1)
    return pd.DataFrame(cols)


def _concat(parts: list) -> pd.Index:
    return parts[0].append(parts[1:]) if len(parts) > 1 else parts[0]


def target_dtype(data, ds):
    """The dtype of the target column of a frame (or Series) given in Python where it holds
    integers, numpy's (int64) or pandas' nullable ones (Int64), for the backtest's actual values
    to come back of it (an int64 target's 405 came back 405.0); several targets, theirs where they
    share one. None: floats (a file read, whose column's dtype the reader does not keep; a float
    or mixed target)."""
    if isinstance(data, pd.Series):
        dtypes = [data.dtype]
    elif isinstance(data, pd.DataFrame):
        cols = [data[n] if n in data.columns else None for n in (ds.targets or (ds.target,))]
        if any(not isinstance(c, pd.Series) for c in cols):  # not a column (an index's level) or a repeated name
            return None
        dtypes = [c.dtype for c in cols]
    else:
        return None
    whole = all(pd.api.types.is_integer_dtype(d) and not pd.api.types.is_bool_dtype(d) for d in dtypes)
    return dtypes[0] if whole and len(set(dtypes)) == 1 else None


def _actuals(truth: np.ndarray, dtype):
    """The actual values (float64) of the user's integer dtype where every one is whole, as a
    predict frame's ids are the user's own where each is one of theirs; a missing one makes the
    column pandas' nullable kind of that dtype (int64 -> Int64, <NA>). Values the reader filled
    (fill='linear' between whole ones: 402.5) keep the column float64."""
    if dtype is None:
        return truth
    known = np.isfinite(truth)
    if not np.array_equal(truth[known], np.round(truth[known])):
        return truth
    if isinstance(dtype, np.dtype) and known.all():
        return truth.astype(dtype)
    nullable = dtype if not isinstance(dtype, np.dtype) else \
        pd.api.types.pandas_dtype(f"{'U' if dtype.kind == 'u' else ''}Int{dtype.itemsize * 8}")
    return pd.Series(truth).astype(nullable).array  # NaN -> <NA>


def _ids(text: list[str], h: int, user) -> pd.Series | list:
    """Each row's id repeated over its horizon: the user's own values and dtype where every id is one of theirs."""
    out = np.repeat(np.asarray(text, dtype=object), h).tolist()
    if user is None or not all(i in user[0] for i in set(out)):
        return out
    return pd.Series([user[0][i] for i in out], dtype=user[1])


def scores_frame(metrics: dict) -> pd.DataFrame:
    """The pooled scores, one row a forecaster (the net first): MSE, RMSE, MAE, sMAPE, MASE, and
    each level's interval coverage (coverage-80, ...) where the forecaster has bands."""
    rows = {}
    for name, m in metrics["forecasters"].items():
        row = {k: m.get(k) for k in SCORES}
        for lv, s in sorted((m.get("intervals") or {}).items(), key=lambda kv: float(kv[0])):
            row[f"coverage-{lv}"] = s.get("coverage")
        rows[name] = row
    out = pd.DataFrame.from_dict(rows, orient="index").astype(float)
    out.index.name = "forecaster"
    return out


def scores_table(metrics: dict) -> pd.DataFrame:
    """scores_frame, and with several targets one table a target, indexed by (target, forecaster):
    MSE and MAE of a target in dollars and one in units pooled into one figure said neither."""
    groups = metrics.get("by_target")
    if groups:
        return pd.concat({t: scores_frame(m) for t, m in groups.items()}, names=["target", "forecaster"])
    return scores_frame(metrics)


def per_series_frame(metrics: dict, ds, user=None) -> pd.DataFrame | None:
    """all_series.per_series as a long table: one row per (series, forecaster), its MSE, MAE and
    MASE over its own origins; None for one series (scores is its own table)."""
    from .data.targets import id_and_target

    per = (metrics.get("all_series") or {}).get("per_series")
    if not per:
        return None
    records = []
    for row in per:
        sid, target = id_and_target(ds, row["id"])
        for name in row["mse"]:
            rec = {"id": sid, **({"target": target} if target is not None else {}), "forecaster": name}
            rec.update({k: (row.get(k) or {}).get(name) for k in ("mse", "mae", "mase")})
            records.append(rec)
    out = pd.DataFrame.from_records(records)
    if user is not None and all(i in user[0] for i in set(out["id"])):
        out["id"] = pd.Series([user[0][i] for i in out["id"]], dtype=user[1])
    return out.rename(columns={"id": ds.id or "id"})
