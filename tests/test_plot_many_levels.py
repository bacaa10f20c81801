"""Many interval levels drawn at once: `wavecast forecast --level 10,20,...,90,95,99` (11 levels)
ended in a traceback, `ValueError: alpha (1.02) is outside 0-1 range`, before writing its CSV;
wavecast.plot and a run's report drew the bands by the same shading."""

import matplotlib
import numpy as np
import pandas as pd

import wavecast

LEVELS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99]


def test_eleven_levels_are_drawn_widest_palest_and_none_opaque():
    matplotlib.use("Agg", force=False)
    t = pd.date_range("2021-01-01", periods=30, freq="D")
    df = pd.DataFrame({"t": t, "y": np.sin(np.arange(30) / 3)})
    ft = pd.date_range("2021-01-31", periods=5, freq="D")
    fc = pd.DataFrame({"t": ft, "forecast": np.zeros(5)})
    for lv in LEVELS:
        fc[f"lo-{lv}"], fc[f"hi-{lv}"] = -lv / 50, lv / 50
    fig = wavecast.plot(df, fc, level=LEVELS)
    fills = [c for c in fig.axes[0].collections if c.get_alpha() is not None]
    alphas = [c.get_alpha() for c in fills]
    assert len(alphas) == len(LEVELS) and alphas == sorted(alphas) and max(alphas) <= 1
    assert alphas[0] == 0.12
