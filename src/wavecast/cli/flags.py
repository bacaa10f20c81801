"""Every flag shared by two commands, defined once: the same flag means the same everywhere.

Commands call these helpers instead of declaring a flag themselves; `data_overrides` and
`level_override` turn what was given into dotted config overrides.
"""

from __future__ import annotations

import argparse

# flag -> (config key, argparse options): the reader's options, as in docs/data-files.md.
DATA_FLAGS = {
    "--target": ("target", {"metavar": "COLUMN", "help": "column to forecast (default: the only numeric one)"}),
    "--time": ("time", {"metavar": "COLUMN", "help": "time column: parsed, frequency inferred"}),
    "--id": ("id", {"metavar": "COLUMN", "help": "series-id column: many series, one global model"}),
    "--fill": ("fill", {"choices": ["none", "linear"], "help": "linear: interpolate missing values"}),
    "--encoding": ("encoding", {"metavar": "NAME", "help": "CSV text encoding (default utf-8)"}),
    "--thousands": ("thousands", {"metavar": "CHAR", "help": "thousands separator in numbers, e.g. ,"}),
    "--sep": ("sep", {"metavar": "CHAR", "help": "CSV field separator: , (default), ';', '|' or a tab (\\t or tab)"}),
    "--decimal": ("decimal", {"metavar": "CHAR", "help": "decimal mark in numbers: . (default) or , (with --sep ';')"}),
    "--date-order": ("date_order", {"choices": ["auto", "day-first", "month-first"],
                                    "help": "how dates like 01/02/2020 are read (default auto: by the values, "
                                    "ambiguous columns refused)"}),
    "--past": ("past", {"metavar": "COLS", "help": "past covariates: columns known up to the forecast origin"}),
    "--future": ("future", {"metavar": "COLS", "help": "future covariates: columns known over the horizon too "
                            "(rows after each series' end, target empty)"}),
    "--static": ("static", {"metavar": "COLS", "help": "static covariates: one value a series (number or category)"}),
    "--holidays": ("holidays", {"metavar": "CODE", "help": "a country's public holidays as a future covariate: "
                                "ISO code, e.g. US, or AU-VIC with a subdivision (daily or finer data; weekly: "
                                "the count each week holds); or a "
                                "market's closed days, e.g. NYSE (trading-day data: the forecast skips them)"}),
}
DATA_SWITCHES = {
    "--sort": ("sort", "true", "sort rows by time (unsorted files are refused without it)"),
    "--fill-missing-dates": ("fill_missing_dates", "true", "insert missing time stamps, interpolated"),
    "--no-header": ("header", "false", "the CSV has no header row; columns are named 0, 1, 2, ..."),
    "--calendar": ("calendar", "true", "calendar features of the time axis as future covariates"),
}
# What users of other libraries ask for and wavecast cannot serve yet: refused with one line
# (exit 2) instead of argparse's "unrecognized arguments".
NOT_SUPPORTED: dict[str, str] = {}


def _dest(flag: str) -> str:
    return f"data_{flag[2:].replace('-', '_')}"


def add_data_flags(p: argparse.ArgumentParser, with_path: bool = True) -> None:
    """--data FILE --target COL --time COL --id COL --fill ... --past/--future/--static COLS --holidays CODE --calendar."""
    if with_path:
        p.add_argument("--data", metavar="FILE", help="CSV or Parquet file (long format with --id)")
    for flag, (_, opts) in DATA_FLAGS.items():
        p.add_argument(flag, dest=_dest(flag), default=None, **opts)
    for flag, (_, _, text) in DATA_SWITCHES.items():
        p.add_argument(flag, dest=_dest(flag), action="store_true", help=text)
    for flag, why in NOT_SUPPORTED.items():
        p.add_argument(flag, dest=_dest(flag), metavar="COLUMNS", default=None, help=f"({why})")


def check_supported(args) -> None:
    """A ValidationError (exit 2) for each request wavecast cannot serve yet, said plainly."""
    from ..errors import ValidationError

    for flag, why in NOT_SUPPORTED.items():
        if getattr(args, _dest(flag), None) is not None:
            raise ValidationError(f"{flag}: {why}")
    from ..data.covariates import check_key_columns

    check_key_columns(*(getattr(args, _dest(flag), None) or "" for flag in ("--target", "--time", "--id")))


