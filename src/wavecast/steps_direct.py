"""The direct net's training step (steps.py): DirectForecaster fitted on each series' part before
its test part and scored there, with the notes on what it read; `refit` trains it again on all the
data given, for as long as validation chose: the model that forecasts the future.
"""

from __future__ import annotations

import math
import time

import numpy as np

from .data.windows import split_in_time
from .errors import SeriesTooShort, ValidationError
from .steps import Trained, training_note
from .steps_direct_notes import fitted_notes, season_found_note, second_season_note
from .steps_lengths import left_out_note, scorable, too_short


def train_direct(cfg, series, dataset, train_rng, season, notes, on_epoch, checkpoint, dist) -> Trained:
    """The direct net: fitted on each series' part before its test part, scored there, then
    (refit) trained again on all the data given: the model that forecasts the future."""
    import torch

    from .forecasters.direct import DirectForecaster
    from .training.loop import TrainResult

    w, d = cfg.window, cfg.direct
    ids = dataset.ids if dataset is not None else [""]
    check_direct_series(series, dataset, ids, d.loss, notes, dist)
    # Scored: series whose part before the test holds one window and two seasons (what the net
    # and the seasonal baselines need); the others are forecast by the final model's fallback.
    keep = [i for i, s in enumerate(series) if scorable(len(s), w, season)]
    if not keep:
        facts = ([len(s) for s in series], w.input_len, w.horizon, w.test_len, season)
        raise SeriesTooShort(too_short(*facts), facts)
    if len(keep) < len(series):
        notes.append(left_out_note(series, keep, dataset, w.input_len, w.horizon, w.test_len, season))
    scored = [series[i] for i in keep]
    cov = getattr(dataset, "covariates", None)
    splits = [split_in_time(len(s), w.test_len) for s in scored]
    from .training.device import resolve_device
    from .training.progress import DirectProgress

    where = resolve_device(cfg.train.device)  # checked: cuda without a GPU fails here
    torch.set_num_threads(cfg.train.threads)  # before the checkpoint's identity reads the threads
    stages = None
    if checkpoint is not None:  # each net trained (scored model, final model) a stage of the run's checkpoint
        from .training.direct_resume import DirectCheckpoints, data_identity

        stages = DirectCheckpoints(checkpoint, data_identity(series, cov))

    from .forecasters.net_windows import default_max_epochs

    make, n_all = net_maker(cfg, series, cov, season, train_rng, where, stages)  # (both nets' settings)

    history = TrainResult()  # the report's loss figure: the scored net's loss by epoch
    scored_net = "training" if d.n_ensemble == 1 else f"net 1/{d.n_ensemble}"

    def record(rep) -> None:
        if rep.stage == scored_net:
            for k, v in (("train_loss", rep.train_loss), ("val_loss", math.nan), ("lr", d.lr),
                         ("seconds", rep.elapsed)):
                history.history[k].append(v)
        if on_epoch is not None:
            on_epoch(rep)

    record.on_step, record.begin = getattr(on_epoch, "on_step", None), getattr(on_epoch, "begin", None)  # the bar

    if where.type != "cpu":  # trained there, forecast on the CPU (the nets move back after training)
        notes.append(f"trained on {where.type} ({torch.cuda.get_device_name(where)}); forecasts on the CPU")
    t0 = time.perf_counter()
    # covariates' scalers are fitted on the part each series trains on: never on its test part
    bar, allowed = DirectProgress(record), {}

    def watch(stage: str, step: int, steps: int, *rest) -> None:
        if stage == "early stopping":  # the steps the validation run may take: whether it stopped early
            allowed["steps"] = steps
        bar(stage, step, steps, *rest)

    f = make(watch, covariates=None if cov is None else cov.subset(keep)).fit(
        [s[: sp.train_end] for s, sp in zip(scored, splits, strict=True)])
    seconds = time.perf_counter() - t0
    notes.extend(fitted_notes(f, cov, dataset, series, ids, keep, scored, splits))
    info = dict(f.model.info_)
    if season > 1 and d.deseason and "deseasonalised" in info:
        drivers = cov is not None and bool(len(cov.past) + len(cov.future))  # (several targets: the others are past)
        notes.append(season_found_note(season, info["deseasonalised"], len(keep), drivers,
                                       getattr(dataset, "targets", ()), min(sp.train_end for sp in splits)))
        if info.get("second_season"):  # taken out silently: the note named the shorter season alone
            notes.append(second_season_note(f.model.resolved_["season2"], season, info["second_season"], len(keep)))
    history.best_epoch, history.seconds = math.ceil(info.get("epochs", 0)), seconds
    epochs = max(1, math.ceil(info.get("epochs", 1)))
    capped = d.max_epochs is None and epochs > default_max_epochs(n_all, d.batch_size)
    if d.max_epochs is None:  # the refit's own cap: about 2,000 steps on all the data's windows
        epochs = min(epochs, default_max_epochs(n_all, d.batch_size))
    if "val_steps_run" in info and "steps" in allowed:  # said plainly (was: inferred from a fraction)
        info.update(val_steps_allowed=allowed["steps"], stopped_early=info["val_steps_run"] < allowed["steps"])
    info.update(final_epochs=epochs, final_capped=capped)

    def refit() -> DirectForecaster:
        # all the data given, for as long as validation chose above: no second validation (a
        # second one, with its validation net as a member, was measured on M3's validation
        # splits: quarterly 1.126 vs 1.127, other 1.781 vs 1.803, monthly 0.893 vs 0.886, for
        # 13% more time: not kept). The epochs are capped by the all-data default above: the
        # cap chosen on the shorter data allowed more epochs (M3 yearly: 143 epochs, 3,432 steps,
        # where GlobalNetForecaster alone trains 84 epochs, 2,016 steps). Its first nets start
        # from the scored model's, for direct.final_warm of those epochs (config/direct_section.py).
        # It reads each covariate as the scored model did (which columns are 0/1, their usual and
        # rare values), whose scores are the ones said: its own rows may say otherwise (Seatbelts'
        # law, 1 on 5 of the 174 scored rows, rare, but on 23 of all 192, 12%: it was
        # standardised). A column standardised there is standardised on all the data; one of a
        # single value on the scored rows (nothing to decide there) is decided on all the data
        progress = DirectProgress(on_epoch, "final model: ") if on_epoch is not None else None
        read = None if f.model.covariates_ is None else f.model.covariates_.reading_
        final = make(progress, max_epochs=epochs, validate=False, covariates=cov, reading=read)
        if d.final_warm:  # its first nets start from the scored model's (GlobalNetForecaster.fit's warm)
            final.warm = {"warm": f.model, "warm_fraction": d.final_warm}
        final = final.fit(series)
        if d.keep_scored_net:
            final.model.adopt(f.model, keep)  # it votes for the series it was fitted on
        return final

    notes.append(training_note(info))
    plain = {k: v for k, v in _plain(info).items() if k not in ("final_epochs", "final_capped")}
    return Trained(cfg.direct.cell.upper(), f, scored, splits, [ids[i] for i in keep], history,
                   {**plain, "chosen_epochs": plain.get("epochs"), "epochs": epochs}, seconds, net=f,
                   refit=refit)


