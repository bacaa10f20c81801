"""Covariates: what drives a series, by role, read from a frame in data units.

    past      known up to the forecast origin only (a sensor, yesterday's sales)
    future    known over the horizon too (prices, holidays, a weather forecast)
    calendar  future-known features of the time axis (hour, day of week, month as sin/cos; a
              country's public holidays, `holiday_columns`)
    static    one value a series (a number or a category)

A `Covariates` holds, for each series, one array of rows aligned with the series' first value:
columns past..., future..., calendar...; rows after the series' end (the "future rows" of a
file: an empty target, the future covariates filled) extend it. Scaling and window features
live in forecasters/covariates.py; this module only reads and checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..errors import ValidationError
from ..words import counted

ROLES = ("past", "future", "static")


@dataclass
class Covariates:
    """Raw covariates of a list of series (data units), one entry a series."""

    past: tuple[str, ...]
    future: tuple[str, ...]
    static: tuple[str, ...]
    calendar: tuple[str, ...]  # calendar feature names (calendar_features), future-known
    values: list[np.ndarray]  # each (N_i + extra_i, P + F + C): rows from the series' first value
    statics: list[list]  # each series' static values (float or str), in `static` order
    ids: list[str]  # the series' ids (for messages)
    freq: object = None  # the time axis' frequency (calendar features of rows added later)
    last_times: list = field(default_factory=list)  # each series' last time stamp with a row

    @property
    def columns(self) -> list[str]:
        """The columns of each values array, in order."""
        return [*self.past, *self.future, *self.calendar]

    @property
    def future_known(self) -> list[str]:
        return [*self.future, *self.calendar]

    def subset(self, idx) -> Covariates:
        idx = [int(i) for i in idx]
        return replace(self, values=[self.values[i] for i in idx], statics=[self.statics[i] for i in idx],
                       ids=[self.ids[i] for i in idx],
                       last_times=[self.last_times[i] for i in idx] if self.last_times else [])

    def tails(self, starts: list[int]) -> Covariates:
        """Each series' rows from starts[i] on (aligned with a kept tail of its values)."""
        return replace(self, values=[v[int(s):] for v, s in zip(self.values, starts, strict=True)])

    def schema(self) -> dict:
        return {"past": list(self.past), "future": list(self.future), "static": list(self.static),
                "calendar": list(self.calendar)}


def check_roles(target: str, time: str, id: str, past=(), future=(), static=(), calendar=False) -> None:
    """One line for a column in two roles or a covariate that is the target, time or id."""
    seen: dict[str, str] = {}
    def word(role: str) -> str:
        return f"--{role}"

    targets = [t for t in str(target).split(",") if t]
    for role, cols in (("past", past), ("future", future), ("static", static)):
        for c in cols:
            if seen.get(c) == role:  # '--past temp,temp': not two roles, one listed twice
                raise ValidationError(f"column {c!r} is listed twice in {word(role)}; give each covariate once")
            if c in seen:
                raise ValidationError(f"column {c!r} is given as {word(seen[c])} and {word(role)}; give each "
                                      "covariate one role")
            if c in targets:
                raise ValidationError(f"column {c!r} is the target; it cannot also be a covariate ({word(role)})")
            if c and c in (time, id):
                what = "time" if c == time else "id"
                raise ValidationError(f"column {c!r} is the {what} column; it cannot also be a covariate "
                                      f"({word(role)})" + ("; pass --calendar for features of the time axis"
                                                           if what == "time" and not calendar else ""))
            seen[c] = role


# each calendar part: its name, the step (days) under which it varies, its cycle in days (a year
# counted 364, 52 weeks: two years of weekly or quarterly stamps cover 728 days)
_PARTS = (("hour", 1, 1), ("dayofweek", 7, 7), ("dayofyear", 28, 364), ("month", 365, 364))
_CYCLES = 2  # a part is read where the data covers this many of its cycles


