"""Messages in the Python API's words: the command line's flags and dotted config keys in
errors, notes and diagnostics said as fit()'s keywords (python_words), a WavecastError re-raised
so (speak_python), and a run's notes and diagnostics as warnings pointed at the user's line."""

from __future__ import annotations

import os

from .config import Config
from .keywords import flat_config, python_key


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
