"""Which files wavecast wrote, known by their content: a run folder's replacement deletes no
other (foreign_files), and an output file is overwritten only when it is one (check_output_file).
Figures carry wavecast's PNG tag, a Parquet forecast its schema tag, and a forecast CSV is vouched
for by the plot written beside it, which carries its SHA-256."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path

from ..errors import ValidationError
from ..forecasters.baseline_names import NAMES
from .forecastfile import output_kind, plot_path, tagged_parquet
from .output_errors import cannot
from .run_marker import MARKER

# What the commands write into a run folder (figures and forecasts are recognised by content).
OWN_NAMES = {MARKER, "config.json", "metrics.json", "timings.json", "report.html", "per_origin.csv",
             "forecasts.csv", "checkpoint.safetensors"}
OWN_MODEL = {"model.json", "weights.safetensors"}


def foreign_files(folder: Path) -> list[str]:
    """Entries of a wavecast folder that wavecast did not write: a replacement must not delete
    them. Figures carry wavecast's PNG tag; a Parquet forecast its schema tag; a forecast CSV is
    vouched for by the plot written beside it (NAME_plot.png carries the CSV's SHA-256, as
    check_output_file asks): its header alone is what a user's own file of forecasts may have."""
    out = []
    for entry in sorted(os.listdir(folder)):
        p = Path(folder) / entry
        if p.is_symlink():
            out.append(entry)
        elif entry == "model" and p.is_dir():  # `forecast RUN/model` writes its forecast in there
            out += [f"model/{n}" for n in sorted(os.listdir(p))
                    if n not in OWN_MODEL and not _temp(n) and not _written(p / n)]
        elif entry in OWN_NAMES or _temp(entry):
            continue
        elif not _written(p):
            out.append(entry)
    return out


def _written(p: Path) -> bool:
    """Whether p is a forecast table or figure wavecast wrote, as it wrote it."""
    return (not p.is_symlink() and p.is_file() and _ours(p, output_kind(p.name)) and
            (output_kind(p.name) != "csv" or _vouched(p, plot_path(p))))


def _temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(".tmp")  # a killed writer's, never renamed


# What `forecast` writes after its forecast column: the bands (lo-80, hi-80), then with --baselines
# each baseline's forecast (forecasters/baselines.py's names): without them a forecast written with
# --baselines was refused as the user's by the next `forecast --out` and by `run --overwrite`.
_AFTER_FORECAST = rb"(lo|hi)-\d+(\.\d+)?|" + NAMES.encode()


def _ours(path: Path, kind: str, tag: bytes = b"wavecast") -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    if kind == "parquet":  # the tag wavecast puts in the schema's metadata (write_forecast)
        return head.startswith(b"PAR1") and tagged_parquet(path)
    if kind == "csv":  # a forecast's header: ..., forecast[, lo-80, hi-80, ...][, mean, last value, ...]
        cols = head.split(b"\n", 1)[0].rstrip(b"\r").split(b",")
        after = cols[cols.index(b"forecast") + 1:] if b"forecast" in cols else None
        return after is not None and all(re.fullmatch(_AFTER_FORECAST, c) for c in after)
    return head.startswith(b"\x89PNG") and tag in head


def _vouched(path: Path, plot: Path) -> bool:
    """Whether `plot` is wavecast's forecast PNG and names the CSV at `path` by its SHA-256."""
    from .forecastfile import csv_vouch

    try:
        with open(plot, "rb") as f:
            head = f.read(4096)
        return head.startswith(b"\x89PNG") and PNG_TAG in head and csv_vouch(path) in head
    except OSError:
        return False


def check_output_file(path: str | Path, flag: str, protect: tuple = (), kind: str = "csv",
                      plot: Path | None = None) -> Path:
    """Refuse an output file that wavecast must not replace: a symlink, a directory, a device or
    FIFO, one of the files in `protect` (same inode: the input, the model), or an existing file
    that is not a forecast wavecast wrote (a CSV whose header ends in 'forecast' and its bands, a Parquet
    file or a PNG with wavecast's tag). plot: for a CSV, the PNG written beside it, which must
    carry the CSV's SHA-256 (forecastfile.csv_vouch): a user's own 'week,forecast' file was
    replaced on the strength of its header alone."""
    path = Path(path)
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # nothing there to lose
        return path
    except OSError as exc:
        raise cannot(path, exc, "use", flag.split(" ")[0]) from None
    if stat.S_ISLNK(st.st_mode):
        raise ValidationError(f"{flag} {path} is a symbolic link; give the real file")
    if stat.S_ISDIR(st.st_mode):
        raise ValidationError(f"{flag} {path} is a directory; give a file name (e.g. {path / 'forecast.csv'})")
    if not stat.S_ISREG(st.st_mode):
        raise ValidationError(f"{flag} {path} is not a regular file (a device, FIFO or socket); "
                              "give a file name")
    for other in protect:
        with contextlib.suppress(OSError):
            o = os.stat(other)
            if (o.st_dev, o.st_ino) == (st.st_dev, st.st_ino):
                raise ValidationError(f"{flag} {path} is the input file {other}; wavecast will not "
                                      "overwrite it: choose another file")
    if not _ours(path, kind, PNG_TAG) or (kind == "csv" and plot is not None and not _vouched(path, plot)):
        raise ValidationError(f"{flag} {path} exists and is not a forecast wavecast wrote (or was changed since); "
                              "wavecast will not overwrite it: choose another file or remove it")
    return path


PNG_TAG = b"wavecast forecast"  # in the PNG's Software text chunk (report.future_figure)
