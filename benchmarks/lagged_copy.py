"""The lagged-copy check's false alarms and hits on M3's test parts (no training, seconds).

    python -m benchmarks.lagged_copy

For each M3 series, four forecasts of its test part are handed to
wavecast.evaluate.net_checks.lagged_copy (the series' season as `period`, its tolerance from
the training part) and the shift test's findings (lag >= 1) are counted:

- seasonal naive (the training part's last season repeated; last value where the season is 1)
  and drift (the last value plus the training part's mean step): they copy nothing the truth
  does, so every finding is a false alarm;
- the truth itself delayed by 1 and by 2 steps (the training part's last values first): a
  lagged copy by construction, so every series should be found.
"""

from __future__ import annotations

import inspect

import numpy as np

from wavecast.evaluate.metrics import tolerance
from wavecast.evaluate.net_checks import lagged_copy

from .m3_data import GROUPS, load

FORECASTS = ("seasonal naive", "drift", "truth delayed 1", "truth delayed 2")


def forecasts(train: np.ndarray, test: np.ndarray, season: int) -> dict[str, np.ndarray]:
    h = len(test)
    return {
        "seasonal naive": np.resize(train[-season:], h) if season > 1 else np.full(h, train[-1]),
        "drift": train[-1] + (train[-1] - train[0]) / (len(train) - 1) * np.arange(1, h + 1),
        "truth delayed 1": np.concatenate([train[-1:], test[:-1]]),
        "truth delayed 2": np.concatenate([train[-2:], test[:-2]]),
    }


def count(group: str) -> dict[str, int]:
    g = load(group)
    takes_period = "period" in inspect.signature(lagged_copy).parameters  # older code: no season
    found = dict.fromkeys(FORECASTS, 0)
    for train, test in zip(g.train, g.test, strict=True):
        tol = tolerance(train, 1e-3)
        for name, pred in forecasts(train, test, g.season).items():
            f = lagged_copy(name, pred[None, :, None], test[None, :, None], train[-1:][None, :], tol,
                            **({"period": g.season} if takes_period else {}))
            found[name] += f is not None and f.details["lag"] >= 1
    return {"n": len(g.train), **found}


def main() -> None:
    print("| group | series | " + " | ".join(FORECASTS) + " |")
    print("|---" * (len(FORECASTS) + 2) + "|")
    for group in GROUPS:
        c = count(group)
        print(f"| {group} | {c['n']} | " + " | ".join(str(c[k]) for k in FORECASTS) + " |")


if __name__ == "__main__":
    main()
