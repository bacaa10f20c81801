"""Times written with UTC offsets that change (a local clock across daylight saving): read in the
time zone that writes them, as local dates, or refused in one line (timeparse.parse_time's
fallback when pandas refuses the column).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..words import counted
from .freqinfer import infer_freq
from .timesaid import FREQ_WORDS

# a time-zone offset after a time of day: 12:00+01:00, 12:00:00Z, 12:00:00.5-0500
_CLOCK = r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?"
_OFFSET = _CLOCK + r"\s*(Z|[+-]\d{2}(?::?\d{2})?)\s*$"
_WALL = "(" + _CLOCK + r")\s*(?:Z|[+-]\d{2}(?::?\d{2})?)\s*$"  # the same, the time of day kept: offset dropped


def changing_offsets(text: pd.Series, name: str, src: str, notes: list[str] | None) -> pd.DatetimeIndex | None:
    """Times that each carry a UTC offset, the offset changing within the column (a meter's or grid
    operator's local clock across daylight saving: 01:00+01:00 then 03:00+02:00; 02:00+02:00 then
    02:00+01:00), as their instants in the time zone whose clock writes those offsets
    (data.zones: Europe/Berlin): a regular axis in absolute time, no hour missing or repeated, whose
    hour of day, day of week and holidays are the local ones, and whose forecast's times get the
    zone's offsets. They were read as UTC instants, and --calendar and --holidays read UTC hours and
    days (a Berlin load's daily peak at 18:00 was hour 17 in winter, 16 in summer). Offsets no zone
    writes at those instants (two zones' times mixed) are refused in one line; without a zone database
    on the machine they are read as UTC instants, as before, with a note saying so.

    None when some time lacks an offset or does not parse, or the instants are not a step under a
    day apart (their multiples allowed: gaps are said later): then local dates (_local_dates) or
    refused as before. One offset throughout keeps it (pandas does)."""
    offsets = text.str.extract(_OFFSET)[0]
    if offsets.isna().any() or offsets.nunique() < 2:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=True)
    except (ValueError, TypeError):
        return None
    if parsed.isna().any():
        return None
    # only a clock within the day: local midnights (daily data) are 23 or 25 hours apart in UTC,
    # an irregular axis; they are read as their local dates, if they are that
    d = np.diff(np.sort(pd.DatetimeIndex(parsed).as_unit("ns").asi8))
    if not len(d) or d.min() <= 0 or d.min() >= pd.Timedelta(days=1).value or np.any(d % d.min()):
        return _local_dates(text, offsets, name, notes)
    utc = pd.DatetimeIndex(parsed)
    seen = ", ".join(repr(o) for o in offsets.unique()[:4])
    zone, fits = _zone_of(utc, offsets)
    if fits < 0:
        if notes is not None:
            notes.append(f"column {name!r} holds times whose UTC offset changes ({seen}: daylight saving); read as "
                         "UTC instants (a regular axis, no hour missing or repeated): this machine has no time-zone "
                         "database to tell their zone (pip install tzdata), so their times and the forecast's are "
                         "in UTC, and --calendar and --holidays read UTC hours and days")
        return utc
    if zone is None:
        a = int(np.flatnonzero((offsets != offsets.iloc[0]).to_numpy())[0])
        raise ValidationError(f"column {name!r} in {src} has UTC offsets that no one time zone's clock writes "
                              f"({offsets.iloc[0]} at row 1, {offsets.iloc[a]} at row {a + 1}: times of several "
                              "zones mixed?); convert them all to one zone, e.g. to UTC")
    if notes is not None:
        others = f", as {counted(fits - 1, 'other zone')} do" if fits > 1 else ""
        notes.append(f"column {name!r} holds times whose UTC offset changes ({seen}: daylight saving); read in time "
                     f"zone {zone} (whose clock writes those offsets{others}): a regular axis in absolute time, no "
                     "hour missing or repeated; --calendar and --holidays read the local hours and days, and the "
                     f"forecast's times are in {zone} with its offsets")
    return utc.tz_convert(zone)


def _zone_of(utc: pd.DatetimeIndex, offsets: pd.Series) -> tuple[str | None, int]:
    """data.zones.zone_of on these instants and the offsets written beside them ('Z', '+01:00',
    '-0500', '+01'), in time order."""
    from .zones import zone_of

    def seconds(o: str) -> int:
        h, m = (o[1:3], o[-2:]) if len(o) > 3 else (o[1:3], "00")
        return 0 if o == "Z" else (-1 if o[0] == "-" else 1) * (int(h) * 3600 + int(m) * 60)

    secs = offsets.map({o: seconds(o) for o in offsets.unique()})  # a few offsets: each once, not a row at a time
    at = utc.as_unit("s").asi8
    order = np.argsort(at, kind="stable")
    return zone_of(at[order], np.asarray(secs, dtype=np.int64)[order])


def _local_dates(text: pd.Series, offsets: pd.Series, name: str, notes: list[str] | None) -> pd.DatetimeIndex | None:
    """Times a day or more apart whose UTC offset changes (daily local midnights across daylight
    saving: 2021-03-27T00:00:00+01:00, 2021-03-29T00:00:00+02:00) as the local date-times written,
    each value's offset dropped: midnights stay midnights on a regular axis. In UTC they are 22:00
    and 23:00 of the day before, 23 or 25 hours apart: an irregular axis, and they were refused
    ('convert the times to UTC', which gives exactly that). None unless every wall time parses and
    they are a regular axis of a day or more on the reader's own terms (infer_freq: multiples and
    calendar months allowed, gaps said later): refused as before."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wall = pd.to_datetime(text.str.replace(_WALL, r"\1", regex=True), errors="coerce", format="ISO8601")
    except (ValueError, TypeError):
        return None
    if wall.isna().any() or getattr(wall.dt, "tz", None) is not None:
        return None
    local = pd.DatetimeIndex(wall)
    ordered = local.sort_values()
    d = np.diff(ordered.as_unit("ns").asi8)
    if not len(d) or d.min() < pd.Timedelta(days=1).value:  # within the day: UTC instants or nothing
        return None
    try:
        freq, _ = infer_freq(ordered)
    except ValidationError:
        return None
    if notes is not None:
        seen = ", ".join(repr(o) for o in offsets.unique()[:4])
        word = FREQ_WORDS.get(str(freq).split("-")[0], f"{freq}-step")
        notes.append(f"column {name!r} holds local times whose UTC offset changes ({seen}: daylight saving), a day "
                     f"or more apart; read as the local date-times written, offsets dropped (a regular {word} axis; "
                     "in UTC each change of offset would shift them off it): its dates and the forecast's are local")
    return local


def unparsed(text: pd.Series, name: str, src: str, exc: Exception) -> str:
    """One line for a column pandas refused outright; offsets that change (a local clock across
    a daylight-saving change: +01:00 then +02:00) said as such."""
    offsets = text.str.extract(_OFFSET)[0]
    given = offsets.dropna()
    if given.nunique() > 1:
        a = int(np.flatnonzero(offsets.notna().to_numpy())[0])
        i = int(np.flatnonzero((offsets.notna() & (offsets != offsets.iloc[a])).to_numpy())[0])
        return (f"column {name!r} in {src} has time-zone offsets that change ({offsets.iloc[a]} at row {a + 1}, "
                f"{offsets.iloc[i]} from row {i + 1}; daylight saving?); convert the times to UTC, or write "
                "them without offsets (local time)")
    if offsets.notna().any() and offsets.isna().any():
        i = int(np.flatnonzero(offsets.isna().to_numpy())[0])
        return (f"column {name!r} in {src} has times with and without a time-zone offset (row {i + 1}: "
                f"{text.iloc[i]!r}); write them all one way, e.g. in UTC")
    return (f"cannot parse column {name!r} in {src} as times: {str(exc).splitlines()[0]} "
            "(mixed time zones? convert to one)")
