"""A series' missing values: refused with their remedy (a late start, future rows given without
--future) or filled by --fill linear with a note, the empty start and end left out; the rows of the dates
--fill-missing-dates inserts, for the covariates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..words import counted
from .dataset import column_said
from .layout import _CALENDAR_PART
from .timesaid import at_row


def _inserted(rows: np.ndarray, times: pd.Index, read: pd.Index, full: pd.Index) -> tuple[np.ndarray, pd.Index]:
    """A series' covariate rows (its history, then its future rows) and their stamps on the axis
    --fill-missing-dates filled: the history's `read` stamps become `full`, an inserted date's row
    -1 (no row of the file: only calendar, holiday and static columns, which need none, get here)."""
    n = len(read)
    at = np.full(len(full), -1, dtype=np.int64)
    at[full.get_indexer(read)] = rows[:n]
    return np.concatenate([at, rows[n:]]), full.append(times[n:])


def _future_rows(x: np.ndarray, allowed: bool) -> int:
    """How many rows at a series' end have an empty target (future rows) when future-known
    covariates are read; 0 otherwise (empty targets are then missing values)."""
    if not allowed:
        return 0
    ok = np.flatnonzero(~np.isnan(x))
    return len(x) - 1 - int(ok[-1]) if len(ok) else 0


def _missing(x, rows, t, name, src, where, fill, notes, filled=None, past=(), text: str = "") -> np.ndarray:
    """Cases 6 and 7: missing values, leading/trailing counted apart; --fill linear fills.
    filled(rows) -> the other columns with a value in every one of those rows: an empty target
    at the end beside them looks like future rows given without --future (or as --past), which
    --fill linear does not fill either (it would invent the end the forecast starts from). An
    empty end with nothing beside it is left out by --fill linear: x is then shorter than rows.
    text: the data's way of writing quarters or ISO weeks, the rows' times named in it. An empty
    start is left out by --fill linear as well (x then begins at its first value: `empty_start`
    says how many rows the caller drops from its rows, axis and covariates)."""
    nan = np.isnan(x)
    if not nan.any():
        return x
    ok = np.flatnonzero(~nan)
    if len(ok) == 0:
        raise ValidationError(f"{column_said(name, src)}{where} has only missing values")
    lead, trail = int(ok[0]), len(x) - 1 - int(ok[-1])
    inner = int(nan.sum()) - lead - trail
    ahead = filled(rows[len(x) - trail:]) if trail and filled is not None else []
    if fill != "linear" or ahead:
        parts = [f"{n} {w}" for n, w in ((lead, "at the start"), (inner, "inside"), (trail, "at the end")) if n]
        raise ValidationError(
            f"{column_said(name, src)}{where} has {counted(int(nan.sum()), 'missing value')} ({', '.join(parts)}), "
            f"first at {at_row(rows, t, np.flatnonzero(nan)[0], text)}; "
            + (_late_start(lead, trail, where) if lead and not inner and not ahead else
               _missing_remedy(trail, ahead, past, gaps=bool(lead + inner), fill=fill))
        )
    # The empty end is left out, not invented: held at the last value it was history the net
    # trained on, the test part scored against and the forecast started from (a file whose last
    # 5 days were not yet recorded was forecast from 5 flat days, dated 5 days too late). So is
    # the empty start: held at the first value it was invented flat history (ggplot2's txhousing,
    # read with --fill linear for its gaps: 116 of South Padre Island's 187 months), which also
    # shrank the series' MASE scale (fpp3 us_employment: 2.2x).
    x = x[lead: len(x) - trail].copy()
    nan = nan[lead: lead + len(x)]
    idx = np.arange(len(x))
    x[nan] = np.interp(idx[nan], idx[~nan], x[~nan])
    if inner:
        notes.append(f"{counted(inner, 'missing value')}{where} filled linearly")
    if lead:
        notes.append(f"{counted(lead, 'missing value')}{where} at the start left out, not filled: the series "
                     f"starts at its first value, {at_row(rows, t, lead, text)}")
    if trail:  # x now starts at row `lead`: its last value is the file's row lead + len(x) - 1 (was len(x) - 1)
        notes.append(f"{counted(trail, 'missing value')}{where} at the end left out, not filled: the series "
                     f"ends at its last value, {at_row(rows, t, lead + len(x) - 1, text)}, and is forecast from there")
    return x


def _late_start(lead: int, trail: int, where: str) -> str:
    """The remedy when a target's missing values open it (and perhaps end it), none inside: the
    series starts later (and ends earlier) than the file, a panel's series of different lengths
    written on one time axis as R and pandas write them. --fill linear once held the first value
    over the start: fpp3 us_employment's 40 series had 144 to 744 invented flat months, which
    shrank every MASE's scale 2.2x and raised the net's MAE from 49.1 (those rows dropped) to 59.3
    (seed 0); it now leaves them out. where: the id's words ("" for one series)."""
    return ("the series starts later" + (" and ends earlier" if trail else "") + ": drop those empty rows"
            + (" (a panel's series may differ in length, each read from its first value)" if where else "")
            + ", or pass --fill linear, which leaves them out")