def calendar_features(times, freq, names=None) -> tuple[np.ndarray, list[str]]:
    """sin/cos features of the time stamps that vary at this frequency: hour of day (sub-daily),
    day of week (under a week), day of year (under a month), month of year (under a year).
    times: a DatetimeIndex; names: the columns to keep (a model's, `calendar_columns`), None:
    every one that varies. -> ((N, k) float64, names)."""
    t = _datetimes(times)
    hol, hol_names = _holiday_features(t, names)
    if names is not None and not any(n in names for n in _calendar_names()):  # holidays alone
        return (np.stack(hol, axis=1) if hol else np.zeros((len(t), 0))), hol_names
    step = _step(t, freq)
    values = {"hour": (t.hour + t.minute / 60.0, 24.0), "dayofweek": (t.day_of_week, 7.0),
              "dayofyear": (t.day_of_year - 1, 365.25), "month": (t.month - 1, 12.0)}
    cols, out = [], []
    for name in _varying(step):
        v, period = values[name]
        angle = 2 * np.pi * np.asarray(v, dtype=np.float64) / period
        for fn, which in ((np.sin, "sin"), (np.cos, "cos")):
            if names is None or f"{name}_{which}" in names:
                cols.append(fn(angle))
                out.append(f"{name}_{which}")
    return np.stack([*cols, *hol], axis=1), [*out, *hol_names]


def _calendar_names() -> list[str]:
    return [f"{name}_{w}" for name, _, _ in _PARTS for w in ("sin", "cos")]


def calendar_columns(times_of: list, needed: bool = True) -> tuple[tuple[str, ...], str]:
    """The calendar columns a model is fitted with: the parts whose cycle the longest series
    (times_of: each series' stamps) covers twice, and a note naming the parts left out ("" if
    none). A yearly cycle seen once cannot be told from a trend: on one year of daily electricity
    demand the day of year and month took wavecast.fit's MASE from 0.79 (day of week alone, mean
    of seeds 0-2) to 0.93 (docs/covariates.md). needed=False (the calendar beside --holidays):
    data too short for any part gets none, said in the note, rather than a refusal."""
    ts = [_datetimes(t) for t in times_of if t is not None]
    if not ts:
        raise ValidationError("--calendar needs a date/time column (--time); none was given")
    step = _median_step(max(ts, key=len))
    days = max((t[-1] - t[0] + step) / np.timedelta64(1, "D") for t in ts if len(t))
    cycle = {name: c for name, _, c in _PARTS}
    kept = [name for name in _varying(step) if days >= _CYCLES * cycle[name]]
    left = [_WORDS[name] for name in _varying(step) if name not in kept]
    if not kept and not needed:
        return (), (f"calendar: the data covers {days:.0f} days, too few to see a calendar cycle twice; "
                    "none is read beside the holidays")
    if not kept:
        raise ValidationError(f"--calendar: the data covers {days:.0f} days, too few to see a calendar cycle "
                              "twice; leave --calendar out")
    note = (f"calendar: {' and '.join(left)} left out: the data covers {days:.0f} days, and a cycle seen less than "
            f"twice cannot be told from a trend" if left else "")
    return tuple(f"{name}_{w}" for name in kept for w in ("sin", "cos")), note


def _median_step(t):
    """The stamps' own step, in their unit (asi8 counts microseconds in pandas 3, not the
    nanoseconds Timedelta reads); an anchored frequency's offset from a fixed date is not it
    (W-SUN from a Monday: 6 days). In nanoseconds of absolute time: to_numpy() of stamps with a zone
    is an array of Timestamp objects (0.55 s a call on five years of hours)."""
    import pandas as pd

    if len(t) < 2:
        return pd.Timedelta(days=1)
    if isinstance(t, pd.DatetimeIndex) and t.tz is not None:
        return pd.Timedelta(int(np.median(np.diff(t.as_unit("ns").asi8))), unit="ns")
    return pd.to_timedelta(np.diff(t.to_numpy())).median()


_WORDS = {"hour": "hour of day", "dayofweek": "day of week", "dayofyear": "day of year", "month": "month"}


def _varying(step) -> list[str]:
    """The calendar parts that vary between stamps `step` apart."""
    import pandas as pd

    parts = [name for name, under, _ in _PARTS if step < pd.Timedelta(days=under)]
    if not parts:
        raise ValidationError("--calendar: a yearly time axis has no calendar features (nothing repeats "
                              "within a year); leave --calendar out")
    return parts


def _datetimes(times):
    import pandas as pd

    if not isinstance(times, pd.DatetimeIndex):
        raise ValidationError("--calendar needs a date/time column (--time); this time axis is integer steps")
    return times


