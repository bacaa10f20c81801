"""Series from a data file in the experiment: one or many (long format, one global model).

experiment.run calls these hooks; they keep run() one flow for the synthetic signal, one
file series and many ids alike. Scaling is global: one Scaler fitted on the training parts
of all series together, so the model sees every series in one unit (series of very
different levels should be scaled by the user first, or trained one by one).
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd

from . import data
from .config import Config
from .windows import Split, split_in_time


def read_dataset(cfg: Config) -> data.Dataset | None:
    """The configured data file, validated; None when the run uses the synthetic signal."""
    d = cfg.data
    if not d.path:
        return None
    return data.read(d.path, d.target, d.time, d.id, d.fill, d.sort, d.fill_missing_dates,
                     d.encoding, d.header, d.thousands)


def parts(dataset: data.Dataset | None, series: np.ndarray, cfg: Config,
          target_len: int) -> list[tuple[np.ndarray, Split]]:
    """(series (N_i, 1), its train/val/test split) for every series, checked for length."""
    w = cfg.window
    if dataset is None:
        segs = [series]
    else:
        data.check_lengths(dataset, w.input_len, target_len, w.test_len, w.val_fraction)
        segs = dataset.segments()
    return [(s, split_in_time(len(s), w.test_len, w.val_fraction, min_train=w.input_len + target_len))
            for s in segs]


def train_parts(ps: list[tuple[np.ndarray, Split]]) -> np.ndarray:
    """All training parts stacked (the global scaler is fitted on these only)."""
    return np.concatenate([s[: sp.train_end] for s, sp in ps])


def score_all(forecasters: dict[str, Any], ps: list[tuple[np.ndarray, Split]], cfg: Config) -> dict:
    """Every forecaster on every series' test part: baselines refitted per series, the net batched.

    Scores pool all series (MASE left out: its scale differs by series).
    """
    from .evaluation import score
    from .forecasting import NetForecaster

    w = cfg.window
    truth = np.stack([s[sp.val_end : sp.val_end + w.horizon] for s, sp in ps])  # (S, H, 1)
    out = {}
    for name, f in forecasters.items():
        if isinstance(f, NetForecaster):
            ctx = np.stack([s[sp.val_end - w.input_len : sp.val_end] for s, sp in ps])  # (S, T, 1)
            pred = f.predict(ctx, w.horizon)
        else:
            pred = np.concatenate([
                copy.deepcopy(f).fit(s[: sp.train_end]).predict(s[None, : sp.val_end], w.horizon)
                for s, sp in ps
            ])
        out[name] = {k: v for k, v in score(pred, truth).items() if k != "mase"}
    return {"n_series": len(ps), "forecasters": out}


def series_meta(ds: data.Dataset, input_len: int) -> dict[str, Any]:
    """What model.json keeps of the data: columns, frequency, each series' tail and last time."""
    def stamp(t):
        if t is None or not len(t):
            return None
        x = t[-1]
        return str(pd.Timestamp(x).isoformat()) if isinstance(t, pd.DatetimeIndex) else int(x)

    return {"data": {
        "target": ds.target, "time": ds.time, "id": ds.id,
        "freq": ds.freq if isinstance(ds.freq, (int, type(None))) else str(ds.freq),
        "datetime": any(isinstance(t, pd.DatetimeIndex) for t in ds.times),
        "series": [{"id": sid, "length": len(v), "last_time": stamp(t),
                    "context": v[-input_len:].tolist()}
                   for sid, v, t in zip(ds.ids, ds.values, ds.times, strict=True)],
    }}


def save_model(result, folder) -> None:
    """experiment.save's hook: the trained net as folder/ (modelfile format), with its series' tails."""
    from .modelfile import save

    ds = result.dataset
    if ds is None:  # the synthetic signal: one series without time stamps
        ds = data.Dataset([result.series[:, 0]], [""], [None], None, "value", source="signal")
    n = result.config.window.input_len
    save(folder, result.net, result.config, result.scaler, n, ds.fingerprint(), result.metrics,
         series_meta(ds, n))


def time_axis(result):
    """The first series' time stamps for the figures, or None (sample numbers)."""
    ds = result.dataset
    return None if ds is None or ds.times[0] is None else np.asarray(ds.times[0])
