"""What every recipe returns and how it is written to disk: metrics.json, config.json, plots.

A recipe reports *figures*: one number each, beside the number its source document gives
(or None where the source gives none), with the goal it must meet written out in words.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Figure:
    """One reported number: ours beside the source's."""

    label: str  # what it is, in words, with its unit
    ours: float
    reported: float | None = None  # the source document's figure; None where it gives none
    goal: str = ""  # the bar ours must clear, in words ("<= 0.05"); "" = reported only
    met: bool | None = None  # whether ours clears the goal; None when there is no goal

    def as_dict(self) -> dict[str, Any]:
        return {"reported": self.reported, "ours": self.ours, "label": self.label,
                "goal": self.goal, "met": self.met}


@dataclass
class RecipeResult:
    name: str
    source: str  # the source document, named by what it is ("the MXNet forum answer")
    quick: bool
    figures: dict[str, Figure]
    config: dict[str, Any]  # every setting the numbers depend on, JSON-ready
    context: dict[str, Any] = field(default_factory=dict)  # extra numbers, JSON-ready
    notes: list[str] = field(default_factory=list)  # what was found, in plain words
    seconds: float = 0.0  # wall time of the whole recipe
    draw: Callable[[Path], list[Path]] | None = None  # writes the plots into a folder

    def metrics(self) -> dict[str, Any]:
        return {
            "recipe": self.name,
            "source": self.source,
            "quick": self.quick,
            "figures": {k: f.as_dict() for k, f in self.figures.items()},
            "context": self.context,
            "notes": self.notes,
            "seconds": self.seconds,
        }


def jsonable(obj: Any) -> Any:
    """NaN/inf as None, so metrics.json stays strict JSON (a diverged run is still written)."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(v) for v in obj]
    return obj


def save(result: RecipeResult, out: str | Path) -> list[Path]:
    """Write metrics.json, config.json and the recipe's plots into `out`; return the paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "metrics.json", out / "config.json"]
    from ..io.atomic import write_text

    write_text(paths[0], json.dumps(jsonable(result.metrics()), indent=2, allow_nan=False) + "\n")
    write_text(paths[1], json.dumps(jsonable(result.config), indent=2, allow_nan=False) + "\n")
    if result.draw is not None:
        paths += result.draw(out)
    return paths


def torch_setup(seed: int, threads: int = 1) -> None:
    """One torch thread and a seeded global generator: the numbers repeat on one machine."""
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
