"""A long-format pandas frame (a target, optional time and id columns, covariates by role)
validated into a Dataset (from_frame): the checks that a file read the general way (data.read)
and a pandas or NumPy object (from_object) both go through, each problem one ValidationError
naming the column, the row and a fix.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..words import counted, folded_series_notes
from .calendarfeatures import calendar_columns
from .covariates import check_complete, check_roles, read_covariates
from .dataset import Dataset, RegularTimes, canonical, index_said
from .freqinfer import infer_freq
from .futuretimes import continue_axis
from .gaps import fill_gaps
from .idtext import _same_text_ids
from .integeraxis import IntegerAxis, uneven_column
from .keycolumns import joined
from .layout import check_layout, unused_text_notes
from .missing import _filled, _future_rows, _inserted, _missing, empty_start
from .numbercolumn import _numeric
from .publicholidays import holiday_columns
from .roworder import order_rows
from .severaltargets import _several
from .targetcolumn import _hint_columns, _pick_target
from .targets import parse_targets
from .timecolumn import FOUND, _date_and_hour, _ts_time, detect_time
from .timenames import DECIMAL_TIME_NAME
from .timeparse import parse_time
from .trading_days import (
    axis_of,
    calendar_of,
    closed_days,
    holiday_days_lacked,
    refusal_words,
    trading_note,
    whose,
)
from .yearparts import text_style


def _unused_text(df: pd.DataFrame, used: set[str], said: list[str], id: str = "") -> list[str]:
    """Notes on the columns of text (or booleans) not read, those a note names already aside, and
    those whose values repeat within a series, which hold no times: ISLR's Weekly (Year, Lag1, ...,
    Today, Direction) was told "pass --time Direction if it holds the times" of its Up and Down."""
    return unused_text_notes([str(c) for c in df.columns if c not in used and not any(repr(str(c)) in n for n in said)
                              and not (pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]))
                              and not df.duplicated([id, c] if id else [c]).any()])


def _axis_key(t: pd.Index) -> tuple | None:
    """A time axis as a key: its dtype (zone and unit) and its stamps' bytes; infer_freq reads
    nothing else. None (not kept) for an axis of other stamps (text, objects)."""
    if isinstance(t, pd.DatetimeIndex):
        return str(t.dtype), t.asi8.tobytes()
    v = t.to_numpy()
    return (str(v.dtype), v.tobytes()) if v.dtype.kind in "iu" else None


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
    which gives them their values there (data.targets.fill_inserted) before they are checked."""
    src = source
    cols = list(df.columns)
    dup = pd.Index(cols)[pd.Index(cols).duplicated()].unique().tolist()
    if dup:
        raise ValidationError(f"{src} has {cols.count(dup[0])} columns named {dup[0]!r}; "
                              "give every column its own name")
    for flag, col in (("--time", time), ("--id", id)):
        parts = [p.strip() for p in str(col).split(",")]
        if flag == "--id" and len(parts) > 1 and all(p in df.columns for p in parts):  # state,gender,legal
            raise ValidationError(f"one column names the series (--id), not {len(parts)} ({', '.join(parts)}): {joined(parts)}")
        if col and col not in df.columns:
            raise ValidationError(f"column {col!r} ({flag}) not found in {src}; {_hint_columns(cols, col)}")
    if len(df) == 0:
        raise ValidationError(f"{src} has no data rows")
    found_time = "" if time else detect_time(df, {id} - {""})
    ts_time, ts_note = _ts_time(df, time, found_time, id, src, {*past, *future, *static})
    time = time or found_time
    if time:
        _date_and_hour(df, time, id, src, {*past, *future, *static})
    if isinstance(target, (list, tuple)) and len(target) == 1:  # one target, as a list
        target = str(target[0])
    targets = None if (isinstance(target, str) and target in df.columns) else parse_targets(target)
    if targets is not None:
        return _several(df, targets, time, id, fill, sort, fill_missing_dates, src, min_len, past, future,
                        static, calendar, date_order, marks, holidays, frame)
    # calendar: True (the columns chosen on this data's span) or a fitted model's column names
    names = tuple(calendar) if isinstance(calendar, (tuple, list)) else bool(calendar)
    covs = dict(past=tuple(past), future=tuple(future), static=tuple(static), calendar=names)
    with_cov = any(covs.values()) or bool(holidays)
    if with_cov:
        check_roles(target, time, id, **covs)
    # the columns whose values on a date --fill-missing-dates inserts would be invented: a gap is
    # refused with them (fill_gaps); calendar, holiday and static columns need nothing there (it
    # refused them all, and covariates on data with no date missing)
    by_date = (*(f"{c} (--past)" for c in past if c not in own), *(f"{c} (--future)" for c in future))
    roles = {**{c: "--static" for c in static}, **{c: "--future" for c in future}, **{c: "--past" for c in past},
             **({id: "--id"} if id else {}), **({time: FOUND if found_time else "--time"} if time else {}),
             **({ts_time: FOUND} if ts_time else {})}  # R's time() of a ts: no target, kept in a melt
    target = _pick_target(df, target, set(roles), src, marks, roles, frame)
    # ChickWeight's Time without --time (days 0, 2, ..., 20, 21): said how to read, not "not used"
    uneven, uneven_note = ("", "") if time else uneven_column(
        df, id, {target, *past, *future, *static, ts_time}, DECIMAL_TIME_NAME.fullmatch)
    layout_notes = check_layout(df, target, time, id, src, used={*past, *future, *static, ts_time, uneven} - {""})
    layout_notes[:0] = [n for n in (ts_note, uneven_note) if n]
    if found_time:
        layout_notes = [f"time column {found_time!r} (the only column of dates; pass --time to "
                        "choose another)", *layout_notes]
    if not time:  # no time axis: a column of dates not recognised as one would go unseen
        layout_notes += _unused_text(df, {target, id, *past, *future, *static}, layout_notes, id)
    read_notes: list[str] = []  # columns read without their marks ('$2,010.37'): said once each
    numeric = partial(_numeric, marks=marks, notes=read_notes)
    x_all = numeric(df[target], target, src)
    t_all = parse_time(df[time], time, src, layout_notes, date_order) if time else None
    if found_time and not isinstance(t_all, pd.DatetimeIndex):  # whole numbers (R's time() 1..n of fpp2's
        # goog, years): no dates, which the note called them
        layout_notes = [n.replace("(the only column of dates;", "(the only time column;", 1) if i == 0 else n
                        for i, n in enumerate(layout_notes)]
    # quarters or ISO weeks written as text ('2020Q1'): forecasts and messages name them so
    text = text_style(df[time]) if isinstance(t_all, pd.DatetimeIndex) else ""
    if id:
        idcol = df[id]
        miss = np.flatnonzero(idcol.isna().to_numpy())
        if len(miss):
            raise ValidationError(f"{index_said(id, src)} has a missing id at row {miss[0] + 1}")
        # A categorical id factorizes from its codes; astype(str) would build one string a row.
        codes, uniques = pd.factorize(idcol if isinstance(idcol.dtype, pd.CategoricalDtype)
                                      else idcol.astype(str), sort=False)
        _same_text_ids(idcol, len(uniques), id, src)
        # Rows of each id in file order, by one stable sort (not one scan of all rows per id).
        # Codes number the ids in order of appearance: rows already grouped by id (the usual
        # file) have non-decreasing codes and need neither a sort order nor gathered copies.
        order = None if (codes[1:] >= codes[:-1]).all() else np.argsort(codes, kind="stable")
        ends = np.cumsum(np.bincount(codes, minlength=len(uniques)))
        del codes
        ids = [str(u) for u in uniques]
    else:
        order, ends, ids = None, np.array([len(df)]), [""]
    rows_sorted = bool(sort and t_all is not None and not t_all.is_monotonic_increasing)
    if order is not None:
        # Gather values and times once in id order: each series is then a slice of one array
        # (10,000 series of 1,000 rows: no second copy of the column, no 10,000 small ones).
        x_all = x_all[order]
        t_all = t_all[order] if t_all is not None else None
    notes: list[str] = [*read_notes, *layout_notes]
    # a whole-number axis that is no count of steps (HHMM clock times, a panel's uneven steps): its
    # refusals below say so; --fill-missing-dates reads an uneven panel at its finest step
    said = IntegerAxis(df, t_all, ends, ids, time, id, src, fill_missing_dates, {target, *past, *future, *static})
    panel_step = said.panel_step()
    values, times, freqs, cov_rows, cov_times, ahead = [], [], [], [], [], []
    filled = []  # each series' values filled, not measured (Dataset.filled), or None
    shut = []  # each series' weekdays read as closed days (trading_days.closed_days), or None
    axes: dict = {}  # each distinct time axis: its (frequency, gaps), for _axis_key
    market = calendar_of(holidays, calendar)  # its holidays are a market's closed days, however many in a row
    for sid, a, b in zip(ids, np.r_[0, ends[:-1]], ends, strict=True):
        where = f" for id {sid!r}" if id else ""
        rows, x = (np.arange(a, b) if order is None else order[a:b]), x_all[a:b]
        t = None
        if t_all is not None:
            t = t_all[a:b]
            with said:
                by_time = order_rows(t, rows, sort, where, text)
            if (np.diff(by_time) != 1).any():  # out of time order (allowed with --sort)
                rows, x, t = rows[by_time], x[by_time], t[by_time]
        if with_cov:
            k = _future_rows(x, bool(future or calendar or holidays))
            cov_rows.append(rows)
            cov_times.append(t)
            if k:
                if t is not None and k < len(t):  # checked on the series' axis once its step is known
                    ahead.append((f" of series {sid!r}" if id else "", t[-k:], t[-k - 1]))
                x, rows, t = x[:-k], rows[:-k], (t[:-k] if t is not None else None)
        nan = np.isnan(x)  # --fill linear fills these (the empty start and end are left out)
        lead = empty_start(x, fill)
        x = _missing(x, rows, t, target, src, where, fill, notes,
                     lambda r: _filled(df, r, {target, time, id, *future, *static}), past, text)
        if lead and with_cov:  # the covariates' rows start where the series does (its future rows kept)
            cov_rows[-1] = cov_rows[-1][lead:]
            cov_times[-1] = cov_times[-1][lead:] if cov_times[-1] is not None else None
        if len(x) < len(rows):  # --fill linear left the empty start or end out: so do the axis and covariates
            if with_cov and len(x) < len(rows) - lead:
                cov_rows[-1], cov_times[-1] = rows[lead: lead + len(x)], (t[lead: lead + len(x)] if t is not None else None)
            rows, t = rows[lead: lead + len(x)], (t[lead: lead + len(x)] if t is not None else None)
        miss = nan[lead: lead + len(x)]
        if t is not None:
            key = _axis_key(t)  # series on one axis (a panel's common dates) read it once
            with said:
                f, gaps = axes[key] if key in axes else (
                    infer_freq(t, where) if panel_step is None else (panel_step, int(np.sum(np.diff(t) > panel_step))))
                if key is not None:
                    axes[key] = (f, gaps)
                read_t = t
                # a market's closed days (data.trading_days): its rows are the steps, no gap to fill
                # --fill-missing-dates with --holidays: the calendar's days stay closed, the rest filled
                shut.append(None if not gaps else holiday_days_lacked(t, f, market) if fill_missing_dates
                            else closed_days(t, f, market))
                read_as_is = shut[-1] is not None and not fill_missing_dates
                x, t = fill_gaps(x, t, f, where, fill_missing_dates, notes, covariates=by_date,
                                 n_gaps=0 if read_as_is else gaps, text=text,
                                 **({} if read_as_is or not gaps else refusal_words(t, f, market)))
            if len(t) > len(read_t):  # stamps inserted (--fill-missing-dates): their values filled
                inserted = np.ones(len(t), dtype=bool)
                inserted[t.get_indexer(read_t)] = miss
                miss = inserted
            if with_cov and len(t) > len(read_t):  # dates inserted: the covariates' rows follow the axis
                cov_rows[-1], cov_times[-1] = _inserted(cov_rows[-1], cov_times[-1], read_t, t)
            freqs.append(f)
        if len(x) < min_len:
            raise ValidationError(f"series{where} in {src} has {counted(len(x), 'point')}; needs >= {min_len}")
        values.append(x)
        filled.append(miss if miss.any() else None)
        times.append(t)
    trading = axis_of(shut, times, market)
    if trading is not None:  # one axis for all: "B" that knows the closed days, rebuilds its stamps
        freqs = [trading if f == "B" else f for f in freqs]
        said, several = whose(ids, shut)
        if not fill_missing_dates:  # else fill_gaps said which it inserted and which it kept closed
            notes.append(trading_note(trading.closed, said, trading.calendar, several))
    freq = freqs[0] if freqs else None
    if len({str(f) for f in freqs}) > 1:
        with said:
            raise ValidationError(f"series in {src} have different frequencies "
                                  f"({', '.join(sorted({str(f) for f in freqs}))}); resample them to one")
    for who, stamps, last in ahead:  # future rows: the next stamps of the series' own axis
        continue_axis(stamps, last, freq, who, text=text)
    # a country's public holidays: calendar columns computed from the dates (checked first: its
    # words for an integer or weekly axis)
    hol = holiday_columns(holidays, times, freq) if holidays else ()
    if covs["calendar"] is True:  # on the history, before integer axes are made RegularTimes
        covs["calendar"], note = calendar_columns(times, needed=not holidays, freq=freq)
        notes += [note] if note else []
    if hol:
        covs["calendar"] = (*(covs["calendar"] or ()), *hol)
    if isinstance(freq, int) and not isinstance(times[0], pd.DatetimeIndex):
        # Integer steps, validated regular (gaps filled or refused): first + step * k, not a
        # slice of all the stamps (76 MB for 10 million rows) kept for the whole run.
        times = RegularTimes(np.array([t[0] for t in times], dtype=np.int64), freq,
                             np.array([len(t) for t in times]))
    if rows_sorted:
        notes.append(f"rows of {src} sorted by {time!r} (--sort)")
    ds = Dataset(values, ids, times, freq, target, time, id, src, notes)
    ds.filled = filled if any(m is not None for m in filled) else None
    if time and isinstance(times[0], pd.DatetimeIndex):  # quarters or ISO weeks: forecasts written alike
        ds.time_text = text
    if with_cov:
        said = len(read_notes)
        ds.covariates = read_covariates(df, cov_rows, cov_times, ids, target, freq=freq, src=src,
                                        numeric=partial(numeric, driver=True), **covs)
        ds.notes[said:said] = read_notes[said:]  # the covariates read without their marks, after the target's
        if fill_own is not None:
            fill_own(ds, cov_rows)
        check_complete(ds.covariates, [len(v) for v in values], src, cov_rows, cov_times, ds.time_text)
    if fill_own is None:  # a kind of note said for many series, said once (several targets: by _several,
        ds.notes = folded_series_notes(ds.notes)  # once the notes name the user's ids and targets)
    # Read in order of appearance (messages name rows in the file's order), kept in the ids'
    # canonical order: forecasts do not depend on the order of the series (Dataset.user_order)
    return canonical(ds)

