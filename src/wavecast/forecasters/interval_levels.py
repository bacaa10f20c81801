"""Interval levels as users give them and as wavecast names them: levels in percent checked
(each strictly between 0 and 100), a fraction or a flag given as a level refused in the
caller's words, and a level's text in keys and column names (lo-80). Every door that takes
--level or level= (the CLI, predict, backtest) checks through here, apart from the bands."""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError


def check_levels(levels, example: str = "80,95") -> tuple[float, ...]:
    """Interval levels in percent as sorted unique floats, each strictly between 0 and 100.
    example: the levels 80 and 95 as the caller writes them (the CLI's 80,95; Python's
    level=[80, 95]: predict(12, level="80,95") was told "e.g. 80,95", what it had given)."""
    try:
        vals = [float(v) for v in (levels if isinstance(levels, (list, tuple, np.ndarray)) else [levels])]
    except (TypeError, ValueError):
        raise ValidationError(f"level must be numbers in percent between 0 and 100, e.g. {example} "
                              f"(got {_shown(levels)})") from None
    bad = [v for v in vals if not 0 < v < 100]
    if bad:
        raise ValidationError(f"level {bad[0]:g} is outside (0, 100): give interval levels in percent, e.g. {example}")
    return tuple(sorted(set(vals)))


def _shown(value) -> str:
    """A value in an error's one line: its repr, or its type and size where the repr is long or spans
    lines (a DataFrame given as level= printed the whole frame)."""
    text = repr(value)
    if "\n" not in text and len(text) <= 80:
        return text
    if not hasattr(value, "__len__"):
        return f"a {type(value).__name__}"
    return f"a {type(value).__name__} of {len(value)} {'rows' if np.ndim(value) > 1 else 'values'}"


def user_levels(levels, name: str = "level", given: str | None = None, fix=None) -> tuple[float, ...]:
    """check_levels for the levels a user asks for (predict, wavecast.backtest, the CLI's
    --level): a fraction (level=0.9 for a 90% band) gave a backtest band 0.9% wide, named
    lo-0.9, without a word, and predict said only "level 0.9 was not calibrated"; no one asks a
    band under 1%. given: how the levels were written (default: the numbers); fix(meant): the
    remedy's words (default: name=[...], Python's)."""
    given_as = levels if isinstance(levels, (list, tuple, np.ndarray)) else [levels]
    if any(isinstance(v, (bool, np.bool_)) for v in given_as):
        # predict(12, level=True), asking for "the bands", read True as 1: a 1% band, named lo-1
        raise ValidationError(f"{name}={levels!r}: a level is a number in percent, not a flag (True read as a 1% "
                              f"band); pass {name}=[80, 95] for 80% and 95% bands")
    vals = check_levels(levels, "80,95" if name.startswith("--") else f"{name}=[80, 95]")
    if any(v < 1 for v in vals):
        meant = [v * 100 if v < 1 else v for v in vals]
        said = given if given is not None else ", ".join(f"{v:g}" for v in vals)
        remedy = fix(meant) if fix else f"{name}=[{', '.join(f'{v:g}' for v in meant)}]"
        raise ValidationError(f"{name} is in percent: {said} asks for bands under 1% (almost no width, almost no "
                              f"coverage); for {'%, '.join(f'{v:g}' for v in meant)}% bands pass {remedy}")
    return vals


def level_key(level: float) -> str:
    """A level as text: 80.0 -> "80", 97.5 -> "97.5" (metrics.json keys, column names lo-80)."""
    return f"{level:g}"
