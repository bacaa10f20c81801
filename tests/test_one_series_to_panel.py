"""One new series (docs/one-series.md) given to a panel model as a pandas Series: it holds no id
column, and the refusal told the user to "give the data that column, or name the data's own with
predict(h, data, id='COLUMN')", which a Series cannot do. It now says how to give it an id, with
the model's own time and target names, and what it says works."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import wavecast


def _quarters(ids, n: int, start: str) -> pd.DataFrame:
    q = pd.period_range(start, periods=n, freq="Q")
    return pd.concat([pd.DataFrame({"shop": i, "quarter": [f"{p.year}Q{p.quarter}" for p in q],
                                    "sales": 100 * (k + 1) + 10 * np.sin(np.arange(n) * np.pi / 2) + np.arange(n)})
                      for k, i in enumerate(ids)], ignore_index=True)


def test_a_series_given_to_a_panel_model_is_told_how_to_give_it_an_id():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = wavecast.fit(_quarters("abc", 40, "2010Q1"), target="sales", time="quarter", id="shop", horizon=3,
                         epochs=1, seed=0)
        new = _quarters(["z"], 30, "2012Q3")
        s = pd.Series(new["sales"].to_numpy(), index=pd.PeriodIndex(new["quarter"], freq="Q"))
        with pytest.raises(wavecast.ValidationError) as err:
            f.predict(3, data=s)
        said = str(err.value)
        assert "\n" not in said and "predict(h, data, id='COLUMN')" not in said
        fix = re.search(r"\((s\..*?\))\) or a Series indexed by \(id, time\)", said)
        assert fix, said
        assert fix.group(1) == "s.rename_axis('quarter').reset_index(name='sales').assign(shop='new')"
        given = eval(fix.group(1), {"s": s})  # what the message says to do forecasts it
        pd.testing.assert_series_equal(f.predict(3, data=given)["forecast"],
                                       f.predict(3, data=new)["forecast"])
