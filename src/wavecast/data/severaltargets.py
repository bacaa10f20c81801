"""Several targets (`--target a,b`) read as one: the frame made a panel keyed (id, target)
(data.targets) and validated as one target column (onetarget.one_target_frame), its errors and
notes said back in the user's columns and ids.
"""

from __future__ import annotations

import re
from functools import partial

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..words import folded_series_notes
from .covariates import check_roles
from .dataset import Dataset
from .numbercolumn import _numeric
from .onetarget import one_target_frame
from .tables import ROW_NUMBERS
from .wide import melted


def _several(df, targets, time, id, fill, sort, fill_missing_dates, src, min_len, past, future, static,
             calendar, date_order="auto", marks=None, holidays="", frame="") -> Dataset:
    """Several targets: the frame as a panel keyed (id, target) (data.targets), read as one."""
    from . import targets as tg

    check_roles(",".join(targets), time, id, past, future, static, calendar)
    read_notes: list[str] = []
    for t in targets:
        if t in df.columns:
            x = _numeric(df[t], t, src, marks, read_notes)  # a non-numeric target named by its own column
            if not pd.api.types.is_numeric_dtype(df[t]):  # '$2,010.37' read: the panel holds the numbers
                df = df.assign(**{t: x})
    panel, cross, file_rows = tg.melt(df, targets, time, id, src, fill)
    base = panel[id].astype(str).to_numpy() if id else np.full(len(panel), "", dtype=object)
    base_of = dict(zip(panel[tg.KEY], zip(base, panel[tg.STATIC], strict=True), strict=True))
    try:
        # --fill-missing-dates: every (id, target) series of an id has the file's rows of that id,
        # so each gets the same dates inserted and is interpolated as one target alone would be;
        # the panel's own past columns take the targets' values there (targets.fill_inserted)
        ds = one_target_frame(panel, ",".join(targets), time, tg.KEY, fill=fill, sort=sort,
                              fill_missing_dates=fill_missing_dates, source=src, min_len=min_len,
                              past=(*past, *cross), future=future, static=(*static, tg.STATIC), calendar=calendar,
                              date_order=date_order, marks=marks, holidays=holidays, own=cross,
                              fill_own=partial(tg.fill_inserted, targets=targets, base_of=base_of))
    except ValidationError as exc:  # said of the user's columns and ids, not the panel's
        message = tg.user_words(str(exc), targets, base_of, file_rows)
        # --fill linear leaves out one target's empty end, which the others' rows then lack: no remedy here
        message = re.sub(r", or pass --fill linear \(which (?:fills the others and )?leaves out the empty end: "
                         r"the series ends at its last value\)", " (--fill linear fills gaps inside a target, not "
                         "its empty end: several targets are read side by side)", message)
        if not id and ("read side by side" in message or "missing value" in message):  # a wide table's
            # columns that start or end apart (stores, products): separate series, as a long-form panel reads them
            others = [c for c in df.columns if c not in (*targets, time)]
            message += f"; separate series (a series a column)? {melted(src, time, frame, targets if others else (), df.attrs.get(ROW_NUMBERS, ''))}"
        raise ValidationError(message) from None
    # the notes name the user's id and target, not the panel's key ('s0/a'): inserted dates and
    # filled values alike (was "1 missing value for id 'x/a' filled linearly")
    ds.notes = [*read_notes, *folded_series_notes([tg.user_words(n, targets, base_of, file_rows) for n in ds.notes])]
    tg.tag(ds, targets, id, base_of)
    return ds

