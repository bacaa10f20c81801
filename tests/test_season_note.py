"""The run says whether the season was found and taken out before the net (weekly data's 52
was silently left in: a 3-year series lost to seasonal naive 6x with no word why)."""

import numpy as np
import pandas as pd

from wavecast.steps_direct_notes import season_found_note


def test_the_note_says_found_not_found_and_how_many():
    assert season_found_note(52, 1, 1) == "season 52: found in the series and taken out before the net"
    one = season_found_note(52, 0, 1)
    assert one.startswith("season 52: not found in the series") and "2 seasons and 13 points more" in one
    assert "the test needs at least 2 seasons and a point" in season_found_note(12, 0, 1)
    assert season_found_note(7, 3, 3) == "season 7: found and taken out before the net in all 3 series"
    assert season_found_note(52, 0, 3).startswith("season 52: not found in any of the 3 series")
    assert season_found_note(52, 2, 3).startswith("season 52: found and taken out before the net in 2 of 3 series")


def test_a_series_long_enough_for_the_test_is_not_told_it_needs_two_seasons():
    """3,177 monthly sunspots (an 11-year cycle, no 12-month one) read 'the test needs at least 2
    seasons and a point': the length is a reason only where some series was too short for it."""
    long = season_found_note(12, 0, 1, shortest=3153)
    assert long == ("season 12: not found in the series (long enough for the test, but it needs a season clear of "
                    "the noise); the net reads it as it is")
    assert "the test needs at least 2 seasons" in season_found_note(12, 0, 1, shortest=30)
    assert "each long enough for the test" in season_found_note(4, 2, 3, shortest=200)
    assert "2 seasons and 13 points more" in season_found_note(52, 0, 2, shortest=150)  # 3 x 52 + 52 needed


def test_a_run_on_weekly_shops_says_which_were_deseasonalised(tmp_path):
    from wavecast.cli import main

    rng = np.random.default_rng(0)
    rows = []
    for k, (n, amp) in enumerate(((200, 25.0), (200, 25.0), (200, 0.0))):  # two seasonal shops, one not
        t = np.arange(n)
        y = 100 + amp * np.sin(2 * np.pi * t / 52) + (np.cumsum(rng.normal(0, 3, n)) if amp == 0 else rng.normal(0, 2, n))
        rows.append(pd.DataFrame({"shop": f"s{k}", "week": pd.date_range("2020-01-05", periods=n, freq="W-SUN"),
                                  "y": y}))
    pd.concat(rows).to_csv(tmp_path / "w.csv", index=False)
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        assert main(["run", "--data", str(tmp_path / "w.csv"), "--target", "y", "--time", "week", "--id", "shop",
                     "--set", "direct.max_epochs=1", "--set", "direct.hidden_size=4", "--out",
                     str(tmp_path / "r")]) == 0
    assert "note: season 52: found and taken out before the net in 2 of 3 series" in out.getvalue()
