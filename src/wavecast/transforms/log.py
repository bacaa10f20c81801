"""Log transform for positive series whose swings grow with their level."""

from __future__ import annotations

import numpy as np

RULES = ("positive", "growing", "never")


def swings_grow(y: np.ndarray, season: int = 1) -> bool:
    """Do the series' swings grow with its level? Spread (mean |difference|) against level
    (mean) over consecutive blocks of max(2 * season, 6) points: a positive rank correlation.
    Too few blocks (< 3) say yes: log is the safer default for a positive series."""
    y = np.asarray(y, np.float64)
    b = max(2 * int(season), 6)
    k = len(y) // b
    if k < 3:
        return True
    blocks = y[len(y) - k * b:].reshape(k, b)
    level = blocks.mean(axis=1)
    spread = np.abs(np.diff(blocks, axis=1)).mean(axis=1)
    rl, rs = np.argsort(np.argsort(level)), np.argsort(np.argsort(spread))
    if rl.std() == 0 or rs.std() == 0:
        return False
    return bool(np.corrcoef(rl, rs)[0, 1] > 0)


class Log:
    """z = log(y) where the rule holds for the training part, else z = y (identity).

    rule: "positive" (every training value > 0: the IJF 2021 recipe), "growing" (positive and
    `swings_grow`), or "never". A later point <= 0 under log is clipped to the smallest
    training value's tenth, so the forecast stays finite.
    """

    def __init__(self, rule: str = "positive", season: int = 1) -> None:
        if rule not in RULES:
            raise ValueError(f"Log rule must be one of {RULES}, got {rule!r}")
        self.rule, self.season = rule, int(season)

    def fit(self, y: np.ndarray) -> Log:
        y = np.asarray(y, np.float64)
        positive = bool(len(y) and np.all(y > 0))
        on = positive and (self.rule == "positive" or (self.rule == "growing" and swings_grow(y, self.season)))
        self.on_ = bool(on)
        self.floor_ = float(y.min() / 10) if on else 0.0
        return self

    def transform(self, y: np.ndarray, start: int = 0) -> np.ndarray:
        y = np.asarray(y, np.float64)
        if not self.on_:
            return y.copy()
        return np.log(np.maximum(y, self.floor_))

    def inverse(self, z: np.ndarray, start: int = 0) -> np.ndarray:
        z = np.asarray(z, np.float64)
        return np.exp(z) if self.on_ else z.copy()

    def params(self) -> dict:
        return {"on": self.on_, "floor": self.floor_}

    @classmethod
    def from_params(cls, p: dict) -> Log:
        t = cls()
        t.on_, t.floor_ = bool(p["on"]), float(p["floor"])
        return t
