"""Defaults from the data: resolve(cfg, dataset) fills every setting left "auto".

A config says "auto" (None) where the right value depends on the data; the run resolves
them once, before anything is built, and writes the resolved config to config.json and
model.json, so every run is reproducible from its own files.

    kind        auto -> recursive for the synthetic signal (the tutorials' net, fed back one
                step at a time); direct for data (the whole horizon at once from per-series
                log/deseasonalised windows: measured far better on real series, docs/m3-history.md)
    season      from the time axis' frequency (monthly 12, semi-monthly 24, quarterly 4, weekly 52, daily 7,
                hourly 24, ...; steps of several units count the same cycle: 6-hourly 4 a
                day; steps of 15 minutes or more the day: 15-minute data 96, half-hourly 48;
                finer ones the hour), else detected by autocorrelation of the longest
                series' start; a season the longest series does not hold twice before its
                test part is dropped (so a longer series never fails where a shorter one fits)
    horizon     the synthetic signal: one period; data: the M4 competition's horizon for the
                frequency (yearly 6, quarterly 8, monthly 18, weekly 13, daily 14, hourly 48;
                semi-monthly, in neither competition, 12: six months),
                one day for steps of minutes whose season is the day, else two seasons, else 10; at most a third of the longest series (every M3
                and M4 series holds three of its horizons; more leaves nothing to learn from)
    test_len    the horizon
    seasons     the direct net's: 2 (a second, longer season after the first: the year, the
                week) for daily and half-hourly data (TWO_SEASONS), else 1
    direct.loss mse where more than half the series are intermittent (0 on more than half their
                points: an L1 net forecasts their median, 0), else l1 (forecasters/intermittent.py)
    input_len   the signal: one period; data: 1.25 x max(horizon, season) (Hewamalage et al.
                2021); the direct net: capped by the 10th percentile of the lengths (9 series in
                10 hold its input) and so that the longest series holds a window before its test
                part; the recursive net: so that every series holds a window (its training
                targets and validation share included); a backtest derives it for its own,
                longer test part (experiment.run_backtest)

The recursive net's size and training (model.*, train.*) keep the values chosen on the sine
(docs/benchmarks.md); the direct net derives its own from the data ([direct] in config/direct_section.py),
and takes a model.* or train.* value given through its direct.* key (config.direct_sets); the
recursive net refuses a direct.* value given (config.refuse_direct).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .config import Config, direct_sets, override, refuse_direct
from .forecasters.intermittent import direct_loss

# The M4 competition's horizons by frequency (the same as M3's where both have one). Semi-monthly
# data ("SM": SMS, SME; in neither competition) takes 12 steps, six months: between monthly's 18
# months and weekly's 13 weeks (a quarter), as its step lies between theirs; 24 (a year) would
# be cut on any series under 72 points (a third of the longest at most, _horizon). Not measured.
HORIZONS = {"Y": 6, "A": 6, "Q": 4 * 2, "M": 18, "SM": 12, "W": 13, "D": 14, "B": 14, "H": 48, "h": 48}
SEASONS = {"Y": 1, "A": 1, "Q": 4, "M": 12, "SM": 24, "W": 52, "D": 7, "B": 5, "H": 24, "h": 24,
           "T": 60, "min": 60, "S": 60, "s": 60}
# Steps of 15 minutes or more repeat with the day, as load, traffic and calls do: 15-minute data
# has a season of 96, not its hour's 4 (half-hourly electricity demand, 3 origins of 48 steps,
# seed 0, benchmarks/subhourly.py: MASE 0.549 against 0.990 with the hour's 2 on taylor, 0.736
# against 1.407 on elecdemand). Finer steps keep the hour: a day of 5-minute steps (288) makes
# windows of 360 steps, and of 1-minute steps 1,800; not measured.
DAY_MINUTES, MAX_DAILY_STEPS = 1440, 96
# The frequencies' seasons that take a second, longer season after them by default
# (direct.seasons auto; transforms.season.LONGER_SEASONS): daily data's week (7, then the year
# of 365) and half-hourly data's day (48, then the week of 336). benchmarks.real, seeds 0 / 1:
# births 1.579 / 1.533 -> 1.323 / 1.288, meltemp 1.080 / 1.113 -> 1.063 / 1.047, taylor 0.352 /
# 0.336 -> 0.217 / 0.212; not hourly data's day (24, then 168): elechourly 1.001 -> 1.020 at
# seed 0 (docs/real-series.md, "Two seasons at once")
TWO_SEASONS = frozenset({7, 48})


def _freq_key(freq) -> str | None:
    """The unit letter(s) of a pandas alias: "MS" -> "M", "QE-DEC" -> "Q", "2D" -> "D"."""
    if not isinstance(freq, str):
        return None
    base = freq.split("-")[0].lstrip("0123456789")
    if base[:1] == "B" and base[1:2] in ("M", "Q", "Y", "A"):  # business month/quarter/year start or end
        base = base[1:]  # "BMS" is monthly, not business-daily
    for key in ("min", "Y", "A", "Q", "M", "W", "D", "B", "H", "h", "T", "SM", "S", "s"):
        if base.startswith(key):
            return key
    return None


def _freq_step(freq) -> int:
    """The multiple of a pandas alias: "15min" -> 15, "MS" -> 1."""
    if not isinstance(freq, str):
        return 1
    base = freq.split("-")[0]
    digits = base[: len(base) - len(base.lstrip("0123456789"))]
    return max(1, int(digits)) if digits else 1


def _freq_season(freq) -> int | None:
    """The season of a frequency in its own steps: the unit's cycle (a day of hours, a year of
    months; a day of minutes for steps of 15 minutes or more, else an hour) over the step's
    multiple; None when it does not divide into two or more steps ("7min", "2D") or the unit
    has no cycle here."""
    key = _freq_key(freq)
    if key not in SEASONS:
        return None
    cycle, step = SEASONS[key], _freq_step(freq)
    if key in ("min", "T") and DAY_MINUTES % step == 0 and DAY_MINUTES // step <= MAX_DAILY_STEPS:
        return DAY_MINUTES // step  # the day of sub-hourly data: 48 half-hours, 96 quarter-hours
    if step == 1:
        return cycle
    return cycle // step if cycle % step == 0 and cycle // step >= 2 else None


def season_of(freq, probe: np.ndarray | None, typical: int | None = None,
              before_test=None) -> tuple[int, str]:
    """(season, how it was found). A season of the frequency that the typical series (the
    median length `typical`) does not hold twice is not used (nothing could learn it);
    autocorrelation is tried instead. Was: the shortest series, so one new product of 10 months
    in a panel of 8-year series took the season from all of them (a series too short for its
    season is not deseasonalised anyway: `Deseasonalise` needs two seasons and its test). Nor is
    any season that the longest series does not hold twice before its test part: the direct net
    would refuse every series. before_test(season): those points, with the test part that
    season's horizon sets (None: not checked). Was: only held twice in the shortest series, so
    104 weekly points (52 twice, not before the 13-week test part) were refused where 100
    (season dropped) fit."""
    def fits(s: int) -> bool:
        return before_test is None or before_test(s) >= 2 * s

    season = _freq_season(freq)
    long_enough = typical is None or typical >= 2 * (season or 1)
    if season is not None and long_enough and fits(season):
        return season, f"from the {freq!r} frequency"
    if probe is not None and len(probe) >= 8:
        from .forecasters.baselines import detect_period

        p = detect_period(probe[: max(8, int(len(probe) * 0.8))])
        if p and fits(int(p)):
            return int(p), "detected by autocorrelation of the longest series"
    if season is not None and not long_enough:
        return 1, (f"the {freq!r} frequency's season {season} is longer than half the typical "
                   f"series, the median length of {typical} points, and no other was found")
    if season is not None:
        return 1, (f"the {freq!r} frequency's season {season} is longer than half the {before_test(season)} "
                   "points before the test part, and no other was found")
    # said inside the note's brackets ("season 1 (...)"): no brackets of its own
    return 1, "none found: no frequency, no clear autocorrelation peak"


@dataclass(frozen=True)
class Resolved:
    config: Config  # every "auto" filled in
    season: int  # samples per season (1: none)
    season_how: str
    notes: list[str]


def resolve(cfg: Config, dataset=None) -> Resolved:
    """The config with every "auto" replaced by its value for this data, and notes on what
    was chosen. dataset None: the synthetic signal."""
    notes: list[str] = []
    sets: list[str] = []
    signal = dataset is None
    freq = None if signal else defaults_freq(dataset)
    if not signal and freq != dataset.freq:
        notes.append(f"time column {dataset.time!r} holds whole years: the defaults read it as yearly data ('Y')")
    kind = cfg.model.kind if cfg.model.kind != "auto" else ("recursive" if signal else "direct")
    if cfg.model.kind == "auto":
        sets.append(f"model.kind={kind}")
    if kind == "direct":  # model.* and train.* values given reach it through direct.*, or fail
        more, said = direct_sets(cfg, "model.kind=direct" if cfg.model.kind == "direct" else "the default for data")
        sets.extend(more)
        notes.extend(said)
        if cfg.direct.loss is None:  # auto: MSE (the mean) where most series are intermittent, else L1
            sets.append(f"direct.loss={'l1' if signal else direct_loss(None, dataset.values)}")
    else:  # and direct.* values given to the recursive net fail rather than go unread
        refuse_direct(cfg, "model.kind=recursive" if cfg.model.kind == "recursive" else "the default for the built-in sine")
    if signal:
        season, how = max(1, round(cfg.signal.period)), "the signal's period"
    elif cfg.eval.period:
        season, how = cfg.eval.period, "given in eval.period"
    else:
        typical, longest = int(np.median([len(v) for v in dataset.values])), max(len(v) for v in dataset.values)
        w = cfg.window

        def before_test(s: int) -> int:  # the longest's points before the test part a season's horizon sets
            return longest - (w.test_len or w.horizon or _horizon(freq, s, longest))

        # autocorrelation reads the longest series: the most points, and no dependence on which
        # series comes first (the first in the ids' order could be one too short to show a season)
        probe = max(dataset.values, key=len) if dataset.values else None
        season, how = season_of(freq, probe, typical, before_test)
    if kind == "direct" and cfg.direct.seasons is None:
        sets.append(f"direct.seasons={default_seasons(None if signal else freq, season)}")
    w = cfg.window
    longest = None if signal else max(len(v) for v in dataset.values)
    horizon = w.horizon or (season if signal else _horizon(freq, season, longest))
    test_len = w.test_len or horizon
    if w.horizon is None:
        sets.append(f"window.horizon={horizon}")
        if not signal:
            notes.append(f"horizon {horizon} ({_horizon_how(freq, season, longest)}; set it with --horizon)")
    if w.test_len is None:
        sets.append(f"window.test_len={test_len}")
    if w.input_len is None:
        if signal:
            input_len = season
        else:  # one season plus a margin, at least the horizon
            lengths = np.array([len(v) for v in dataset.values])
            if kind == "direct":
                # capped by the 10th percentile of the lengths given, as GlobalNetForecaster caps
                # its own on the data the final model sees (a few short series get the named
                # fallback instead of shrinking everyone's window), and so that the longest
                # series holds a window before its test part. Capping by the lengths before the
                # test part gave M3 yearly's validation split 2 points of input and MASE 3.350
                # where 8 points score 3.110 (docs/m3-history.md)
                tenth, longest_room = int(np.floor(np.quantile(lengths, 0.1))), int(lengths.max()) - test_len - horizon
                room = min(tenth, longest_room)
            else:  # the shortest series holds a training window (input_len + the training targets,
                # a validation share besides) before its test part: what data.check_lengths asks
                from .data.dataset import required_length
                from .data.prepare import target_len

                shortest, n_target = int(lengths.min()), target_len(cfg)  # was: shortest - test_len - 1, which
                # refused its own default when more than one target or a validation share is trained on
                room = math.floor((shortest - test_len) * (1 - w.val_fraction)) - n_target
                while room > 2 and required_length(room, n_target, test_len, w.val_fraction) > shortest:
                    room -= 1  # float rounding of the share: the largest that fits
            wanted = math.ceil(1.25 * max(horizon, season))
            input_len = max(2, min(wanted, room))
            if input_len < wanted:  # short series shrank everyone's window: said, with the way out
                why = ("the 10th percentile of the series' lengths" if kind == "direct"
                       else "the shortest series' training part")
                way_out = f"--set window.input_len={wanted}"
                if kind == "direct" and longest_room < tenth:
                    # one series (or all of them short): the 10th percentile is its length, which
                    # was said, and input_len=wanted would not fit before its test part either
                    why = (f"the longest series' {int(lengths.max())} points less its test part ({test_len}) and "
                           f"a horizon ({horizon}), so that it holds a window")
                    way_out = "longer series, or a shorter --horizon"
                notes.append(f"input_len {input_len} (1.25 x max(horizon {horizon}, season {season}) = {wanted}, "
                             f"capped by {why}; to read {wanted}: {way_out})")
        sets.append(f"window.input_len={input_len}")
    for item in sets:
        cfg = override(cfg, item)
    if not signal:  # first, after the note on whole years that says where a 'Y' frequency came from
        notes.insert(int(freq != dataset.freq), f"season {season} ({how})")
    return Resolved(cfg, season, how, notes)


def defaults_freq(dataset) -> str | int | None:
    """The frequency the defaults read: the data's own, except that an integer axis of whole
    years (a column named Year, yr, years or time holding 1000-2999, one step apart: how R and
    pandas write a yearly series, time as R's time() of a yearly ts and the Rdatasets CSVs) counts
    as yearly dates do ("Y": season 1, the M4 competition's yearly horizon 6). Was: no frequency,
    so such a file got a horizon of 10 and an autocorrelation season where the same series with
    dates 1980-01-01, 1981-01-01, ... got 6 and none."""
    from .data.timenames import DECIMAL_TIME_NAME

    if dataset.freq != 1 or not DECIMAL_TIME_NAME.fullmatch(str(dataset.time).strip()):
        return dataset.freq
    firsts = [t[0] for t in dataset.times if t is not None and len(t)]
    lasts = [t[-1] for t in dataset.times if t is not None and len(t)]
    if firsts and all(isinstance(v, (int, np.integer)) for v in firsts + lasts) and min(firsts) >= 1000 \
            and max(lasts) < 3000:
        return "Y"
    return dataset.freq


def default_seasons(freq, season: int) -> int:
    """direct.seasons when auto: 2 where the run's season is its frequency's own and one of
    TWO_SEASONS, else 1 (M3's yearly, quarterly and monthly data keep one)."""
    return 2 if season in TWO_SEASONS and season == _freq_season(freq) else 1


def _uncapped(freq, season: int) -> tuple[int, str]:
    key = _freq_key(freq)
    if key == "SM" and _freq_step(freq) == 1:  # in no competition: the horizon chosen here (HORIZONS)
        return HORIZONS[key], f"six months of semi-monthly ({freq!r}) data, between M4's monthly and weekly horizons"
    if key in HORIZONS and _freq_step(freq) == 1:
        return HORIZONS[key], f"the M4 competition's horizon for {freq!r} data"
    if key in ("min", "T") and season > 1 and season * _freq_step(freq) == DAY_MINUTES:
        # day-ahead, as intraday load is forecast: two days of 15-minute steps (192, a window
        # of 240) took a 30-day series from 20 s to 651 s on 2 cores
        return season, "one day"
    return (2 * season, "two seasons") if season > 1 else (10, "no frequency")


def _horizon(freq, season: int, longest: int) -> int:
    # a third of the longest series at most: every M3 and M4 series holds three of its
    # horizons; two seasons of 15-minute data read as 1-minute data were once the whole series
    return max(1, min(_uncapped(freq, season)[0], longest // 3))


def _horizon_how(freq, season: int, longest: int) -> str:
    h, how = _uncapped(freq, season)
    if h > _horizon(freq, season, longest):  # e.g. "no frequency: 10 steps, capped at ..."
        return f"{how}: {h} steps, capped at a third of the longest series, {longest} points"
    return f"{how}: {h} steps"
