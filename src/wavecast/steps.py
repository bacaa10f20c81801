"""The two ways a run trains its network, each handing the rest of the run the same parts.

    recursive  prepare (splits, per-series scalers, lazy windows) -> training.loop.train ->
               NetForecaster: one step at a time, fed back (the tutorials' net)
    direct     DirectForecaster on each series' part before its test part (log, deseasonalise,
               a level per window, the whole horizon at once), and `refit`: the same on all
               the data given, the model that forecasts the future

experiment.run calls one of them and never asks which it got.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .data.prepare import prepare
from .data.windows import Split, split_in_time
from .errors import SeriesTooShort, ValidationError  # noqa: F401  (SeriesTooShort: raised here, caught by run_backtest)
from .words import counted


@dataclass
class _Trained:
    """What a training step hands the rest of the run."""

    name: str  # the network's row in every table
    forecaster: Any  # keeps the forecaster contract
    series: list[np.ndarray]  # the series it was scored on, (N_i, F) each
    splits: list[Split]
    ids: list[str]
    history: Any  # TrainResult: loss history for the report
    train_info: dict  # metrics["train"]
    seconds: float
    net: Any = None  # the recursive net (RecurrentNet) or the DirectForecaster
    scaler: Any = None
    scalers: Any = None
    prepared: Any = None
    checked: dict = field(default_factory=dict)  # networks whose scaler and one-step fit are checked
    refit: Any = None  # () -> the final model trained on all the data (direct)


def _train_recursive(cfg, series, dataset, train_rng, season, notes, on_epoch, checkpoint, dist) -> _Trained:
    """The recursive net: prepared windows, the training loop, NetForecaster (with covariates or
    several targets: forecasters.recursive_inputs, each step's row and RecursiveNetForecaster)."""
    import torch  # here, so `import wavecast` and `wavecast --help` stay light

    from .forecasters.net import NetForecaster
    from .models.recurrent import build_model
    from .training.loop import train

    cov, targets = getattr(dataset, "covariates", None), tuple(getattr(dataset, "targets", ()))
    inputs = None
    if cov is not None or targets:  # each step's row carries the covariates and every target
        from .forecasters.recursive_inputs import prepare_inputs

        prep, inputs, mates = prepare_inputs(cfg, series, dataset)
        notes.extend(_inputs_notes(cov, targets))
        notes.extend(_constant_notes(cov, series))
    else:
        prep = prepare(cfg, series, dataset)
    scaler, train_part = prep.scalers[0], prep.series[0][: prep.splits[0].train_end]
    if scaler.constant_.any():
        lo, hi = float(train_part[:, 0].min()), float(train_part[:, 0].max())
        same = f"all {len(train_part)} training values = {lo:g}" if lo == hi else \
            f"{len(train_part)} training values within {lo:.15g}..{hi:.15g}, equal to 12 digits"
        notes.append(f"series is constant ({same}); trained with scale 1, its forecast is that constant")
    torch.set_num_threads(cfg.train.threads)
    torch.manual_seed(cfg.seed)
    net = build_model(cfg.model, input_size=series[0].shape[1]) if inputs is None else \
        build_model(cfg.model, input_size=inputs.input_size, output_size=inputs.n_out)
    if dist is not None and dist.backend == "nccl":  # one GPU per process under torchrun
        from .training.distributed import device

        net = net.to(device(dist))
    elif dist is None or not dist.active:  # one process: train.device (cpu by default)
        from .training.device import resolve_device

        where = resolve_device(cfg.train.device)
        if where.type != "cpu":
            net = net.to(where)
            notes.append(f"trained on {where.type} ({torch.cuda.get_device_name(where)})")
    t0 = time.perf_counter()
    history = train(net, prep.windows, cfg.train, train_rng, val=prep.val, on_epoch=on_epoch,
                    checkpoint=checkpoint, dist=dist, on_step=getattr(on_epoch, "on_step", None))
    seconds = time.perf_counter() - t0
    notes.extend(history.notes)  # recoveries from non-finite steps, if any
    name = cfg.model.cell.upper()
    if inputs is None:
        net_f = NetForecaster(net, prep.stacked_scaler(), cfg.window.input_len, scaling=cfg.data.scaling)
        checked = {name: net_f}  # the one-step checks read a net fed its own series only
    else:
        from .forecasters.recursive_inputs import RecursiveNetForecaster

        net_f = RecursiveNetForecaster(net, inputs, cfg.window.input_len, cov, prep.stacked_scaler(), mates,
                                       dataset.series_targets if targets else None, cfg.data.scaling)
        checked = {}
    info = {"epochs": len(history.history["train_loss"]), "final_loss": history.history["train_loss"][-1],
            "best_epoch": history.best_epoch, "steps": history.n_steps, "max_epochs": cfg.train.epochs,
            "stopped_early": bool(history.stopped_early)}
    notes.append(training_note(info))
    return _Trained(name, net_f, prep.series, prep.splits, prep.ids, history, info, seconds, net=net,
                    scaler=scaler, scalers=prep.stacked_scaler(), prepared=prep, checked=checked)


def scorable(n: int, window, season: int) -> bool:
    """Whether the direct net scores a series of n points: its part before the test part
    (window.test_len) holds one window (input_len + horizon) and two seasons (at least 3)."""
    return n - window.test_len >= max(window.input_len + window.horizon, 2 * season, 3)


def too_short(lengths: list[int], input_len: int, horizon: int, test_len: int, season: int,
              backtest: tuple[int, int, int] | None = None) -> str:
    """Why no series can be scored by the direct net: the rule that binds (a window of input_len
    + horizon, and two seasons for the seasonal baselines and the deseasonalising, before a test
    part of test_len), and each setting that alone would let the longest series hold it, in the
    CLI's words (wavecast.fit says them as its arguments).

    backtest: (origins, stride, the test_len set before the backtest lengthened it): the fixes
    are then --origins, --stride, --horizon and input_len (window.test_len is the backtest's)."""
    n, window, base = max(lengths), input_len + horizon, max(2 * season, 3)
    need = max(window, base)
    rule = _rule(input_len, horizon, season)
    fixes = []
    # the horizon offered leaves a context of a season at least: at 2 points (Seatbelts' 192
    # months, --horizon 100: "at most 95") the net forecast 95 months from the last 2
    ctx = max(input_len, season)
    if test_len == horizon:  # the test part is the horizon unless set: h + max(ctx + h, base) <= n
        h = min((n - ctx) // 2, n - base)
    else:
        h = min(n - test_len - ctx, test_len) if test_len + base <= n else 0
    if 1 <= h < horizon:
        # the test_len in flags, so Python's note says test_len= (was: "window.test_len as short")
        fixes.append(f"a shorter --horizon (at most {h}" + (f"; and, if you set it, --set window.test_len={h})"
                                                             if test_len == horizon else ")"))
    if 1 <= n - test_len - horizon < input_len and test_len + base <= n:
        fixes.append(f"--set window.input_len={n - test_len - horizon}")
    if horizon <= n - need < test_len:
        fixes.append(f"--set window.test_len={n - need}")
    if base > window and 1 <= (n - test_len) // 2 < season and window + test_len <= n:
        fixes.append(f"a season it holds twice, of at most {(n - test_len) // 2} samples (none: --set eval.period=1)")
    how = f"pass {fixes[0]}" if len(fixes) == 1 else f"any one of: {'; '.join(fixes)}" if fixes else \
        "shorten the horizon, input_len, test_len (window.*) or the season (eval.period) together"
    who = "series has" if len(lengths) == 1 else f"the longest of {len(lengths)} series has"
    held = ""
    if backtest is not None:  # the test part the backtest set: its fixes are its own flags
        k, stride, own = backtest
        fixes = _backtest_fixes(n, input_len, horizon, season, k, stride, own)
        how = f"pass {fixes[0]}" if len(fixes) == 1 else f"any one of: {'; '.join(fixes)}" if fixes else \
            "shorten --origins, --stride, --horizon, input_len (window.input_len) or the season (eval.period) together"
        held = f" ({k} origins {stride} apart, the last one's {horizon} steps)" if own <= horizon + stride * (k - 1) \
            else ""
    return f"{who} {counted(n, 'point')}; the direct net needs {need + test_len}: {rule} before a test part of {test_len}{held} ({how})"


def _backtest_fixes(n: int, input_len: int, horizon: int, season: int, k: int, stride: int, own: int) -> list[str]:
    """too_short's fixes in a backtest of k origins stride apart on a series of n points: the
    test part is max(horizon + stride (k - 1), own) (own: window.test_len as set), and before
    it a window of input_len + horizon and two seasons. Each fix alone fits, checked."""
    base = max(2 * season, 3)

    def fits(h=horizon, lag=input_len, kk=k, s=stride) -> bool:
        return n - max(h + s * (kk - 1), own) >= max(lag + h, base)

    room = n - max(input_len + horizon, base) - horizon  # the points the origins after the first may span
    fixes = []
    if room >= 0 and 1 + room // stride < k and fits(kk=1 + room // stride):
        fixes.append(f"fewer --origins (at most {1 + room // stride})")
    if k > 1 and 1 <= room // (k - 1) < stride and fits(s=room // (k - 1)):
        fixes.append(f"a shorter --stride (at most {room // (k - 1)})")
    later = stride * (k - 1)
    h = min((n - later - input_len) // 2, n - later - base)
    if 1 <= h < horizon and fits(h=h):
        fixes.append(f"a shorter --horizon (at most {h})")
    lag = n - max(horizon + later, own) - horizon
    if 1 <= lag < input_len and fits(lag=lag):
        fixes.append(f"--set window.input_len={lag}")
    if base > input_len + horizon and 1 <= (n - max(horizon + later, own)) // 2 < season and \
            input_len + horizon + max(horizon + later, own) <= n:
        fixes.append(f"a season it holds twice, of at most {(n - max(horizon + later, own)) // 2} samples "
                     "(none: --set eval.period=1)")
    if own > horizon + later and n - (horizon + later) >= max(input_len + horizon, base):  # own binds
        fixes.append(f"no --set window.test_len={own} (the backtest sets its test part from --origins, --stride "
                     "and --horizon)")
    return fixes


def _rule(input_len: int, horizon: int, season: int) -> str:
    """The length a scored series needs before its test part, said by the rule that binds."""
    window, base = input_len + horizon, max(2 * season, 3)
    return " and ".join([f"input_len {input_len} + horizon {horizon} = {window}"] * (window >= base) +
                        [f"two seasons of {season} = {2 * season}" if season > 1 else "3"] * (base >= window))


# The clause of a note about the model trained on all the data (left_out_note, training_note,
# always their last): a backtest, which trains no such model, says the note without it (scores_only)
FINAL_CLAUSE = "; the final model "


def left_out_note(series, keep: list[int], dataset, input_len: int, horizon: int, test_len: int,
                  season: int) -> str:
    """The series too short to score (not in keep): which, why, and how the final model (trained
    on all the data) forecasts each: the net when it holds input_len points, else the named
    fallback (seasonal naive, or its last value when shorter than a season), as forecast does.
    Was: "the final model forecasts them by seasonal naive" of a 30-point series the net forecast."""
    from .data.dataset import in_users_place
    from .data.targets import id_and_target
    from .forecasters.fallback import fallback_words, listed

    kept = set(keep)
    out = [i for i in range(len(series)) if i not in kept]
    if dataset is not None:  # named in the user's order, as predict's notes name them (not the ids')
        out = in_users_place(dataset, out)
    ids = dataset.ids if dataset is not None else [""] * len(series)

    def name(i: int) -> str:
        sid, target = id_and_target(dataset, ids[i])
        return f"{sid!r}" + (f" (target {target!r})" if target is not None else "")

    need = max(input_len + horizon, 2 * season, 3) + test_len
    said = listed([f"{name(i)} ({len(series[i])} points)" for i in out]) if any(ids[i] for i in out) else ""
    groups: dict[str, list[int]] = {}
    for i in out:
        n = len(series[i])
        how = (f"the net (at least input_len={input_len} points)" if n >= input_len else fallback_words(n, season))
        groups.setdefault(how, []).append(i)
    if len(groups) == 1 or not said:
        one = len(out) == 1
        final = ", ".join(f"{'it' if one else 'them' if len(groups) == 1 else f'{len(rows)}'} by {how}"
                          for how, rows in groups.items())
    else:
        final = ", ".join(f"{listed([name(i) for i in rows])} by {how}" for how, rows in groups.items())
    return (f"{len(out)} series of {len(series)} shorter than {need} points ({_rule(input_len, horizon, season)} "
            f"before a test part of {test_len}), left out of the scores{f': {said}' if said else ''}"
            f"{FINAL_CLAUSE}forecasts {final}")


def scores_only(note: str) -> str:
    """A run's note as a backtest says it: without the final model's clause (it trains none)."""
    return note.split(FINAL_CLAUSE, 1)[0]


def too_short_recursive(facts: dict, horizon: int, k: int, stride: int, own: int) -> str:
    """The recursive net's too-short error (data.check_lengths: every series holds input_len +
    the training targets, a validation share besides, before its test part) in a backtest of k
    origins stride apart (own: window.test_len as set), with the fixes in its own flags, each
    checked to fit: fewer --origins, a shorter --stride or --horizon, window.input_len."""
    from .data.dataset import required_length

    lengths, lag, n_target, vf = facts["lengths"], facts["input_len"], facts["target_len"], facts["val_fraction"]
    n, later = min(lengths), stride * (k - 1)
    test = max(horizon + later, own)

    def train(lag_: int) -> int:
        return required_length(lag_, n_target, 0, vf)

    def fits(h=horizon, lag_=lag, kk=k, s=stride) -> bool:
        return n >= max(h + s * (kk - 1), own) + train(lag_)

    avail = n - train(lag) - horizon  # the points the origins after the first may span
    fixes = []
    if avail >= 0 and 1 + avail // stride < k and fits(kk=1 + avail // stride):
        fixes.append(f"fewer --origins (at most {1 + avail // stride})")
    if k > 1 and 1 <= avail // (k - 1) < stride and fits(s=avail // (k - 1)):
        fixes.append(f"a shorter --stride (at most {avail // (k - 1)})")
    if 1 <= n - train(lag) - later < horizon and fits(h=n - train(lag) - later):
        fixes.append(f"a shorter --horizon (at most {n - train(lag) - later})")
    best = math.floor((n - test) * (1 - vf)) - n_target
    while best >= 1 and not fits(lag_=best):
        best -= 1
    if 1 <= best < lag:
        fixes.append(f"--set window.input_len={best}")
    if own > horizon + later and n >= horizon + later + train(lag):  # own binds
        fixes.append(f"no --set window.test_len={own} (the backtest sets its test part from --origins, --stride "
                     "and --horizon)")
    how = f"pass {fixes[0]}" if len(fixes) == 1 else f"any one of: {'; '.join(fixes)}" if fixes else \
        "shorten --origins, --stride, --horizon or input_len (window.input_len) together"
    who = "series has" if len(lengths) == 1 else f"the shortest of {len(lengths)} series has"
    val = f" (with {vf:.0%} validation)" if vf else ""
    held = f" ({k} origins {stride} apart, the last one's {horizon} steps)" if own <= horizon + later else ""
    return (f"{who} {counted(n, 'point')}; the recursive net needs {test + train(lag)}: input_len {lag} + {n_target} training "
            f"target(s){val} before a test part of {test}{held} ({how})")


def _inputs_notes(cov, targets) -> list[str]:
    notes = []
    if targets:
        notes.append(f"several targets ({', '.join(targets)}): one recursive net forecasts them jointly, every "
                     "target's prediction fed back at each step")
    if cov is not None:
        from .data.targets import user_roles

        roles = user_roles(cov, targets) if targets else {"past": cov.past, "future": cov.future,
                                                          "static": cov.static}
        if roles["past"]:
            notes.append(f"past covariates ({', '.join(roles['past'])}): forecast jointly with the target(s) by the "
                         "recursive net, each an output fed back at every step after the forecast origin (known up "
                         "to it only), in the training loss; never reported or scored")
        said = "; ".join(f"{k} {', '.join(roles[k])}" for k in ("future", "static") if roles[k])
        said += ("; " if said and cov.calendar else "") + (f"calendar ({len(cov.calendar)} features)" if cov.calendar else "")
        if said:
            notes.append(f"covariates: {said}; the recursive net reads each step's future-known values at the step "
                         "it forecasts, scaled on each series' training part")
        if notes and (roles["past"] or said):  # the net is ranked beside them: said with its inputs
            notes[-1] += f"; {_baselines_read(targets)}"
    return notes


def _constant_notes(cov, series) -> list[str]:
    """A covariate that never varies over the data given, named (data.covariates.constant_note)."""
    from .data.covariates import constant_note

    note = constant_note(cov, [len(s) for s in series])
    return [note] if note else []


def _baselines_read(targets) -> str:
    """What the baselines a net with covariates is ranked beside read: its target alone (a
    reader of 'best' knows it is the net with drivers against baselines without)."""
    return f"the baselines read {'each target' if targets else 'the target'} only, without covariates"


def _train_direct(cfg, series, dataset, train_rng, season, notes, on_epoch, checkpoint, dist) -> _Trained:
    """The direct net: fitted on each series' part before its test part, scored there, then
    (refit) trained again on all the data given: the model that forecasts the future."""
    import torch

    from .forecasters.direct import DirectForecaster
    from .training.loop import TrainResult

    if dist is not None and dist.active:
        raise ValidationError("torchrun is not supported for the direct net (it trains in one process, "
                              "checkpoints and --resume included); pass --set model.kind=recursive to use it")
    if series[0].shape[1] != 1:
        raise ValidationError("the direct net forecasts one target column; pass --set model.kind=recursive")
    w, d = cfg.window, cfg.direct
    ids = dataset.ids if dataset is not None else [""]
    from .data.dataset import unnamed
    from .forecasters.intermittent import intermittent_note

    if note := intermittent_note([s[:, 0] for s in series], ids, d.loss):  # L1: their median, ~0; MSE: the mean
        notes.append(note)
    for sid, s in zip(ids, series, strict=True):  # the recursive net's scaler refuses these too
        spread = float(np.ptp(s)) if len(s) else 0.0
        if 0 < spread < np.finfo(np.float64).tiny:
            who = ("the series" if dataset is None else dataset.source if unnamed(dataset)  # not its internal 'value'
                   else f"column {dataset.target!r}") + \
                (f" of series {sid!r}" if sid else "")
            raise ValidationError(f"{who} varies by only {spread:.3g} (subnormal numbers, below 2.2e-308): "
                                  "too few bits to learn from; multiply it by a power of ten first")
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
    from .training.threads import default_workers

    where = resolve_device(cfg.train.device)  # checked: cuda without a GPU fails here
    torch.set_num_threads(cfg.train.threads)  # before the checkpoint's identity reads the threads
    stages = None
    if checkpoint is not None:  # each net trained (scored model, final model) a stage of the run's checkpoint
        from .training.direct_resume import DirectCheckpoints, data_identity

        stages = DirectCheckpoints(checkpoint, data_identity(series, cov))

    from .forecasters.net_windows import (
        SMALL_DATA,
        count_windows,
        default_hidden_size,
        default_max_epochs,
        default_season_mode,
    )

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
        if cov is not None and settings["log"] != "never":  # said once below, in the covariates' note
            settings["log"] = "never"
        return DirectForecaster(w.horizon, season, device=where, on_step=progress, checkpoint=stages,
                                workers=default_workers(d.workers), **{**settings, **fixed})

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
    if cov is not None:
        schema = cov.schema()
        targets = getattr(dataset, "targets", ())
        if targets:  # the panel's own columns, said in the user's words
            from .data.targets import user_roles

            schema = {**schema, **{k: list(v) for k, v in user_roles(cov, targets).items() if k != "calendar"}}
            notes.append(f"several targets ({', '.join(targets)}): one net forecasts them jointly, each series of "
                         "a target reading the other targets' history as past covariates, its target as a static "
                         "category")
        said = "; ".join(f"{k} {', '.join(v)}" for k, v in schema.items() if v)
        if said:
            notes.append(f"covariates: {said}; scaled on each series' part before its test part; the target is "
                         "not logged (direct.log is ignored: a log makes an additive driver multiplicative); "
                         f"{_baselines_read(targets)}")
        elif targets:
            notes.append("the targets are not logged (direct.log is ignored with several targets)")
        notes.extend(_constant_notes(cov, series))
    flat = [(ids[i], s[: sp.train_end, 0]) for i, s, sp in zip(keep, scored, splits, strict=True)
            if np.ptp(s[: sp.train_end]) == 0]
    if flat:  # named: in a panel, which one is flat is what the user needs to know
        (sid, x), who = flat[0], (lambda k: f"series {k!r}" if k else "the series")
        first = f"{who(sid)}: all {len(x)} training values = {x[0]:g}"
        more = ", ".join(who(k) for k, _ in flat[1:6]) + (", ..." if len(flat) > 6 else "")
        which = f"series is constant ({first})" if len(flat) == 1 else \
            f"{len(flat)} series are constant ({first}; also {more})"
        notes.append(f"{which}; the forecast of a constant series is that constant")
    short = [sp.train_end for sp in splits if sp.train_end < f.input_len]
    if short:  # the one fallback each gets: seasonal naive, or its last value when shorter than a season
        from .forecasters.fallback import fallback_words

        how = " or ".join({fallback_words(n, f.season): None for n in short})
        how = f"{how[:-1]}; the direct net's named fallback)" if how.endswith(")") else \
            f"{how} (the direct net's named fallback)"
        notes.append(f"{len(short)} series shorter than input_len={f.input_len} before their test part: "
                     f"forecast by {how}")
    info = dict(f.model.info_)
    if season > 1 and d.deseason and "deseasonalised" in info:
        drivers = cov is not None and bool(len(cov.past) + len(cov.future))  # (several targets: the others are past)
        notes.append(season_found_note(season, info["deseasonalised"], len(keep), drivers,
                                       getattr(dataset, "targets", ())))
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
        # from the scored model's, for direct.final_warm of those epochs (config/schema.py)
        progress = DirectProgress(on_epoch, "final model: ") if on_epoch is not None else None
        final = make(progress, max_epochs=epochs, validate=False, covariates=cov)
        if d.final_warm:  # its first nets start from the scored model's (GlobalNetForecaster.fit's warm)
            final.warm = {"warm": f.model, "warm_fraction": d.final_warm}
        final = final.fit(series)
        if d.keep_scored_net:
            final.model.adopt(f.model, keep)  # it votes for the series it was fitted on
        return final

    notes.append(training_note(info))
    plain = {k: v for k, v in _plain(info).items() if k not in ("final_epochs", "final_capped")}
    return _Trained(cfg.direct.cell.upper(), f, scored, splits, [ids[i] for i in keep], history,
                    {**plain, "chosen_epochs": plain.get("epochs"), "epochs": epochs}, seconds, net=f,
                    refit=refit)


def season_found_note(season: int, found: int, n_series: int, drivers: bool = False, targets=()) -> str:
    """Whether the season was found (transforms.season: the Theta test; over 12, as weekly
    data's 52, also a held-out stretch) and taken out before the net, said on the part before
    the test: a season the test misses is left for the net to learn from its windows.
    drivers: past or future covariates (or other targets) were given, and the season is sought in
    what they leave unexplained (covariates.season_beside): a target whose season its driver
    carries (returns, a tenth of sales) has none left, which the note said was too short or noisy.
    targets: several targets (--target sales,price): the n_series are each series' targets, said
    as "2 targets" of one series, "6 targets of 3 series" (it said "2 series" of one)."""
    # a season of 12 or under: two seasons and a point for its strength, three for the Theta test
    # (transforms.season); longer ones: the held-out stretch too
    how = "2 seasons and a point" if season <= 12 else "2 seasons and 13 points more"
    clear = ("a season clear of the noise in what the covariates leave unexplained (one they carry is theirs)"
             if drivers else "a season clear of the noise")
    if n_series == 1:
        return (f"season {season}: found in the series and taken out before the net" if found else
                f"season {season}: not found in the series (the test needs at least {how}, and {clear}); "
                "the net reads it as it is")
    why = f"the test needs at least {how}, and {clear}"
    whole = f"{n_series} series"
    t = len(targets)
    if t > 1 and n_series % t == 0:  # (some series left out: counted as they are, as words.series_counted)
        whole = f"{n_series} targets" if n_series == t else f"{n_series} targets of {n_series // t} series"
    if found == 0:
        return f"season {season}: not found in any of the {whole} ({why}); the net reads them as they are"
    if found == n_series:
        return f"season {season}: found and taken out before the net in all {whole}"
    return (f"season {season}: found and taken out before the net in {found} of {whole}; the "
            f"others are read as they are ({why})")


def _plain(info: dict) -> dict:
    return {k: (float(v) if isinstance(v, (float, np.floating)) else v) for k, v in info.items()
            if isinstance(v, (int, float, str, np.integer, np.floating))}


def training_note(info: dict) -> str:
    """What training did, in one line: epochs run of the most allowed, the epoch kept. The direct
    net's: whether early stopping stopped its validation run, the steps it chose, and the whole
    epochs the final model trained (final_epochs: the count the run's headline says)."""
    final = info.get("final_epochs")
    if "val_steps_run" in info:  # the direct net: its length chosen on each series' last horizon
        run, most = info["val_steps_run"], info.get("val_steps_allowed")
        if most is None:  # no validation steps seen (a resumed run restored them): no claim about stopping
            how = f"the validation run took {run:,} optimizer steps ({counted(info.get('max_epochs'), 'epoch')} allowed)"
        elif info.get("stopped_early"):
            how = (f"early stopping stopped the validation run at step {run:,} of the {most:,} allowed "
                   f"({counted(info.get('max_epochs'), 'epoch')})")
        else:
            how = (f"the validation run took all {most:,} steps allowed ({counted(info.get('max_epochs'), 'epoch')}; "
                   "early stopping did not stop it)")
        then = f"the scored net(s) then trained {info.get('steps'):,} steps on all windows before the test part"
        if final is not None:
            then += (f"{FINAL_CLAUSE}{counted(final, 'epoch')} on all the data (the chosen length in whole epochs"
                     + (", capped at about 2,000 steps)" if info.get("final_capped") else ", rounded up)"))
        return f"training length chosen on each series' last horizon: {how}; {then}"
    if "steps" in info and "stopped_early" not in info:  # the direct net without validation
        epochs = final if final is not None else f"{info.get('epochs', 0):g}"
        return f"trained {counted(epochs, 'epoch')} ({info['steps']:,} optimizer steps; no validation, no early stopping)"
    if "max_epochs" not in info or "stopped_early" not in info:
        return f"trained {counted(info.get('epochs'), 'epoch')}"
    run, most, best = info["epochs"], info["max_epochs"], info.get("best_epoch")
    if info["stopped_early"]:
        return f"stopped early: no better validation loss after epoch {best}; kept epoch {best} of {run} run " \
               f"({most} allowed)"
    if best and best != run:
        return f"trained all {counted(run, 'epoch')}; kept epoch {best} of {run} (the best validation loss)"
    return f"trained all {counted(run, 'epoch')}; kept the last"
