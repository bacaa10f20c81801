"""What a run's training step hands the rest of the run, and the notes both ways of training say.

A run trains its network one of two ways, each handing the rest of the run the same `Trained`:

    recursive  (steps_recursive.py) prepare (splits, per-series scalers, lazy windows) ->
               training.loop.train -> NetForecaster: one step at a time, fed back (the tutorials' net)
    direct     (steps_direct.py) DirectForecaster on each series' part before its test part (log,
               deseasonalise, a level per window, the whole horizon at once), and `refit`: the same
               on all the data given, the model that forecasts the future

experiment.run calls one of them and never asks which it got. Which series the direct net can
score, and the errors and notes when they are too short: steps_lengths.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .data.windows import Split
from .words import counted


@dataclass
class Trained:
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


# The clause of a note about the model trained on all the data (left_out_note, training_note,
# always their last): a backtest, which trains no such model, says the note without it (scores_only)
FINAL_CLAUSE = "; the final model "


def scores_only(note: str) -> str:
    """A run's note as a backtest says it: without the final model's clause (it trains none)."""
    return note.split(FINAL_CLAUSE, 1)[0]


def constant_notes(cov, series) -> list[str]:
    """A covariate that never varies over the data given, named (data.covariates.constant_note)."""
    from .data.covariates import constant_note

    note = constant_note(cov, [len(s) for s in series])
    return [note] if note else []


def baselines_read(targets) -> str:
    """What the baselines a net with covariates is ranked beside read: its target alone (a
    reader of 'best' knows it is the net with drivers against baselines without)."""
    return f"the baselines read {'each target' if targets else 'the target'} only, without covariates"


def _chosen(info: dict) -> str:
    """The step the direct net's validation run chose, said after what the run took: it read
    "took all 3 steps allowed ...; the scored net(s) then trained 1 step", the step chosen unsaid."""
    best, least = info.get("val_best_step"), info.get("least_steps") or 0
    if best is None:  # a model fitted before val_best_step was kept
        return ""
    if best < least:  # the floor (global_net_epochs.choose_epochs' least): it read "chose step 1,500, the
        # fewest it may choose (its validation loss was lowest at step 30)", the floor and its reason unsaid
        return (f" and chose step {least:,}: its validation loss was lowest at step {best:,}, but no fewer than "
                f"{least:,} steps are chosen (a floor: the validation loss of a few windows a series is noisy and "
                "alone picks too few)")
    return f" and chose step {best:,}, where its validation loss was lowest"


def _more_steps(info: dict) -> str:
    """Why the scored net's steps exceed the step chosen: elecdemand read "chose step 1,500 ... (1,522
    steps)", the two left to the reader to square."""
    best, steps = info.get("val_best_step"), info.get("steps")
    chosen = None if best is None else max(best, info.get("least_steps") or 0)
    if chosen is None or steps is None or steps <= chosen:
        return ""
    return f", not {chosen:,}: there are more windows than in the validation run, so an epoch takes more steps"


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
        how += _chosen(info)
        trained = counted(f"{info.get('steps'):,}", "step")  # it said "trained 1 steps"
        if info.get("epochs") is not None:  # the chosen length in epochs: why the scored net trains so long
            epochs = counted(f"{round(info['epochs'], 2):g}", "epoch")
            then = (f"the scored net(s) then trained the same {epochs} on all windows before the test part "
                    f"({trained}{_more_steps(info)})")
        else:
            then = f"the scored net(s) then trained {trained} on all windows before the test part"
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
