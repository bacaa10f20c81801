"""Helpers shared by the benchmark sections: timing, subprocesses, statistics, the machine."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
COMPARE_PYTHON = ROOT / ".venv-compare" / "bin" / "python"


def levels_arg(parser, text: str) -> tuple[float, ...]:
    """A `--level 80,95` option's levels in percent; a bad one is the parser's error (exit 2)."""
    try:
        levels = tuple(float(v) for v in text.split(",") if v)
    except ValueError:
        parser.error(f"--level takes levels in percent, e.g. 80,95, not {text!r}")
    if any(not 0 < lv < 100 for lv in levels):
        parser.error(f"--level takes levels between 0 and 100, not {text!r}")
    return levels


def load_average() -> list[float]:
    """1-, 5- and 15-minute load averages: timings taken on a busy machine are inflated."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - not on every platform
        return []


def machine() -> dict:
    import torch

    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "cuda": torch.cuda.is_available(),
    }


def median(xs: list[float]) -> float | None:
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def child_env(threads: int = 1) -> dict:
    """The environment of a measured child: one thread everywhere unless asked."""
    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[k] = str(threads)
    env.setdefault("MPLBACKEND", "Agg")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_child(argv: list[str], timeout: float = 600, threads: int = 1) -> dict:
    """Run a command; return its whole-process wall time, exit code and last JSON line.

    The child may print one JSON object as its last stdout line (the in-process figures:
    training seconds, MSE); it comes back under "result".
    """
    t0 = time.perf_counter()
    try:
        p = subprocess.run(
            argv, capture_output=True, text=True, timeout=timeout, env=child_env(threads), cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "wall_s": time.perf_counter() - t0, "error": f"timed out after {timeout} s"}
    wall = time.perf_counter() - t0
    out = {"ok": p.returncode == 0, "wall_s": wall, "rc": p.returncode}
    lines = [ln for ln in p.stdout.strip().splitlines() if ln.startswith("{")]
    if lines:
        with contextlib.suppress(json.JSONDecodeError):
            out["result"] = json.loads(lines[-1])
    if p.returncode != 0:
        out["error"] = (p.stderr.strip().splitlines() or ["(no stderr)"])[-1][:300]
    return out


def python_module(module: str, *args: str, python: str | Path | None = None) -> list[str]:
    return [str(python or sys.executable), "-m", module, *args]


def write_json(obj: dict, name: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    path.write_text(json.dumps(obj, indent=2, allow_nan=False, default=str) + "\n")
    return path


def fmt_s(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def fmt_e(x: float | None) -> str:
    return "—" if x is None else f"{x:.1e}"


def seeded_task_main(prog: str, run, argv: list[str] | None = None) -> None:
    """`python -m benchmarks.<task> --seed N --set k=v ...`: run(seed, overrides), one JSON line."""
    import argparse

    p = argparse.ArgumentParser(prog=prog)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--set", dest="overrides", action="append", default=[])
    a = p.parse_args(argv)
    print(json.dumps(run(a.seed, a.overrides)))
