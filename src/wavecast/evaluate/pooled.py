"""Pooled scores over many series, from forecast_at's forecasts of every series' test part."""

from __future__ import annotations

import numpy as np

from .metrics import score


def pooled_scores(at, ids: list[str], ranked_by: str | None = None) -> dict:
    """Every forecaster pooled over all series, one row a series, the best and worst series.

    at : forecast_at.Forecasts with one row a series (its test origin). MASE is left out of
    the pooled figures: its scale differs by series. Rows: id, each forecaster's MSE and MAE.
    """
    truth = at.truth
    out, mse, mae = {}, {}, {}
    for name, pred in at.forecasts.items():
        out[name] = {k: v for k, v in score(pred, truth).items() if k != "mase"}
        mse[name] = np.mean((pred - truth) ** 2, axis=(1, 2))  # (S,)
        mae[name] = np.mean(np.abs(pred - truth), axis=(1, 2))
    rows = [{"id": sid, "mse": {k: float(v[i]) for k, v in mse.items()},
             "mae": {k: float(v[i]) for k, v in mae.items()}} for i, sid in enumerate(ids)]
    res = {"n_series": len(ids), "forecasters": out, "per_series": rows}
    if ranked_by is not None:
        order = np.argsort(mse[ranked_by], kind="stable")
        res["ranked_by"] = ranked_by
        res["best"], res["worst"] = ids[int(order[0])], ids[int(order[-1])]
    return res