def net_maker(cfg, series, cov, season: int, train_rng, where, stages):
    """(make, n_all): make(progress, **fixed) builds a DirectForecaster with the run's settings, a
    seed drawn from train_rng at each call (the scored model's first, then the final one's), both
    nets of one size from all the data given; n_all: the windows of all the data given."""
    from .forecasters.direct import DirectForecaster
    from .forecasters.net_windows import (
        SMALL_DATA,
        count_windows,
        default_hidden_size,
        default_season_mode,
    )
    from .training.threads import default_workers

    w, d = cfg.window, cfg.direct
    # one size for the scored model and the final one, from all the data given (as input_len):
    # near SMALL_DATA windows the shorter data alone would pick a smaller net, which the final
    # model could then neither start from nor keep as a member
    n_all = count_windows([len(s) for s in series], w.input_len, w.horizon, d.partial and cov is None)
    hidden = d.hidden_size or default_hidden_size(n_all)
    season_mode = d.season_mode or default_season_mode(n_all)  # likewise
    small_data = n_all < SMALL_DATA  # likewise: the validation rule of small data (global_net_epochs.py)

    def make(progress=None, **fixed) -> DirectForecaster:
        seed = int(train_rng.integers(2**31))
        settings = dict(seed=seed, cell=d.cell, hidden_size=hidden, num_layers=d.num_layers,
                        input_len=w.input_len, max_epochs=d.max_epochs, patience=d.patience,
                        batch_size=d.batch_size, lr=d.lr, loss=d.loss, log=d.log, deseason=d.deseason,
                        level=d.level, n_ensemble=d.n_ensemble, log_weight=d.log_weight,
                        balance=d.balance, partial=d.partial, season_mode=season_mode,
                        season_window=d.season_window, small_data=small_data, seasons=d.seasons)
        if cov is not None and settings["log"] != "never":  # said once, in the covariates' note (fitted_notes)
            settings["log"] = "never"
        return DirectForecaster(w.horizon, season, device=where, on_step=progress, checkpoint=stages,
                                workers=default_workers(d.workers), **{**settings, **fixed})

    return make, n_all


def check_direct_series(series, dataset, ids, loss: str, notes: list[str], dist) -> None:
    """What the direct net refuses before any work (torchrun, several target columns, a series of
    subnormal numbers), and the note on intermittent series (direct.loss: which of their values
    the net learns)."""
    if dist is not None and dist.active:
        raise ValidationError("torchrun is not supported for the direct net (it trains in one process, "
                              "checkpoints and --resume included); pass --set model.kind=recursive to use it")
    if series[0].shape[1] != 1:
        raise ValidationError("the direct net forecasts one target column; pass --set model.kind=recursive")
    from .data.dataset import unnamed
    from .forecasters.intermittent import intermittent_note

    if note := intermittent_note([s[:, 0] for s in series], ids, loss):  # L1: their median, ~0; MSE: the mean
        notes.append(note)
    for sid, s in zip(ids, series, strict=True):  # the recursive net's scaler refuses these too
        spread = float(np.ptp(s)) if len(s) else 0.0
        if 0 < spread < np.finfo(np.float64).tiny:
            who = ("the series" if dataset is None else dataset.source if unnamed(dataset)  # not its internal 'value'
                   else f"column {dataset.target!r}") + \
                (f" of series {sid!r}" if sid else "")
            raise ValidationError(f"{who} varies by only {spread:.3g} (subnormal numbers, below 2.2e-308): "
                                  "too few bits to learn from; multiply it by a power of ten first")


def _plain(info: dict) -> dict:
    return {k: (float(v) if isinstance(v, (float, np.floating)) else v) for k, v in info.items()
            if isinstance(v, (int, float, str, np.integer, np.floating))}