def _step(times, freq):
    import pandas as pd

    if freq is not None and not isinstance(freq, (int, np.integer)):
        try:
            off = pd.tseries.frequencies.to_offset(freq)
            base = pd.Timestamp("2001-01-01")
            return (base + off) - base
        except (ValueError, TypeError):
            pass
    if len(times) > 1:
        return pd.Timedelta(np.median(np.diff(times.asi8)))
    return pd.Timedelta(days=1)


# holiday columns, future-known like the calendar's: "<kind><code>" with code the country or
# subdivision ("US", "AU-VIC"), each step's day (a sub-daily step: its own day). Their names
# carry the code, so a saved model's calendar columns rebuild them over the horizon.
_HOLIDAY_KINDS = ("holiday_close_", "holiday_")  # the longer first: a name's kind is its prefix


def holiday_code(code) -> tuple[str, str | None]:
    """("AU", "VIC") for "AU-VIC", ("US", None) for "us": checked against the `holidays`
    package's tables; an unknown country or subdivision is one line naming the valid form."""
    import holidays

    form = "an ISO 3166 country code, such as US or GB, optionally with a subdivision as AU-VIC"
    if not isinstance(code, str) or not code.strip():
        raise ValidationError(f"--holidays {code!r}: give {form}")
    country, _, sub = code.strip().partition("-")
    supported = holidays.list_supported_countries()
    if country.upper() not in supported:
        raise ValidationError(f"--holidays {code}: no holiday table for country {country!r}; give {form}")
    country = country.upper()
    if not sub:
        return country, None
    subs = {s.upper(): s for s in supported[country]}
    if sub.upper() not in subs:
        shown = ", ".join(supported[country][:12]) + (", ..." if len(supported[country]) > 12 else "")
        raise ValidationError(f"--holidays {code}: {country} has no subdivision {sub!r}; give "
                              + (f"one of {shown} as {country}-{supported[country][0]}, or {country} alone"
                                 if supported[country] else f"{country} alone (it has no subdivisions)"))
    return country, subs[sub.upper()]


def holiday_columns(code: str, times_of: list) -> tuple[str, ...]:
    """The holiday columns a model is fitted with (data.holidays = code): the day's holiday
    indicator and its closeness to the nearest holiday (a second column that paid on births,
    elecdaily and elechourly; the day before or after a holiday as 0/1 did not: docs/covariates.md).
    Daily or finer steps only: a week's or a month's stamp does not say which days
    it covers (a week dated by its Monday or its Sunday), so a count of holidays in it would be
    a guess; refused in one line."""
    country, sub = holiday_code(code)
    key = f"{country}" + (f"-{sub}" if sub else "")
    ts = [t for t in times_of if t is not None]
    if not ts or not all(_is_dates(t) for t in ts):
        raise ValidationError(f"--holidays {key} needs the dates of the values (a date/time column, --time); "
                              "this time axis is integer steps")
    step = _median_step(max(ts, key=len))
    import pandas as pd

    if step > pd.Timedelta(days=1):
        apart = f"{step.days} days" if step % pd.Timedelta(days=1) == pd.Timedelta(0) else str(step)
        raise ValidationError(f"--holidays {key} needs daily or finer data (a holiday is a day); these stamps are "
                              f"{apart} apart: leave --holidays out, or give the holidays a period holds as "
                              "a --future column")
    return (f"holiday_{key}", f"holiday_close_{key}")


