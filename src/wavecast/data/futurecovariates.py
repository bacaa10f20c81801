"""Future covariates given at predict time: future= rows (or a file's rows after a series' end)
placed after each series' values, matched to the steps by time, every bad value named by its
series and row; the calendar computed over the horizon; a note where future= and data= disagree.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..errors import ValidationError
from .calendarfeatures import calendar_features
from .covariates import Covariates


def with_future(cov: Covariates, lengths: list[int], times: list, freq, horizon: int, frame=None,
                id: str = "", time: str = "", text: str = "") -> Covariates:
    """The covariates extended over the forecast: rows of `frame` (future covariates after each
    series' end: [id,] [time,] the future columns) appended after each series' values, and
    calendar features computed for the horizon's time stamps. lengths[i]: series i's values
    (its covariate rows beyond them are replaced when frame is given). With a time column the
    rows are matched to the steps by time (futuretimes.continue_axis), in whatever order given;
    text: the data's way of writing quarters or ISO weeks (Dataset.time_text), its errors' words."""
    from .futuretimes import continue_axis, future_times

    if frame is not None:
        import pandas as pd

        if not isinstance(frame, pd.DataFrame):  # an array has no columns to match by name
            raise ValidationError(f"future= must be a data frame (pandas, polars or Arrow) with columns "
                                  f"{_needed(cov, id, time, frame)} (got {_given(frame, cov)})")
        if not all(isinstance(c, str) for c in frame.columns):  # pd.DataFrame(arr)'s labels 0, 1: read as '0', '1'
            frame = frame.rename(columns=str)
        need = [*([id] if id else []), *([time] if time else []), *cov.future]
        missing = [c for c in need if c not in frame.columns]
        if missing:
            raise ValidationError(f"future= has no column {missing[0]!r}; it needs {_needed(cov, id, time, frame)}")
        groups = frame.groupby(frame[id].astype(str), sort=False).indices if id else {"": np.arange(len(frame))}
        given = _future_stamps(frame[time], time, times, freq) if time else None  # (R,) the rows' stamps
        numbers = [_numeric_column(frame[c]) for c in cov.future]  # (R,) each, or None: read a series at a time
    out = []
    # Most series of a panel end on one stamp: their future stamps and calendar rows are computed
    # once a last stamp (a date_range and the calendar's sin/cos a series took 13 s of predict(4,
    # future=) for 3,000 weekly series). Keyed by zone and unit too: equal instants of two zones
    # are equal Timestamps, but their stamps (and hours) differ.
    after: dict = {}

    def stamps_after(last, count: int):
        key = (last, str(getattr(last, "tz", None)), getattr(last, "unit", None), count)
        if key not in after:
            after[key] = future_times(last, freq, count)
        return after[key]

    calendar: dict = {}
    for sid, v, n, t in zip(cov.ids, cov.values, lengths, times, strict=True):
        v = v[:n] if frame is not None else v
        if frame is not None:
            pos = groups.get(sid)
            if pos is None or len(pos) == 0:
                raise ValidationError(f"future= has no rows for series {sid!r}; give its future covariates "
                                      f"({', '.join(cov.future)}) over the horizon")
            if given is not None:  # by time: sorted into place, checked to continue the axis
                name = _user_id(frame, pos, sid)
                last = t[-1] if t is not None and len(t) else None
                _same_zone(given, last, name)
                want = stamps_after(last, len(pos)) if freq is not None and last is not None else None
                pos = pos[continue_axis(given[pos], last, freq, f" of series {name!r}" if name else "", want, text)]
            who = f" for series {_user_id(frame, pos, sid)!r}" if sid else ""
            if len(pos) < horizon:  # said here, with future='s remedy, not rows of a file to add
                said = f"series {_user_id(frame, pos, sid)!r}: " if sid else ""
                most = min(len(groups.get(s, ())) for s in cov.ids)  # the steps every series' rows cover
                raise ValidationError(f"{said}future covariate {cov.future[0]!r} has {len(pos)} value(s) after the "
                                      f"series' end; forecasting {horizon} steps needs {horizon}: give future= one "
                                      "row a step after its end" + shorter_horizon(most))
            block = np.full((len(pos), v.shape[1]), np.nan)
            for j, c in enumerate(cov.future):
                fast = numbers[j][pos] if numbers[j] is not None else None
                if fast is None or not np.isfinite(fast).all():  # text, or a value missing: said by its row
                    fast = _future_column(frame[c].iloc[pos], c, who, given[pos] if given is not None else None,
                                          time, text)
                block[:, len(cov.past) + j] = fast
            v = np.concatenate([v, block])
        if cov.calendar:
            extra = n + horizon - len(v)
            last = t[-1] if t is not None and len(t) else None
            count = max(horizon, len(v) - n)
            stamps = stamps_after(last, count)
            key = (last, str(getattr(last, "tz", None)), getattr(last, "unit", None), count)
            if key not in calendar:  # (the same stamps give the same rows; v's copy below is written, not these)
                calendar[key] = calendar_features(stamps, freq, cov.calendar)[0]
            feats = calendar[key]
            if extra > 0:  # rows past the given ones: the calendar columns only (others stay missing)
                v = np.concatenate([v, np.full((extra, v.shape[1]), np.nan)])
            k = len(cov.past) + len(cov.future)
            v = v.copy()
            v[n:, k:] = feats[: len(v) - n]
        out.append(v)
    return replace(cov, values=out)


def overridden_future(before: Covariates, after: Covariates, lengths: list[int], horizon: int, names: list[str],
                      source: str = "data=") -> list[str]:
    """Notes, one a future column, where future= (after: with_future's result) put other values on
    the forecast's steps than the rows after a series' end that `source` held (before): future=
    wins, as documented, but silently the user could not tell which of two drivers was read.
    names: each series' user id (repeated for the targets of one series: counted once)."""
    if before is None or not before.future:
        return []
    notes, k = [], len(before.past)
    for j, col in enumerate(before.future):
        seen, steps, compared, who = set(), 0, 0, []
        for name, old, new, n in zip(names, before.values, after.values, lengths, strict=True):
            m = min(len(old), len(new), n + horizon) - n  # the steps both hold (data='s rows may stop short)
            if name in seen or m <= 0:
                continue
            seen.add(name)
            a, b = old[n:n + m, k + j], new[n:n + m, k + j]
            both = np.isfinite(a) & np.isfinite(b)  # an empty cell of data= is no disagreement
            differ = int((both & ~np.isclose(a, b, rtol=1e-9, atol=0.0)).sum())
            compared += int(both.sum())
            if differ:
                steps += differ
                who.append(name)
        if steps:
            shown = ", ".join(repr(w) for w in who[:5]) + (f" and {len(who) - 5} more" if len(who) > 5 else "")
            whose = f" ({len(who)} series: {shown})" if any(who) else ""
            notes.append(f"future= and {source} give column {col!r} different values on {steps} of {compared} forecast "
                         f"steps{whose}; future= was used (it replaces the rows after each series' end in {source})")
    return notes


def _future_stamps(col, name: str, times: list, freq):
    """future='s time column as stamps. Dates such as 01/02/1985 whose every value reads both ways,
    evenly spaced both ways, are read in the one order whose every stamp continues a series of the
    model on its frequency: a day-first file's model was refused its own twelve future months,
    01/01/1985 ... 01/12/1985 (month-first: 12 days of January), as ambiguous, with advice
    (date_order=) predict does not take."""
    import pandas as pd

    from .futuretimes import future_times
    from .timeparse import parse_time

    if isinstance(freq, (int, np.integer)) and pd.api.types.is_float_dtype(col):
        # an integer axis' steps made floats (141.0: a merge, or a NaN elsewhere in the column) are
        # its steps, as ids made floats are the model's: they were "cannot parse 't' ...: '141.0';
        # use one format, e.g. 2021-02-19", a date's advice for a model of whole-number steps
        v = col.to_numpy(dtype=np.float64)
        if np.isfinite(v).all() and (v == np.round(v)).all() and (np.abs(v) < 2**53).all():
            col = pd.Series(v.astype(np.int64), index=col.index, name=col.name)
    try:
        return parse_time(col, name, "future=")
    except ValidationError as exc:
        if "are ambiguous" not in str(exc):
            raise
        axis = {s for t in times if t is not None and len(t) for s in future_times(t[-1], freq, len(col))}
        fits = [s for s in (parse_time(col, name, "future=", order=o) for o in ("day-first", "month-first"))
                if set(s) <= axis]
        if len(fits) == 1:
            return fits[0]
        raise ValidationError(f"{str(exc).split('; write them')[0]}, and {'both' if fits else 'neither'} "
                              "continue the series after its end; write them as YYYY-MM-DD, e.g. 2021-02-19") from None


def _same_zone(given, last, name: str) -> None:
    """future='s stamps and the history's both with a time zone or both without: pandas compares
    an aware stamp with a naive one as unequal (no error), and the refusal read "expected
    2015-01-01, got 2015-01-01". Zones that differ are fine: the same instants compare equal."""
    import pandas as pd

    if last is None or not isinstance(given, pd.DatetimeIndex):
        return
    zone, had = given.tz, getattr(pd.Timestamp(last), "tz", None)
    if (zone is None) != (had is None):
        who = f" of series {name!r}" if name else ""
        which = (f"the future rows' carry a time zone ({zone}), the history's none" if zone is not None
                 else f"the history's carry a time zone ({had}), the future rows' none")
        raise ValidationError(f"the times of the future rows{who} and of its history are not comparable: {which}; "
                              "give both in one time zone (Series.dt.tz_localize)")


def _needed(cov: Covariates, id: str, time: str, frame) -> list[str]:
    """The columns future= needs: [id,] [time,] the future covariates (the user's id column, not
    the internal key of several targets)."""
    from .targets import BASE

    has_base = hasattr(frame, "columns") and BASE in frame.columns
    return [*([id] if id and not has_base else []), *([time] if time else []), *cov.future]


def _given(frame, cov: Covariates) -> str:
    """What future= was, in its type's name: a polars or Arrow frame is pandas by now (data.frames),
    so this is an array, a list, a dict, ... or a Series that is no future column of the model
    (one named by it is read as that column: future_frames._future_times)."""
    import pandas as pd

    if not isinstance(frame, pd.Series):
        return type(frame).__name__
    drivers = ", ".join(cov.future)
    if frame.name is None:
        return f"a Series without a name, and the model has {len(cov.future)} future drivers: {drivers}"
    return f"Series {frame.name!r}, no future driver of the model: {drivers}"


def _user_id(frame, pos, sid: str) -> str:
    """The id the user gave a series' rows (not the internal key of several targets)."""
    from .targets import BASE

    return str(frame[BASE].iloc[pos[0]]) if BASE in frame.columns and len(pos) else sid


def _numeric_column(col) -> np.ndarray | None:
    """A future= column of numbers (or flags) as float64 over all its rows, as _future_column reads
    each series' rows of it; None for any other dtype (text, objects: read a series at a time,
    where the marks of '$2,010.37' and a bad value's row are found)."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(col):
        col = col.astype(np.float64)
    if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_object_dtype(col) or pd.api.types.is_complex_dtype(col):
        return None
    return col.to_numpy(dtype=np.float64, na_value=np.nan)


def _future_column(col, name: str, who: str, stamps=None, time: str = "", text: str = "") -> np.ndarray:
    """One future= column of a series' rows (in step order) as floats; text ('9,99', 'yes') or a
    missing or infinite value -> one line naming the column, the series and the row, where a
    bare float() said only "could not convert string to float" and an inf was taken for no row.
    who: " for series 'a'" (empty without ids). stamps: the rows' times (in step order) where
    future= has the model's time column `time`, the row then named by its time too ("at
    2021-03-01 (future row 3)"): the row's number counts the series' steps, not the frame's rows,
    which may come in any order, so the number alone was hard to find. text: as describe."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(col):  # a flag (a holiday, a promotion) counts as 0/1
        col = col.astype(np.float64)
    num = pd.to_numeric(col, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    text_at = np.flatnonzero(np.isnan(num) & col.notna().to_numpy())
    if len(text_at):  # '$2,010.37' as the training file had it (data.marked, said when it was read)
        from .marked import read_marked

        marked = read_marked(col, name).values
        if marked is not None:
            num, text_at = marked, text_at[:0]
    if len(text_at):
        i = int(text_at[0])
        raise ValidationError(f"future covariate {name!r} is not a number{who} at "
                              f"{_future_row(i, stamps, time, text)}: {col.iloc[i]!r}; give numbers (a flag as 0/1)")
    bad = np.flatnonzero(~np.isfinite(num))
    if len(bad):
        what = "missing" if np.isnan(num[bad[0]]) else f"infinite ({num[bad[0]]})"
        raise ValidationError(f"future covariate {name!r} is {what}{who} at "
                              f"{_future_row(int(bad[0]), stamps, time, text)}; fill every future row")
    return num


def _future_row(i: int, stamps, time: str, text: str) -> str:
    """Future row i (from 0) in a message: "2021-03-01 (future row 3)" with its time stamp (an
    integer step as "t=141", the bare number read as a row), "future row 3" without one."""
    from .timesaid import describe

    row = f"future row {i + 1}"
    if stamps is None:
        return row
    t = stamps[i]
    when = f"{time}={t}" if isinstance(t, (int, np.integer)) else describe(t, text)
    return f"{when} ({row})"


def shorter_horizon(most: int) -> str:
    """The other remedy for too few future rows: forecast only the steps they cover (the command
    line's words; api_words.python_words says predict's)."""
    return f", or forecast the {most} step{'s' if most > 1 else ''} they cover with --horizon {most}" if most else ""
