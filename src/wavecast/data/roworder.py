"""A series' rows put in time order: a time twice, rows newest first or a step back refused
(--sort reads them in order); cases 14 and 15.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ValidationError
from .clockchange import clocks_back
from .timesaid import describe


def order_rows(times: pd.Index, rows: np.ndarray, sort: bool, where: str, text: str = "") -> np.ndarray:
    """Positions that put the series in time order; cases 14 and 15. text: as describe."""
    dup = times.duplicated(keep=False)
    if dup.any():
        first = times[np.flatnonzero(dup)[0]]
        at = rows[np.flatnonzero(times == first)] + 1
        count = "twice" if len(at) == 2 else f"{len(at)} times"
        raise ValidationError(f"timestamp {describe(first, text, times)} appears {count} (rows "
                              f"{', '.join(map(str, at[:5]))}){where}; " + clocks_back(times, dup))
    back = np.flatnonzero(np.diff(times.asi8 if isinstance(times, pd.DatetimeIndex) else times.to_numpy()) < 0)
    if len(back) and not sort:
        if len(back) == len(times) - 1 and len(times) > 2:  # every step back: newest first, as finance
            # sites and many exports write a history (was "go backwards at row 2", as for one stray row)
            raise ValidationError(f"rows{where} are newest first ({describe(times[0], text, times)} down to "
                                  f"{describe(times[-1], text, times)}); pass --sort to read them in time order")
        i = back[0] + 1
        raise ValidationError(f"timestamps go backwards at row {rows[i] + 1}{where} "
                              f"({describe(times[i], text, times)} after {describe(times[i - 1], text, times)}); "
                              "sort the file or pass --sort")
    return np.argsort(times.to_numpy(), kind="stable")

