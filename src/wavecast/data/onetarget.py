"""A long frame of one target column read into a Dataset: from_frame's checks of its columns and
time column (frame_time), then the target chosen, its layout noted, its values, times and ids read,
each series read (data.eachseries) and the Dataset built with its covariates (one_target). A
several-targets panel (data.severaltargets) is read through one_target_frame.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..words import folded_series_notes
from .calendarfeatures import calendar_columns
from .covariates import check_complete, check_roles, read_covariates, static_gap_note
from .dataset import Dataset, RegularTimes, canonical, index_said
from .eachseries import EachSeries
from .idtext import _same_text_ids
from .integeraxis import IntegerAxis, uneven_column
from .keycolumns import joined
from .layout import check_layout, unused_text_notes
from .numbercolumn import _numeric
from .publicholidays import holiday_columns, utc_note
from .targetcolumn import _hint_columns, _pick_target
from .timecolumn import FOUND, _date_and_hour, _ts_time, detect_time
from .timenames import DECIMAL_TIME_NAME
from .timeparse import parse_time
from .trading_days import calendar_of
from .yearparts import text_style


class FrameTime(NamedTuple):
    """A frame's time column as frame_time found it."""

    time: str  # the time column, given or found ("" for none: the rows are steps)
    found: str  # the column found as the only one of dates (no --time), or ""
    ts: str  # R's time() of a ts left out of the target and the time, or ""
    ts_note: str  # its note, or ""


def frame_time(df: pd.DataFrame, time: str, id: str, src: str, covariates: tuple) -> FrameTime:
    """The frame's columns checked (_check_columns) and its time column: the one given, or the
    only column of dates; R's time() of a ts set aside; a date beside its hour refused. Before the
    target is read, so that a frame with two problems is told of these first."""
    _check_columns(df, time, id, src)
    found_time = "" if time else detect_time(df, {id} - {""})
    ts_time, ts_note = _ts_time(df, time, found_time, id, src, set(covariates))
    time = time or found_time
    if time:
        _date_and_hour(df, time, id, src, set(covariates))
    return FrameTime(time, found_time, ts_time, ts_note)


def _check_columns(df: pd.DataFrame, time: str, id: str, src: str) -> None:
    """Refuse a frame with two columns of one name, an --id of several columns, a --time or --id
    not among its columns, or no rows: nothing else can be read of such a frame."""
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


def one_target_frame(df: pd.DataFrame, target: str, time: str, id: str, *, source: str, past=(), future=(),
                     static=(), **kw) -> Dataset:
    """from_frame of a frame whose target is one of its columns (a several-targets panel's joined
    column): its columns and time column checked, then the target read (kw: one_target's)."""
    given = frame_time(df, time, id, source, (*past, *future, *static))
    return one_target(df, target, given, id, source=source, past=past, future=future, static=static, **kw)


