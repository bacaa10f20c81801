"""What the global net trains on, derived from the data: its default sizes, the
level-normalised windows of every transformed series, the loss weights that make an L1 error
count as MASE does, and the divisor of each series' windows (forecasters/global_net.py)."""

from __future__ import annotations

import math

import numpy as np

from ..transforms import SeriesTransform, window_level


def default_input_len(horizon: int, season: int, lengths: list[int]) -> int:
    """1.25 x max(horizon, season) (one season plus a margin, at least the horizon), capped by
    the shortest series but one in ten (the 10th percentile of the lengths), so that one very
    short series does not shrink every window: the few shorter than input_len get the named
    fallback. A series shorter than input + horizon gives no training window but is still
    forecast by the net. Never below 2. (M3: 8, 10, 23, 10; the cap binds for none.)"""
    want = math.ceil(1.25 * max(horizon, season))
    cap = int(np.floor(np.quantile(lengths, 0.1)))
    return max(2, min(want, cap))


SMALL_DATA = 2_000  # windows: under this many, a smaller net, and validation free to choose fewer epochs


def default_hidden_size(n_windows: int) -> int:
    """16 under SMALL_DATA windows, else 32 (48 for M3 monthly's 85,000 windows was no more
    accurate on its validation windows and 1.4x slower)."""
    return 16 if n_windows < SMALL_DATA else 32


def default_season_mode(n_windows: int) -> str:
    """How the raw view takes a season out: "smoother" (divided out where that leaves a series
    markedly smoother) under SMALL_DATA windows, else "additive" (docs/m3-history.md, tenth pass)."""
    return "smoother" if n_windows < SMALL_DATA else "additive"


def default_level(small: bool, season: int, covariates: bool) -> str:
    """The level taken out of each window where none is asked for: "smooth" (the simple-exponential-
    smoothing level, each series' weight chosen on its own history: 1, the last value, for a random
    walk) for small data with a season and no covariates, else "last". One short seasonal series
    gives the net 30-50 windows, too few to learn that a noisy last deseasonalised value is noise:
    the whole forecast moved with it (R's USAccDeaths, MASE 1.25 against seasonal naive's 0.72; the
    Seatbelts drivers killed to 1982 forecast at half their level). M3's panels (2,000 windows and
    more) keep "last" (docs/real-series.md, "One short seasonal series")."""
    return "smooth" if small and season > 1 and not covariates else "last"


def default_max_epochs(n_windows: int, batch_size: int) -> int:
    """About 2,000 optimizer steps in all (early stopping chose fewer on every M3 group's
    validation windows), 10 to 200 epochs (a small panel has one or two steps an epoch: on the
    airline series a cap of 1,000 was no more accurate and twice as slow)."""
    steps_per_epoch = math.ceil(n_windows / batch_size)
    return int(np.clip(math.ceil(2_000 / steps_per_epoch), 10, 200))


def count_windows(lengths: list[int], input_len: int, horizon: int, partial: bool = False) -> int:
    """How many training windows `_windows` cuts from series of these lengths."""
    return int(sum(max(0, n - input_len - (0 if partial else horizon - 1)) for n in lengths))


def _windows(z: list[np.ndarray], input_len: int, horizon: int, level: str, drift: float = 0.0,
             partial: bool = False, smoothing: np.ndarray | None = None):
    """All windows (input_len + horizon) of every transformed series, level-normalised (the
    targets also minus `drift_path`). -> inputs (N, L), targets (N, H) float64, and each
    window's series index (N,); a series' windows are contiguous and in time order.
    partial: also the windows whose horizon runs past the series' end (at least one target
    known; the others NaN, left out of the loss): the last horizon - 1 inputs of a series are
    then learnt from too, and a series shorter than input_len + horizon has windows.
    smoothing: each series' smoothing weight (S,), for level "smooth"."""
    width = input_len + horizon
    pad = np.full(horizon - 1 if partial else 0, np.nan)
    ws = [np.lib.stride_tricks.sliding_window_view(np.concatenate([s, pad]), width)
          if len(s) + len(pad) >= width else np.zeros((0, width)) for s in z]
    w = ws[0] if len(ws) == 1 else np.concatenate(ws)  # (N, L + H); one series: its view, no copy
    ids = np.repeat(np.arange(len(z)), [len(x) for x in ws])
    lvl = window_level(w[:, :input_len], level, None if smoothing is None else smoothing[ids])  # (N, 1)
    # no drift: lvl + 0 as (N, 1), the same numbers as lvl + drift_path's zeros (N, H) without them
    base = lvl + (drift_path(w[:, :input_len], horizon, drift) if drift else 0.0)  # (N, H) or (N, 1)
    return w[:, :input_len] - lvl, w[:, input_len:] - base, ids


