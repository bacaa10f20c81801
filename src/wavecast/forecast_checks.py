"""The forecaster's checks on the data it is given and the fallback's share: data without one
full window refused (of another frequency: freq_checks.py), short series and categories never
seen noted, and the conformal bands placed around the net's and the fallback's forecasts."""

from __future__ import annotations

import numpy as np

from .data import reader as datamod
from .data.dataset import in_users_place
from .errors import ValidationError


def fallback_season(forecaster) -> int:
    """The season of the fallback's seasonal naive: the direct net's own, or the run's baseline's."""
    if forecaster.direct is not None:
        return int(forecaster.direct.season)
    return int((forecaster.metrics.get("baselines") or {}).get("period") or 1)


def check_some_window(ds: datamod.Dataset, n: int, fitted: datamod.Dataset | None = None) -> None:
    """Refuse data none of whose series holds the net's window (the wrong data, most likely);
    a panel with some short series is forecast, those by the fallback (note_short). fitted: the
    model's own data; series that were already too short there (a product launched last month)
    are forecast by the fallback given alone too, as predict() without data forecasts them (the
    data of such a series alone, predict(7, df[df.id == 'e']), was refused)."""
    if all(len(v) < n for v in ds.values):
        own = {} if fitted is None else {sid: len(v) for sid, v in zip(fitted.ids, fitted.values, strict=True)}
        if own and all(sid in own and own[sid] < n for sid in ds.ids):
            return
        sid, v = max(zip(ds.ids, ds.values, strict=True), key=lambda p: len(p[1]))
        who = f" (series {sid!r})" if sid else ""
        # the model's own series given their new rows alone (a month's sales): it continues the values
        # it is given, not its kept tails, so it needs their history (it said the count alone)
        how = ("give each series' history with its new rows, not the new rows alone" if own and all(
            sid in own for sid in ds.ids) else "give each series at least that many values")
        raise ValidationError(f"model needs the last {n} values; got {len(v)}{who}: {how}")


def note_short(forecaster, ds: datamod.Dataset, n: int, whose: str) -> list[int]:
    """The positions of ds's series shorter than n, said in one note: they are forecast by
    seasonal naive, as `run` forecasts its own short series."""
    from .forecasters.fallback import fallback_words

    short = [i for i, v in enumerate(ds.values) if len(v) < n]
    forecaster.fallback_rows_ = short  # predict_intervals gives them the fallback's own bands
    if short:
        shown = _named(ds, short)
        head = f"{len(short)} series shorter than input_len={n}{f' ({shown})' if shown else ''}"
        groups: dict[str, list[int]] = {}  # seasonal naive, or the last value of one shorter than a season
        for i in in_users_place(ds, short):  # named in the user's order, as _named names them
            groups.setdefault(fallback_words(len(ds.values[i]), fallback_season(forecaster)), []).append(i)
        if len(groups) == 1:
            how = next(iter(groups))
            how = f"{how[:-1]}; {whose} named fallback)" if how.endswith(")") else f"{how} ({whose} named fallback)"
            forecaster.notes.append(f"{head}: forecast by {how}")
        else:
            forecaster.notes.append(f"{head}, forecast by {whose} named fallback: " + ", ".join(
                f"{_named(ds, rows) or f'{len(rows)} series'} by {how}" for how, rows in groups.items()))
    return short


