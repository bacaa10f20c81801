"""Pooled scores over many series, from forecast_at's forecasts of every series' test part."""

from __future__ import annotations

import numpy as np

from ..words import series_counted
from .metrics import score


def pooled_scores(at, ids: list[str], ranked_by: str | None = None, scales: np.ndarray | None = None) -> dict:
    """Every forecaster pooled over all series, one row a series, the best and worst series.

    at : forecast_at.Forecasts, one row or more a series (its test origin, or a backtest's
        origins); at.series indexes `ids` and `scales`. Pooled figures are over every row;
        a series' row is the mean over its own rows.
    scales : (S,) each series' MASE denominator (its in-sample seasonal-naive MAE); then
        "mase" is the mean over series of each series' MASE and "smape" the mean sMAPE, as
        in the M3 and M4 competitions. Rows: id, each forecaster's MSE, MAE (and MASE), in
        the order the series first appear in `at`.
    """
    from .metrics import known_truths, smape

    truth = at.truth
    which, inv = _groups(np.asarray(at.series, dtype=np.int64))
    count = np.bincount(inv).astype(np.float64)  # rows a series
    known = known_truths(truth)  # None: every truth measured, the scores as they always were
    out, mse, mae, mase = {}, {}, {}, {}
    for name, pred in at.forecasts.items():
        out[name] = {k: v for k, v in score(pred, truth).items() if k != "mase"}
        if known is None:
            mse[name] = np.bincount(inv, np.mean((pred - truth) ** 2, axis=(1, 2))) / count  # (S,)
            mae[name] = np.bincount(inv, np.mean(np.abs(pred - truth), axis=(1, 2))) / count
            out[name]["smape"] = float(np.mean(smape(pred, truth, axis=(1, 2))))
        else:  # filled truths left out: a series' figure over its measured ones, of all its rows
            mse[name], mae[name] = _known_means(pred, truth, known, inv)
            row_smape = smape(pred, truth, axis=(1, 2))  # (B,) NaN: a row with no measured truth
            out[name]["smape"] = _num(np.mean(row_smape[np.isfinite(row_smape)])) if np.isfinite(row_smape).any() \
                else None
        if scales is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                per = mae[name] / np.asarray(scales, dtype=np.float64)[which]
            ok = np.isfinite(per)
            mase[name] = per
            out[name]["mase"] = float(np.mean(per[ok])) if ok.any() else None
    names = [ids[int(s)] for s in which]
    num = float if known is None else _num  # a series none of whose truths was measured: null
    rows = [{"id": sid, "mse": {k: num(v[i]) for k, v in mse.items()},
             "mae": {k: num(v[i]) for k, v in mae.items()},
             **({"mase": {k: _num(v[i]) for k, v in mase.items()}} if mase else {})}
            for i, sid in enumerate(names)]
    res = {"n_series": len(names), "forecasters": out, "per_series": rows}
    if scales is not None:  # MASE's scale 0 (a constant training part): that series' MASE is no number
        res["mase_left_out"] = [names[i] for i in np.flatnonzero(~(np.asarray(scales, dtype=np.float64)[which] > 0))]
    if ranked_by is not None:
        order = np.argsort(mse[ranked_by], kind="stable")
        res["ranked_by"] = ranked_by
        res["best"], res["worst"] = names[int(order[0])], names[int(order[-1])]
    return res


def mase_note(pooled: dict, name=repr) -> str | None:
    """A note naming the series the pooled MASE leaves out (its in-sample naive error is 0), or None."""
    out = pooled.get("mase_left_out") or []
    if not out:
        return None
    who = ", ".join(name(k) for k in out[:5]) + (f" and {len(out) - 5} more" if len(out) > 5 else "")
    n, total = len(out), pooled["n_series"]
    return (f"pooled MASE is the mean over {total - n} of {total} series: it leaves out {who}, whose MASE "
            "scale (the in-sample seasonal-naive error of the training part) is 0, as for a constant series")


