"""A driver whose effect depends on the series (docs/covariates.md): a store panel where a price
cut moves sales in proportion to the store's size, a static covariate.

stores   4 stores of 400 days, sizes 1.0, 1.5, 0.7, 2.0 (static `size`, x 1000 in the data);
         sales = size x (100 + a weekday pattern - 8 (price - 10) + 20 promo - 40 holiday
         + 0.8 (temp - 12)) + noise (sd 4); price a slow random walk near 10 with cuts of 1.5 for
         a week, promo on 10% of days, temp a yearly wave (a past covariate), holidays.

The net with drivers (`future=["price", "promo", "holiday"], past=["temp"], static=["size"]`,
every other default) forecasts the 14 days after the data twice: the future prices held at the
last one, and 2 lower. The true effect of the cut is 16 x size (+16, +24, +11.2, +32); a net
whose drivers reach the forecast through one weight shared by every store moves all four by the
same amount. MSE: the net's on the held-out end (the run's test part), pooled.

    python -m benchmarks.store_drivers [--seed 0] [--interactions]

--interactions also gives price x size, promo x size and holiday x size as future covariates
(the workaround before the net learnt the interaction itself). --shared: the price effect the
same in every store (8 x 1.3, the mean size, a unit of price: +20.8 for the cut), the rest as
above: what the gains cost where there is no interaction to learn. The panel is the same for
every --seed (numpy seed 0, as the tester's); --seed is the fit's.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np
import pandas as pd

import wavecast

DAYS, H, CUT = 400, 14, 2.0
SIZES = {"s1": 1.0, "s2": 1.5, "s3": 0.7, "s4": 2.0}
HOLIDAYS = ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-29", "2023-08-28", "2023-12-25",
            "2023-12-26", "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27"]


def panel(seed: int = 0, shared: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(history, its 14 future rows with the price held at its last value). shared: the price
    effect of the mean size in every store."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2023-01-02", periods=DAYS, freq="D")
    hol = days.isin(pd.to_datetime(HOLIDAYS)).astype(int)
    week = np.array([0, -5, -5, 0, 10, 25, 15])[days.day_of_week]
    hist, fut = [], []
    fdays = pd.date_range(days[-1] + pd.Timedelta(days=1), periods=H, freq="D")
    for s, size in SIZES.items():
        price = np.clip(10 + np.cumsum(rng.normal(0, 0.05, DAYS)), 8, 12)
        for k in rng.choice(DAYS - 20, 8, replace=False):  # price-cut weeks
            price[k:k + 7] -= 1.5
        promo = (rng.random(DAYS) < 0.1).astype(int)
        temp = 12 + 10 * np.sin(2 * np.pi * (np.arange(DAYS) - 100) / 365) + rng.normal(0, 2, DAYS)
        sales = size * (100 + week + 20 * promo - 40 * hol + 0.8 * (temp - 12)) \
            - 8 * _price_size(size, shared) * (price - 10) + rng.normal(0, 4, DAYS)
        hist.append(pd.DataFrame({"store": s, "date": days, "sales": sales.round(2), "price": price.round(2),
                                  "promo": promo, "holiday": hol, "temp": temp.round(1), "size": size * 1000}))
        fut.append(pd.DataFrame({"store": s, "date": fdays, "price": price.round(2)[-1], "promo": 0,
                                 "holiday": fdays.isin(pd.to_datetime(HOLIDAYS)).astype(int), "size": size * 1000}))
    return pd.concat(hist, ignore_index=True), pd.concat(fut, ignore_index=True)


def _price_size(size: float, shared: bool) -> float:
    return float(np.mean(list(SIZES.values()))) if shared else size


def with_interactions(d: pd.DataFrame) -> pd.DataFrame:
    size = d["size"] / 1000
    return d.assign(price_x_size=d.price * size, promo_x_size=d.promo * size, holiday_x_size=d.holiday * size)


def main(argv=None) -> dict:
    import torch

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=0, help="the fit's seed (the panel is always numpy seed 0)")
    p.add_argument("--interactions", action="store_true", help="also give price/promo/holiday x size as future")
    p.add_argument("--shared", action="store_true", help="the price effect the same in every store")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    hist, fut = panel(shared=a.shared)
    future = ["price", "promo", "holiday"]
    if a.interactions:
        hist, fut = with_interactions(hist), with_interactions(fut)
        future += ["price_x_size", "promo_x_size", "holiday_x_size"]
    cut = fut.assign(price=fut.price - CUT)
    if a.interactions:
        cut = with_interactions(cut)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(hist, target="sales", time="date", id="store", future=future, past=["temp"],
                         static=["size"], seed=a.seed)
        base, after = f.predict(H, future=fut), f.predict(H, future=cut)
    net = next(iter(f.metrics["forecasters"]))
    effect = (after.forecast.to_numpy() - base.forecast.to_numpy()).reshape(len(SIZES), -1).mean(axis=1)
    truth = 8 * CUT * np.array([_price_size(s, a.shared) for s in SIZES.values()])
    out = {"seed": a.seed, "interactions": a.interactions, "shared": a.shared, "net": net,
           "mse": float(f.metrics["forecasters"][net]["mse"]),
           "effect": dict(zip(SIZES, effect.round(2).tolist(), strict=True)),
           "truth": dict(zip(SIZES, truth.round(2).tolist(), strict=True)),
           "effect_rmse": float(np.sqrt(np.mean((effect - truth) ** 2))), "seconds": time.perf_counter() - t0}
    said = "20.8 in every store" if a.shared else "16 x size"
    print(f"stores (price effect {said}), seed {a.seed}{', with x size columns' if a.interactions else ''}: "
          f"{net} MSE {out['mse']:.2f}; effect of a price cut of {CUT:g} per store "
          + ", ".join(f"{s} {e:+.1f} (true {t:+.1f})" for s, e, t in zip(SIZES, effect, truth, strict=True))
          + f"; RMSE of the effects {out['effect_rmse']:.2f}")
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
