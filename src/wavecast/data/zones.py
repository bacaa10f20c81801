"""The time zone of local times written with their UTC offsets (a meter's 01:00+01:00, then
03:00+02:00 across daylight saving): the named zone whose clock gives every offset written, so that
the hour of day, the day of week and the holidays are read on the local clock, and the forecast's
times after the history get the offsets of the zone's rules (which a column of offsets does not hold).
"""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np

# the zones of places (tzdata's regions); US/Eastern, CET, EST5EDT and the like are their aliases
_REGIONS = ("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/", "Australia/", "Europe/",
            "Indian/", "Pacific/")
# the name given where several zones keep one clock (Europe/Berlin, Europe/Paris, Africa/Ceuta and
# 30 more write +01:00 and +02:00 on the same days): a zone most people know it by, else the first
# name in alphabetical order
_KNOWN = ("Europe/London", "Europe/Berlin", "Europe/Helsinki", "America/New_York", "America/Chicago",
          "America/Denver", "America/Los_Angeles", "America/Halifax", "America/Anchorage", "Pacific/Honolulu",
          "Australia/Sydney", "Australia/Adelaide", "Pacific/Auckland", "America/Santiago", "Asia/Jerusalem")
_AHEAD_DAYS = 3 * 366  # the days after the history on which the zones named must agree


@functools.lru_cache(maxsize=1)
def _zones() -> tuple:
    """(name, ZoneInfo) of every zone of a place that this machine's zone database holds; () without one."""
    import zoneinfo

    try:
        names = sorted(n for n in zoneinfo.available_timezones() if n.startswith(_REGIONS))
    except (OSError, ValueError):  # pragma: no cover - a broken database reads as none
        return ()
    out = []
    for n in names:
        try:
            out.append((n, zoneinfo.ZoneInfo(n)))
        except (OSError, ValueError, zoneinfo.ZoneInfoNotFoundError):  # pragma: no cover
            continue
    return tuple(out)


def _offset(zone, t: int) -> int:
    """The zone's UTC offset in seconds at the instant t (seconds since 1970)."""
    return int(dt.datetime.fromtimestamp(t, tz=zone).utcoffset().total_seconds())


def zone_of(seconds: np.ndarray, offsets: np.ndarray) -> tuple[str | None, int]:
    """(name, count): the zone whose offset at each instant (seconds since 1970, UTC) is the one
    written beside it (offsets, seconds east of UTC), and how many zones fit; (None, 0) when none
    does (times of two zones mixed, or a clock no zone keeps), (None, -1) without a zone database.

    Of the zones that fit, the name given is of the most that keep one clock over the three years
    after the history too (the forecast's offsets), a well-known one first."""
    zones = _zones()
    if not zones:
        return None, -1
    seconds, offsets = np.asarray(seconds, dtype=np.int64), np.asarray(offsets, dtype=np.int64)
    change = np.flatnonzero(np.diff(offsets)) + 1
    probes = np.unique(np.r_[0, change - 1, change, len(seconds) - 1])  # each side of each change
    fit = [(n, z) for n, z in zones if _keeps(z, seconds, offsets, probes)]
    # and a row a week: a zone may change its clock and back within a run of one offset written
    # (Morocco's Ramadan months); an hourly decade costs ~520 calls a zone left
    weekly = np.searchsorted(seconds, np.arange(int(seconds[0]), int(seconds[-1]), 7 * 86400))
    fit = [(n, z) for n, z in fit if _keeps(z, seconds, offsets, np.clip(weekly, 0, len(seconds) - 1))]
    if not fit:
        return None, 0
    ahead = int(seconds[-1]) + 86400 * np.arange(1, _AHEAD_DAYS + 1, 7)  # weekly over three years
    clocks: dict = {}
    for n, z in fit:
        clocks.setdefault(tuple(_offset(z, int(t)) for t in ahead), []).append(n)
    group = max(clocks.values(), key=len)  # (dicts keep order: the first of equal size, alphabetically)
    name = next((k for k in _KNOWN if k in group), group[0])
    return name, len(fit)


def _keeps(zone, seconds: np.ndarray, offsets: np.ndarray, rows) -> bool:
    """Whether the zone's offset at each of these rows' instants is the one written there."""
    return all(_offset(zone, int(seconds[i])) == offsets[i] for i in rows)
