"""Defaults from the data: resolve(cfg, dataset) fills every setting left "auto".

A config says "auto" (None) where the right value depends on the data; the run resolves
them once, before anything is built, and writes the resolved config to config.json and
model.json, so every run is reproducible from its own files.

    kind        auto -> recursive for the synthetic signal (the tutorials' net, fed back one
                step at a time); direct for data (the whole horizon at once from per-series
                log/deseasonalised windows: measured far better on real series, docs/m3-history.md)
    season      from the time axis' frequency (monthly 12, quarterly 4, weekly 52, daily 7,
                hourly 24, ...), else detected by autocorrelation of the first series' start
    horizon     the synthetic signal: one period; data: the M4 competition's horizon for the
                frequency (yearly 6, quarterly 8, monthly 18, weekly 13, daily 14, hourly 48),
                else two seasons, else 10
    test_len    the horizon
    input_len   the signal: one period; data: 1.25 x max(horizon, season) (Hewamalage et al.
                2021); the direct net: capped by the 10th percentile of the lengths (9 series in
                10 hold its input) and so that the longest series holds a window before its test
                part; the recursive net: so that every series holds a window

The recursive net's size and training (model.*, train.*) keep the values chosen on the sine
(docs/benchmarks.md); the direct net derives its own from the data ([direct] in config.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .config import Config, override

# The M4 competition's horizons by frequency (the same as M3's where both have one).
HORIZONS = {"Y": 6, "A": 6, "Q": 4 * 2, "M": 18, "W": 13, "D": 14, "B": 14, "H": 48, "h": 48}
SEASONS = {"Y": 1, "A": 1, "Q": 4, "M": 12, "W": 52, "D": 7, "B": 5, "H": 24, "h": 24,
           "T": 60, "min": 60, "S": 60, "s": 60}


def _freq_key(freq) -> str | None:
    """The unit letter(s) of a pandas alias: "MS" -> "M", "QE-DEC" -> "Q", "2D" -> "D"."""
    if not isinstance(freq, str):
        return None
    base = freq.split("-")[0].lstrip("0123456789")
    for key in ("min", "Y", "A", "Q", "M", "W", "D", "B", "H", "h", "T", "S", "s"):
        if base.startswith(key):
            return key
    return None


def season_of(freq, first_series: np.ndarray | None, shortest: int | None = None) -> tuple[int, str]:
    """(season, how it was found). A season of the frequency that the shortest series does not
    hold twice is not used (nothing could learn it); autocorrelation is tried instead."""
    key = _freq_key(freq)
    long_enough = shortest is None or shortest >= 2 * SEASONS.get(key, 1)
    if key in SEASONS and long_enough:
        return SEASONS[key], f"from the {freq!r} frequency"
    if first_series is not None and len(first_series) >= 8:
        from .forecasters.baselines import detect_period

        p = detect_period(first_series[: max(8, int(len(first_series) * 0.8))])
        if p:
            return int(p), "detected by autocorrelation of the first series"
    if key in SEASONS:
        return 1, (f"the {freq!r} frequency's season {SEASONS[key]} is longer than half the shortest "
                   "series, and no other was found")
    return 1, "none found (no frequency, no clear autocorrelation peak)"


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
    kind = cfg.model.kind if cfg.model.kind != "auto" else ("recursive" if signal else "direct")
    if cfg.model.kind == "auto":
        sets.append(f"model.kind={kind}")
    if signal:
        season, how = max(1, round(cfg.signal.period)), "the signal's period"
    elif cfg.eval.period:
        season, how = cfg.eval.period, "given in eval.period"
    else:
        season, how = season_of(dataset.freq, dataset.values[0] if dataset.values else None,
                                min(len(v) for v in dataset.values))
    w = cfg.window
    horizon = w.horizon or (season if signal else _horizon(dataset.freq, season))
    test_len = w.test_len or horizon
    if w.horizon is None:
        sets.append(f"window.horizon={horizon}")
        if not signal:
            notes.append(f"horizon {horizon} ({_horizon_how(dataset.freq, season)}; set it with --horizon)")
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
                room = min(int(np.floor(np.quantile(lengths, 0.1))), int(lengths.max()) - test_len - horizon)
            else:
                room = int(lengths.min()) - test_len - 1
            input_len = max(2, min(math.ceil(1.25 * max(horizon, season)), room))
        sets.append(f"window.input_len={input_len}")
    for item in sets:
        cfg = override(cfg, item)
    if not signal:
        notes.insert(0, f"season {season} ({how})")
    return Resolved(cfg, season, how, notes)


def _horizon(freq, season: int) -> int:
    key = _freq_key(freq)
    if key in HORIZONS:
        return HORIZONS[key]
    return 2 * season if season > 1 else 10


def _horizon_how(freq, season: int) -> str:
    key = _freq_key(freq)
    if key in HORIZONS:
        return f"the M4 competition's horizon for {freq!r} data"
    return "two seasons" if season > 1 else "no frequency: 10 steps"