def one_target(df: pd.DataFrame, target: str, given: FrameTime, id: str = "", *, fill: str = "none",
               sort: bool = False, fill_missing_dates: bool = False, source: str = "the data", min_len: int = 1,
               past=(), future=(), static=(), calendar: bool | tuple = False, date_order: str = "auto",
               marks: tuple[str, str] | None = None, frame: str = "", holidays: str = "", own=(),
               fill_own=None) -> Dataset:
    """The Dataset of one target column of a frame checked by frame_time (given); the other
    arguments are from_frame's."""
    src, time = source, given.time
    # calendar: True (the columns chosen on this data's span) or a fitted model's column names
    names = tuple(calendar) if isinstance(calendar, (tuple, list)) else bool(calendar)
    covs = dict(past=tuple(past), future=tuple(future), static=tuple(static), calendar=names)
    with_cov = any(covs.values()) or bool(holidays)
    if with_cov:
        check_roles(target, time, id, **covs)
    target = _chosen_target(df, target, given, id, src, past, future, static, marks, frame)
    layout_notes = _layout_notes(df, target, given, id, src, (*past, *future, *static))
    read_notes: list[str] = []  # columns read without their marks ('$2,010.37'): said once each
    numeric = partial(_numeric, marks=marks, notes=read_notes)
    x_all = numeric(df[target], target, src)
    t_all, layout_notes, text = _times(df, given, src, layout_notes, date_order)
    order, ends, ids = _series_rows(df, id, src)
    x_all, t_all, rows_sorted = _in_id_order(x_all, t_all, order, sort)
    notes: list[str] = [*read_notes, *layout_notes]
    # a whole-number axis that is no count of steps (HHMM clock times, a panel's uneven steps): its
    # refusals say so; --fill-missing-dates reads an uneven panel at its finest step
    said = IntegerAxis(df, t_all, ends, ids, time, id, src, fill_missing_dates, {target, *past, *future, *static})
    # the columns whose values on a date --fill-missing-dates inserts would be invented: a gap is
    # refused with them (fill_gaps); calendar, holiday and static columns need nothing there (it
    # refused them all, and covariates on data with no date missing)
    by_date = (*(f"{c} (--past)" for c in past if c not in own), *(f"{c} (--future)" for c in future))
    each = EachSeries(df, target, time, id, src, fill, sort, fill_missing_dates, min_len, past, future, static,
                      calendar, holidays, with_cov, by_date, text, said, said.panel_step(),
                      calendar_of(holidays, calendar), notes)  # its holidays are a market's closed days
    for sid, a, b in zip(ids, np.r_[0, ends[:-1]], ends, strict=True):
        each.read(sid, np.arange(a, b) if order is None else order[a:b], x_all[a:b],
                  t_all[a:b] if t_all is not None else None)
    freq = each.one_freq(ids)
    times = _calendar_and_axis(covs, holidays, each.times, freq, notes)
    if rows_sorted:
        notes.append(f"rows of {src} sorted by {time!r} (--sort)")
    ds = Dataset(each.values, ids, times, freq, target, time, id, src, notes)
    ds.filled = each.filled if any(m is not None for m in each.filled) else None
    if time and isinstance(times[0], pd.DatetimeIndex):  # quarters or ISO weeks: forecasts written alike
        ds.time_text = text
    if with_cov:
        _covariates(ds, df, each, covs, numeric, read_notes, fill_own)
    if fill_own is None:  # a kind of note said for many series, said once (several targets: by _several,
        ds.notes = folded_series_notes(ds.notes)  # once the notes name the user's ids and targets)
    # Read in order of appearance (messages name rows in the file's order), kept in the ids'
    # canonical order: forecasts do not depend on the order of the series (Dataset.user_order)
    return canonical(ds)


def _chosen_target(df, target, given: FrameTime, id, src, past, future, static, marks, frame) -> str:
    """The target column: the one named, or the one left when the columns of every role are set
    aside (targetcolumn._pick_target, which names their roles when it refuses)."""
    roles = {**{c: "--static" for c in static}, **{c: "--future" for c in future}, **{c: "--past" for c in past},
             **({id: "--id"} if id else {}), **({given.time: FOUND if given.found else "--time"} if given.time else {}),
             **({given.ts: FOUND} if given.ts else {})}  # R's time() of a ts: no target, kept in a melt
    return _pick_target(df, target, set(roles), src, marks, roles, frame)


def _layout_notes(df, target, given: FrameTime, id, src, covariates: tuple) -> list[str]:
    """The notes on how the frame is laid out and read: the time column found, R's time() or an
    uneven column left out, columns not used (check_layout, which refuses a long file without --id)."""
    time, ts_time = given.time, given.ts
    # ChickWeight's Time without --time (days 0, 2, ..., 20, 21): said how to read, not "not used"
    uneven, uneven_note = ("", "") if time else uneven_column(
        df, id, {target, *covariates, ts_time}, DECIMAL_TIME_NAME.fullmatch)
    layout_notes = check_layout(df, target, time, id, src, used={*covariates, ts_time, uneven} - {""})
    layout_notes[:0] = [n for n in (given.ts_note, uneven_note) if n]
    if given.found:
        layout_notes = [f"time column {given.found!r} (the only column of dates; pass --time to "
                        "choose another)", *layout_notes]
    if not time:  # no time axis: a column of dates not recognised as one would go unseen
        layout_notes += _unused_text(df, {target, id, *covariates}, layout_notes, id)
    return layout_notes


