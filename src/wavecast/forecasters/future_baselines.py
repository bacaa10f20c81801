"""The baselines' forecasts after each series' end, beside the network's (predict(h, baselines=),
`wavecast forecast --baselines`, plot(..., baselines=)): the forecasters of baselines.py set up as
the fitted model chose them (its metrics["baselines"]: names, season, AR order), never re-chosen,
each fitted on one series' values alone, as the network's final model has seen all of them."""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError
from . import baselines as bl
from .theta import Theta


def _shown(names: list[str]) -> str:
    return ", ".join(repr(n) for n in names) or "none"


def wanted(asked, how: str = "baselines="):
    """What `asked` asks for: None (False, None or []: none, as level=[] draws no bands), True
    (all) or a list of names; anything else refused in one line."""
    if asked is None or (isinstance(asked, (bool, np.bool_)) and not asked):
        return None
    if isinstance(asked, (bool, np.bool_)):
        return True
    if isinstance(asked, str):
        return [asked]
    if not (isinstance(asked, (list, tuple)) and all(isinstance(n, str) for n in asked)):
        raise ValidationError(f"{how} must be True, False or baseline names, e.g. ['seasonal naive'] "
                              f"(got {asked!r})")
    return list(asked) or None


def named(want, there: list[str], where: str, how: str = "baselines=") -> list[str]:
    """The names of `there` that `want` (True or names: wanted) gives: a name in any case, or
    'linear AR' for linear AR(p); a name `there` lacks refused in one line."""
    if want is True:
        return list(there)
    out = []
    for name in want:
        low = name.strip().lower()
        match = [n for n in there if n.lower() == low or (low == "linear ar" and n.startswith("linear AR("))]
        if not match:
            raise ValidationError(f"{how}: {name!r} is not a baseline of {where} (its baselines: {_shown(there)})")
        out.append(match[0])
    return list(dict.fromkeys(out))


def of_setup(name: str, setup: dict):
    """The unfitted baseline `name` with the model's season and AR order (metrics["baselines"])."""
    if name.startswith("linear AR("):
        return bl.LinearAR(int(setup["ar_order"]))
    if name == "seasonal naive":
        return bl.SeasonalNaive(int(setup["period"]))
    if name == "theta":
        return Theta(int(setup.get("period") or 1))
    return {"mean": bl.MeanForecast, "last value": bl.LastValue}[name]()


def one_series(name: str, setup: dict, y: np.ndarray, horizon: int) -> np.ndarray:
    """(horizon,) forecast of the baseline `name` after the end of y (N,), fitted on y alone;
    a ValidationError where y is too short for it (an AR(p)'s fit, a season)."""
    f = of_setup(name, setup)
    return f.fit(y[:, None]).predict(y[None, :, None], int(horizon))[0, :, 0]


def future_forecasts(names: list[str], setup: dict, values: list[np.ndarray], horizon: int,
                     ids: list[str]) -> tuple[dict[str, np.ndarray], list[str]]:
    """({name: (S, horizon)}, notes): each baseline's forecast after the end of each series of
    `values` (S arrays (N_i,)), NaN in the rows of series too short for it (a note names them)."""
    out, notes = {}, []
    for name in names:
        rows, short = np.full((len(values), int(horizon)), np.nan), []
        for i, y in enumerate(values):
            try:
                rows[i] = one_series(name, setup, np.asarray(y, dtype=np.float64), horizon)
            except ValidationError:  # too short for it: left empty, said below
                short.append(ids[i] or "the series")
        out[name] = rows
        if short:
            shown = ", ".join(repr(s) for s in short[:3]) + (f" and {len(short) - 3} more" if len(short) > 3 else "")
            notes.append(f"{name} left empty for {len(short)} series too short for it ({shown})")
    return out, notes
