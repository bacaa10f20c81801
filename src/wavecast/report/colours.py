"""Each forecaster's colour by its name, one mapping for every figure wavecast draws (the run's
PNGs, report.html's, wavecast.plot's): seasonal naive is orange in forecast.png, lead_time.png,
coverage.png and plot() alike, whichever forecasters a run has. Before, the run's figures took
colours by a forecaster's place in their list, so a baseline changed colour between figures and
runs (a run with covariates adds '<net> without drivers' after the net; an old model lacks theta).
Matplotlib's colour names only ("C0".."C9"): no import of it here."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..forecasters.baseline_names import NAMES

NET = "C0"  # the net's (blue): the first forecaster not named below, e.g. "LSTM", predict()'s "forecast"
# a baseline's, by name ("linear AR" for every order p); a fallback forecasts as one of these
# (seasonal naive, last value) and is drawn in its colour
BASELINES = {"mean": "C2", "last value": "C3", "seasonal naive": "C1", "linear AR": "C4", "theta": "C5"}
# "<net> without drivers" (drivers_check.SUFFIX, not imported: it is a floor above): the net's
# kin, cyan beside its blue
WITHOUT_DRIVERS, SUFFIX = "C9", " without drivers"
# any other forecaster (a recipe's second net, the NumPy reference), in the order given: the
# colours no name above owns (C7, grey, last: the truth and the cut-off line are black and grey)
OTHERS = ("C6", "C8", "C7")


def baseline_colour(name: str) -> str | None:
    """The colour of the baseline `name` ("linear AR(14)" is linear AR's), or None if it is none."""
    if not re.fullmatch(NAMES, name):
        return None
    return BASELINES[re.sub(r"\(\d+\)$", "", name)]


def colours(names: Iterable[str]) -> dict[str, str]:
    """{name: colour} of the forecasters `names`: a baseline's and the net without its drivers'
    fixed by name, whatever else is in the list; the first other name is the net's (C0); any
    further one takes OTHERS in turn."""
    out, unnamed = {}, 0
    for name in dict.fromkeys(names):
        fixed = baseline_colour(name) or (WITHOUT_DRIVERS if name.endswith(SUFFIX) else None)
        if fixed is None:  # the net first, then the others
            fixed = NET if unnamed == 0 else OTHERS[(unnamed - 1) % len(OTHERS)]
            unnamed += 1
        out[name] = fixed
    return out
