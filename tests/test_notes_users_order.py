"""The net's own notes that name series name them in the order the user's data gives them, as
the checks over many series (5cd8ab0) and the baselines' note (cba022b) do: the run's "left out of
the scores", predict's "shorter than input_len" (forecast_checks.note_short), "given under the id of
a training series" (direct.not_continued_words) and "the model never saw". A panel giving shops
'z', 'm', 'a' (in that order) was told ('a', 'm', 'z'), their ids' canonical order."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import wavecast


def _panel() -> pd.DataFrame:
    """Four long monthly series 's03', 's01', 's02', 's00' (given in that order), then 'z' (40
    points: the net's window, too short to score), 'm' (14: a season) and 'a' (8: not a season)."""
    rng = np.random.default_rng(0)
    t = np.arange(72)
    long = [pd.DataFrame({"id": f"s{k:02d}", "t": pd.date_range("2010-01-01", periods=72, freq="MS"),
                          "y": (50 + 40 * k) * (1 + 0.25 * np.sin(2 * np.pi * t / 12)) * np.exp(0.03 * rng.standard_normal(72))})
            for k in (3, 1, 2, 0)]
    short = [long[1].tail(n).assign(id=k) for k, n in (("z", 40), ("m", 14), ("a", 8))]
    return pd.concat([*long, *short], ignore_index=True)


def _given(df: pd.DataFrame) -> pd.DataFrame:
    """Data for predict: 's03' and 's01' in other units (not their last training values), two
    long series never seen ('w' before 'c') and the short 'm' before 'a'."""
    one = df[df["id"] == "s02"]
    return pd.concat([df[df["id"] == "s03"].assign(y=lambda d: 2 * d["y"]), df[df["id"] == "s01"].assign(y=lambda d: 2 * d["y"]),
                      one.assign(id="w"), one.assign(id="c", y=lambda d: 3 * d["y"]),
                      df[df["id"] == "m"], df[df["id"] == "a"]], ignore_index=True)


def _notes(f, *args, **kwargs) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f.predict(*args, **kwargs)
    return list(f.notes)


def _has(notes: list[str], text: str) -> None:
    assert any(text in n for n in notes), notes


def test_the_direct_nets_notes_name_series_in_the_users_order(tmp_path):
    df = _panel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df, target="y", time="t", id="id", kind="direct",
                         overrides=["direct.max_epochs=1", "direct.hidden_size=4", "window.input_len=16"])
    _has(f.result.notes, "left out of the scores: 'z' (40 points), 'm' (14 points), 'a' (8 points); the final model "
         "forecasts 'z' by the net (at least input_len=16 points), 'm' by seasonal naive, 'a' by its last value")
    said = ("2 series shorter than input_len=16 ('m', 'a'), forecast by the direct net's named fallback: 'm' by "
            "seasonal naive, 'a' by its last value")
    _has(_notes(f, 3), said)
    f.save(tmp_path / "m")
    _has(_notes(wavecast.load(tmp_path / "m"), 3), said)  # the saved user's order
    given = _notes(f, 3, data=_given(df))
    _has(given, said)
    _has(given, "2 series given under the id of a training series ('s03', 's01') do not hold")
    _has(given, "2 series the model never saw ('w', 'c')")


def test_the_recursive_nets_notes_name_series_in_the_users_order():
    df = _panel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(df[df["id"].str.startswith("s")], target="y", time="t", id="id", kind="recursive",
                         hidden_size=4, epochs=1, input_len=16)
    given = _notes(f, 3, data=_given(df))
    _has(given, "2 series shorter than input_len=16 ('m', 'a'), forecast by the recursive net's named fallback: "
         "'m' by seasonal naive, 'a' by its last value")
    _has(given, "2 series given under the id of a training series ('s03', 's01') do not hold")
    _has(given, "2 series the model never saw ('w', 'c')")