def _holiday_features(times, names) -> tuple[list[np.ndarray], list[str]]:
    """The holiday columns among `names`, for these stamps (the day of each, in their own time
    zone): holiday_ 1 on a public holiday; holiday_close_ 1 - d/7 on a day d < 7 days from the
    nearest one, 0 on a holiday and from 7 days on (the days around Christmas, a long weekend)."""
    import holidays
    import pandas as pd

    cols, out = [], []
    for name in names or ():
        kind = next((k for k in _HOLIDAY_KINDS if name.startswith(k)), None)
        if kind is None:
            continue
        country, sub = holiday_code(name[len(kind):])
        local = times.tz_localize(None) if times.tz is not None else times  # the day where it is
        days = local.normalize().to_numpy().astype("datetime64[D]")
        years = range(int(local.year.min()) - 1, int(local.year.max()) + 2) if len(local) else range(0)
        table = holidays.country_holidays(country, subdiv=sub, years=years)
        known = np.array(sorted(pd.Timestamp(d).to_datetime64() for d in table), dtype="datetime64[D]")
        on = np.isin(days, known)
        if kind == "holiday_close_" and len(known):
            pos = np.searchsorted(known, days)
            after = known[np.minimum(pos, len(known) - 1)]
            before = known[np.maximum(pos - 1, 0)]
            d = np.minimum(np.abs((after - days).astype(np.int64)), np.abs((days - before).astype(np.int64)))
            cols.append(np.where(on, 0.0, np.clip(1 - d / 7.0, 0.0, None)))
        else:
            cols.append(on.astype(np.float64))
        out.append(name)
    return cols, out


def _is_dates(t) -> bool:
    import pandas as pd

    return isinstance(t, pd.DatetimeIndex)


def read_covariates(df, rows_of: list[np.ndarray], times_of: list, ids: list[str], target: str,
                    past=(), future=(), static=(), calendar=(), freq=None, src="the data",
                    numeric=None) -> Covariates:
    """The covariates of each series from df's rows (rows_of[i]: df positions of series i in
    time order, its future rows last; times_of[i]: their time stamps or None). calendar: the
    calendar columns to compute (`calendar_columns`, or a fitted model's).

    numeric(column, name, src) -> float64 array: the reader's own check of a numeric column.
    Every problem is one line naming the series and the column.
    """
    import pandas as pd

    cols_num = [*past, *future]
    for role, cols in (("past", past), ("future", future), ("static", static)):
        for c in cols:
            if c not in df.columns:
                cols_all = list(df.columns)
                shown = cols_all if len(cols_all) <= 12 else [*cols_all[:10], "..."]
                raise ValidationError(f"column {c!r} (--{role}) not found in {src}; columns are {shown}")
    data = {c: numeric(df[c].astype(np.float64) if pd.api.types.is_bool_dtype(df[c]) else df[c], c, src)
            for c in cols_num}  # a flag (a holiday, a promotion) counts as 0/1
    values, statics, cal_names, last_times = [], [], [], []
    for sid, rows, t in zip(ids, rows_of, times_of, strict=True):
        # row -1: a date --fill-missing-dates inserted, which has no row of the file (the reader
        # refuses one where a past or future column would need a value: NaN here, never a row's)
        block = (np.stack([np.where(rows >= 0, data[c][rows], np.nan) for c in cols_num], axis=1) if cols_num
                 else np.zeros((len(rows), 0)))
        rows = rows[rows >= 0]  # a static column's value is the series' own, on any of its rows
        if calendar:
            if t is None:
                raise ValidationError("--calendar needs a date/time column (--time); none was given")
            feats, cal_names = calendar_features(t, freq, calendar)
            block = np.concatenate([block, feats], axis=1)
        values.append(block)
        last_times.append(t[-1] if t is not None and len(t) else None)
        row = []
        for c in static:
            col = df[c].iloc[rows]
            if col.isna().any():
                raise ValidationError(f"static column {c!r} in {src} is missing for series {sid!r}; give every "
                                      "series its value")
            if col.nunique() > 1:
                raise ValidationError(f"static column {c!r} in {src} varies within series {sid!r} ({col.tolist()[0]!r}, "
                                      f"then {col[col != col.iloc[0]].tolist()[0]!r}); a static covariate holds one "
                                      "value a series (pass it as --past or --future if it changes)")
            v = col.iloc[0]
            is_num = pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
            row.append(float(v) if is_num else str(v))
        statics.append(row)
    return Covariates(tuple(past), tuple(future), tuple(static), tuple(cal_names), values, statics, list(ids),
                      freq, last_times)


