"""Start-up: what `import wavecast` and `wavecast --help` cost above bare Python, and which
heavy libraries they pull in (none should: torch, pandas, matplotlib load when used)."""

from __future__ import annotations

import sys

from .common import median, run_child

HEAVY = ("torch", "numpy", "pandas", "matplotlib", "pyarrow")
_PROBE = "import json, sys; {stmt}; print(json.dumps({{'loads': sorted(m for m in {heavy!r} if m in sys.modules)}}))"


def commands() -> dict[str, list[str]]:
    py = sys.executable
    return {
        "bare python": [py, "-c", "pass"],
        "import wavecast": [py, "-c", "import wavecast"],
        "wavecast --help": [py, "-m", "wavecast", "--help"],
        "import torch": [py, "-c", "import torch"],
    }


def measure(runs: int = 5) -> dict:
    """Median whole-process wall time of each command, and the heavy modules each loads."""
    out: dict = {"runs": runs, "seconds": {}, "loads": {}}
    for name, argv in commands().items():
        out["seconds"][name] = median([run_child(argv)["wall_s"] for _ in range(runs)])
    py = sys.executable
    for name, stmt in (("import wavecast", "import wavecast"),
                       ("wavecast --help", "import wavecast.cli; wavecast.cli.build_parser().format_help()")):
        probe = run_child([py, "-c", _PROBE.format(stmt=stmt, heavy=HEAVY)])
        out["loads"][name] = probe["result"]["loads"] if probe["ok"] else probe.get("error")
    bare = out["seconds"]["bare python"]
    out["above_bare"] = {k: v - bare for k, v in out["seconds"].items() if k != "bare python"}
    return out
