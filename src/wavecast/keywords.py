"""Python's keywords <-> dotted config keys, and messages in Python's words: shortcuts and
section__key as overrides, the keywords a fit was given, CLI flags in errors and notes said as
the API's arguments."""

from __future__ import annotations

import os

import numpy as np

from .config import Config, override_text

# Keywords that set one idea in every net it applies to (model.* is the recursive net's,
# direct.* the direct net's: data files get the direct net unless model.kind says otherwise).
SHORTCUTS = {
    "cell": ("model.cell", "direct.cell"),
    "num_layers": ("model.num_layers", "direct.num_layers"),
    "hidden_size": ("model.hidden_size", "direct.hidden_size"),
    "lr": ("train.lr", "direct.lr"),
    "epochs": ("train.epochs", "direct.max_epochs"),
    "input_len": ("window.input_len",),
    "horizon": ("window.horizon",),
    "test_len": ("window.test_len",),
    "kind": ("model.kind",),
    "device": ("train.device",),
    "seed": ("seed",),
}
# The reader's options as fit() keywords (each also a data__ key); FILE_OPTIONS apply to a CSV
# or Parquet path only: a DataFrame is already parsed.
FILE_OPTIONS = ("encoding", "header", "thousands", "sep", "decimal")
DATA_OPTIONS = ("fill", "sort", "fill_missing_dates", "date_order", *FILE_OPTIONS)


# Other libraries' names for a keyword wavecast spells otherwise (NeuralForecast's and
# statsforecast's cross_validation, their forecast's h): said after "did you mean".
FOREIGN = {"n_windows": "origins= (wavecast.backtest's; NeuralForecast's n_windows)",
           "step_size": "stride= (wavecast.backtest's; NeuralForecast's step_size)",
           "h": "horizon= (statsforecast's and NeuralForecast's h)"}


def config_key(name: str) -> str:
    """A keyword as a dotted config key: train__lr and "train.lr" are both train.lr."""
    return name.replace("__", ".")


def config_sets(params: dict) -> list[str]:
    """Keywords (shortcuts, section__key or "section.key") as dotted overrides; an unknown one
    is a ConfigError naming it the Python way."""
    from .config import ConfigError, to_dict

    known = {f"{s}.{k}" for s, sub in to_dict(Config()).items() if isinstance(sub, dict) for k in sub}
    known |= {k for k, v in to_dict(Config()).items() if not isinstance(v, dict)}
    sets = []
    for name, value in params.items():
        if name in SHORTCUTS:
            if value is not None:
                sets += [f"{key}={override_text(value)}" for key in SHORTCUTS[name]]
            continue
        key = config_key(name)
        if key not in known and name in ("level", "levels"):  # predict's keyword, given to fit
            raise ConfigError(f"{name}= is predict's: predict(horizon, level=[80, 95]); the levels fit calibrates "
                              "and scores are eval__levels=[80, 95] (the default)")
        if key not in known:
            from .config import keys_named

            # max_epochs=5 is direct__max_epochs: said, not left to the list of examples
            there = [k.replace(".", "__") for k in keys_named(key.rsplit(".", 1)[-1]) if k != key]
            there += [FOREIGN[name]] if name in FOREIGN else []
            raise ConfigError(f"unknown argument {name!r}: not a shortcut ({', '.join(SHORTCUTS)}), a data "
                              f"option ({', '.join(DATA_OPTIONS)}) or a config key such as train__lr or "
                              "model__hidden_size" + (f"; did you mean {' or '.join(there)}?" if there else ""))
        sets.append(f"{key}={override_text(value)}")
    return sets