def constant_note(cov: Covariates | None, lengths: list[int]) -> str | None:
    """A note naming each covariate that holds one value over the history of every series (rows
    < lengths[i]): a past or future column, or a static one the same in every series. Scaled, it
    is all zeros: the net cannot learn what it does, and another value at predict time changed
    no forecast, without a word. None if every one varies. (The internal columns of several
    targets, "b->a", are not the user's and are left out.)"""
    if cov is None:
        return None
    said = []
    for j, c in enumerate((*cov.past, *cov.future)):
        if "->" in c:
            continue
        rows = [v[:n, j] for v, n in zip(cov.values, lengths, strict=True)]
        vals = np.concatenate(rows) if rows else np.zeros(0)
        vals = vals[np.isfinite(vals)]
        if len(vals) and np.ptp(vals) == 0:
            role = "past" if j < len(cov.past) else "future"
            said.append(f"{role} covariate {c!r} is {vals[0]:g} throughout")
    for j, c in enumerate(cov.static):
        vals = {s[j] for s in cov.statics}
        if len(cov.statics) > 1 and len(vals) == 1:
            said.append(f"static covariate {c!r} is {next(iter(vals))!r} in every series")
    if not said:
        return None
    return (f"{'; '.join(said)}: a column that never varies tells the net nothing, so it cannot learn its effect "
            "and another value at predict time changes no forecast; leave it out, or give data in which it varies")


def check_complete(cov: Covariates, lengths: list[int], src: str = "the data", rows_of=None,
                   times_of=None, text: str = "") -> None:
    """No missing value in a covariate where the series has values, nor in a future-known one
    on the future rows: one line naming the series, the column and the row of the file and its
    time, as the target's missing values are named (rows_of[i]: the positions of series i's rows,
    from 0, in the order of its values; times_of[i]: their time stamps or None; text: the data's
    way of writing quarters or ISO weeks, Dataset.time_text)."""
    from .timeaxis import at_row

    names = cov.columns
    n_past = len(cov.past)
    rows_of = rows_of if rows_of is not None else [np.arange(len(v)) for v in cov.values]
    times_of = times_of if times_of is not None else [None] * len(cov.values)
    for sid, v, n, rows, t in zip(cov.ids, cov.values, lengths, rows_of, times_of, strict=True):
        bad = np.isnan(v[:n])
        if v.shape[0] > n:  # future rows: the future-known columns must be filled
            fut = np.isnan(v[n:, n_past:])
            if fut.any():  # named by its row and time, as the history's are (was "for series ''
                # at future row 11 after its end" of a file with one series, and no row of the file)
                r, c = np.argwhere(fut)[0]
                who = f" for series {sid!r}" if sid else ""
                raise ValidationError(f"column {names[n_past + c]!r} (--future) in {src} is missing{who} at "
                                      f"{at_row(rows, t, n + r, text)}, future row {r + 1} after the series' end; "
                                      "future covariates must be filled on every future row: fill it, or drop "
                                      "that row and the ones after it (and forecast fewer steps)")
        if bad.any():
            r, c = np.argwhere(bad)[0]
            role = "past" if c < n_past else "future"
            who = f" for series {sid!r}" if sid else ""
            raise ValidationError(f"column {names[c]!r} (--{role}) in {src} has "
                                  f"{counted(int(bad[:, c].sum()), 'missing value')}{who}, first at "
                                  f"{at_row(rows, t, r, text)}; fill them (covariates are not filled for you)")


def with_future(cov: Covariates, lengths: list[int], times: list, freq, horizon: int, frame=None,
                id: str = "", time: str = "", text: str = "") -> Covariates:
    """The covariates extended over the forecast: rows of `frame` (future covariates after each
    series' end: [id,] [time,] the future columns) appended after each series' values, and
    calendar features computed for the horizon's time stamps. lengths[i]: series i's values
    (its covariate rows beyond them are replaced when frame is given). With a time column the
    rows are matched to the steps by time (timeaxis.continue_axis), in whatever order given;
    text: the data's way of writing quarters or ISO weeks (Dataset.time_text), its errors' words."""
    from .timeaxis import continue_axis, future_times

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
                raise ValidationError(f"{said}future covariate {cov.future[0]!r} has {len(pos)} value(s) after the "
                                      f"series' end; forecasting {horizon} steps needs {horizon}: give future= one "
                                      "row a step after its end")
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

    from .timeaxis import future_times, parse_time

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
    from .timeaxis import describe

    row = f"future row {i + 1}"
    if stamps is None:
        return row
    t = stamps[i]
    when = f"{time}={t}" if isinstance(t, (int, np.integer)) else describe(t, text)
    return f"{when} ({row})"
