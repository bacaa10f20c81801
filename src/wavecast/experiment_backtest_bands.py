"""A backtest's bands made as wavecast.fit's saved model makes them (experiment_backtest.py): the
same run fitted one horizon before the first origin, its bands re-decided on its errors over that
horizon, which it never saw; and the record of how, metrics.intervals.backtest_bands."""

from __future__ import annotations

import time

from .config import Config, override
from .defaults import resolve
from .errors import SeriesTooShort
from .experiment import ExperimentResult, _run
from .words import series_counted


def saved_model_bands(cfg: Config, given: Config, dataset, result: ExperimentResult, notes: list[str]) -> dict:
    """Put in result.intervals the bands wavecast.fit's saved model would have given at the
    backtest's first origin (evaluate.backtest_bands): the in-sample bands of the same run fitted
    one horizon earlier, re-decided by held_out_bands.held_out on its errors over the horizon before
    that origin, which it never saw; a note in `notes`. The in-sample bands alone covered 70.0% /
    88.4% of 4-origin backtests of M3 quarterly panels of 20 series at 80% / 95% (docs/evaluation.md,
    "Backtest bands"). given: the backtest's config as given; an input_len it left unset is derived
    for that run's own test part, as wavecast.fit on the data before the first origin derives its
    own (the backtest's, derived for its shorter test part, left 7 of 29 single M3 quarterly series
    no room). Series too short for that run keep the in-sample bands, said. Returns
    metrics.intervals.backtest_bands's record."""
    import torch

    from .evaluate.backtest_bands import shadow_bands
    from .evaluate.held_out_bands import stretch_words

    h, t0 = cfg.window.horizon, time.perf_counter()
    try:  # torch's global generator as it was after: the backtest's own training draws what it drew without it
        with torch.random.fork_rng(devices=[]):  # (_run: run_backtest holds train.threads already; not
            # one of the backtest's forecasting runs that metrics.backtest.trainings counts)
            longer = f"window.test_len={cfg.window.test_len + h}"
            own = resolve(override(given, longer), dataset).config if given.window.input_len is None else cfg
            shadow = _run(override(own, longer), None, None, dataset, None, final_model=False)
    except SeriesTooShort:
        notes.append(f"the backtest's intervals are in-sample ones (rolling origins inside the part the forecasters "
                     f"were fitted on: optimistic, narrower than wavecast.fit's saved bands): the series are too short "
                     f"for a run fitted {h} points before the first origin, whose errors there would size them as "
                     "the saved bands are sized")
        return {"source": "in-sample", "how": "too short for a run fitted one horizon before the first origin"}
    known = [s[: sp.val_end] for s, sp in zip(result.panel, result.splits, strict=True)]
    made = shadow_bands(result.intervals, shadow, result.ids, known)
    result.intervals = {k: made.get(k, c) for k, c in result.intervals.items()}
    first = next(iter(result.forecasters))  # the net, whose bands the note describes by name
    net = made.get(first)
    k = getattr(net, "stretch_", None) if net is not None else None
    n, n_all = len(shadow.ids), len(result.ids)
    earlier = f"the same run fitted {h} points before the first origin"
    if net is None:
        how = f"{earlier}: its own bands, re-decided on its errors over the {h} points before the first origin"
    elif net.made_ == "widened":
        times, larger = stretch_words(net) if k else ("1.00x", "1.00x")
        much, by = ("as much as", "") if larger == times else ("where", f" {larger}")
        how = (f"this run's in-sample bands widened {times}, {much} the errors of {earlier} ({n} of "
               f"{n_all} series; the rest too short for it) over the {h} points before that origin, which it "
               f"never saw, exceeded its in-sample bands{by}")
    elif net.source == "held-out":
        how = (f"the quantiles of the errors of {earlier} ({series_counted(n, ())}) over the {h} points before "
               "that origin, which it never saw (out of sample)")
    elif k:
        times, larger = stretch_words(net)
        how = (f"the in-sample bands of {earlier}, widened {times} by its larger errors over the {h} points "
               "before that origin, which it never saw") if larger == times else (
            f"the in-sample bands of {earlier}, widened {times}, where its errors over the {h} points before "
            f"that origin, which it never saw, were {larger} larger")
    else:
        how = (f"the in-sample bands of {earlier}, not widened: its errors over the {h} points before that "
               "origin, which it never saw, were no larger than in sample")
    if net is not None:  # Nile: "not widened" of the net beside the over-coverage note's "linear AR(3) 3.00x"
        how = f"{first}'s, {how}"
        wide = [f"{n} {stretch_words(c)[0]}" for n, c in made.items() if n != first and getattr(c, "stretch_", None)]
        how += ("; the other forecasters' bands made the same way from their own errors there"
                + (f" (widened: {'; '.join(wide)})" if wide else "") if len(made) > 1 else "")
    notes.append(f"the backtest's intervals are made as wavecast.fit's saved ones: {how}; scored around this "
                 "backtest's forecasts")
    return {"source": "held-out" if net is not None and net.source == "held-out" else "in-sample",
            "made": getattr(net, "made_", None), "stretch": k, "n_series": n, "test_len": cfg.window.test_len + h,
            "how": how, "seconds": time.perf_counter() - t0}


def record_bands(metrics: dict, info: dict | None) -> None:
    """metrics.intervals.backtest_bands: how the scored bands were made (saved_model_bands)."""
    if info and "intervals" in metrics:
        metrics["intervals"]["backtest_bands"] = info
