"""Ids are their text (in the forecasts file too): a DataFrame's id column holding ids of two
types that read the same (1 and '1') is refused, naming both, rather than read as one series.
"""

from __future__ import annotations

import pandas as pd

from ..errors import ValidationError


def _same_text_ids(idcol: pd.Series, n_text: int, id: str, src: str) -> None:
    """Refuse ids of two types that read as one text (1 and '1' in a DataFrame's column): the ids
    are their text (in the forecasts file too), so their rows were one series, refused as
    'timestamp 2021-01-01 appears twice for id '1'; drop the duplicates', naming no cause."""
    if idcol.dtype != object or not pd.api.types.infer_dtype(idcol, skipna=True).startswith("mixed"):
        return  # one type (every file's column, most frames'): one text an id
    given = pd.unique(idcol)
    if len(given) == n_text:
        return
    text = pd.Series(given).astype(str)
    same = text[text.duplicated(keep=False)]
    a, b = (given[i] for i in same.index[:2])
    raise ValidationError(f"column {id!r} in {src} holds ids of two types that read the same, {a!r} "
                          f"({type(a).__name__}) and {b!r} ({type(b).__name__}): the ids are their text, in the "
                          f"forecasts too, so they would be one series; make the column one type, e.g. "
                          f"df[{id!r}] = df[{id!r}].astype(str)")