def drift_path(x: np.ndarray, horizon: int, weight: float) -> np.ndarray:
    """`weight` x the least-squares slope of each window's inputs, extrapolated over the
    horizon: x (N, L) -> (N, H), zeros when weight is 0. The net then forecasts the deviation
    from a (damped, weight < 1) drift, as the Theta method adds half the trend to a level."""
    if weight == 0:
        return np.zeros((len(x), horizon))
    t = np.arange(x.shape[1]) - (x.shape[1] - 1) / 2
    slope = (x - x.mean(axis=1, keepdims=True)) @ t / float(t @ t)  # (N,)
    return weight * slope[:, None] * np.arange(1, horizon + 1)


# Ensemble over input lengths (N-BEATS): members read ceil(f x max(horizon, season)) points
LEN_FACTORS = (1.25, 2.0, 3.0, 1.5, 2.5)


def member_input_lens(horizon: int, season: int, lengths: list[int], n_lengths: int,
                      input_len: int | None = None) -> list[int]:
    """The input length of each length member: the first is `input_len` (default_input_len
    when None); the others scale it by LEN_FACTORS[j] / 1.25, each capped, like the first, by
    the 10th percentile of the series' lengths (a capped duplicate is kept: one more seed)."""
    first = input_len or default_input_len(horizon, season, lengths)
    cap = max(2, int(np.floor(np.quantile(lengths, 0.1))))
    out = [first]
    for f in LEN_FACTORS[1:n_lengths]:
        out.append(max(first, min(math.ceil(first * f / LEN_FACTORS[0]), cap)))
    return out


# A series' windows are read at most this many times larger or smaller than the panel's typical
# window: a series 10^8 times smaller than the others (the same panel in other units) sat at
# float32's resolution in the global scale, the net's moves landed in the others' units (70x
# its level) and its errors widened every series' pooled bands (docs/real-series.md, mixed
# units). M3's series keep the global scale (their own lie within 0.045-17x of it on the full
# training parts; 30 moved a yearly series of wavecast.fit's scored model, 50 moves none).
SCALE_SPREAD = 50.0


def spread_scales(g: float, targets: np.ndarray, ids: np.ndarray, n_series: int) -> np.ndarray:
    """Each series' divisor (S,): the global g, clipped into [own / SCALE_SPREAD, own *
    SCALE_SPREAD] where own is the series' own mean |target| (targets (N, H), NaN past a series'
    end; ids (N,)); g for a series without a finite non-zero target."""
    a = np.abs(np.asarray(targets, np.float64)).reshape(len(ids), -1)
    ok = np.isfinite(a)
    return _spread(g, np.where(ok, a, 0.0), ok, ids, n_series)


def _spread(g: float, known_abs: np.ndarray, ok: np.ndarray, ids: np.ndarray, n_series: int) -> np.ndarray:
    """spread_scales from |targets| with 0 where not finite (N, H) and where finite (N, H)."""
    total = np.bincount(ids, weights=known_abs.sum(axis=1), minlength=n_series)
    count = np.bincount(ids, weights=ok.sum(axis=1).astype(np.float64), minlength=n_series)
    own = np.divide(total, count, out=np.zeros(n_series), where=count > 0)
    scale = np.full(n_series, g)
    has = own > 0
    scale[has] = np.clip(g, own[has] / SCALE_SPREAD, own[has] * SCALE_SPREAD)
    return scale


