"""How often the lagged-copy finding's random-walk advice would be given (no training, seconds).

    python -m benchmarks.random_walk_advice

wavecast.evaluate.random_walk.walk_evidence on each series' training part, with the held-out
MSEs of the last value and the baselines beside it (mean, linear AR(2), seasonal naive where
there is a season) on its test part:
- synthetic, 200 seeds of 120 and of 600 points: random walks (the advice is right), and
  three series with structure a net could learn (a season of 12 plus noise, ARIMA(1,1,0) with
  phi 0.6, white noise around a level), where it is wrong and today's advice stays;
- M3's test parts by group, the baselines seasonal naive (last value where the season is 1),
  drift and mean: the share of M3 the random-walk evidence covers (M3's yearly series are
  famously hard to beat with the last value).
"""

from __future__ import annotations

import numpy as np

from wavecast.evaluate.metrics import tolerance
from wavecast.evaluate.random_walk import LB_ALPHA, walk_evidence
from wavecast.forecasters.baselines import LinearAR

H = 14
KINDS = ("random walk", "season 12 + noise", "ARIMA(1,1,0) phi 0.6", "white noise", "AR(1) phi 0.7",
         "AR(1) phi 0.8", "AR(1) phi 0.9")


def make(kind: str, n: int, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    e, t = rng.normal(size=n), np.arange(n)
    if kind == "random walk":
        return 100 + np.cumsum(e), 1
    if kind == "season 12 + noise":
        return 50 + 3 * np.sin(2 * np.pi * t / 12) + e, 12
    if kind == "white noise":
        return 10 + e, 1
    if kind.startswith("AR(1)"):  # a level pulled back to 580 (LakeHuron-like): not a walk
        phi, a = float(kind.split()[-1]), np.zeros(n)
        for i in range(1, n):
            a[i] = phi * a[i - 1] + e[i]
        return 580 + a, 1
    a = np.zeros(n)
    for i in range(1, n):
        a[i] = 0.6 * a[i - 1] + e[i]
    return 100 + np.cumsum(a), 1


def called(train: np.ndarray, test: np.ndarray, period: int, others: dict[str, np.ndarray]) -> dict | None:
    h = len(test)
    fc = {"last value": np.full(h, train[-1]), **others}
    scores = {k: {"mse": float(np.mean((v - test) ** 2))} for k, v in fc.items()}
    return walk_evidence(train, period, scores, tolerance(train, 1e-3))


def synthetic() -> list[str]:
    rows = ["| series | points | called a walk (of 200) | by Ljung-Box | by the held-out part alone |", "|---|---|---|---|---|"]
    for kind in KINDS:
        for n in (120, 600):
            rng = np.random.default_rng(0)
            got = lb = ho = 0
            for _ in range(200):
                y, period = make(kind, n + H, rng)
                train, test = y[:n], y[n:]
                others = {"mean": np.full(H, train.mean()),
                          "linear AR(2)": LinearAR(2).fit(train[:, None]).predict(train[None, :, None], H)[0, :, 0]}
                if period > 1:
                    others["seasonal naive"] = np.resize(train[-period:], H)
                ev = called(train, test, period, others)
                got += ev is not None
                lb += ev is not None and ev.get("ljung_box", {}).get("p_value", 0) >= LB_ALPHA
                ho += ev is not None and ev.get("ljung_box", {}).get("p_value", 0) < LB_ALPHA
            rows.append(f"| {kind} | {n} | {got} | {lb} | {ho} |")
    return rows


def m3() -> list[str]:
    from .m3_data import GROUPS, load

    rows = ["| M3 group | series | called a walk | by Ljung-Box | by the held-out part alone |", "|---|---|---|---|---|"]
    for group in GROUPS:
        g = load(group)
        got = lb = ho = 0
        for train, test in zip(g.train, g.test, strict=True):
            h = len(test)
            others = {"seasonal naive": np.resize(train[-g.season:], h),
                      "drift": train[-1] + (train[-1] - train[0]) / (len(train) - 1) * np.arange(1, h + 1),
                      "mean": np.full(h, train.mean())}
            ev = called(train, test, g.season, others)
            got += ev is not None
            lb += ev is not None and ev.get("ljung_box", {}).get("p_value", 0) >= LB_ALPHA
            ho += ev is not None and ev.get("ljung_box", {}).get("p_value", 0) < LB_ALPHA
        rows.append(f"| {group} | {len(g.train)} | {got} | {lb} | {ho} |")
    return rows


def main() -> None:
    print("\n".join(synthetic()))
    print()
    print("\n".join(m3()))


if __name__ == "__main__":
    main()
