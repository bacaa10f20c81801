"""The marker that makes a folder a wavecast run folder (out/.wavecast-run.json: {"wavecast":
"run folder", "kind": ..., "version": ...}), written and read: wavecast writes into no non-empty
folder without it (io.rundir)."""

from __future__ import annotations

import json
from pathlib import Path

MARKER = ".wavecast-run.json"


def read_marker(folder: Path) -> dict | None:
    """The marker's contents, or None when `folder` has no readable marker."""
    try:
        doc = json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) and doc.get("wavecast") == "run folder" else None


def write_marker(folder: Path, kind: str) -> None:
    from .. import __version__
    from .atomic import write_text

    write_text(Path(folder) / MARKER, json.dumps({"wavecast": "run folder", "kind": kind,
                                                  "version": __version__}) + "\n")
