"""`wavecast forecast MODEL_DIR --data FILE --horizon N`: continue each series N steps.

Also the data-file flags shared with `wavecast run` (--data, --target, --time, --id, ...).
"""

from __future__ import annotations

import argparse
from pathlib import Path

# flag -> (config key, argparse options): the reader's options, as in RELIABILITY.md.
_DATA_FLAGS = {
    "--target": ("target", {"metavar": "COLUMN", "help": "column to forecast (default: the only numeric one)"}),
    "--time": ("time", {"metavar": "COLUMN", "help": "time column: parsed, frequency inferred"}),
    "--id": ("id", {"metavar": "COLUMN", "help": "series-id column: many series, one global model"}),
    "--fill": ("fill", {"choices": ["none", "linear"], "help": "linear: interpolate missing values"}),
    "--encoding": ("encoding", {"metavar": "NAME", "help": "CSV text encoding (default utf-8)"}),
    "--thousands": ("thousands", {"metavar": "CHAR", "help": "thousands separator in numbers, e.g. ,"}),
}
_DATA_SWITCHES = {
    "--sort": ("sort", "true", "sort rows by time (unsorted files are refused without it)"),
    "--fill-missing-dates": ("fill_missing_dates", "true", "insert missing time stamps, interpolated"),
    "--no-header": ("header", "false", "the CSV has no header row; columns are named 0, 1, 2, ..."),
}


def add_data_flags(p: argparse.ArgumentParser, with_path: bool = True) -> None:
    if with_path:
        p.add_argument("--data", metavar="FILE", help="CSV or Parquet file (long format with --id)")
    for flag, (_, opts) in _DATA_FLAGS.items():
        p.add_argument(flag, dest=f"data_{flag[2:].replace('-', '_')}", default=None, **opts)
    for flag, (_, _, text) in _DATA_SWITCHES.items():
        p.add_argument(flag, dest=f"data_{flag[2:].replace('-', '_')}", action="store_true", help=text)


def data_overrides(args) -> list[str]:
    """The data flags given, as dotted config overrides (data.path=..., data.target=...)."""
    out = [f"data.path={args.data}"] if getattr(args, "data", None) else []
    for flag, (key, _) in _DATA_FLAGS.items():
        value = getattr(args, f"data_{flag[2:].replace('-', '_')}", None)
        if value is not None:
            out.append(f"data.{key}={value}")
    for flag, (key, value, _) in _DATA_SWITCHES.items():
        if getattr(args, f"data_{flag[2:].replace('-', '_')}", False):
            out.append(f"data.{key}={value}")
    return out


def add_level_flag(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--level", metavar="L1,L2", default=None,
                   help=f"prediction interval levels in percent, e.g. 80,95 ({what})")


def parse_levels(text: str | None) -> tuple[float, ...]:
    """--level's text as levels in percent, each in (0, 100); a ValidationError (exit 2) if not."""
    from ..errors import ValidationError
    from ..forecasters.conformal import check_levels

    if text is None:
        return ()
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise ValidationError(f"--level must be numbers in percent separated by commas, e.g. 80,95 (got {text!r})") from None
    if not values:
        raise ValidationError(f"--level needs at least one level, e.g. 80,95 (got {text!r})")
    try:
        return check_levels(values)
    except ValidationError as exc:
        raise ValidationError(f"--level: {exc}") from None


def level_override(args) -> list[str]:
    """--level as the config override eval.levels=..., or nothing when not given."""
    levels = parse_levels(getattr(args, "level", None))
    return [f"eval.levels={','.join(f'{v:g}' for v in levels)}"] if levels else []


