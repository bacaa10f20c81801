"""`python -m benchmarks` (make bench): every benchmark on this machine in one go.

Each measured system runs in its own process (whole-process time from outside, the in-process
figures from its last JSON line), one CPU thread, seeds 0..runs-1. Prints a markdown table
for the README and writes benchmarks/results/bench.json. Darts and NeuralForecast run under
.venv-compare (`make bench` builds it; without it their rows say "not installed").

    python -m benchmarks [--runs 3] [--only window,future,...] [--quick]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time

from . import startup
from .common import (
    COMPARE_PYTHON,
    load_average,
    machine,
    median,
    python_module,
    run_child,
    write_json,
)
from .table import render

SECTIONS = ("startup", "window", "variants", "future", "noisy", "throughput", "memory")
COMPARE = ("darts-block", "darts-rnn", "neuralforecast")


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _one(argv: list[str], seed: int, timeout: float = 600) -> dict:
    """One system, one seed, in its own process: its JSON figures plus the whole-process time."""
    r = run_child([*argv, "--seed", str(seed)], timeout=timeout)
    row = dict(r.get("result", {}), whole_s=r["wall_s"], ok=r["ok"])
    if not r["ok"]:
        row["error"] = r.get("error")
    return row


def _summary(rows: list[dict]) -> dict:
    """Per-seed rows -> the medians (and every value) of the figures they share."""
    ok = [r for r in rows if r["ok"]]
    summary = {"runs": rows, "ok": len(ok) == len(rows), "load_average": load_average()}
    for key in ("train_s", "whole_s", "time_to_target_s", "mse", "rmse", "ratio_to_floor", "train_cpu_s",
                "sine_fit_ratio", "phase_fit_ratio"):
        vals = [r.get(key) for r in ok]
        if any(v is not None for v in vals):
            summary[key] = median(vals)
            summary[f"{key}_all"] = vals
    # Time to target over the seeds: the median counts a miss as infinitely slow.
    ttt = [r.get("time_to_target_s") for r in ok]
    if ttt:
        hits = sorted(v for v in ttt if v is not None)
        summary["reached"] = f"{len(hits)}/{len(ttt)}"
        summary["time_to_target_s"] = hits[len(ttt) // 2] if len(hits) > len(ttt) // 2 else None
    return summary


def _system(argv: list[str], seeds: range, timeout: float = 600) -> dict:
    """One system over the seeds: per-seed figures, whole-process times and their medians."""
    return _summary([_one(argv, seed, timeout) for seed in seeds])


def _cli_argv(tmp: str) -> list[str]:
    """`wavecast run` from the shell: Python, torch, training, baselines, figures, files."""
    return [sys.executable, "-m", "wavecast", "run", "--quiet", "--out", f"{tmp}/run", "--overwrite"]


def window(runs: int, quick: bool, compare: bool) -> dict:
    """Task 1, every system in turn for seed 0, then for seed 1, ...: the machine's speed drifts
    by 10-25% over minutes here, and running one system's seeds back to back put that drift
    between systems. Ratios are also taken seed by seed (each pair ran a few seconds apart)."""
    quick_set = ["--set", "train.epochs=2"] if quick else []
    systems = {"wavecast": python_module("benchmarks.window_task", "wavecast", *quick_set)}
    tmp = tempfile.TemporaryDirectory()
    if not quick:  # the whole `wavecast run` (figures, report, model files) is left out of a quick check
        systems["cli"] = _cli_argv(tmp.name)
    systems["seed004"] = python_module("benchmarks.window_task", "seed004", "--epochs", "1" if quick else "10")
    out: dict = {"target_mse": 1e-5, "order": "interleaved: every system for one seed, then the next seed"}
    for name in COMPARE:
        if not compare:
            out[name] = {"skipped": "not asked (--no-compare)"}
        elif not COMPARE_PYTHON.exists():
            out[name] = {"skipped": "not installed (make bench COMPARE=1 builds .venv-compare)"}
        else:
            systems[name] = python_module("benchmarks.compare", name, python=COMPARE_PYTHON)
    rows: dict[str, list[dict]] = {name: [] for name in systems}
    with tmp:
        for seed in range(runs):
            for name, argv in systems.items():
                _log(f"window-lstm: {name}, seed {seed}")
                rows[name].append(_one(argv, seed))
    for name, r in rows.items():
        out[name] = _summary(r)
    cli = out.pop("cli", None)
    out["wavecast"]["cli"] = {"skipped": "quick"} if cli is None else cli
    if cli is not None:
        for name in systems:
            if name != "cli":
                pairs = [a["whole_s"] / b["whole_s"] for a, b in zip(rows[name], rows["cli"], strict=True)
                         if a["ok"] and b["ok"]]
                out[name]["whole_vs_cli_all"] = pairs
                out[name]["whole_vs_cli"] = median(pairs) if pairs else None
    return out


def variants(runs: int, quick: bool) -> dict:
    """The fast-path choices measured on task 1: threads and dtype beside the default."""
    seeds = range(runs)
    base = ["train.epochs=2"] if quick else []
    out = {}
    for name, sets in (("default (1 thread, float32)", []), ("2 threads", ["train.threads=2"]),
                       ("float64", ["train.dtype=float64"])):
        _log(f"variants: {name}")
        argv = python_module("benchmarks.window_task", "wavecast")
        for s in base + sets:
            argv += ["--set", s]
        # On a busy machine a 2-thread run can take 10-100x longer (the issue saw 161 s).
        out[name] = _system(argv, seeds, timeout=120)
    return out


def future(runs: int, quick: bool) -> dict:
    _log("lstm-cell-future")
    extra = ["--set", "train.epochs=1", "--set", "window.stride=200"] if quick else []
    return {"target_rmse": 0.05,
            "wavecast": _system(python_module("benchmarks.future_task", *extra), range(runs))}


def noisy(runs: int, quick: bool) -> dict:
    _log("noisy-sine")
    extra = ["--set", "train.epochs=1"] if quick else []
    return {"wavecast": _system(python_module("benchmarks.noisy_task", *extra), range(runs))}


def throughput(quick: bool) -> dict:
    import torch

    rows = []
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    for device in devices:
        for hidden in (8,) if quick else (32, 128, 512):
            for threads in (1,) if device == "cuda" or quick else (1, 2):
                _log(f"throughput: hidden {hidden}, {device}, {threads} thread(s)")
                steps, secs = ("1", "0") if quick else ("6", "2")
                r = run_child(python_module("benchmarks.scale", "throughput", "--hidden", str(hidden),
                                            "--threads", str(threads), "--device", device, "--steps", steps,
                                            "--min-seconds", secs), threads=threads)
                rows.append(dict(r.get("result", {"hidden": hidden, "device": device, "threads": threads}),
                                 ok=r["ok"], error=r.get("error"), load_average=load_average()))
    return {"batch": 256, "rows": rows, "gpu": "measured" if len(devices) > 1 else "not measured (no GPU)"}


def memory(quick: bool) -> dict:
    rows = []
    for layout in ("long", "many"):
        _log(f"memory: {layout}")
        extra = ["--points", "100000", "--seconds", "2"] if quick else []
        r = run_child(python_module("benchmarks.scale", "memory", "--layout", layout, *extra))
        rows.append(dict(r.get("result", {"layout": layout}), ok=r["ok"], error=r.get("error")))
    return {"rows": rows}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3, help="seeds per system (median reported)")
    p.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated: {','.join(SECTIONS)}")
    p.add_argument("--no-compare", action="store_true", help="skip Darts and NeuralForecast")
    p.add_argument("--quick", action="store_true", help="tiny settings: checks the harness, not speed")
    p.add_argument("--out", default="bench.json", help="file name under benchmarks/results/")
    a = p.parse_args(argv)
    only = [s.strip() for s in a.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        p.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    t0 = time.perf_counter()
    results: dict = {"machine": machine(), "load_average_start": load_average(), "quick": a.quick,
                     "runs": a.runs, "command": "python -m benchmarks " + " ".join(argv or sys.argv[1:])}
    if "startup" in only:
        _log("startup")
        results["startup"] = startup.measure(1 if a.quick else 5)
    if "window" in only:
        results["window"] = window(a.runs, a.quick, not a.no_compare)
    if "variants" in only:
        results["variants"] = variants(a.runs, a.quick)
    if "future" in only:
        results["future"] = future(a.runs, a.quick)
    if "noisy" in only:
        results["noisy"] = noisy(a.runs, a.quick)
    if "throughput" in only:
        results["throughput"] = throughput(a.quick)
    if "memory" in only:
        results["memory"] = memory(a.quick)
    results["load_average_end"] = load_average()
    results["seconds"] = time.perf_counter() - t0
    path = write_json(results, a.out)
    print(render(results))
    print(f"\nwrote {path} in {results['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
