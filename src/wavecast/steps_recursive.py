"""The recursive net's training step (steps.py): prepared windows (splits, per-series scalers, lazy
windows), the training loop, NetForecaster: one step at a time, fed back; with covariates or
several targets, each step's row carries them (forecasters.recursive_inputs), said in notes.
"""

from __future__ import annotations

import time

from .data.prepare import prepare
from .steps import Trained, baselines_read, constant_notes, training_note


def train_recursive(cfg, series, dataset, train_rng, season, notes, on_epoch, checkpoint, dist) -> Trained:
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
        notes.extend(inputs_notes(cov, targets))
        notes.extend(constant_notes(cov, series))
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
        from .forecasters.recursive_inputs_forecaster import RecursiveNetForecaster

        net_f = RecursiveNetForecaster(net, inputs, cfg.window.input_len, cov, prep.stacked_scaler(), mates,
                                       dataset.series_targets if targets else None, cfg.data.scaling)
        checked = {}
    info = {"epochs": len(history.history["train_loss"]), "final_loss": history.history["train_loss"][-1],
            "best_epoch": history.best_epoch, "steps": history.n_steps, "max_epochs": cfg.train.epochs,
            "stopped_early": bool(history.stopped_early)}
    notes.append(training_note(info))
    return Trained(name, net_f, prep.series, prep.splits, prep.ids, history, info, seconds, net=net,
                   scaler=scaler, scalers=prep.stacked_scaler(), prepared=prep, checked=checked)


def inputs_notes(cov, targets) -> list[str]:
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
            notes[-1] += f"; {baselines_read(targets)}"
    return notes