def add_parser(sub) -> None:
    p = sub.add_parser(
        "forecast", help="continue each series of a data file with a saved model",
        description="Load MODEL_DIR (a run folder or its model/ folder) without unpickling "
        "anything, prime on the last input_len points of each series in --data, forecast "
        "--horizon steps free-running, write a CSV (id, time, forecast) and a plot.",
    )
    p.add_argument("model", metavar="MODEL_DIR", help="folder written by `wavecast run --out`")
    p.add_argument("--data", metavar="FILE", help="series to continue (default: the training data's tail)")
    p.add_argument("--horizon", type=int, required=True, metavar="N", help="steps to forecast")
    p.add_argument("--out", metavar="FILE", default=None,
                   help="CSV to write (default MODEL_DIR/forecast.csv); the plot goes beside it as "
                   "NAME_plot.png. An existing file is replaced only if it is a forecast wavecast wrote")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    add_level_flag(p, "lo-80, hi-80, ... columns; conformal, calibrated when the model was trained")
    add_data_flags(p, with_path=False)
    p.set_defaults(handler=_forecast)


def _forecast(args) -> int:
    from ..api import forecast_frame, load
    from ..errors import ValidationError
    from ..io.atomic import write_text

    if args.horizon < 1:
        raise ValidationError(f"--horizon must be an integer >= 1 (got {args.horizon})")
    levels = parse_levels(args.level)
    _outputs(args)  # a bad --out fails before the work, not after it
    f = load(args.model)
    ds = f.dataset
    if args.data:
        from ..data.reader import read

        d = f.config.data  # the model's own reading options are the defaults

        def pick(name: str, default):
            value = getattr(args, f"data_{name}")
            return default if value is None else value

        ds = read(args.data, pick("target", ds.target), pick("time", ds.time), pick("id", ds.id),
                  fill=pick("fill", d.fill), sort=args.data_sort or d.sort,
                  fill_missing_dates=args.data_fill_missing_dates or d.fill_missing_dates,
                  encoding=pick("encoding", d.encoding), header=d.header and not args.data_no_header,
                  thousands=pick("thousands", d.thousands))
    bands = None
    if levels:
        pred, bands = f.predict_intervals(ds, args.horizon, levels)  # (S, H), {level: (lo, hi)}
    else:
        pred = f.predict_array(ds, args.horizon)  # (S, H)
    frame = forecast_frame(ds, pred, bands)
    out, png = _outputs(args)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text(out, frame.to_csv(index=False))
    _plot(ds, frame, pred, png, f.input_len, bands)
    if not args.quiet:
        n = len(ds.values)
        print(f"forecast {args.horizon} steps of {n} series ({ds.target!r}) with "
              f"{(f.config.direct.cell if f.direct is not None else f.config.model.cell).upper()} "
              f"primed on the last {f.input_len} points of each")
        print(frame.head(min(len(frame), 12)).to_string(index=False))
        for note in f.notes:  # e.g. series the model never saw, and how they were scaled
            print(f"note: {note}")
        print(f"wrote {out} and {png}")
    return 0


def _outputs(args) -> tuple[Path, Path]:
    """The CSV and its plot (NAME_plot.png beside it: a run folder's own forecast.png is the
    held-out figure), each refused if wavecast must not replace it (see check_output_file)."""
    from ..io.rundir import check_output_file

    model = Path(args.model)
    out = Path(args.out) if args.out else model / "forecast.csv"
    protect = [p for p in (args.data,) if p]
    for folder in (model, model / "model"):  # the model's own files, whichever folder was given
        if (folder / "model.json").is_file():
            protect += [p for p in folder.iterdir() if p.is_file()]
    png = out.with_name(f"{out.stem}_plot.png")
    check_output_file(out, "--out", tuple(protect), kind="csv")
    check_output_file(png, "--out (its plot)", tuple(protect), kind="png")
    return out, png


def _plot(ds, frame, pred, path: Path, input_len: int, bands=None) -> Path:
    import numpy as np

    from ..report import figures as report

    time_col = ds.time or "step"
    histories, futures = [], []
    horizon = pred.shape[1]
    for i, (v, t) in enumerate(zip(ds.values, ds.times, strict=True)):
        n = min(len(v), max(3 * horizon, input_len))
        th = np.arange(len(v) - n, len(v)) if t is None else np.asarray(t)[-n:]
        histories.append((th, v[-n:]))
        futures.append((frame[time_col].to_numpy()[i * horizon : (i + 1) * horizon], pred[i]))
    return report.future_figure(path, histories, futures, list(ds.ids),
                                title=f"{ds.target}: {horizon}-step forecast", bands=bands)
