"""aggregate with levels that leave out a key column: two stores in each state and region under
levels [["state"], ["state", "region"]] were refused as "two rows for the bottom series 'A/r0' at
...: sum or drop them first", the store column they missed unsaid. The refusal now names it."""
import pandas as pd
import pytest

from wavecast.errors import ValidationError
from wavecast.hierarchy import aggregate


def _stores() -> pd.DataFrame:
    t = pd.date_range("2020-01-01", periods=4, freq="MS")
    return pd.concat([pd.DataFrame({"t": t, "state": s, "region": r, "store": k, "price": 2.0, "y": 1.0 + i})
                      for i, (s, r, k) in enumerate((s, r, k) for s in "AB" for r in ("r0", "r1") for k in ("s1", "s2"))],
                     ignore_index=True)


def test_a_key_left_out_of_the_levels_is_named():
    with pytest.raises(ValidationError) as e:
        aggregate(_stores(), "y", "t", [["state"], ["state", "region"]])
    assert str(e.value) == ("two rows for the bottom series 'A/r0' at 2020-01-01 00:00:00, told apart by column "
                            "'store', which no level names: if it is a key, add it to the levels (e.g. ['state', "
                            "'region', 'store']); if not, sum or drop the rows first")
    _, h = aggregate(_stores(), "y", "t", [["state"], ["state", "region", "store"]])  # as it advises
    assert len(h.bottom) == 8


def test_several_columns_left_out_are_named_and_true_duplicates_keep_their_words():
    with pytest.raises(ValidationError, match=r"told apart by columns 'state' and 'store', which no level names: "
                                              r"if one is a key, add it to the levels \(e.g. \['region', 'state'\]\)"):
        aggregate(_stores(), "y", "t", [["region"]])
    twice = pd.concat([_stores(), _stores().iloc[:1]], ignore_index=True)  # nothing tells the two rows apart
    with pytest.raises(ValidationError, match=r"^two rows for the bottom series 'A/r0/s1' at 2020-01-01 00:00:00: "
                                              r"sum or drop them first$"):
        aggregate(twice, "y", "t", [["state", "region", "store"]])