def data_overrides(args) -> list[str]:
    """The data flags given, as dotted config overrides (data.path=..., data.target=...)."""
    check_supported(args)
    out = [f"data.path={args.data}"] if getattr(args, "data", None) else []
    for flag, (key, _) in DATA_FLAGS.items():
        value = getattr(args, _dest(flag), None)
        if value is not None:
            out.append(f"data.{key}={'tab' if value == chr(9) else value}")  # override() strips a tab
    for flag, (key, value, _) in DATA_SWITCHES.items():
        if getattr(args, _dest(flag), False):
            out.append(f"data.{key}={value}")
    return out


def add_level_flag(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--level", metavar="L1,L2", default=None,
                   help=f"prediction interval levels in percent, e.g. 80,95 or 80%%,95%% ({what})")


def parse_levels(text: str | None) -> tuple[float, ...]:
    """--level's text as levels in percent, each in (0, 100), with or without a trailing '%'; a
    ValidationError (exit 2) if not."""
    from ..errors import ValidationError
    from ..forecasters.interval_levels import check_levels

    if text is None:
        return ()
    try:
        # a trailing '%' is the percent the level already is: '--level 80%,95%' was refused
        values = [float(v.strip().removesuffix("%")) for v in text.split(",") if v.strip()]
    except ValueError:
        raise ValidationError(f"--level must be numbers in percent separated by commas, e.g. 80,95 (got {text!r})") from None
    if not values:
        raise ValidationError(f"--level needs at least one level, e.g. 80,95 (got {text!r})")
    if any(0 < v < 1 for v in values):  # 0.8 read as 0.8% gave bands of almost no width, 0% coverage
        from ..forecasters.interval_levels import user_levels

        user_levels(values, "--level", repr(text), lambda meant: "--level " + ",".join(f"{v:g}" for v in meant))
    try:
        return check_levels(values)
    except ValidationError as exc:
        raise ValidationError(f"--level: {exc}") from None


def level_override(args) -> list[str]:
    """--level as the config override eval.levels=..., or nothing when not given; none (forecast's
    word for no bands) as eval.levels empty: run and backtest refused it as "--level must be
    numbers in percent", and a run without bands needed --set eval.levels=."""
    text = getattr(args, "level", None)
    if text is not None and text.strip().lower() == "none":
        return ["eval.levels="]
    levels = parse_levels(text)
    return [f"eval.levels={','.join(f'{v:g}' for v in levels)}"] if levels else []


def add_config(p: argparse.ArgumentParser) -> None:
    # "defaults are the demo's" read as if a run on --data took the sine's settings: what a
    # config leaves out comes from the data (the horizon, season, window), as without one
    p.add_argument("--config", metavar="FILE",
                   help="TOML config; what it leaves out comes from the data with --data, else is the demo's")


def add_set(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override a config value, e.g. --set train.lr=3e-3 (repeatable)")


def add_horizon(p: argparse.ArgumentParser, default: str = "window.horizon; default: from the data") -> None:
    """--horizon N; default: what its absence means to the command (said in --help)."""
    p.add_argument("--horizon", type=int, default=None, metavar="N", help=f"steps to forecast ({default})")


def check_horizon(args) -> list[str]:
    """--horizon as window.horizon=N (nothing when not given); a ValidationError if < 1."""
    from ..errors import ValidationError

    h = getattr(args, "horizon", None)
    if h is None:
        return []
    if h < 1:
        raise ValidationError(f"--horizon must be an integer >= 1 (got {h})")
    return [f"window.horizon={h}"]


def add_device(p: argparse.ArgumentParser) -> None:
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default=None,
                   help="where the network trains (either kind): auto (a GPU when there is one), cpu or "
                   "cuda (train.device; default: the config's, cpu); the direct net forecasts on the CPU")


def device_override(args) -> list[str]:
    d = getattr(args, "device", None)
    return [f"train.device={d}"] if d else []


PATH_ARGS = {"data": "--data", "config": "--config", "out": "--out", "model": "MODEL_DIR"}  # each command's paths


def expand_home(args: argparse.Namespace) -> None:
    """Each path argument's leading '~' read as the home folder, as the Python API reads it
    (predict_inputs.user_path): the shell expands `--out ~/x` but not `--out=~/x`, after which
    wavecast made a folder named '~' in the working directory (and --data=~/sales.csv was 'no such
    file'). A '~name' that names no user is refused rather than made into a folder."""
    import os

    from ..errors import ValidationError

    for dest, flag in PATH_ARGS.items():
        value = getattr(args, dest, None)
        if not isinstance(value, str) or not value.startswith("~"):
            continue
        path = os.path.expanduser(value)
        if path.startswith("~") and not os.path.exists(value):
            user = value[1:].split("/", 1)[0].split(os.sep, 1)[0]
            raise ValidationError(f"{flag} {value}: there is no user {user!r} whose home folder '~{user}' could "
                                  f"name; give the path in full (or ./{value} for a name that starts with '~')")
        setattr(args, dest, path)