def note_new_categories(forecaster, ds: datamod.Dataset, pred: np.ndarray, n: int) -> np.ndarray:
    """A note a static column on the series whose category the model never saw (their one-hot
    is all zeros: none of the categories it learnt), naming them and the value; pred as given.
    n: the net's window (a shorter series is forecast by the fallback, without its statics)."""
    cov = getattr(ds, "covariates", None)
    feats = forecaster.direct.model.covariates_ if forecaster.direct is not None else getattr(forecaster.inputs, "features_", None)
    if cov is None or feats is None:
        return pred
    long = [i for i, v in enumerate(ds.values) if len(v) >= n]
    for col, found, known in feats.new_categories(cov.subset(long)):
        shown = ", ".join(f"{sid!r}: {v!r}" if sid else repr(v) for sid, v in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        forecaster.notes.append(f"static covariate {col!r}: {len(found)} series with a category the model never "
                                f"saw ({shown}{more}); each read as none of the categories it was trained on "
                                f"({', '.join(known)}): all zeros in its one-hot encoding")
    return pred


def put_bands(conf, rows: list[int], ds: datamod.Dataset, pred: np.ndarray, bands: dict,
              other=()) -> list[str]:
    """conf's bands around the forecasts pred[rows] (B, H), written into bands {level: (lo, hi)
    (S, H)}; returns the ids among them conf never calibrated, or given as another series (other:
    read as never seen), each scaled by the values given."""
    if not rows:
        return []
    got, unseen = conf.bands_of(pred[rows][:, :, None], [ds.values[i] for i in rows], [ds.ids[i] for i in rows],
                                list(bands), other)
    for lv, (lo, hi) in got.items():
        bands[lv][0][rows], bands[lv][1][rows] = lo[:, :, 0], hi[:, :, 0]
    return unseen


def fallback_bands(forecaster, ds: datamod.Dataset, pred: np.ndarray, short: list[int], bands: dict,
                   other=()) -> None:
    """The bands of the series forecast by the fallback (rows `short`): those of the baseline
    its forecast equals (seasonal naive, or last value for a series shorter than a season),
    calibrated with the model; a model saved without them: the net's, pooled over the panel's
    calibrated series. One note a kind, naming the series and the one fallback each got (as
    note_short says it: a note said "forecast by seasonal naive" of series given their last value)."""
    from .forecasters.fallback import BASELINES, baseline_of, fallback_words

    season = fallback_season(forecaster)
    groups: dict[tuple[str, str | None], list[int]] = {}
    for i in short:
        name = baseline_of(len(ds.values[i]), season)
        how = fallback_words(len(ds.values[i]), season)
        groups.setdefault((how, name if name in forecaster.fallback_intervals else None), []).append(i)
    for (how, name), rows in groups.items():
        conf = forecaster.intervals if name is None else forecaster.fallback_intervals[name]
        unseen = set(put_bands(conf, rows, ds, pred, bands, other))
        whose = ("the net's bands, its errors pooled over the panel's calibrated series (this model keeps no "
                 "seasonal-naive bands; retrain it for them)" if name is None else
                 "the seasonal naive baseline's own calibrated bands" if name == BASELINES[0] else
                 "the last-value baseline's own calibrated bands")
        scaled = ("" if not unseen else ", scaled by the seasonal-naive error of the values given for each"
                  if len(unseen) == len(rows) else ", scaled by the seasonal-naive error of the values given for "
                  + _named(ds, [i for i in rows if ds.ids[i] in unseen]))
        shown = _named(ds, rows)
        # "its last value (shorter than a season of 12)": the series named inside its parentheses
        said = f"{how[:-1]}; {shown})" if shown and how.endswith(")") else f"{how} ({shown})" if shown else how
        forecaster.notes.append(f"intervals of {len(rows)} series forecast by {said}: {whose}{scaled}")


def _named(ds: datamod.Dataset, rows: list[int]) -> str:
    """The series at rows of ds as a note names them: up to five ids, quoted (with several
    targets, each id's own and its target), and how many more; "" for series without ids.
    In the order the user gave them, as the checks over many series and the baselines' notes
    name them (rows come in the ids' canonical order: a file giving 'z' before 'a' was told
    ('a', 'z'))."""
    if not any(ds.ids[i] for i in rows):
        return ""
    rows = in_users_place(ds, rows)
    names = [f"{ds.series_ids[i]!r} (target {ds.series_targets[i]!r})" if ds.targets else repr(ds.ids[i])
             for i in rows[:5]]
    return ", ".join(names) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")


def _last_times(ds: datamod.Dataset) -> list | None:
    """Each series' last time stamp (a Timestamp or an int), or None without a time axis."""
    import pandas as pd

    from .data.dataset import RegularTimes

    times = ds.times
    if ds.freq is None or times is None or not len(ds.values):
        return None
    if isinstance(times, RegularTimes):  # 24 bytes a series: the last stamps without an Index each
        last = times.first + times.step * (times.lengths - 1)
        return list(last) if times.unit is None else list(pd.DatetimeIndex(last.view(f"datetime64[{times.unit}]")))
    out = [t[-1] if t is not None and len(t) else None for t in times]
    return None if any(t is None for t in out) else out


def _steps_between(a, b, freq) -> int | None:
    """Steps of freq from a to b (a <= b), or None when they are not on one grid."""
    import pandas as pd

    from .data.trading_days import as_offset

    if isinstance(freq, (int, np.integer)):
        return int((int(b) - int(a)) // int(freq))
    try:
        offset = pd.tseries.frequencies.to_offset(as_offset(freq))  # trading days: their closed days skipped
        if isinstance(offset, pd.offsets.Tick):  # fixed steps (hours, days): no calendar to walk
            return int((pd.Timestamp(b) - pd.Timestamp(a)) // pd.Timedelta(offset))
        return len(pd.date_range(pd.Timestamp(a), pd.Timestamp(b), freq=offset)) - 1
    except (ValueError, TypeError):
        return None


def early_ends_note(ds: datamod.Dataset) -> str:
    """A note on the series of a panel that end before its last time (one stopped a year before
    the others): each is forecast from its own end, so its forecast lies in the others' past.
    Names how many, the first few (the earliest first) and by how many steps; "" when none."""
    from .data.timesaid import describe
    from .words import counted

    last = _last_times(ds)
    if last is None or len(last) < 2:
        return ""
    text = getattr(ds, "time_text", "")  # quarters or ISO weeks named as the data wrote them ('2020Q1')
    end = max(last)
    early = sorted((i for i, t in enumerate(last) if t < end), key=lambda i: (last[i], i))
    if not early:
        return ""
    lag = {i: _steps_between(last[i], end, ds.freq) for i in {*early[:5], early[-1]}}

    one = len(early) == 1
    # all by the same count (txhousing: 6 cities a month short) is said once, not "by 1 to 1 steps"
    # and "(1 step earlier)" after each name
    same = not one and lag[early[0]] is not None and lag[early[0]] == lag[early[-1]]

    def named(i: int) -> str:
        who = f"{ds.series_ids[i]!r} (target {ds.series_targets[i]!r})" if ds.targets else repr(ds.ids[i])
        return f"{who} at {describe(last[i], text)}" + (
            "" if lag[i] is None or same else f" ({counted(lag[i], 'step')} earlier)")

    shown = ", ".join(named(i) for i in early[:5]) + (f" and {len(early) - 5:,} more" if len(early) > 5 else "")
    span = ("" if one or lag[early[0]] is None or lag[early[-1]] is None
            else f", each by {counted(lag[early[0]], 'step')}" if same
            else f", by {lag[early[-1]]:,} to {lag[early[0]]:,} steps")
    return (f"{len(early)} of {len(last)} series end{'s' if one else ''} before the panel's last time "
            f"{describe(end, text)}{span}: {shown}; {'it is' if one else 'each is'} forecast from its own end, so "
            f"{'its forecast starts' if one else 'their forecasts start'} in the other series' past")


def gap_from_data(message: str, data_word: str = "") -> str:
    """The reader's "column 'x' (--future) in SRC is missing ..." of data given to a fitted model,
    said with the column's role as the model's: the user forecasting from data= (or forecast
    --data) passed no future= or --future, so '(future=)' read as predict's own future= argument.
    data_word: what SRC is called where it is "the DataFrame" (predict: 'data='). Other messages
    are returned as given."""
    import re

    m = re.fullmatch(r"column (?P<col>'.*?') \(--(?P<role>past|future)\) in (?P<src>.*?) "
                     r"(?P<rest>(?:is missing|has \d+ missing) .*)", message, re.S)
    if not m:
        return message
    src = data_word if data_word and m["src"] == "the DataFrame" else m["src"]
    return f"column {m['col']} (the model's {m['role']} covariate) of {src} {m['rest']}"
