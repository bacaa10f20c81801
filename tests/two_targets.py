"""A CSV of two shops with two targets in different units (sales in thousands, a price near 2),
for the tests of how several targets are pooled, ordered and reported."""

import numpy as np
import pandas as pd


def two_targets(path, n: int = 60, seed: int = 0) -> None:
    """n months of 'sales' and 'price' (one season of 12, noise) for shops 'a' and 'b', to path."""
    rng = np.random.default_rng(seed)
    t = pd.date_range("2020-01", periods=n, freq="MS").strftime("%Y-%m-%d")
    season = np.sin(np.arange(n) * np.pi / 6)
    pd.concat([pd.DataFrame({"t": t, "shop": s, "sales": 1000 + 100 * season + rng.normal(0, 20, n),
                             "price": 2 + 0.1 * season + rng.normal(0, 0.02, n)}) for s in ("a", "b")]
              ).to_csv(path, index=False)


def run_one_shop(tmp_path) -> None:
    """`wavecast run` of shop 'a' alone (no id column), targets sales and price, horizon 3, one
    epoch, into tmp_path / 'o': one series with several targets."""
    from wavecast.cli import main

    two_targets(tmp_path / "two.csv")
    df = pd.read_csv(tmp_path / "two.csv")
    df[df["shop"] == "a"].drop(columns="shop").to_csv(tmp_path / "d.csv", index=False)
    assert main(["run", "--data", str(tmp_path / "d.csv"), "--target", "sales,price", "--horizon", "3",
                 "--set", "train.epochs=1", "--out", str(tmp_path / "o")]) == 0
