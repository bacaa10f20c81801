"""Series from a data file in the experiment: one or many (long format, one global model).

experiment.run calls these hooks; they keep run() one flow for the synthetic signal, one
file series and many ids alike. Scaling (data.scaling): "per_series" (default) scales each
series by the mean and standard deviation of its own training part, so one global model
sees sensors of very different levels in one unit; "global" fits one Scaler on all training
parts together. For a single series the two are the same.

Memory: windows are indexed lazily (WindowSet: an offset, a length and a scaler a series,
nothing a window) over the raw values and scaled as each batch is gathered, so 10,000 series
of 1,000 points cost the raw data alone; no (W, span, F) window array is ever built.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from .config import Config
from .dataset import Dataset
from .windows import (
    Scaler,
    Split,
    WindowSet,
    constant_and_scale,
    joined_view,
    n_windows,
    split_in_time,
)


def read_dataset(cfg: Config) -> Dataset | None:
    """The configured data file, validated; None when the run uses the synthetic signal."""
    d = cfg.data
    if not d.path:
        return None
    from .parquet_read import read_clean  # pyarrow, not pandas: a clean Parquet file needs no frame

    ds = read_clean(d.path, d.target, d.time, d.id, d.sort)
    if ds is not None:
        return ds
    from . import data  # pandas and pyarrow: only when there is a file to read the general way

    return data.read(d.path, d.target, d.time, d.id, d.fill, d.sort, d.fill_missing_dates,
                     d.encoding, d.header, d.thousands, clean_first=False)


def parts(dataset: Dataset | None, series: np.ndarray, cfg: Config,
          target_len: int) -> list[tuple[np.ndarray, Split]]:
    """(series (N_i, 1), its train/val/test split) for every series, checked for length."""
    w = cfg.window
    if dataset is None:
        segs = [series]
    else:
        from .dataset import check_lengths  # not data: a clean file's run never imports pandas

        check_lengths(dataset, w.input_len, target_len, w.test_len, w.val_fraction)
        segs = dataset.segments()
    return [(s, split_in_time(len(s), w.test_len, w.val_fraction, min_train=w.input_len + target_len))
            for s in segs]


def train_parts(ps: list[tuple[np.ndarray, Split]]) -> np.ndarray:
    """All training parts stacked (the global scaler is fitted on these only)."""
    return np.concatenate([s[: sp.train_end] for s, sp in ps])


def fit_scalers(ps: list[tuple[np.ndarray, Split]], scaling: str) -> list[Scaler]:
    """One Scaler per series, fitted on training parts only: its own, or all of them ("global")."""
    if scaling == "per_series" or len(ps) == 1:
        return [Scaler().fit(s[: sp.train_end]) for s, sp in ps]
    # Two passes over the parts instead of concatenating them: no second copy of the data.
    n = sum(sp.train_end for _, sp in ps)
    mean = sum(s[: sp.train_end].sum(axis=0) for s, sp in ps) / n
    var = sum(((s[: sp.train_end] - mean) ** 2).sum(axis=0) for s, sp in ps) / n
    lo = np.min([s[: sp.train_end].min(axis=0) for s, sp in ps], axis=0)
    hi = np.max([s[: sp.train_end].max(axis=0) for s, sp in ps], axis=0)
    constant, scale = constant_and_scale(np.sqrt(var), mean, lo, hi)
    one = Scaler.from_params(mean, scale)
    one.constant_ = constant
    return [one] * len(ps)


def stack(scalers: list[Scaler]) -> Scaler:
    """The scalers as one whose mean_/scale_ are (S, 1, F): transforms a batch (S, T, F) of series."""
    out = Scaler.from_params(np.stack([s.mean_ for s in scalers])[:, None],
                             np.stack([s.scale_ for s in scalers])[:, None])
    out.constant_ = np.stack([s.constant_ for s in scalers])[:, None]
    return out


def scaled_windows(ps: list[tuple[np.ndarray, Split]], scalers: list[Scaler], cfg: Config,
                   target_len: int) -> tuple[WindowSet, WindowSet | None]:
    """Training windows (and validation windows, if the split has room) of every series, scaled.

    When the series lie back to back in one buffer (a file's values, the synthetic signal),
    the windows index that raw buffer and are scaled as gathered, (x - mean) / scale in float64
    cast to the training dtype: the bits a scaled copy held, without the copy (10,000 x 1,000:
    37 MB). Otherwise the scaled parts are packed into one array in the training dtype.
    """
    w = cfg.window
    dtype = np.float32 if cfg.train.dtype == "float32" else np.float64
    raw = joined_view([s for s, _ in ps])
    if raw is not None:  # one buffer (a file's values, the signal): scaled as gathered, no copy
        lengths = np.array([len(s) for s, _ in ps], dtype=np.int64)
        at = np.cumsum(lengths) - lengths
        train_end = np.array([sp.train_end for _, sp in ps], dtype=np.int64)
        val_end = np.array([sp.val_end for _, sp in ps], dtype=np.int64)
        mean, scale = np.stack([sc.mean_ for sc in scalers]), np.stack([sc.scale_ for sc in scalers])  # (S, F)
        train = WindowSet.from_pieces(raw, at, train_end, w.input_len, target_len, w.stride, mean, scale, dtype)
        val = None
        if ps[0][1].val_end - ps[0][1].train_end >= target_len:
            val = WindowSet.from_pieces(raw, at + train_end - w.input_len, val_end - train_end + w.input_len,
                                        w.input_len, target_len, 1, mean, scale, dtype)
        return train, val
    train = _pack([(s[: sp.train_end], sc) for (s, sp), sc in zip(ps, scalers, strict=True)],
                  w.input_len, target_len, w.stride, dtype)
    # Validation windows take their context from the end of the training part; their
    # targets lie wholly in the validation part, so nothing after the split is learned.
    sp0 = ps[0][1]
    val = None
    if sp0.val_end - sp0.train_end >= target_len:
        val = _pack([(s[sp.train_end - w.input_len : sp.val_end], sc)
                     for (s, sp), sc in zip(ps, scalers, strict=True)], w.input_len, target_len, 1, dtype)
    return train, val


def _pack(pieces: list[tuple[np.ndarray, Scaler]], input_len: int, target_len: int, stride: int,
          dtype) -> WindowSet:
    """Scale each piece into one preallocated (N, F) array; windows indexed lazily over it."""
    lengths = np.array([len(p) for p, _ in pieces], dtype=np.int64)
    if sum(n_windows(int(n), input_len, target_len, stride) for n in lengths) == 0:
        WindowSet.from_pieces(np.empty((0, 1)), [0] * len(lengths), lengths, input_len, target_len, stride)  # raises
    series = np.empty((int(lengths.sum()), pieces[0][0].shape[1]), dtype=dtype)
    at = np.cumsum(lengths) - lengths
    for (p, sc), a in zip(pieces, at.tolist(), strict=True):
        series[a : a + len(p)] = sc.transform(p)
    return WindowSet.from_pieces(series, at, lengths, input_len, target_len, stride)


def score_all(forecasters: dict[str, Any], ps: list[tuple[np.ndarray, Split]], cfg: Config,
              scaler: Scaler | None = None, ids: list[str] | None = None) -> dict:
    """Every forecaster on every series' test part: baselines refitted per series, the net batched.

    scaler: the per-series scalers stacked (S, 1, F) (the net's own scaler if None). Pooled
    scores (MASE left out: its scale differs by series) plus one row per series (id, each
    forecaster's MSE and MAE) and the ids of the net's best and worst series by MSE.
    """
    from .evaluation import score
    from .forecasting import NetForecaster

    w = cfg.window
    truth = np.stack([s[sp.val_end : sp.val_end + w.horizon] for s, sp in ps])  # (S, H, 1)
    out, mse, mae = {}, {}, {}
    net_name = None
    for name, f in forecasters.items():
        if isinstance(f, NetForecaster):
            net_name = net_name or name
            ctx = np.stack([s[sp.val_end - w.input_len : sp.val_end] for s, sp in ps])  # (S, T, 1)
            pred = NetForecaster(f.net, scaler or f.scaler, f.input_len).predict(ctx, w.horizon)
        else:
            pred = np.concatenate([
                copy.deepcopy(f).fit(s[: sp.train_end]).predict(s[None, : sp.val_end], w.horizon)
                for s, sp in ps
            ])
        out[name] = {k: v for k, v in score(pred, truth).items() if k != "mase"}
        mse[name] = np.mean((pred - truth) ** 2, axis=(1, 2))  # (S,)
        mae[name] = np.mean(np.abs(pred - truth), axis=(1, 2))
    ids = ids if ids is not None else [str(i) for i in range(len(ps))]
    rows = [{"id": sid, "mse": {k: float(v[i]) for k, v in mse.items()},
             "mae": {k: float(v[i]) for k, v in mae.items()}} for i, sid in enumerate(ids)]
    res = {"n_series": len(ps), "forecasters": out, "per_series": rows}
    if net_name is not None:
        order = np.argsort(mse[net_name], kind="stable")
        res["ranked_by"] = net_name
        res["best"], res["worst"] = ids[int(order[0])], ids[int(order[-1])]
    return res


def extreme_figures(result, out) -> list[tuple[Any, str]]:
    """forecast figures of the net's best and worst series (by test MSE): [(png path, caption)]."""
    from pathlib import Path

    from . import report

    a = result.metrics.get("all_series") or {}
    ds = result.dataset
    if not a.get("best") or ds is None or getattr(result, "scalers", None) is None:
        return []
    w = result.config.window
    figs = []
    for which in ("best", "worst"):
        sid = a[which]
        i = ds.ids.index(sid)
        s = ds.values[i][:, None]  # (N, 1)
        sp = split_in_time(len(s), w.test_len, w.val_fraction)
        sc = Scaler.from_params(result.scalers.mean_[i], result.scalers.scale_[i])
        forecasts = {}
        for name, f in result.forecasters.items():
            if hasattr(f, "net"):
                pred = type(f)(f.net, sc, f.input_len).predict(s[None, sp.val_end - w.input_len : sp.val_end],
                                                                 w.horizon)
            else:
                pred = copy.deepcopy(f).fit(s[: sp.train_end]).predict(s[None, : sp.val_end], w.horizon)
            forecasts[name] = pred[0, :, 0]
        t = None if ds.times[i] is None else np.asarray(ds.times[i])
        png = Path(out) / f"series_{which}.png"
        mse = next(r["mse"][a["ranked_by"]] for r in a["per_series"] if r["id"] == sid)
        report.forecast_figure(png, history=s[: sp.val_end, 0], truth=s[sp.val_end : sp.val_end + w.horizon, 0],
                               forecasts=forecasts, start=sp.val_end, time=t,
                               title=f"{which} series {sid!r}: {a['ranked_by']} MSE {mse:.4g}")
        figs.append((png, f"The {which} series of {a['n_series']} for {a['ranked_by']} "
                          f"(id {sid!r}, test MSE {mse:.4g}), beside the baselines"))
    return figs


def series_meta(ds: Dataset, input_len: int, scalers: Scaler | None = None,
                scaling: str = "global") -> dict[str, Any]:
    """What model.json keeps of the data: columns, frequency, each series' tail and last time,
    and each series' scaler (mean, scale of its training part; scalers stacked (S, 1, F))."""
    def is_datetime(t) -> bool:
        if t is None:  # no time column (the synthetic signal): no pandas needed
            return False
        import pandas as pd

        return isinstance(t, pd.DatetimeIndex)

    def stamp(t):
        if t is None or not len(t):
            return None
        x = t[-1]
        if is_datetime(t):
            import pandas as pd

            return str(pd.Timestamp(x).isoformat())
        return int(x)

    return {"data": {
        "target": ds.target, "time": ds.time, "id": ds.id,
        "freq": ds.freq if isinstance(ds.freq, (int, type(None))) else str(ds.freq),
        "datetime": any(is_datetime(t) for t in ds.times),
        "series": [{"id": sid, "length": len(v), "last_time": stamp(t),
                    "context": v[-input_len:].tolist(),
                    **({} if scalers is None else {"mean": scalers.mean_[i, 0].tolist(),
                                                   "scale": scalers.scale_[i, 0].tolist()})}
                   for i, (sid, v, t) in enumerate(zip(ds.ids, ds.values, ds.times, strict=True))],
        "scaling": scaling,
    }}


def save_model(result, folder) -> None:
    """experiment.save's hook: the trained net as folder/ (modelfile format), with its series' tails."""
    from .modelfile import save

    ds = result.dataset
    if ds is None:  # the synthetic signal: one series without time stamps
        ds = Dataset([result.series[:, 0]], [""], [None], None, "value", source="signal")
    n = result.config.window.input_len
    save(folder, result.net, result.config, result.scaler, n, ds.fingerprint(), result.metrics,
         series_meta(ds, n, result.scalers, result.config.data.scaling))


def time_axis(result):
    """The first series' time stamps for the figures, or None (sample numbers)."""
    ds = result.dataset
    return None if ds is None or ds.times[0] is None else np.asarray(ds.times[0])
