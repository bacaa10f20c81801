"""`python -m benchmarks.m3` (make bench-m3): wavecast against the statisticians on M3.

    python -m benchmarks.m3 --group monthly|quarterly|yearly|other|all [--systems a,b,...]
        [--seeds N] [--out DIR] [--val] [--set key=value ...] [--timeout S]

Every system runs in its own process, in turn, one CPU thread, on the groups asked (all groups
in one process, so a library's compilation is paid once). wavecast runs under this interpreter;
statsforecast, Darts and NeuralForecast under this one if it has them, else under
.venv-compare (`make .venv-compare/.installed`), else their row says "not installed".
Official split (the last `horizon` points of each series are the test; `--val` instead scores
on the last horizon of each training part). Prints a markdown table; writes m3-GROUP.json.
Systems: wavecast, wavecast-fit, wavecast-theta (its Theta baseline), seasonal-naive, naive,
autoets, autotheta, theta (default), and darts-rnn,
darts-block, neuralforecast-lstm (slow; ask for them, or --systems all).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .m3_data import GROUPS
from .m3_systems import DEFAULT_SYSTEMS, LIBRARY, SYSTEMS

ROOT = Path(__file__).resolve().parent.parent
COMPARE_PYTHON = ROOT / ".venv-compare" / "bin" / "python"
RESULTS = ROOT / "benchmarks" / "results"


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _env() -> dict:
    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMBA_NUM_THREADS"):
        env[k] = "1"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def interpreter(system: str) -> str | None:
    """The Python that has the system's library: this one, else .venv-compare's, else None."""
    lib = LIBRARY[system]
    for py in (sys.executable, COMPARE_PYTHON):
        if Path(py).exists() and subprocess.run([str(py), "-c", f"import {lib}"], env=_env(),
                                                capture_output=True).returncode == 0:
            return str(py)
    return None


def run_one(python: str, system: str, groups: list[str], seed: int, val: int,
            overrides: list[str], timeout: float) -> dict:
    argv = [python, "-m", "benchmarks.m3_run", system, "--groups", ",".join(groups),
            "--seed", str(seed), *(["--val", str(val)] if val else []),
            *[x for kv in overrides for x in ("--set", kv)]]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=_env(), cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"timed out after {timeout:.0f} s"}
    whole = time.perf_counter() - t0
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        err = (p.stderr.strip().splitlines() or ["(no output)"])[-1][:300]
        return {"ok": False, "error": err}
    return {"ok": True, "whole_s": whole, **json.loads(lines[-1])}


def _pooled(groups: dict, counts: dict) -> dict:
    """M3 as one panel: series-weighted means of the groups' scores, wall seconds summed."""
    n = sum(counts[g] for g in groups)
    return {k: sum(groups[g][k] * counts[g] for g in groups) / n for k in ("mase", "smape")} | {
        "wall_s": sum(r["wall_s"] for r in groups.values()), "n_series": n}


def summarise(runs: list[dict], groups: list[str]) -> dict:
    """Per group: seed 0's figures, and over seeds the median (and each value) of every score."""
    ok = [r for r in runs if r["ok"]]
    if not ok:
        return {"ok": False, "error": runs[0].get("error", "failed") if runs else "not run"}
    counts = {g: ok[0]["groups"][g]["n_series"] for g in groups}
    for r in ok:
        if len(groups) > 1:
            r["groups"]["all"] = _pooled(r["groups"], counts)
    out = {"ok": True, "seeds": [r["seed"] for r in ok], "groups": {}}
    for g in ok[0]["groups"]:
        rows = [r["groups"][g] for r in ok]
        entry = {"seed0": rows[0]}
        if len(rows) > 1:
            entry["median"] = {k: statistics.median(x[k] for x in rows) for k in ("mase", "smape", "wall_s")}
            entry["all_seeds"] = {k: [x[k] for x in rows] for k in ("mase", "smape", "wall_s")}
        out["groups"][g] = entry
    return out


def table(results: dict, groups: list[str]) -> str:
    shown = [*groups, "all"] if len(groups) > 1 else groups
    lines = ["| system | group | MASE | sMAPE | wall s | time / AutoETS |", "|---|---|---|---|---|---|"]
    for system, res in results.items():
        if not res.get("ok"):
            lines.append(f"| {system} | {','.join(groups)} | — | — | — | {res.get('error', 'failed')} |")
            continue
        for g in shown:
            e = res["groups"][g]
            ets = results.get("autoets", {})
            ets_s = ets["groups"][g]["seed0"]["wall_s"] if ets.get("ok") else None
            for label, fig in (("", e["seed0"]), (f" (median of {len(res['seeds'])} seeds)", e.get("median"))):
                if fig is None:
                    continue
                ratio = f"{fig['wall_s'] / ets_s:.2f}" if ets_s else "—"
                lines.append(f"| {system}{label} | {g} | {fig['mase']:.3f} | {fig['smape']:.2f} "
                             f"| {fig['wall_s']:.1f} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(prog="python -m benchmarks.m3", description=__doc__.split("\n")[0])
    p.add_argument("--group", default="monthly", choices=[*GROUPS, "all"])
    p.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS),
                   help=f"comma-separated, or 'all': {', '.join(SYSTEMS)}")
    p.add_argument("--seeds", type=int, default=1, help="seeds 0..N-1 of every net (statsforecast's methods: one run)")
    p.add_argument("--out", type=Path, default=RESULTS)
    p.add_argument("--val", type=int, nargs="?", const=1, default=0, metavar="K",
                   help="score on the end of the training parts (origin K: K - 1 horizons earlier)")
    p.add_argument("--set", dest="overrides", action="append", default=[],
                   help="wavecast setting, e.g. --set n_ensemble=3")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per system and seed")
    a = p.parse_args(argv)
    groups = list(GROUPS) if a.group == "all" else [a.group]
    systems = list(SYSTEMS) if a.systems == "all" else a.systems.split(",")
    for s in systems:
        if s not in SYSTEMS:
            p.error(f"--systems: unknown system {s!r}; choose from {', '.join(SYSTEMS)}")
    results = {}
    for system in systems:
        py = interpreter(system)
        if py is None:
            results[system] = {"ok": False, "error": f"not installed ({LIBRARY[system]})"}
            _log(f"{system}: not installed")
            continue
        # the statistical methods are deterministic: one run; the nets, wavecast's and the
        # other libraries', are run with each seed
        seeds = range(a.seeds) if LIBRARY[system] != "statsforecast" else range(1)
        runs = []
        for seed in seeds:
            _log(f"{system} seed {seed} on {a.group} ...")
            r = run_one(py, system, groups, seed, a.val,
                        a.overrides if system == "wavecast" else [], a.timeout)
            _log(f"  {'ok' if r['ok'] else r['error']}" + (
                f": {r['wall_s']:.1f} s" if r["ok"] else ""))
            runs.append(r)
        results[system] = summarise(runs, groups) | {"runs": runs}
    text = table(results, groups)
    print(text)
    a.out.mkdir(parents=True, exist_ok=True)
    name = f"m3-{a.group}{'' if not a.val else '-val' if a.val == 1 else f'-val{a.val}'}.json"
    doc = {"group": a.group, "val": a.val, "systems": systems, "seeds": a.seeds,
           "overrides": a.overrides, "load_average": list(os.getloadavg()),
           "results": results, "table": text}
    (a.out / name).write_text(json.dumps(doc, indent=2, default=str) + "\n")
    _log(f"wrote {a.out / name}")
    return doc


if __name__ == "__main__":
    main()
