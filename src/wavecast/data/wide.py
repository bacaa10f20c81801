"""What to do with a table of several numeric columns and no target named: a wide table (one
series a column, `time, A, B, C`) melted to long form, or the columns forecast jointly as one
series' targets. Said in the command line's flags; api_words.python_words says them in Python's."""

from __future__ import annotations

from pathlib import Path

from ..words import shell_word
from .layout import date_parts, date_parts_hint

JOINT_SHOWN = 6  # more columns than this are a wide table's series far more often than one series' variables


def several_numeric(src: str, numeric: list[str], time: str, id: str, frame: str = "", row_numbers: str = "",
                    labels=()) -> str:
    """The one-line refusal of a table with several numeric columns and no --target.

    numeric: those columns; time, id: the time and id columns ("" when none); frame: the pandas
    expression that holds the data with its time as a column (a DataFrame given in Python: "df",
    or "df.reset_index()" where its index is the time), "" for a file (read with pandas);
    row_numbers: a column of row numbers the reader left out ("" when none), left out of the melt;
    labels: the other columns (text: the rows' names where the columns are dates)."""
    shown = ", ".join(numeric[:10]) + (f", … {len(numeric) - 10:,} more" if len(numeric) > 10 else "")
    head = f"{src} has {len(numeric)} numeric columns ({shown[:200]}); choose one with --target"
    # each name as the shell reads it ('unit sales' quoted: it read --target unit sales,price)
    names = [shell_word(n) for n in numeric]
    joint = (f"--target {','.join(names)}" if len(numeric) <= JOINT_SHOWN
             else f"the columns listed, e.g. --target {names[0]},{names[1]}")
    if not time and not id and _dated(numeric):  # a series a row, as spreadsheets and M4 write them
        return by_date(src, numeric, frame, row_numbers, list(labels))
    parts = date_parts(numeric, time)
    if parts:  # Year, Month, Sales: a date in two columns, not three series
        return f"{head}; {date_parts_hint(parts, frame or 'df')}, and read it as the time"
    if id:  # long already: several value columns of each series
        return f"{head}, or forecast several jointly with {joint}"
    return (f"{head}; a wide table (a series a column)? {melted(src, time, frame, row_numbers=row_numbers)}; "
            f"one series' variables? forecast them jointly with {joint}")


def _dated(names: list[str]) -> bool:
    """Whether the columns are named by dates in order (1967-07-01, 1967-08-01, ...; years 1960,
    1961, ... as the World Bank writes them), all but one at most (a total)."""
    import pandas as pd

    if len(names) < 3:
        return False
    stamps = pd.to_datetime(pd.Series(names, dtype=object).astype(str).str.strip(), format="ISO8601", errors="coerce")
    ok = stamps.dropna()
    return len(ok) >= len(names) - 1 and ok.is_monotonic_increasing and ok.is_unique


def by_date(src: str, numeric: list[str], frame: str, row_numbers: str, labels: list[str]) -> str:
    """The refusal of a table whose columns are dates, each row a series (ggplot2's economics
    pivoted by date, a spreadsheet's layout): the melt to long form and the flags that read it.
    It was offered to forecast the dates jointly ('--target 1967-07-01,1967-08-01') or to melt
    the dates as the series' ids."""
    if not frame:
        frame = f"pd.read_{'parquet' if Path(src).suffix.lower() in ('.parquet', '.pq') else 'csv'}({src!r})"
        if row_numbers:
            frame = f"{frame}.drop(columns={row_numbers!r})"
    if not labels:  # the rows have no names: their numbers are the ids
        frame, labels = f"{frame}.reset_index()", ["index"]
    keep = labels[0] if len(labels) == 1 else labels
    said = (f"--id {shell_word(labels[0])}" if len(labels) == 1 else
            f"--id COLUMN, one of {', '.join(shell_word(c) for c in labels[:5])}")
    fit = "save that and read it" if not frame.startswith("df") else "fit that"
    return (f"{src} has {len(numeric)} numeric columns named as dates ({numeric[0]} to {numeric[-1]}): a series a "
            f"row? melt it to long form (id, time, value): {frame}.melt(id_vars={keep!r}, var_name='time', "
            f"value_name='value'), then {fit} with {said}, --time time and --target value")


def melted(src: str, time: str, frame: str = "", columns=(), row_numbers: str = "") -> str:
    """How to read a wide table's columns as a panel of separate series: the pandas melt to long
    form (id, time, value) and the flags that read it. columns: the series' columns, named where
    the table has others besides the time (melt would take those as series too); () for all.
    row_numbers: a first column of row numbers (R's row names, 'Unnamed: 0') the reader left out
    as no data: dropped before the melt, which stacked it as one more series."""
    if not frame:
        frame = f"pd.read_{'parquet' if Path(src).suffix.lower() in ('.parquet', '.pq') else 'csv'}({src!r})"
    if row_numbers and not columns:  # (value_vars leave it out already)
        frame = f"{frame}.drop(columns={row_numbers!r})"
    keep = f"id_vars={time!r}, " if time else ""
    only = f"value_vars={list(columns)!r}, " if columns else ""
    melt = f"{frame}.melt({keep}{only}var_name='id', value_name='value')"
    fit = "save that and read it" if not frame.startswith("df") else "fit that"
    return f"melt it to long form (id, time, value): {melt}, then {fit} with --id id and --target value"


def model_melt(frame: str, columns, ids, time: str, id: str, target: str) -> str:
    """The melt that makes a wide table (a series a column) the long format of a model fitted on
    a panel, to its own column names; "" when the columns are not the model's series (fewer than
    two of its ids) or the time is not a column. frame: the pandas expression of the table
    (pd.read_csv('economics.csv'), data). A model of ggplot2's economics_long (id variable,
    target value) given economics.csv (date, pce, pop, ...) was told to name its own id column,
    which such a file does not hold."""
    cols = [str(c) for c in columns]
    series = [c for c in cols if c in {str(i) for i in ids}]
    if len(series) < 2 or not time or time not in cols:
        return ""
    only = "" if len(series) == len(cols) - 1 else f"value_vars={series!r}, "
    return f"{frame}.melt(id_vars={time!r}, {only}var_name={id!r}, value_name={target!r})"


def series_shown(columns, ids) -> str:
    """The model's series among a wide table's columns, the first five named."""
    series = [str(c) for c in columns if str(c) in {str(i) for i in ids}]
    return ", ".join(series[:5]) + (f" and {len(series) - 5:,} more" if len(series) > 5 else "")
