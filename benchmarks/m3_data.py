"""The M3 competition series, as shipped in benchmarks/data/m3/ (a copy of shared/datasets/m3).

`load(group)` gives each series' training part and test part (the official split: the last
`horizon` points are the test), with the group's horizon and season.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data" / "m3"
GROUPS = ("yearly", "quarterly", "monthly", "other")


@dataclass(frozen=True)
class Group:
    name: str
    ids: list[str]
    train: list[np.ndarray]  # each 1-D float64, lengths differ
    test: list[np.ndarray]  # each (horizon,)
    horizon: int
    season: int
    cut: tuple[int, ...] = ()  # series `shortened` cut to a few points (their indices)

    def holdout(self, origin: int = 1) -> Group:
        """A validation split: the official test is dropped, and the `horizon` points that end
        (origin - 1) horizons before the training part's end become the test (origin 1: its
        last horizon). Origins 2, 3 score other periods, for choosing settings on more than one
        stretch of time; there, series left with fewer than 2 x max(horizon, season) points
        before their test are dropped (every system sees the same series)."""
        h, cut = self.horizon, origin * self.horizon
        if origin < 1:
            raise ValueError(f"origin must be >= 1, got {origin}")
        need = 1 if origin == 1 else 2 * max(h, self.season)
        keep = [i for i, y in enumerate(self.train) if len(y) - cut >= need]
        name = self.name + ("-val" if origin == 1 else f"-val{origin}")
        return Group(name, [self.ids[i] for i in keep], [self.train[i][:len(self.train[i]) - cut] for i in keep],
                     [self.train[i][len(self.train[i]) - cut:len(self.train[i]) - cut + h] for i in keep],
                     h, self.season)

    def shortened(self, lengths: tuple[int, int], fraction: float = 0.2, seed: int = 0) -> Group:
        """The same split with `fraction` of the series kept only for their last n training
        points, n drawn uniformly from `lengths` (inclusive): a validation split that holds
        series as short as the official test's shortest, which the earlier origins lack (there
        they are shorter still, or dropped). Drawn among the series longer than the upper
        length, by `seed`; their indices are `cut`, and the test parts do not change."""
        lo, hi = lengths
        rng = np.random.default_rng(seed)
        long_ = [i for i, y in enumerate(self.train) if len(y) > hi]
        pick = sorted(rng.choice(long_, size=min(len(long_), round(fraction * len(self.train))), replace=False))
        n = dict(zip(pick, rng.integers(lo, hi + 1, size=len(pick)).tolist(), strict=True))
        train = [y[len(y) - n[i]:] if i in n else y for i, y in enumerate(self.train)]
        return Group(self.name + "-short", self.ids, train, self.test, self.horizon, self.season,
                     tuple(int(i) for i in pick))

    def short_lengths(self, quantile: float = 0.2) -> tuple[int, int]:
        """(shortest, `quantile` quantile) of the training parts' lengths: the official test's
        short series, for `shortened`."""
        n = np.array([len(y) for y in self.train])
        return int(n.min()), int(np.quantile(n, quantile))


def load(group: str, data: Path = DATA) -> Group:
    """One M3 group (yearly, quarterly, monthly, other), in the file's order of series."""
    import pandas as pd

    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}, got {group!r}")
    meta = pd.read_csv(data / "m3_series.csv")
    meta = meta[meta["group"] == group]
    horizon, season = int(meta["horizon"].iloc[0]), int(meta["season"].iloc[0])
    df = pd.read_csv(data / "m3.csv.gz")
    df = df[df["unique_id"].isin(set(meta["unique_id"]))].sort_values(["unique_id", "t"])
    by_id = {k: g["y"].to_numpy(np.float64) for k, g in df.groupby("unique_id", sort=False)}
    ids = list(meta["unique_id"])
    full = [by_id[k] for k in ids]
    for k, y, n in zip(ids, full, meta["n"], strict=True):
        if len(y) != n:
            raise ValueError(f"series {k!r}: {len(y)} points in m3.csv.gz, {n} in m3_series.csv")
    return Group(group, ids, [y[:-horizon] for y in full], [y[-horizon:] for y in full],
                 horizon, season)