def _groups(series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the series present, in the order they first appear; each row's place among them)."""
    uniq, first, inv = np.unique(series, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    place = np.empty_like(order)
    place[order] = np.arange(len(order))
    return uniq[order], place[inv.reshape(-1)]


def _num(v) -> float | None:
    return float(v) if np.isfinite(v) else None


def _known_means(pred: np.ndarray, truth: np.ndarray, known: np.ndarray, inv: np.ndarray):
    """(S,) each series' MSE and MAE over its measured truths (known (B, H, F)) of all its rows
    (inv (B,): each row's series); NaN for a series with none."""
    d = np.where(known, np.asarray(pred, dtype=np.float64) - truth, 0.0)
    n = np.bincount(inv, known.sum(axis=(1, 2))).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.bincount(inv, (d ** 2).sum(axis=(1, 2))) / n,
                np.bincount(inv, np.abs(d).sum(axis=(1, 2))) / n)


def in_users_order(table: dict, dataset) -> None:
    """A pooled table's rows a series (per_series, mase_left_out) in the user's order of the series
    (their order of appearance; the run keeps their ids' canonical one: data.dataset.canonical)."""
    from ..data.dataset import user_rank

    if dataset is None:
        return
    rank = user_rank(dataset)
    table["per_series"].sort(key=lambda r: rank.get(r["id"], len(rank)))  # stable: rows of one series kept together
    if "mase_left_out" in table:
        table["mase_left_out"].sort(key=lambda sid: rank.get(sid, len(rank)))


def users_places(dataset, ids: list[str]) -> np.ndarray | None:
    """(S,) each of ids' place in the user's order of the series, the order the checks over many
    series list them in (diagnose_many: they listed 'b' before 'a' of a file giving a first when
    their ids' canonical order put b first); None without a dataset (the signal)."""
    from ..data.dataset import user_rank

    if dataset is None:
        return None
    rank = user_rank(dataset)
    return np.array([rank.get(k, len(rank)) for k in ids], dtype=np.int64)


def pooled_by_group(at, ids: list[str], group_of: dict[str, str], scales: np.ndarray | None = None) -> dict:
    """pooled_scores of each group of series (several targets: each target pooled over its ids),
    in the order the groups first appear: {group: {"n_series", "forecasters"}}.

    group_of: each series' group by id; rows of `at` whose series has none are left out."""
    from dataclasses import replace

    rows_of: dict[str, list[int]] = {}
    for row, s in enumerate(np.asarray(at.series)):
        g = group_of.get(ids[int(s)])
        if g is not None:
            rows_of.setdefault(g, []).append(row)
    out = {}
    for g, rows in rows_of.items():
        idx = np.asarray(rows)
        sub = replace(at, forecasts={k: v[idx] for k, v in at.forecasts.items()}, truth=at.truth[idx],
                      series=np.asarray(at.series)[idx], origins=np.asarray(at.origins)[idx])
        res = pooled_scores(sub, ids, None, scales)
        out[g] = {"n_series": res["n_series"], "forecasters": res["forecasters"]}
    return out


def by_target(metrics: dict, at, ids: list[str], dataset, scales) -> None:
    """metrics["by_target"]: every forecaster pooled over the ids of each target; each row of
    all_series.per_series gains its series' own id and target (its "id" is the internal key)."""
    who = {k: (sid, tg) for k, sid, tg in zip(dataset.ids, dataset.series_ids, dataset.series_targets, strict=True)}
    groups = pooled_by_group(at, ids, {k: v[1] for k, v in who.items()}, scales)
    # in the order the user gave the targets (--target sales,price), not the order their series
    # first appear in `at` (the ids' canonical order puts 'a/price' before 'a/sales'): every
    # table, note and report reads this dict in its order
    metrics["by_target"] = {t: groups[t] for t in dataset.targets if t in groups}
    for r in metrics["all_series"]["per_series"]:
        if r["id"] in who:
            r["series"], r["target"] = who[r["id"]]
    metrics["targets"] = list(dataset.targets)


def target_intervals(metrics: dict, at, ids: list[str], dataset, intervals: dict, levels, scales) -> None:
    """Several targets: each target's interval scores (coverage, width, MSIS, pinball) over its own
    rows, under metrics["by_target"][target]["forecasters"][name]["intervals"], beside its errors:
    a target's scores table (fit's and backtest's `scores`) then holds its coverage too.
    scales: (S,) each series' MSIS scale (band_scores.seasonal_scale), indexed by at.series."""
    from .band_scores import score_all

    groups = metrics.get("by_target")
    if not groups or not intervals:
        return
    target_of = dict(zip(dataset.ids, dataset.series_targets, strict=True))
    series = np.asarray(at.series)
    rows_target = np.array([target_of.get(ids[int(s)]) for s in series], dtype=object)
    for target, g in groups.items():
        idx = np.flatnonzero(rows_target == target)
        scored = score_all({k: v[idx] for k, v in at.forecasts.items()}, at.truth[idx], series[idx], intervals,
                           levels, scales, np.asarray(at.origins)[idx])
        for name, sc in scored.items():
            if name in g["forecasters"]:
                g["forecasters"][name]["intervals"] = sc


def pool_headline(metrics: dict, first_id: str, cfg, tol: float) -> None:
    """Many series: metrics["forecasters"] (the headline, --json, the report) becomes the pooled
    table of metrics["all_series"], with its divergence horizons; the first series' own table
    and divergence go to metrics["first_series"] (its diagnostics stay in metrics["diagnostics"])."""
    from .metrics import divergence_basis, divergence_horizon

    a = metrics["all_series"]
    metrics["first_series"] = {"id": first_id, "forecasters": metrics["forecasters"],
                               "divergence_horizon": metrics["divergence_horizon"]}
    rows = {k: dict(v) for k, v in a["forecasters"].items()}
    threshold = cfg.eval.divergence_threshold or None
    ref = rows.get("last value", {}).get("by_lead", {}).get("mse")
    metrics["forecasters"] = rows
    metrics["divergence_horizon"] = {k: divergence_horizon(v["by_lead"]["mse"], ref, threshold, tol)
                                     for k, v in rows.items()}
    metrics["n_series"] = a["n_series"]
    metrics["divergence_forecasts_per_lead"] = divergence_basis(int(metrics.get("n_origins") or 1) * a["n_series"])
    # several targets: one series' two were "pooled over 2 series"
    metrics["scores"] = (f"pooled over {series_counted(a['n_series'], metrics.get('targets') or ())} "
                         "(each series' rows: all_series.per_series)")
