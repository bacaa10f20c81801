"""M4-style scores: sMAPE (%) and MASE with the in-sample seasonal-naive scale."""

from __future__ import annotations

import numpy as np


def smape(y: np.ndarray, f: np.ndarray) -> float:
    """Mean of 200 |y - f| / (|y| + |f|) over the horizon (percent); 0/0 counts as 0."""
    y, f = np.asarray(y, np.float64), np.asarray(f, np.float64)
    den = np.abs(y) + np.abs(f)
    ratio = np.divide(2.0 * np.abs(y - f), den, out=np.zeros_like(den), where=den > 0)
    return float(100.0 * ratio.mean())


def mase_scale(insample: np.ndarray, season: int) -> float:
    """Mean |y_t - y_{t-m}| over the training part, m = season (1 where the season is 1)."""
    m = max(int(season), 1)
    y = np.asarray(insample, np.float64)
    if len(y) <= m:
        raise ValueError(f"MASE needs more than {m} in-sample points, got {len(y)}")
    return float(np.mean(np.abs(y[m:] - y[:-m])))


def mase(y: np.ndarray, f: np.ndarray, insample: np.ndarray, season: int) -> float:
    """Mean |y - f| over the horizon divided by `mase_scale(insample, season)`."""
    err = np.mean(np.abs(np.asarray(y, np.float64) - np.asarray(f, np.float64)))
    return float(err / mase_scale(insample, season))


def score(train: list[np.ndarray], test: list[np.ndarray], forecast: np.ndarray,
          season: int) -> dict:
    """Mean MASE and sMAPE over the series; forecast is (S, H). Non-finite forecasts fail."""
    forecast = np.asarray(forecast, np.float64)
    if forecast.shape != (len(test), len(test[0])):
        raise ValueError(f"forecast shape {forecast.shape}, expected {(len(test), len(test[0]))}")
    if not np.isfinite(forecast).all():
        raise ValueError(f"{int((~np.isfinite(forecast)).sum())} non-finite forecast values")
    m = [mase(y, f, x, season) for x, y, f in zip(train, test, forecast, strict=True)]
    s = [smape(y, f) for y, f in zip(test, forecast, strict=True)]
    return {"mase": float(np.mean(m)), "smape": float(np.mean(s)), "n_series": len(test)}
