"""A long file whose series are named by several columns together (fpp2's prisonLF: state, gender
and legal status, 32 series): --id takes one column, so the way out is to join them into one.
Such a file was told its time stamps appear 32 times, "drop the duplicates" (each row a series'
own), and --id state,gender,legal was "not found".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a clean file's run never imports pandas (tests/test_parquet_read.py)
    import pandas as pd

# key columns looked at: a name a series, repeated over its rows (text or categories, at most half
# as many values as rows, at most this many columns)
MAX_KEYS = 8


def key_columns(df: pd.DataFrame, time: str, id: str, skip) -> list[str] | None:
    """The columns (id first, where given) that together name one series a row and time, where
    the time repeats within the id (or the file, without one) and one more text column or several
    tell those rows apart; None otherwise. skip: the target and the columns given a role."""
    if not time or time not in df.columns:
        return None
    from pandas.api.types import is_numeric_dtype

    base = [id] if id else []
    if not df.duplicated([*base, time]).any():
        return None
    half = max(2, len(df) // 2)
    cands = [str(c) for c in df.columns if c not in {*skip, time, id}
             and not is_numeric_dtype(df[c]) and 1 < df[c].nunique() <= half][:MAX_KEYS]
    if not cands or df.duplicated([*base, *cands, time]).any():
        return None
    keys = list(cands)
    for c in cands:  # the fewest that still tell the rows apart
        rest = [k for k in keys if k != c]
        if (rest or base) and not df.duplicated([*base, *rest, time]).any():
            keys = rest
    return [*base, *keys] if len(base) + len(keys) > 1 else None


def joined(keys: list[str]) -> str:
    """The pandas line that names each series by its key columns joined, and the flag to pass."""
    name = next(n for n in ("series", "series_id", "key") if n not in keys)
    parts = " + '/' + ".join(f"df[{k!r}].astype(str)" for k in keys)
    return f"join them into one, df[{name!r}] = {parts}, and pass --id {name}"


def stacked_by_keys(df: pd.DataFrame, keys: list[str], time: str, id: str, src: str) -> str:
    """The refusal of a file whose series are named by `keys` together."""
    k = int(df.groupby(keys, sort=False).ngroups)
    said = ", ".join(keys)
    if id:
        others = ", ".join(k_ for k_ in keys if k_ != id)
        return (f"{src}: time stamps repeat within each id of column {id!r}, and {others} tell those rows "
                f"apart: {said} together name {k} series; one column names the series (--id): {joined(keys)}")
    return (f"{src} looks like {k} series stacked in long format: its time stamps repeat, and columns {said} "
            f"together tell them apart; one column names the series (--id): {joined(keys)}")
