"""The per-series chain used by the global net: log, then deseasonalise."""

from __future__ import annotations

import numpy as np

from .log import Log
from .season import Deseasonalise


class SeriesTransform:
    """Log (by `log_rule`) then Deseasonalise (when `deseason` and the test passes), fitted
    on one series' training part. transform/inverse take `start` like their parts."""

    def __init__(self, season: int, log_rule: str = "positive", deseason: bool = True) -> None:
        self.season, self.log_rule, self.deseason = int(season), log_rule, bool(deseason)

    def fit(self, y: np.ndarray) -> SeriesTransform:
        y = np.asarray(y, np.float64)
        self.log_ = Log(self.log_rule, self.season).fit(y)
        z = self.log_.transform(y)
        self.season_ = Deseasonalise(self.season if self.deseason else 1).fit(z)
        return self

    def transform(self, y: np.ndarray, start: int = 0) -> np.ndarray:
        return self.season_.transform(self.log_.transform(y, start), start)

    def inverse(self, z: np.ndarray, start: int = 0) -> np.ndarray:
        return self.log_.inverse(self.season_.inverse(z, start), start)

    def params(self) -> dict:
        return {"log": self.log_.params(), "season": self.season_.params()}

    @classmethod
    def from_params(cls, p: dict) -> SeriesTransform:
        t = cls(p["season"]["season"])
        t.log_, t.season_ = Log.from_params(p["log"]), Deseasonalise.from_params(p["season"])
        return t