def _plain(value):
    """A keyword's value as JSON keeps it (NumPy scalars as Python's, tuples as lists)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return override_text(value)  # e.g. a Path: the config reads its text


def flat_config(cfg: Config) -> dict:
    """Every config value by its dotted key (section.key, or a top-level key such as seed)."""
    from .config import to_dict

    out = {}
    for name, sub in to_dict(cfg).items():
        if isinstance(sub, dict):
            out.update({f"{name}.{k}": v for k, v in sub.items()})
        else:
            out[name] = sub
    return out


def given_params(kwargs: dict, cfg: Config, config: Config | None = None, overrides=()) -> dict:
    """The keywords a fit was given, as Forecaster(**params) takes them (shortcuts and
    section__key), in the order they apply: kwargs as given, then each key that config= (where
    it differs from the defaults) or overrides= set, with its value before the run derives any
    (cfg). A Forecaster built from them trains as this fit did."""
    params = {k.replace(".", "__"): _plain(v) for k, v in kwargs.items()}
    keys = {o.split("=", 1)[0].strip() for o in overrides}
    flat = flat_config(cfg)
    if config is not None:
        default = flat_config(Config())
        keys |= {k for k, v in flat_config(config).items() if v != default.get(k)}
    for key in sorted(keys):
        if key in flat:  # (an unknown key failed in override already)
            name = key.replace(".", "__")
            params.pop(name, None)  # applied last, as the override was
            params[name] = flat[key]
    return params


def trained_params(cfg: Config) -> dict:
    """The keywords of a model saved without those it was fitted with (by `wavecast run`, or
    before they were kept), read from the config it trained with: the shortcuts of the net it
    has and every other key whose value differs from the defaults. A Forecaster built from them
    trains as that model did."""
    direct = cfg.model.kind == "direct"
    net = cfg.direct if direct else cfg.model
    shortcuts = {"cell": net.cell, "num_layers": net.num_layers, "hidden_size": net.hidden_size,
                 "input_len": cfg.window.input_len, "horizon": cfg.window.horizon,
                 "test_len": cfg.window.test_len, "kind": cfg.model.kind, "seed": cfg.seed}
    covered = {key for name, value in shortcuts.items() if value is not None for key in SHORTCUTS[name]}
    default = flat_config(type(cfg)())
    return {**shortcuts, **{key.replace(".", "__"): v for key, v in flat_config(cfg).items()
                            if key not in covered | {"seed"} and v != default.get(key)
                            and (direct or not key.startswith("direct."))}}


def _names(text: str) -> list[str]:
    """Column names joined by commas, each quoted for the shell where it must be, as a list."""
    import re

    return [_unquoted(p) for p in re.findall(r"'[^']*'|[^,]+", text)]


def _py_targets(text: str) -> str:
    """--target's value (names joined by commas, each quoted for the shell where it must be) as
    target= takes it: one name, or the list of several."""
    import re

    names = [_unquoted(p) for p in re.findall(r"'[^']*'|[^,]+", text)]
    return f"target={names[0]!r}" if len(names) == 1 else f"target={names!r}"


def python_key(key: str) -> str:
    """A dotted config key as fit() takes it: a shortcut's key (train.epochs, direct.max_epochs)
    by the shortcut's name (epochs), a reader's option (data.sep) by its keyword (sep), any other
    as section__key."""
    if key.startswith("data.") and key[5:] in DATA_OPTIONS:
        return key[5:]
    return next((name for name, keys in SHORTCUTS.items() if key in keys), key.replace(".", "__"))


_PY_WORDS = [  # CLI words in a message -> the Python API's (the reader speaks flags)
    # the drivers' advice (evaluate.drivers_pay) names both doors; in Python, Python's alone: it said
    # "(wavecast backtest origins=N; wavecast.backtest(origins=N))" and "(the same keywords in Python)"
    (r"wavecast backtest --origins N; (wavecast\.backtest\(origins=N\))", lambda m: m[1]),
    (r" \(the same keywords in Python\)", lambda m: ""),
    # the drivers named as flags ("without --future x0,x1", "with them (--past visits, --calendar)")
    # as the keywords' lists: it said "future= x0,x1", no Python (other words after a flag are no list);
    # ", " too ("the same net without --past PetrolPrice, which scored better" read "past= PetrolPrice")
    (r"--(past|future|static) ((?:'[^']*'|[^\s;,)']+)(?:,(?:'[^']*'|[^\s;,)']+))*)(?=, |\)| and --|[:;]| and compare)",
     lambda m: f"{m[1]}={_names(m[2])!r}"),
    # the value ends at ; , ) a space or the end ("--set eval.without_drivers=false skips it" said
    # "--set eval__without_drivers=false": a space after the value stopped the match)
    (r"--set ([\w.]+)=(\S+?)([;,)\s]|$)", lambda m: f"{python_key(m[1])}={_py_value(m[2])}{m[3]}"),
    # "pass --time to choose another" said "pass time='to' choose another": a flag before a word
    (r"--(target|time|id) to\b", lambda m: f"{m[1]}=... to"),
    # several targets, --target a,b: the list target=['a', 'b'] (it read target='a',b); a name
    # the shell needs quoted, --target 'unit sales',price, unquoted (it read target='unit' sales,price)
    (r"--target ((?:'[^']*'|[^\s;,)']+)(?:,(?:'[^']*'|[^\s;,)']+))*)", lambda m: _py_targets(m[1])),
    # a name the shell needs quoted, --time 'Unnamed: 0', unquoted (it read time="'Unnamed:" 0)
    (r"--(target|time|id|encoding|thousands|fill) ('[^']*'|[^\s;,)]+)", lambda m: f"{m[1]}={_unquoted(m[2])!r}"),
    (r"--(sep|decimal) ('[^']*'|[^\s;,)]+)", lambda m: f"{m[1]}={_unquoted(m[2])!r}"),
    (r"--date-order ([\w-]+)", lambda m: f"date_order={m[1]!r}"),
    (r"--fill-missing-dates", lambda m: "fill_missing_dates=True"),
    (r"--no-header", lambda m: "header=False"),
    (r"sort the file or pass --sort", lambda m: "sort the data or pass sort=True"),  # a Series has no file
    (r"--sort", lambda m: "sort=True"),
    (r"--(past|future|static)\b", lambda m: f"{m[1]}="),
    (r"--calendar\b", lambda m: "calendar=True"),
    # the trading days' notes: "holidays of --holidays NYSE" read "holidays of holidays='NYSE'" in Python
    (r"\b(holidays?) of --holidays ([A-Z][A-Z0-9]*(?:-[A-Za-z0-9]+)?)\b", lambda m: f"{m[1]} of the calendar holidays={m[2]!r}"),
    (r"--holidays ([A-Z][A-Z0-9]*(?:-[A-Za-z0-9]+)?)\b", lambda m: f"holidays={m[1]!r}"),
    (r"--holidays\b", lambda m: "holidays="),
    # too few future rows (covariates.too_few_rows): in Python they may also come as future=
    (r"holding the future covariates \(target empty\)(?!, or pass)", lambda m: f"{m[0]}, or pass future="),
    # the baselines' forecasts (forecasters/intermittent.py's note): predict's keyword
    (r"wavecast forecast RUN --baselines --data FILE", lambda m: "predict(h, baselines=['mean'])"),
    # the backtest's own flags (steps_lengths.too_short: "fewer --origins (at most 32)"): wavecast.backtest's
    (r"--refit-every K\b", lambda m: "refit_every=K"),
    (r"--refit-every\b", lambda m: "refit_every="),
    (r"--refit\b", lambda m: "refit=True"),
    (r"--origins N\b", lambda m: "origins=N"),
    (r"--(origins|stride)\b", lambda m: f"{m[1]}="),
    # too few future rows, forecast fewer steps (future_frames.shorter_horizon): predict's first argument
    (r"they cover with --horizon (\d+)", lambda m: f"they cover with predict({m[1]}, ...)"),
    (r"--(target|time|id|horizon|level|seed|device)\b", lambda m: f"{m[1]}=..."),
    # config.direct_sets' note, "the direct net reads train.lr=0.001 as direct.lr": both keys are the
    # shortcut lr, so it said "reads lr=0.001 as lr"; the note comes only from a section__key given
    (r"\b(model|train)\.(\w+)=(\S+?) as direct\.(\w+)", lambda m: f"{m[1]}__{m[2]}={_py_value(m[3])} as direct__{m[4]}"),
]


def _unquoted(text: str) -> str:
    return text[1:-1] if len(text) > 1 and text[0] == text[-1] == "'" else text


def _py_value(text: str) -> str:
    """A --set value as a Python literal: numbers as written, true/false/none as True/False/None
    (the config reads them so), any other word quoted."""
    try:
        float(text)
        return text
    except ValueError:
        return {"true": "True", "false": "False", "none": "None", "null": "None"}.get(text.lower(), repr(text))


def python_words(message: str) -> str:
    """An error message with the command line's flags said as the Python API's arguments."""
    import re

    # a dotted key with its flag ("train.device (--device) is cuda ..."): the keyword, before the
    # flags' words below read the flag alone ("device (device=...) is cuda")
    message = re.sub(_dotted_keys() + r" \(--[\w-]+\)", lambda m: python_key(m[1]), message)
    for pattern, repl in _PY_WORDS:
        message = re.sub(pattern, repl, message)
    # the config's own checks name dotted keys ("train.epochs must be ...", "data.sep (--sep) must
    # be ..."): the keyword instead, without the flag
    return re.sub(_dotted_keys() + r"(?: \(--[\w-]+\))?", lambda m: python_key(m[1]), message)


def _dotted_keys() -> str:
    """A pattern of every dotted config key (section.key), whole words only: a file name such
    as model.json is no key and stays as it is."""
    import re

    keys = sorted((k for k in flat_config(Config()) if "." in k), key=len, reverse=True)
    return r"(?<![\w.])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w])"


def speak_python(func):
    """Re-raise a WavecastError from func with its message in Python's words (same class)."""
    import functools

    from .errors import WavecastError

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except WavecastError as exc:
            if exc.args and isinstance(exc.args[0], str):
                exc.args = (python_words(exc.args[0]), *exc.args[1:])
            raise

    return wrapper