def refuse_empty_paths(args: argparse.Namespace) -> None:
    """An empty path argument refused, not read as one left out: `forecast --out ''` wrote
    MODEL_DIR/forecast.csv, `run --data ''` trained on the demo's sine wave, and `forecast --data ''`
    forecast the model's own data, each without a word (`run --out ''` was the working folder)."""
    for dest, flag in PATH_ARGS.items():
        value = getattr(args, dest, None)
        if isinstance(value, str) and not value.strip():
            what = "the folder a run saved its model in" if flag == "MODEL_DIR" else f"a path, or leave {flag} off"
            _refuse_empty(flag, value, what)


def _refuse_empty(flag: str, value: str, what: str) -> None:
    from ..errors import ValidationError

    raise ValidationError(f"{flag} is empty ({value!r}): give {what}")


COLUMN_FLAGS = ("--target", "--time", "--id", "--past", "--future", "--static")  # the data flags naming columns
LIST_FLAGS = ("--target", "--past", "--future", "--static")  # those taking names separated by commas


def refuse_empty_columns(args: argparse.Namespace) -> None:
    """An empty column flag refused as an empty path is: `--past ''`, `--static ''`, `--time ''` and
    `--id ''` were read as left off (exit 0, the covariate or the panel dropped without a word), and
    `--past 'a, '` as `--past a`. A list with an empty name (`--past a,,b`) is refused too, and so is
    `--holidays ''`, which run and backtest read as left off (no holidays, exit 0)."""
    from ..errors import ValidationError

    holidays = getattr(args, _dest("--holidays"), None)
    if isinstance(holidays, str) and not holidays.strip():
        _refuse_empty("--holidays", holidays, "a country's or market's code, e.g. US or NYSE, or leave --holidays off")
    for flag in COLUMN_FLAGS:
        value = getattr(args, _dest(flag), None)
        if not isinstance(value, str):
            continue
        if not value.strip():
            _refuse_empty(flag, value, f"a column name, or leave {flag} off")
        if flag in LIST_FLAGS and any(not name.strip() for name in value.split(",")):
            raise ValidationError(f"{flag} has an empty column name ({value!r}): give the names separated by "
                                  f"commas, e.g. {flag} a,b")


def add_out(p: argparse.ArgumentParser, default: str | None, help: str | None = None) -> None:
    p.add_argument("--out", default=default, metavar="DIR",
                   help=help or f"output folder (default {default})")


def add_seed(p: argparse.ArgumentParser, default: int | None = None) -> None:
    p.add_argument("--seed", type=int, default=default,
                   help="random seed (default: the config's, 0)" if default is None else f"random seed (default {default})")


def with_seed(cfg, seed: int | None):
    """cfg with --seed's value (cfg itself without it), refused in the flag's words: the config's
    check said "seed must be an integer >= 0 (got -5)", a word --seed's user never wrote alone."""
    from ..config import SEED_MAX, override
    from ..errors import ValidationError

    if seed is None:
        return cfg
    if not 0 <= seed <= SEED_MAX:
        raise ValidationError(f"--seed must be an integer from 0 to {SEED_MAX} (got {seed})")
    return override(cfg, f"seed={seed}")


QUIET_HELP = ("print nothing but errors: no tables, notes, progress bar or 'wrote' line (the files are written "
              "all the same; --json still prints its JSON)")
# forecast's own: it has no progress bar, and a column --baselines left empty is still said (on stderr)
FORECAST_QUIET_HELP = ("print nothing but errors, and on stderr the note on a column --baselines left empty: no "
                       "table, other notes or 'wrote' line (the files are written all the same; --json still "
                       "prints its JSON)")


def add_quiet(p: argparse.ArgumentParser, what: str = QUIET_HELP) -> None:
    """--quiet, the same on run, demo and backtest (it was: no progress bar for run and backtest, nothing
    at all for forecast); forecast's help names its one exception, the --baselines note (the help on
    run, demo and backtest named it too, a flag they do not have)."""
    p.add_argument("--quiet", action="store_true", help=what)


def add_json(p: argparse.ArgumentParser, what: str = "print the results as JSON instead of tables") -> None:
    p.add_argument("--json", action="store_true", help=what)


def add_overwrite(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--overwrite", action="store_true", help=what)
