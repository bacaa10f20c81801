"""The per-series chain used by the global net: log, then deseasonalise (one season, or two in
turn: the shorter, then the longer one on what it leaves)."""

from __future__ import annotations

import numpy as np

from .log import Log
from .season import MIN_SEASONS_TWO, Deseasonalise

SEASON_MODES = ("additive", "multiplicative", "smoother")
# "smoother" divides a season out where that leaves at most this share of the roughness that
# subtracting it leaves (1.0 and 0.8 measured: docs/m3-history.md, tenth pass)
MULTIPLICATIVE_GAIN = 0.8


class SeriesTransform:
    """Log (by `log_rule`) then Deseasonalise (when `deseason` and the test passes), fitted
    on one series' training part. transform/inverse take `start` like their parts.

    season_mode: how a positive series the log leaves as it is has its season taken out:
    "additive" (indices subtracted), "multiplicative" (fitted on its log, divided out:
    `Deseasonalise`), or "smoother": multiplicative where the series deseasonalised so is
    markedly smoother (mean absolute step at most MULTIPLICATIVE_GAIN of the additive one's: a
    season whose swings grow with the level, as the airline's), else additive. A logged series
    is deseasonalised additively in logs, which is already multiplicative.

    season_window: the seasonal indices from the training part's last season_window seasons
    (`Deseasonalise`'s window); None or 0: from all of it.

    season2: a second, longer season (MSTL-like: hourly data's week after its day), taken out
    additively of what the first season leaves, where the training part holds MIN_SEASONS_TWO
    of it and its own seasonality test passes; fitted on the training part only, like the
    first. None: one season (models saved before it).
    """

    def __init__(self, season: int, log_rule: str = "positive", deseason: bool = True,
                 season_mode: str = "additive", season_window: int | None = None,
                 season2: int | None = None) -> None:
        if season_mode not in SEASON_MODES:
            raise ValueError(f"season_mode must be one of {SEASON_MODES}, got {season_mode!r}")
        self.season, self.log_rule, self.deseason = int(season), log_rule, bool(deseason)
        self.season_mode, self.season_window = season_mode, season_window
        self.season2 = int(season2) if season2 and season2 > self.season else None

    def fit(self, y: np.ndarray) -> SeriesTransform:
        y = np.asarray(y, np.float64)
        self.log_ = Log(self.log_rule, self.season).fit(y)
        z = self.log_.transform(y)
        m = self.season if self.deseason else 1
        divide = self.season_mode != "additive" and not self.log_.on_
        self.season_ = Deseasonalise(m, multiplicative=divide, window=self.season_window).fit(z)
        if self.season_mode == "smoother" and self.season_.mult_:
            add = Deseasonalise(m, window=self.season_window).fit(z)
            if _roughness(self.season_.transform(z)) > MULTIPLICATIVE_GAIN * _roughness(add.transform(z)):
                self.season_ = add
        self.season2_ = None
        if self.deseason and self.season2 and len(y) >= MIN_SEASONS_TWO * self.season2:
            two = Deseasonalise(self.season2, window=self.season_window).fit(self.season_.transform(z))
            self.season2_ = two if two.on_ else None  # none found: the one season's transform, exactly
        return self

    def transform(self, y: np.ndarray, start: int = 0) -> np.ndarray:
        z = self.season_.transform(self.log_.transform(y, start), start)
        two = getattr(self, "season2_", None)
        return z if two is None else two.transform(z, start)

    def inverse(self, z: np.ndarray, start: int = 0) -> np.ndarray:
        two = getattr(self, "season2_", None)
        z = z if two is None else two.inverse(z, start)
        return self.log_.inverse(self.season_.inverse(z, start), start)

    def params(self) -> dict:
        p = {"log": self.log_.params(), "season": self.season_.params()}
        if getattr(self, "season2_", None) is not None:  # one season: the file as before
            p["season2"] = self.season2_.params()
        return p

    @classmethod
    def from_params(cls, p: dict) -> SeriesTransform:
        t = cls(p["season"]["season"])
        t.log_, t.season_ = Log.from_params(p["log"]), Deseasonalise.from_params(p["season"])
        two = p.get("season2")  # files written before it, or with one season: none
        t.season2_ = None if two is None else Deseasonalise.from_params(two)
        return t


def _roughness(z: np.ndarray) -> float:
    """Mean absolute step of a deseasonalised series: the season it still holds adds to it."""
    return float(np.mean(np.abs(np.diff(z)))) if len(z) > 1 else 0.0