def mase_weights(z_log: list[np.ndarray], season: int) -> np.ndarray:
    """Per-series loss weights that make an L1 error in log space count as it does in MASE:
    1 / mean |z_t - z_(t-m)| (m = season, 1 when 1), normalised to mean 1 and clipped to
    [0.1, 10] so no series dominates. z_log: each series after the log, before deseasonalising."""
    m = max(int(season), 1)
    s = np.array([np.mean(np.abs(z[m:] - z[:-m])) if len(z) > m else np.nan for z in z_log])
    s = np.where(np.isfinite(s) & (s > 0), s, np.nan)
    w = 1.0 / s
    w = np.where(np.isfinite(w), w, np.nanmedian(w) if np.isfinite(w).any() else 1.0)
    w = w / w.mean()
    return np.clip(w, 0.1, 10.0)


def balance_series(w: np.ndarray, ids: np.ndarray, power: float) -> np.ndarray:
    """Per-series loss weights w (S,) times count_s^-power (count_s: series s's windows in
    `ids`), normalised to a mean of 1 over the windows and clipped to [0.05, 20]. A panel's MASE
    counts every series once, while the windows count a series of 60 points four times as often
    as one of 20: power 1 gives each series' windows the weight of one series, 0 leaves w as
    it is. A series without windows keeps its weight (it has nothing to weigh)."""
    if power == 0:
        return w
    count = np.bincount(ids, minlength=len(w)).astype(float)
    w = w * np.where(count > 0, (count.mean() / np.maximum(count, 1)) ** power, 1.0)
    return np.clip(w / w[ids].mean(), 0.05, 20.0)


def series_scales(tr: list[SeriesTransform], series: list[np.ndarray], season: int,
                  targets: np.ndarray, how: str, ids: np.ndarray | None = None) -> np.ndarray:
    """The divisor of each series' windows (S,). "global": one number for all, the mean |target|
    of the level-normalised windows (targets of mean size 1); with `ids` (each target row's
    series) a series whose own mean |target| is over SCALE_SPREAD times larger or smaller than
    that (a panel in mixed units) is read at SCALE_SPREAD times its own instead (`spread_scales`).
    "series": each series' mean |z_t - z_(t-m)| after the log (m = season, 1 when 1; MASE's
    scale in log space: the L1 loss then reads as MASE), floored at a tenth of the median so a
    flat series is not blown up."""
    if how == "global":
        if ids is not None:
            return global_scales(targets, ids, len(series))[1]
        g = float(np.nanmean(np.abs(targets))) or 1.0  # NaN: past the end
        return np.full(len(series), g)
    m = max(int(season), 1)
    raw = []
    for t, y in zip(tr, series, strict=True):
        z = t.log_.transform(y)
        raw.append(np.mean(np.abs(z[m:] - z[:-m])) if len(z) > m else np.nan)
    raw = np.array(raw)
    good = raw[np.isfinite(raw) & (raw > 0)]
    med = float(np.median(good)) if len(good) else 1.0
    return np.where(np.isfinite(raw), np.maximum(raw, 0.1 * med), med)


def global_scales(targets: np.ndarray, ids: np.ndarray, n_series: int) -> tuple[float, np.ndarray]:
    """The global scale g (the mean |target|, NaN past a series' end left out; 1 where it is 0)
    and each series' divisor (`spread_scales`), from one array of |targets|: the numbers of
    float(np.nanmean(np.abs(targets))) or 1.0 and spread_scales(g, ...) bit for bit, without
    their three temporaries of the targets' size (a 50,000-point series: 19 MB each)."""
    a = np.abs(np.asarray(targets, np.float64), order="C")  # (N, H)
    nan = np.isnan(a)
    np.copyto(a, 0.0, where=nan)  # as nanmean does: summed as 0, not counted
    known = ~nan
    with np.errstate(invalid="ignore", divide="ignore"):
        g = float(np.sum(a) / np.sum(known, dtype=np.intp)) or 1.0
    if not np.isfinite(a).all():  # an infinite target: spread_scales' own rule (finite only)
        return g, spread_scales(g, targets, ids, n_series)
    return g, _spread(g, a.reshape(len(ids), -1), known.reshape(len(ids), -1), ids, n_series)