def empty_start(x: np.ndarray, fill: str) -> int:
    """How many missing values open x that --fill linear leaves out (0 without it, or with no
    value at all: _missing refuses that)."""
    ok = np.flatnonzero(~np.isnan(x))
    return int(ok[0]) if fill == "linear" and len(ok) else 0


def _missing_remedy(trail: int, ahead: list[str], past, gaps: bool, fill: str) -> str:
    """What to do with a target's missing values; ahead: the columns filled beside its trailing
    empty rows (rows of the horizon, not gaps), gaps: whether others lie before them."""
    if not ahead:
        if not trail:
            return "fill or drop them, or pass --fill linear"
        return ("fill or drop them, or pass --fill linear (which " + ("fills the others and " if gaps else "")
                + "leaves out the empty end: the series ends at its last value)")
    last = "the last one looks like a future row" if trail == 1 else f"the last {trail} look like future rows"
    # other series of a wide table (fpp3's prices: wheat's 1997 empty beside copper's and oil's) are
    # not known ahead: dropping the row is their way out, which the refusal never named
    rows = "that row" if trail == 1 else "those rows"
    given = [c for c in ahead if c in set(past)]
    if given:  # past covariates: a run's --past, or a saved model's own (wavecast forecast --data,
        # predict(h, data)), where "give them with --future (not as --past)" named a flag and a
        # keyword the forecast refuses: its roles are the model's (R's us_change, --past Income)
        are = f"{given[0]!r} is a past covariate" if len(given) == 1 else (
            f"{', '.join(repr(c) for c in given)} are past covariates")
        remedy = (f"{last} ({', '.join(ahead)} filled there), but {are}, read up to the forecast origin only: "
                  f"drop {rows} to forecast from the last value, or, if those values are known ahead, train with "
                  "them as future covariates (--future)")
    else:
        remedy = (f"{last} ({', '.join(ahead)} filled there): give the covariates known ahead with --future, "
                  f"or drop {rows} if those values are not known ahead (other series beside it)")
    if fill == "linear":  # the other gaps are filled; these would be invented history
        return remedy + "; --fill linear does not fill future rows"
    return remedy + ("; fill or drop the others" if gaps else "")


def _filled(df: pd.DataFrame, rows: np.ndarray, skip: set[str]) -> list[str]:
    """The number (or flag) columns of df, other than skip and the panel's own columns of
    several targets, with a value in each of rows (df positions): those --future could take
    (a text column such as a store's name is no covariate known ahead, nor the date's parts:
    ggplot2's txhousing writes year and month on every row, so a city's empty last month was
    "a future row (year, month filled there)", refused under --fill linear too)."""
    part = df.iloc[rows]  # (the panel's past columns of other targets are named 'a->b')
    return [str(c) for c in df.columns if c not in skip and not str(c).startswith("__") and "->" not in str(c)
            and pd.api.types.is_numeric_dtype(df[c]) and not _CALENDAR_PART.fullmatch(str(c))
            and part[c].notna().all()]
