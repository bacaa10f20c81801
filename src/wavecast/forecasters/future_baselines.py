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


def _saved_floor(f, nonneg):
    """f fitted, its floor at 0 (nonneg_, (B, F): theta's, the AR's) off where the model's own
    fitted series went below 0 (nonneg[b] False; None: unknown, the values given decide): the
    net floors by its saved flag (GlobalNetForecaster._nonneg), so a later part of a series that
    went negative earlier was floored by the baselines refitted on it but not by the net."""
    kept = getattr(f, "nonneg_", None)
    if nonneg is not None and kept is not None:
        f.nonneg_ = kept & np.array([v is not False for v in nonneg], dtype=bool)[:, None]
    return f


def one_series(name: str, setup: dict, y: np.ndarray, horizon: int, nonneg=None) -> np.ndarray:
    """(horizon,) forecast of the baseline `name` after the end of y (N,), fitted on y alone;
    a ValidationError where y is too short for it (an AR(p)'s fit, a season). nonneg: None, or
    [the model's saved flag of y's series] (`_saved_floor`)."""
    f = _saved_floor(of_setup(name, setup).fit(y[:, None]), nonneg)
    return f.predict(y[None, :, None], int(horizon))[0, :, 0]


def future_forecasts(names: list[str], setup: dict, values: list[np.ndarray], horizon: int,
                     ids: list[str], order: list[int] | None = None,
                     nonneg: list[bool | None] | None = None) -> tuple[dict[str, np.ndarray], list[str]]:
    """({name: (S, horizon)}, notes): each baseline's forecast after the end of each series of
    `values` (S arrays (N_i,)), NaN in the rows of series too short for it (a note names them, in
    `order`: the series' positions in the user's order, data.dataset.in_user_order; None: as given).
    nonneg: each series' saved flag of the model's net (its fitted series had no negative value;
    None: unknown), so that the baselines floor at 0 where the net does (`_saved_floor`).

    Each baseline is still fitted on one series' values alone, but the series of one length are
    fitted and forecast together (`_same_length`): a baseline's arithmetic is row by row, so
    the rows are those of one series at a time to the bit, and 20,000 series of 111 lengths
    cost 111 calls, not 20,000 (theta's SES loop over the points ran once a series)."""
    arrays = [np.asarray(y, dtype=np.float64) for y in values]
    same: dict[tuple, list[int]] = {}
    for i, y in enumerate(arrays):
        same.setdefault(y.shape if y.ndim == 1 else ("alone", i), []).append(i)
    groups = []  # batches of bl.BATCH_VALUES values at most: theta holds a few (B, N) arrays at once
    for idx in same.values():
        step = max(1, bl.BATCH_VALUES // max(arrays[idx[0]].size, 1))
        groups += [idx[k:k + step] for k in range(0, len(idx), step)]
    # the note lists the series as the user's data gives them, as the checks over many series do
    # (values come in their ids' canonical order: a file giving 'c' before 'b' was told ('b', 'c'))
    place = {p: k for k, p in enumerate(order)} if order is not None else {}
    out, notes = {}, []
    for name in names:
        rows, short = np.full((len(arrays), int(horizon)), np.nan), []
        for idx in groups:
            if len(idx) > 1:
                try:
                    rows[idx] = _same_length(name, setup, [arrays[i] for i in idx], horizon,
                                             None if nonneg is None else [nonneg[i] for i in idx])
                    continue
                except ValidationError:  # one of them too short (or no value): each alone, said below
                    pass
            for i in idx:
                try:
                    rows[i] = one_series(name, setup, arrays[i], horizon, None if nonneg is None else [nonneg[i]])
                except ValidationError:  # too short for it: left empty, said below
                    short.append(i)
        out[name] = rows
        if short:
            short = [ids[i] or "the series" for i in sorted(short, key=lambda i: (place.get(i, len(arrays)), i))]
            shown = ", ".join(repr(s) for s in short[:3]) + (f" and {len(short) - 3} more" if len(short) > 3 else "")
            notes.append(f"{name} left empty for {len(short)} series too short for it ({shown})")
    return out, notes


def _same_length(name: str, setup: dict, ys: list[np.ndarray], horizon: int, nonneg=None) -> np.ndarray:
    """(B, horizon): `one_series` of each of ys (B arrays (N,), one length), fitted together
    (each on its own values, as `fit` takes a list of series) and forecast as one batch."""
    f = _saved_floor(of_setup(name, setup).fit([y[:, None] for y in ys]), nonneg)
    context = np.stack(ys)[:, :, None]  # (B, N, 1)
    return f.predict(context, int(horizon))[:, :, 0]
