"""`wavecast forecast MODEL_DIR --data FILE --horizon N`: continue each series N steps (the
model's own horizon without --horizon).

Also the data-file flags shared with `wavecast run` (--data, --target, --time, --id, ...).
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
from pathlib import Path

from ..words import series_of_targets
from .flags import (  # noqa: F401  (data_overrides and friends: imported from here before flags.py)
    FORECAST_QUIET_HELP,
    add_data_flags,
    add_horizon,
    add_json,
    add_level_flag,
    add_quiet,
    data_overrides,
    level_override,
    parse_levels,
)
from .forecast_words import as_forecasts, models_column, no_future_rows


def add_parser(sub) -> None:
    p = sub.add_parser(
        "forecast", help="continue each series of a data file with a saved model",
        description="Load MODEL_DIR (a run folder or its model/ folder) without unpickling "
        "anything, prime on the last input_len points of each series in --data, forecast "
        "--horizon steps (default: the model's horizon), write a CSV or Parquet table (the data's id and "
        "time columns, a target column with several targets, forecast, lo-L and hi-L at the levels the model "
        "was calibrated at (80 and 95 unless trained with others) or --level's, a column a baseline with "
        "--baselines) and a plot.",
    )
    p.add_argument("model", metavar="MODEL_DIR", help="folder written by `wavecast run --out`")
    p.add_argument("--data", metavar="FILE", help="series to continue (default: the training data's tail)")
    # the saved model knows its horizon (config.json's window.horizon): it was required all the same
    add_horizon(p, "default: the model's horizon, window.horizon in its config.json, the steps it was trained "
                "and scored on")
    p.add_argument("--out", metavar="FILE", default=None,
                   help="table to write, .csv or .parquet (default MODEL_DIR/forecast.csv); the plot goes "
                   "beside it as NAME_plot.png (NAME.parquet's: NAME_plot.parquet.png). An existing file is replaced "
                   "only if it is a forecast wavecast wrote")
    add_quiet(p, FORECAST_QUIET_HELP)
    add_json(p, "print the forecast as JSON records (with the files written and the notes)")
    add_level_flag(p, "lo-80, hi-80, ... columns; conformal, calibrated when the model was trained; default: "
                   "the model's own levels, for a horizon up to the one it was calibrated on; none for no bands")
    p.add_argument("--baselines", action="store_true",
                   help="add a column for each baseline's forecast (mean, last value, seasonal naive, linear "
                   "AR(p), theta), fitted on each series with the model's season and AR order")
    add_data_flags(p, with_path=False)
    p.set_defaults(handler=_forecast)


def _forecast(args) -> int:
    from ..api import forecast_frame, load
    from ..errors import ValidationError
    from ..evaluate.held_out import (
        held_out,
        held_out_coverage,
        held_out_coverage_line,
        held_out_line,
    )
    from ..io.atomic import write_bytes
    from ..io.forecastfile import forecast_bytes, output_kind, vouch_for
    from .flags import check_supported

    if args.horizon is not None and args.horizon < 1:
        raise ValidationError(f"--horizon must be an integer >= 1 (got {args.horizon})")
    check_supported(args)
    for role in ("past", "future", "static"):
        if getattr(args, f"data_{role}", None) is not None:
            raise ValidationError(f"--{role} is chosen when the model is trained (wavecast run); forecast reads "
                                  "the model's own covariate columns from --data")
    if getattr(args, "data_holidays", None) is not None:  # the model's own holiday columns, as calendar's
        raise ValidationError("--holidays is chosen when the model is trained (wavecast run --holidays); forecast "
                              "derives the model's own holiday features, if it has them, from --data's time column")
    if args.data_calendar:  # was accepted and ignored: the calendar features are the trained model's
        raise ValidationError("--calendar is chosen when the model is trained (wavecast run --calendar); forecast "
                              "derives the model's own calendar features, if it has them, from --data's time column")
    asked = args.level is not None and args.level.strip().lower() != "none"  # --level none: no bands
    levels = parse_levels(args.level) if asked else ()
    _outputs(args)  # a bad --out fails before the work, not after it
    f = getattr(load, "__wrapped__", load)(args.model)  # the CLI's words: api.load says its errors in Python's
    horizon = f.horizon_ if args.horizon is None else args.horizon  # an explicit --horizon wins
    ds = f.dataset
    if ds.targets and args.data_target is not None:
        from ..data.targets import flag_value, parse_targets

        given = parse_targets(args.data_target) or (args.data_target,)
        if given != tuple(ds.targets):  # read by name, jointly
            raise ValidationError(f"this model forecasts --target {flag_value(ds.targets)} jointly, reading those "
                                  f"columns by name: --target {flag_value(given)} cannot rename them; give the file "
                                  f"columns {', '.join(repr(t) for t in ds.targets)} (rename yours to them)")
    if args.data:
        from ..data.reader import read

        d = f.config.data  # the model's own reading options are the defaults

        def pick(name: str, default):
            value = getattr(args, f"data_{name}")
            return default if value is None else value

        # --sep, --decimal and --date-order checked (and a tab spelled \t or tab read) as in a run
        given = {k: pick(k, getattr(d, k)) for k in ("sep", "decimal", "date_order", "thousands")}
        # the model's decimal comma is a default, not a demand: a --sep ',' (or --thousands ',') given
        # for a new file without --decimal reads its decimals with '.', not a clash with the old mark
        if args.data_decimal is None and given["decimal"] in ({args.data_sep, args.data_thousands} - {None}):
            given["decimal"] = "."
        if args.data_thousands is None and given["thousands"] == given["decimal"]:
            given["thousands"] = ""
        marks = dataclasses.replace(d, **given)
        try:
            ds = read(args.data, pick("target", ds.target), pick("time", ds.time), pick("id", ds.id),
                      fill=pick("fill", d.fill), sort=args.data_sort or d.sort,
                      fill_missing_dates=args.data_fill_missing_dates or d.fill_missing_dates,
                      encoding=pick("encoding", d.encoding), header=d.header and not args.data_no_header,
                      thousands=marks.thousands, sep=marks.sep, decimal=marks.decimal,
                      date_order=marks.date_order, **f._covariate_roles())
        except ValidationError as exc:
            raise models_column(exc, args, ds, marks) from None
    bands = None
    levels, unbanded = _default_levels(f, horizon) if args.level is None else (levels, None)
    if levels and f.intervals is None:  # the model's words were Python's: "retrain it to get level=..."
        raise ValidationError("--level: this model has no calibrated intervals (trained with eval.levels empty, "
                              "or saved without them); leave --level out, or retrain it with wavecast run --level 80,95")
    calibrated = f.intervals.lo_.shape[1] if levels and f.intervals is not None else horizon
    if horizon > calibrated:  # was "intervals were calibrated up to horizon 13; got 30", no word of --level
        raise ValidationError(f"--level: the intervals were calibrated up to {calibrated} steps (the model's horizon) "
                              f"and --horizon {horizon} is longer: forecast at most {calibrated} steps with --level, "
                              f"leave --level out for a forecast of {horizon} steps without bands, or retrain with "
                              f"--horizon {horizon}")
    known = getattr(f.intervals, "levels_", None) if levels and f.intervals is not None else None
    missing = [v for v in levels if known is not None and v not in known]
    if missing:  # was predict's line, "level 99.9 was not calibrated; ...", with no word of the flag
        given = ", ".join(f"{v:g}" for v in f.intervals.levels)
        raise ValidationError(f"--level: {missing[0]:g} was not calibrated; give integer levels 1..99 "
                              f"or ones the model was trained at ({given})")
    try:
        if levels:
            pred, bands = f.predict_intervals(ds, horizon, levels)  # (S, H), {level: (lo, hi)}
        else:
            pred = f.predict_array(ds, horizon)  # (S, H)
    except ValidationError as exc:
        raise no_future_rows(exc, args, f) from None
    # the ids as the user keys them: a Parquet file's integer ids stay integers (the reader keys
    # series by their text; ds.user_ids), as do those of the model's own data (model.json's id_dtype)
    known = len(f.notes)
    base = f._baselines_after(ds, f.baseline_names(True, "--baselines"), horizon) if args.baselines else None
    empty = f.notes[known:]  # the baselines' notes: a column (or a series' cells) left empty, and why
    frame = forecast_frame(ds, pred, bands, ds.user_ids if args.data else f.user_ids, base)
    from ..data.timecolumn import without_period_advice  # (here: the demo never imports pandas)

    # what reading --data did (a currency mark stripped, times read as UTC) beside the model's own notes;
    # without --data the data is the model's, whose reading `run` already said (and no advice to set
    # eval.period: the model's season was fixed when it was fitted)
    read = without_period_advice(getattr(ds, "notes", [])) if args.data else []
    from ..data.trading_days import forecast_note

    days = forecast_note(ds.freq)  # (the run said it; the forecast, dated so, said nothing)
    notes = list(dict.fromkeys([*(as_forecasts(n) for n in read), *f.notes, *([days] if days else []),
                                *([unbanded] if unbanded else [])]))
    out, png = _outputs(args)
    out.parent.mkdir(parents=True, exist_ok=True)
    table = forecast_bytes(out, frame)  # CSV or Parquet, by the suffix _outputs checked
    # the plot vouches for the CSV as it will be written (its SHA-256): only then is it wavecast's to replace
    vouch = vouch_for(table) if output_kind(out) == "csv" else b""  # a Parquet file is known by its tag
    # The plot, then the table, with Ctrl-C and SIGTERM held until both are written (then obeyed): written
    # table first, an interrupt while the plot was drawn left the new table beside the old plot, which
    # showed the previous forecast and vouched for the previous table, so the next forecast to the same
    # --out was refused as 'not a forecast wavecast wrote (or was changed since)'. A failed plot
    # (disk full) leaves both files as they were.
    from ..training.state import Signals

    with Signals(enabled=True) as held:
        _plot(ds, frame, pred, png, f.input_len, bands, vouch.decode())
        write_bytes(out, table)
    if held.signum is not None:
        signal.raise_signal(held.signum)  # the command's own handling: 'interrupted', exit 130 (143)
    if args.json:
        from .output import print_json

        print_json({"files": [str(out), str(png)], "notes": notes, "held_out": held_out(f.metrics),
                    "held_out_coverage": held_out_coverage(f.metrics, tuple(bands or ())),
                    "forecast": json.loads(frame.to_json(orient="records", date_format="iso"))})
        return 0
    if args.quiet:  # the file is all it shows: an empty baseline column said all the same (on stderr)
        import sys

        for note in empty:
            print(f"note: {note}", file=sys.stderr)
    else:
        n = len(ds.values)
        what = f"{series_of_targets(n, ds.targets)}," if ds.targets else _of_target(ds, n)
        steps = f"{horizon} steps" + (" (the model's horizon; --horizon N for another)" if args.horizon is None else "")
        print(f"forecast {steps} of {what} with "
              f"{(f.config.direct.cell if f.direct is not None else f.config.model.cell).upper()} "
              f"primed on the last {f.input_len} points of "
              + (f"{n - len(f.fallback_rows_)} of {n} series" if f.fallback_rows_ else "each" if n > 1 else "it"))
        from .output import forecast_table

        print(forecast_table(frame, out))
        for said in (held_out_line(f.metrics), held_out_coverage_line(f.metrics, tuple(bands or ()))):
            if said:
                print(said)
        for note in notes:  # e.g. series the model never saw, and how they were scaled
            print(f"note: {note}")
        print(f"wrote {out} and {png}")
    return 0


def _default_levels(f, horizon: int) -> tuple[tuple[float, ...], str | None]:
    """The bands a forecast carries when --level is not given: the model's own levels (a forecast
    is read beside its uncertainty, as run's future.png draws it), or none with the reason when the
    model has none or the horizon runs past the steps they were calibrated on."""
    if f.intervals is None:
        return (), None
    calibrated = f.intervals.lo_.shape[1]
    if horizon > calibrated:  # conformal bands exist only for the lead times scored when trained
        return (), (f"no prediction intervals: they were calibrated up to {calibrated} steps (the model's horizon) "
                    f"and this forecast is {horizon}; --horizon {calibrated} gives them")
    return tuple(f.intervals.levels), None


def _of_target(ds, n: int) -> str:
    """What a forecast of one target is of, for its headline: the target column named as such (it
    read "1 series ('passengers')", as if the column were a series' id), with the series' id when
    the file has an id column."""
    if n > 1:
        return f"{ds.target!r} in {n} series"
    sid = ds.ids[0] if ds.ids else ""
    return f"{ds.target!r}" + (f" for series {sid!r}" if ds.id and sid != "" else "")


def _outputs(args) -> tuple[Path, Path]:
    """The table (CSV or Parquet, by its suffix) and its plot (NAME_plot.png beside it, a Parquet
    table's NAME_plot.parquet.png: forecastfile.plot_path; a run folder's own forecast.png is the
    held-out figure), each refused if wavecast must not replace it (see check_output_file)."""
    from ..errors import ValidationError
    from ..io.forecastfile import output_kind, plot_path
    from ..io.own_files import check_output_file

    model = Path(args.model)
    out = Path(args.out) if args.out else model / "forecast.csv"
    protect = [p for p in (args.data,) if p]
    for folder in (model, model / "model"):  # the model's own files, whichever folder was given
        if (folder / "model.json").is_file():
            protect += [p for p in folder.iterdir() if p.is_file()]
    if out.name in ("", ".", ".."):  # '.', '..', '/': a folder by its name alone; with_name raised a traceback
        raise ValidationError(f"--out {out} is a directory; give a file name (e.g. {out / 'forecast.csv'})")
    png = plot_path(out)  # NAME_plot.png; a Parquet table's NAME_plot.parquet.png, not a NAME.csv's
    # a file where a folder of --out should be: the forecast's work was done first, then the writer's
    # mkdir said only "afile: File exists" (or "Not a directory"). Without --out, MODEL_DIR a file
    # (a model.pt) is the loader's to name
    folder = next((p for p in (out.parent, *out.parent.parents) if os.path.lexists(p)), None)
    if args.out and folder is not None and not folder.is_dir():
        raise ValidationError(f"--out {out}: {folder} is a file, not a folder; give a file name in a folder "
                              "(or a new folder's)")
    check_output_file(out, "--out", tuple(protect), kind=output_kind(out), plot=png)
    check_output_file(png, "--out (its plot)", tuple(protect), kind="png")
    if out.suffix.lower() not in (".csv", ".parquet"):  # after those: a directory is named as one
        shown = f"ends in {out.suffix!r}" if out.suffix else "has no suffix"
        raise ValidationError(f"--out {out} {shown}; the forecast is written as .csv or .parquet: give a "
                              "file name ending in one of them")
    return out, png


def _plot(ds, frame, pred, path: Path, input_len: int, bands=None, tag: str = "") -> Path:
    import numpy as np

    from ..report import figures as report

    time_col = ds.time or "step"
    histories, futures = [], []
    horizon = pred.shape[1]
    stamps = frame[time_col].to_numpy()
    if ds.time_text:  # written as the data's quarters or weeks ('2020Q1'): drawn as their dates
        from ..data.yearparts import parse_text

        stamps = parse_text(frame[time_col]).to_numpy()
    for i, (v, t) in enumerate(zip(ds.values, ds.times, strict=True)):
        n = min(len(v), max(3 * horizon, input_len))
        th = np.arange(len(v) - n, len(v)) if t is None else np.asarray(t)[-n:]
        histories.append((th, v[-n:]))
        futures.append((stamps[i * horizon : (i + 1) * horizon], pred[i]))
    return report.future_figure(path, histories, futures, list(ds.ids),
                                title=f"{ds.target}: {horizon}-step forecast", bands=bands, tag=tag)