def _unused_text(df: pd.DataFrame, used: set[str], said: list[str], id: str = "") -> list[str]:
    """Notes on the columns of text (or booleans) not read, those a note names already aside, and
    those whose values repeat within a series, which hold no times: ISLR's Weekly (Year, Lag1, ...,
    Today, Direction) was told "pass --time Direction if it holds the times" of its Up and Down."""
    return unused_text_notes([str(c) for c in df.columns if c not in used and not any(repr(str(c)) in n for n in said)
                              and not (pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]))
                              and not df.duplicated([id, c] if id else [c]).any()])


def _times(df, given: FrameTime, src, layout_notes: list[str], date_order) -> tuple:
    """The time column parsed (None without one) -> (times, layout notes, text style): a column
    found that holds whole numbers is no 'column of dates' in its note; quarters or ISO weeks
    written as text ('2020Q1') are named so in forecasts and messages."""
    time = given.time
    t_all = parse_time(df[time], time, src, layout_notes, date_order) if time else None
    if given.found and not isinstance(t_all, pd.DatetimeIndex):  # whole numbers (R's time() 1..n of fpp2's
        # goog, years): no dates, which the note called them
        layout_notes = [n.replace("(the only column of dates;", "(the only time column;", 1) if i == 0 else n
                        for i, n in enumerate(layout_notes)]
    text = text_style(df[time]) if isinstance(t_all, pd.DatetimeIndex) else ""
    return t_all, layout_notes, text


def _series_rows(df, id, src) -> tuple:
    """(order, ends, ids): the frame's rows by series, the ids in order of appearance as text
    (order None where the rows are grouped by id already; ends: each series' end in that order).
    A missing id, or ids of two types that read as one text, refused."""
    if not id:
        return None, np.array([len(df)]), [""]
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
    return order, ends, [str(u) for u in uniques]


def _in_id_order(x_all: np.ndarray, t_all, order, sort: bool) -> tuple:
    """Values and times gathered once in id order (order from _series_rows; None: they are), with
    whether --sort will put rows in time order (its note)."""
    rows_sorted = bool(sort and t_all is not None and not t_all.is_monotonic_increasing)
    if order is not None:
        # Gather values and times once in id order: each series is then a slice of one array
        # (10,000 series of 1,000 rows: no second copy of the column, no 10,000 small ones).
        x_all = x_all[order]
        t_all = t_all[order] if t_all is not None else None
    return x_all, t_all, rows_sorted


def _calendar_and_axis(covs: dict, holidays, times: list, freq, notes: list[str]) -> list | RegularTimes:
    """The calendar columns (covs["calendar"]: those chosen on this span, a country's public
    holidays added), then the times: integer steps as a RegularTimes, dates as they are."""
    # a country's public holidays: calendar columns computed from the dates (checked first: its
    # words for an integer or weekly axis)
    hol = holiday_columns(holidays, times, freq) if holidays else ()
    if hol and (note := utc_note(holidays, times)):
        notes.append(note)
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
    return times


def _covariates(ds: Dataset, df, each: EachSeries, covs: dict, numeric, read_notes: list[str], fill_own) -> None:
    """The covariates read on each series' rows (ds.covariates), their notes after the target's,
    a panel's own past columns filled where dates were inserted (fill_own), all checked complete."""
    said = len(read_notes)
    ds.covariates = read_covariates(df, each.cov_rows, each.cov_times, ds.ids, ds.target, freq=ds.freq, src=ds.source,
                                    numeric=partial(numeric, driver=True), **covs)
    ds.notes[said:said] = read_notes[said:]  # the covariates read without their marks, after the target's
    if covs.get("static") and (note := static_gap_note(df, covs["static"], each.cov_rows,
                                                       [len(v) for v in each.values], ds.ids, ds.source)):
        ds.notes.append(note)  # a static filled on history rows from the series' others, said
    if fill_own is not None:
        fill_own(ds, each.cov_rows)
    check_complete(ds.covariates, [len(v) for v in each.values], ds.source, each.cov_rows, each.cov_times, ds.time_text)
