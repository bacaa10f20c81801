"""`wavecast forecast`'s errors and notes in the command's words: a column the model reads and
the data lacks, a wide table where the model reads long format, the future rows a model with
future covariates needs, a reading note said of forecasts (forecast_cmd's second job, moved)."""

from __future__ import annotations

import re

_UNUSED = re.compile(r"(?P<col>column '.*') is not used; (?:it is constant within each series: pass --static|"
                     r"pass --past or --future) to use it")


def as_forecasts(note: str) -> str:
    """A note of reading --data said for forecast: a column the model does not read was told to be
    passed with --past, --future or --static, flags forecast refuses (the model's roles are fixed
    when it is trained)."""
    m = _UNUSED.fullmatch(note)
    return (f"{m['col']} is not used: the model was trained without it (wavecast run --past, --future or "
            "--static trains one that reads it)") if m else note


_MISSING = re.compile(r"(?P<s>columns?) (?P<col>'.*?') \((?P<flag>--[a-z]+)(?: (?P<all>[^)]*))?\) not found in "
                      r"(?P<rest>.*)", re.S)


def models_column(exc: Exception, args, model=None, marks=None) -> Exception:
    """The reader's "column 'week' (--time) not found" said as the forecast's case: the column is
    the model's, not a flag the user gave (and --future, --past, --static are refused here).
    model: the model's Dataset, whose series a wide --data may hold as columns (_wide_data)."""
    m = _MISSING.fullmatch(str(exc))
    flag = m and m["flag"]
    if flag == "--id" and args.data_id is None and model is not None:
        wide = _wide_data(args.data, model, marks)
        if wide:
            return type(exc)(wide)
    if not m or (flag in ("--time", "--target", "--id") and getattr(args, f"data_{flag[2:]}", None) is not None):
        from ..forecast_checks import gap_from_data

        gap = gap_from_data(str(exc))  # a covariate's gap in --data: its role the model's, not a flag given
        return exc if gap == str(exc) else type(exc)(gap)
    if m["all"]:  # several targets: read by name, jointly (a --target COLUMN renames none of them)
        are = "columns" if m["s"] == "columns" else "column"
        return type(exc)(f"the model's target {are} {m['col']} {'are' if are == 'columns' else 'is'} not in "
                         f"{m['rest']}; it forecasts --target {m['all']} jointly: give the file each of those "
                         "columns, under those names")
    fix = (f"pass {flag} COLUMN to name the file's own" if flag in ("--time", "--target", "--id") else
           "the model was trained with it: give the file that column")
    role = {"--time": "time", "--target": "target", "--id": "id"}.get(flag, f"{flag[2:]} covariate")
    return type(exc)(f"the model's {role} column {m['col']} is not in {m['rest']}; {fix}")


def _wide_data(path: str, model, marks) -> str:
    """The refusal of a wide --data (a series a column) given to a model of long format, with the
    melt to the model's own columns; "" when the file's columns are not the model's series. A
    model of ggplot2's economics_long (--id variable --target value) given economics.csv (date,
    pce, pop, ...) was told "pass --id COLUMN to name the file's own": it holds no such column."""
    import pandas as pd

    from ..data.wide import model_melt, series_shown
    from ..words import shell_word

    try:
        if str(path).lower().endswith((".parquet", ".pq")):
            import pyarrow.parquet as pq

            cols = pq.read_schema(path).names
        else:
            cols = list(pd.read_csv(path, nrows=0, sep=marks.sep, encoding=marks.encoding).columns)
    except Exception:  # the reader said what it could not read; this is only a better remedy
        return ""
    reader = "parquet" if str(path).lower().endswith((".parquet", ".pq")) else "csv"
    melt = model_melt(f"pd.read_{reader}({str(path)!r})", cols, model.ids, model.time, model.id, model.target)
    if not melt:
        return ""
    return (f"{path} holds the model's series as columns ({series_shown(cols, model.ids)}), a wide table: the model "
            f"reads long format (--id {shell_word(model.id)}); melt it: {melt}, then save that and pass it as --data")


def no_future_rows(exc: Exception, args, f) -> Exception:
    """Without --data, the rows a future covariate needs cannot be added to the model's own data:
    say to give --data (the message said to add rows after its end, with no file to add them to)."""
    future = f._covariate_roles().get("future") or []
    if args.data or not future or "after the series' end" not in str(exc):
        return exc
    from ..errors import ValidationError

    said = str(exc).split(": add rows", 1)[0]  # its remedy, rows added to a file, has no file here
    return ValidationError(f"{said}: the saved model holds only its training data; pass --data FILE with each "
                           f"series' history and, after its end, one row a step holding {', '.join(future)} and "
                           "an empty target")
