"""The five source experiments as named recipes: reproduced, measured, and beaten.

    noisy-sine          the MXNet forum answer (LSTM on a phase-noise sine)
    simple-rnn-priming  the simple-RNN notebook (priming the hidden state)
    lstm-cell-future    the PyTorch forum thread and the time_sequence_prediction example
    elman-by-hand       the hand-written Elman RNN tutorial (on the NumPy reference)
    window-lstm         the windowed-LSTM tutorial

Each module has NAME, SOURCE, SUMMARY and run(quick=False, seed=0) -> RecipeResult; a
module is imported only when its recipe runs.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import ValidationError
from ._common import Figure, RecipeResult, save

# name -> (module, source, one line); listed here so `wavecast recipes` imports nothing heavy.
RECIPES: dict[str, tuple[str, str, str]] = {
    "noisy-sine": ("noisy_sine", "the MXNet forum answer",
                   "LSTM on a phase-noise sine, one step ahead, against the noise floor"),
    "simple-rnn-priming": ("simple_rnn_priming", "the simple-RNN notebook",
                           "nn.RNN on sine segments: an unseen cycle predicted cold and primed"),
    "lstm-cell-future": ("lstm_cell_future", "the PyTorch forum thread on Adam and the "
                         "time_sequence_prediction example",
                         "two LSTM layers, 1000 steps free-running: LBFGS and Adam"),
    "elman-by-hand": ("elman_by_hand", "the hand-written Elman RNN tutorial",
                      "a 6-unit Elman RNN trained by hand in NumPy, beside our best fit"),
    "window-lstm": ("window_lstm", "the windowed-LSTM tutorial",
                    "LSTM(50), 40-step forecast: the tutorial's settings and ours"),
}


def module(name: str) -> ModuleType:
    if name not in RECIPES:
        raise ValidationError(f"unknown recipe {name!r}; choose one of: {', '.join(RECIPES)}")
    return importlib.import_module(f"{__name__}.{RECIPES[name][0]}")


def run(name: str, quick: bool = False, seed: int = 0) -> RecipeResult:
    """Run one recipe; quick=True is the reduced form the fast tests use (seconds, not minutes)."""
    result = module(name).run(quick=quick, seed=seed)
    if quick:
        result.notes.insert(0, "quick form: a reduced run that checks the plumbing; its figures "
                               "are not the recipe's (run without --quick for those)")
    return result


__all__ = ["RECIPES", "Figure", "RecipeResult", "module", "run", "save"]
