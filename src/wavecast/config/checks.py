"""What a config value may be, and the checks that hold it there: the words each choice allows,
the upper bounds past which NumPy or torch would fail instead of the config, and the checks every
section runs when it is built (a bad value fails with its name, the value given and what is allowed)."""

from __future__ import annotations

import math
from typing import Any

from ..errors import ConfigError

CELLS = ("rnn", "lstm", "gru")
OPTIMIZERS = ("adam", "sgd", "lbfgs")
SCHEDULES = ("none", "cosine")
SIGNALS = ("sine", "noisy_sine", "sum_of_sines")
# data.sep as written -> the character read: a tab as itself, \t or tab
SEPARATORS = {",": ",", ";": ";", "|": "|", "\t": "\t", "\\t": "\t", "tab": "\t"}
DATE_ORDERS = ("auto", "day-first", "month-first")


# Upper bounds where a larger value fails deep inside NumPy or torch instead of here.
SEED_MAX = 2**64 - 1  # torch.manual_seed takes an unsigned 64-bit integer
LENGTH_MAX = 10**9  # samples in a window or a stride: window.stride 10^20 overflowed a C long
SIGNAL_MAX = 10**8  # samples: 0.8 GB as float64; 10^11 asked NumPy for 745 GiB
WIDTH_MAX = 65536  # units of a layer; with LAYERS_MAX and WEIGHTS_MAX, torch never gets an
LAYERS_MAX = 1000  # allocation it cannot make (hidden_size 10^12 failed inside its allocator)
WEIGHTS_MAX = 4 * 2**30  # bytes of float32 weights: the most a model file may hold
THREADS_MAX = 1024  # torch.set_num_threads(10^6) failed inside oneDNN
LR_MAX = 1e30  # Adam's first step, lr / (1 - beta1), must fit in float32 (3.4e38): 1e38 overflowed


def check_int(name: str, value: Any, minimum: int = 1, maximum: int | None = None) -> None:
    # bool is an int subclass: True must not pass as 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        # horizon=6.0: the whole number it is, named (a float is still refused: it may be 6.5 next)
        whole = (f"; give {int(value)}" if isinstance(value, float) and value.is_integer() and value >= minimum
                 else "")
        raise ConfigError(f"{name} must be an integer >= {minimum} (got {value_said(value)}){whole}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be an integer from {minimum} to {maximum} (got {value_said(value)})")


def check_auto_int(name: str, value: Any, minimum: int = 1, maximum: int | None = None) -> None:
    """An integer in range, or None: "auto", derived from the data when the run starts."""
    if value is not None:
        check_int(name, value, minimum, maximum)


def whole_of(text: str) -> int | None:
    """The integer a text such as "6.0" or "12." is, else None (6.5, "nan", "1e400", words)."""
    try:
        f = float(text)
    except ValueError:
        return None
    return int(f) if f.is_integer() and abs(f) < 2**53 else None


def value_said(value: Any) -> str:
    """repr() of a value, a huge integer shortened to its digit count (one line, no ValueError)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"an integer of {len(str(abs(value))) if abs(value) < 10**4000 else 'over 4000'} digits"
    return repr(value)


def check_positive(name: str, value: Any, allow_zero: bool = False, maximum: float | None = None) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    try:
        ok = ok and math.isfinite(value)
    except OverflowError:  # an int too large for a float
        ok = False
    if not ok or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ConfigError(f"{name} must be a finite number {bound} (got {value_said(value)})")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be a number {'>= 0' if allow_zero else '> 0'} and <= {maximum:g} "
                          f"(got {value_said(value)})")


def check_choice(name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        # cell="LSTM" (as the README and the console write the nets): the spelling that is meant
        near = [a for a in allowed if isinstance(value, str) and a.lower() == value.strip().lower()]
        hint = f" ({near[0]!r}, in lower case)" if near else ""
        raise ConfigError(f"unknown {name} {value!r}; choose {', '.join(allowed[:-1])} or {allowed[-1]}{hint}")
