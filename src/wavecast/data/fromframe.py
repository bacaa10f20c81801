"""A long-format pandas frame (a target, optional time and id columns, covariates by role)
validated into a Dataset (from_frame): the checks that a file read the general way (data.read)
and a pandas or NumPy object (from_object) both go through, each problem one ValidationError
naming the column, the row and a fix.
"""

from __future__ import annotations

import pandas as pd

from .dataset import Dataset
from .onetarget import frame_time, one_target
from .severaltargets import _several
from .targets import parse_targets


def from_frame(df: pd.DataFrame, target: str = "", time: str = "", id: str = "",
               fill: str = "none", sort: bool = False, fill_missing_dates: bool = False,
               source: str = "the data", min_len: int = 1, past=(), future=(), static=(),
               calendar: bool | tuple = False, date_order: str = "auto", marks: tuple[str, str] | None = None,
               frame: str = "", holidays: str = "", own=(), fill_own=None) -> Dataset:
    """Validate a long-format frame (target, optional time and id) into a Dataset.

    past, future, static: covariate columns by role, calendar: features of the time axis
    (data.calendarfeatures; True: those whose cycle the data covers twice, `calendar_columns`; or a
    fitted model's calendar column names, its holiday columns among them); holidays: a country
    code ("US", "AU-VIC") whose public holidays are added as calendar columns (holiday_columns).
    With future-known covariates, rows after a series'
    end with an empty target hold their values over the horizon (kept in Dataset.covariates,
    not in values).
    date_order: how dates such as 01/02/2020 are read (data.dateorder).
    marks: a CSV's (sep, decimal), for the remedy of text among numbers (None: no CSV).
    frame: a DataFrame given in Python as pandas writes it with its time as a column ("df", or
    "df.reset_index()" when its index is the time), for the hint of a wide table; "" for a file.
    own, fill_own: several targets' panel (_several): its own past columns ('b->a', the other
    targets), which a date --fill-missing-dates inserts does not refuse, and fill_own(ds, rows_of),
    which gives them their values there (data.targets.fill_inserted) before they are checked.

    The steps: the columns and the time column checked (onetarget.frame_time), then several
    targets read as one panel (severaltargets._several) or the one target read (onetarget.one_target).
    """
    given = frame_time(df, time, id, source, (*past, *future, *static))
    if isinstance(target, (list, tuple)) and len(target) == 1:  # one target, as a list
        target = str(target[0])
    targets = None if (isinstance(target, str) and target in df.columns) else parse_targets(target)
    if targets is not None:
        return _several(df, targets, given.time, id, fill, sort, fill_missing_dates, source, min_len, past, future,
                        static, calendar, date_order, marks, holidays, frame)
    return one_target(df, target, given, id, fill=fill, sort=sort, fill_missing_dates=fill_missing_dates,
                      source=source, min_len=min_len, past=past, future=future, static=static, calendar=calendar,
                      date_order=date_order, marks=marks, frame=frame, holidays=holidays, own=own, fill_own=fill_own)