def warn_notes(notes) -> None:
    """Each note of a run as a warnings.warn (category WavecastNote: filter them as one), pointed
    at the user's line: the first frame outside this package, however many of wavecast's own
    calls lie between (wavecast.fit, Forecaster.fit's wrapper, save, backtest)."""
    import warnings

    from .errors import WavecastNote

    for note in notes:
        warnings.warn(python_words(note), WavecastNote, stacklevel=_callers_level())


def warn_diagnostics(metrics: dict) -> None:
    """Each diagnostic of a run's held-out forecasts (metrics["diagnostics"]) as a warnings.warn of
    category WavecastDiagnostic, as the command line prints them: a net beaten by a baseline was
    said by `wavecast run` and kept silent in metrics by wavecast.fit and backtest."""
    import warnings

    from .errors import WavecastDiagnostic

    for d in metrics.get("diagnostics") or []:
        said = f"{d['name']} ({d['forecaster']}): {d['message']}; try: {d['advice']}"
        warnings.warn(python_words(said), WavecastDiagnostic, stacklevel=_callers_level())


def _callers_level() -> int:
    """warnings.warn's stacklevel, called from warn_notes, of the first frame outside wavecast."""
    import sys

    here = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frame, level = sys._getframe(2), 2  # warn_notes's frame: stacklevel 1 from warnings.warn there
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(here):
        frame, level = frame.f_back, level + 1
    return level
