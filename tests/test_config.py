import re

import numpy as np
import pytest

from wavecast.config import Config, load, override, to_dict
from wavecast.errors import ConfigError


def test_defaults_resolve_to_the_demo_on_the_signal():
    from wavecast.defaults import resolve

    cfg = Config()
    assert (cfg.window.input_len, cfg.window.horizon, cfg.window.test_len, cfg.model.kind) == (None, None, None, "auto")
    r = resolve(cfg).config  # the synthetic signal: one period of it, the recursive net
    assert (r.signal.length, r.signal.period, r.window.test_len) == (800, 40.0, 40)
    assert (r.model.cell, r.model.hidden_size, r.window.input_len, r.model.kind) == ("lstm", 50, 40, "recursive")


def test_auto_is_none_and_zero_stays_an_error():
    assert override(Config(), "window.horizon=12").window.horizon == 12
    assert override(override(Config(), "window.horizon=12"), "window.horizon=auto").window.horizon is None
    with pytest.raises(ConfigError, match=r"window.horizon must be an integer >= 1 \(got 0\)"):
        override(Config(), "window.horizon=0")


def test_season_window_is_auto_zero_or_a_count_of_seasons():
    assert Config().direct.season_window is None
    assert override(Config(), "direct.season_window=8").direct.season_window == 8
    assert override(Config(), "direct.season_window=0").direct.season_window == 0
    with pytest.raises(ConfigError, match=r"direct.season_window must be an integer >= 0 \(got -1\)"):
        override(Config(), "direct.season_window=-1")


def test_override_parses_by_field_type():
    cfg = override(Config(), "train.lr=3e-3")
    assert cfg.train.lr == pytest.approx(3e-3) and isinstance(cfg.train.lr, float)
    cfg = override(cfg, "model.head_hidden=16,8")
    assert cfg.model.head_hidden == (16, 8)
    assert override(cfg, "window.input_len=24").window.input_len == 24


@pytest.mark.parametrize(
    "item, pattern",
    [
        ("train.lrr=1", r"unknown config key 'train.lrr'; valid keys: optimizer, lr"),
        ("model.cell=lstmm", r"unknown model.cell 'lstmm'; choose rnn, lstm or gru"),
        ("train.lr=nan", r"train.lr must be a finite number > 0 \(got nan\)"),
        ("train.lr=0", r"train.lr must be a finite number > 0"),
        ("window.input_len=0", r"window.input_len must be an integer >= 1 \(got 0\)"),
        ("window.input_len=2.5", r"window.input_len must be an integer"),
        ("model.dropout=0.5", r"needs model.num_layers >= 2"),
        ("train", r"must look like section.key=value"),
        ("train=3", r"train is a section; set one of its keys"),
        ("direct.log_weight=1.5", r"direct.log_weight must be a number >= 0 and <= 1 \(got 1.5\)"),
        ("direct.balance=2", r"direct.balance must be a number >= 0 and <= 1 \(got 2"),
    ],
)
def test_bad_overrides_name_the_key(item, pattern):
    with pytest.raises(ConfigError, match=pattern):
        override(Config(), item)


def test_true_is_not_an_integer():
    with pytest.raises(ConfigError, match="integer"):
        Config(seed=True)


def test_toml_file_and_overrides(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('name = "x"\nseed = 3\n[model]\ncell = "gru"\n[train]\nepochs = 2\n')
    cfg = load(path, ["train.epochs=4"])
    assert (cfg.name, cfg.seed, cfg.model.cell, cfg.train.epochs) == ("x", 3, "gru", 4)
    assert to_dict(cfg)["model"]["cell"] == "gru"


def test_bad_toml_files(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        load(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[model\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(bad)
    unknown = tmp_path / "u.toml"
    unknown.write_text("[modle]\n")
    with pytest.raises(ConfigError, match="unknown config key 'modle'"):
        load(unknown)


def _air():
    from pathlib import Path

    from wavecast.data.reader import read

    return read(Path(__file__).parents[1] / "examples" / "air_passengers.csv", "", "month")


def test_recursive_keys_reach_the_direct_net_through_its_own():
    # Was: model.cell=gru, model.hidden_size=7, train.epochs=5 kept in config.json and ignored by
    # the direct net (the default for data): an LSTM of 16 units, 200 epochs allowed.
    from wavecast.defaults import resolve

    sets = ["model.cell=gru", "model.hidden_size=7", "model.num_layers=2", "train.epochs=5", "train.lr=0.01",
            "train.batch_size=64", "train.patience=3"]
    r = resolve(load(None, sets), _air())
    d = r.config.direct
    assert (d.cell, d.hidden_size, d.num_layers, d.max_epochs, d.lr, d.batch_size, d.patience) == \
        ("gru", 7, 2, 5, 0.01, 64, 3)
    assert any("direct net reads model.cell=gru as direct.cell" in n for n in r.notes)
    # a direct.* value given itself wins; the API's shortcuts set both, alike
    r = resolve(load(None, ["model.hidden_size=7", "direct.hidden_size=9", "train.epochs=4",
                            "direct.max_epochs=4"]), _air())
    assert (r.config.direct.hidden_size, r.config.direct.max_epochs) == (9, 4)
    assert not any("direct net reads" in n for n in r.notes)


@pytest.mark.parametrize("item", ["train.rollout_steps=2", "train.optimizer=sgd", "model.nonlinearity=relu",
                                  "train.dtype=float64", "train.schedule=none", "model.head_hidden=4",
                                  "train.sampling_prob=0.5", "train.weight_decay=0.1", "train.clip_norm=0.5",
                                  "train.loss_on=all", "train.rollout_weight=0.5", "train.momentum=0.9",
                                  "train.lbfgs_history=5", "train.lbfgs_line_search=none"])
def test_a_recursive_net_key_the_direct_net_has_no_use_for_fails_in_one_line(item):
    from wavecast.config import TO_DIRECT
    from wavecast.defaults import resolve

    key = item.split("=")[0]
    with pytest.raises(ConfigError, match=rf"direct net \(the default for data\), which has no setting like "
                                          rf"--set {re.escape(item)}; it sets the recursive net only: leave it "
                                          r"out, or pass --set model.kind=recursive$") as e:
        resolve(load(None, [item]), _air())
    assert "\n" not in str(e.value) and key not in TO_DIRECT
    # the recursive net takes it, on data as on the signal (the demo and the recipes)
    assert resolve(load(None, [item, "model.kind=recursive"]), _air()).config.direct == load().direct
    assert resolve(load(None, [item])).config.model.kind == "recursive"


def test_the_signal_and_the_recursive_net_keep_their_keys():
    from wavecast.defaults import resolve

    r = resolve(load(None, ["model.cell=gru", "model.hidden_size=7", "train.epochs=5"]))
    assert r.config.model.kind == "recursive" and r.config.direct == load().direct
    assert (r.config.model.cell, r.config.model.hidden_size, r.config.train.epochs) == ("gru", 7, 5)


@pytest.mark.parametrize(("item", "why", "own"), [
    ("direct.max_epochs=5", "the default for the built-in sine", "; its own: --set train.epochs=5"),
    ("direct.loss=mse", "the default for the built-in sine", ""),
    ("direct.max_epochs=5", "model.kind=recursive", "; its own: --set train.epochs=5"),
    ("direct.n_ensemble=3", "model.kind=recursive", ""),
])
def test_a_direct_net_key_the_recursive_net_has_no_use_for_fails_in_one_line(item, why, own):
    # Was ignored silently: `wavecast run --set direct.max_epochs=5` trained the sine's 200 epochs.
    from wavecast.defaults import resolve

    sets = [item] if why.startswith("the default") else [item, "model.kind=recursive"]
    data = None if why.startswith("the default") else _air()
    with pytest.raises(ConfigError, match=rf"^this run uses the recursive net \({re.escape(why)}\), which has no "
                                          rf"setting like --set {re.escape(item)}{re.escape(own)}; direct.\* keys "
                                          r"set the direct net only: leave it out, or pass --set model.kind=direct$"):
        resolve(load(None, sets), data)
    # the API's shortcuts set both nets alike (epochs=5: train.epochs and direct.max_epochs), and pass
    r = resolve(load(None, ["train.epochs=5", "direct.max_epochs=5", "model.hidden_size=4", "direct.hidden_size=4"]))
    assert (r.config.model.kind, r.config.train.epochs, r.config.model.hidden_size) == ("recursive", 5, 4)


def test_the_demo_and_the_recipes_set_no_direct_key():
    from pathlib import Path

    from wavecast.defaults import resolve

    cfg = load(None, ["name=demo"])  # what `wavecast demo` runs
    assert cfg.direct == load().direct and resolve(cfg).config.model.kind == "recursive"
    for path in (Path(__file__).parents[1] / "src" / "wavecast" / "recipes").glob("*.py"):
        text = path.read_text()  # the recipes build ModelConfig/TrainConfig, never the direct net's
        assert "DirectConfig" not in text and "direct." not in text and "direct__" not in text, path


def test_15_minute_data_has_a_daily_season_and_a_horizon_it_can_hold():
    # Was season 60 (1-minute data's hour) and horizon 120 = two seasons = the whole series:
    # "input_len 2 + horizon 120 + test_len 120 needs >= 242" on every run of it. Then the hour
    # (4), where quarter-hours repeat with the day: a 30-day load series' daily cycle was "not
    # found" and the net read 10 quarter-hours of context.
    import pandas as pd

    from wavecast.data.reader import from_object
    from wavecast.defaults import resolve

    t = pd.date_range("2019-01-01", periods=30 * 96, freq="15min")
    ds = from_object(pd.DataFrame({"t": t, "v": np.sin(np.arange(len(t)) * 2 * np.pi / 96)}), "v", "t")
    r = resolve(load(), ds)
    assert (r.season, r.config.window.horizon, r.config.window.test_len) == (96, 96, 96)  # day-ahead
    assert r.season_how == "from the '15min' frequency" and "horizon 96 (one day: 96 steps;" in r.notes[-1]
    # 30 hours do not hold the day twice: the season is the series' own (autocorrelation)
    ds = from_object(pd.DataFrame({"t": t[:120], "v": np.sin(np.arange(120) / 2)}), "v", "t")
    r = resolve(load(), ds)
    assert r.season_how.startswith("detected by autocorrelation") and r.config.window.horizon == 2 * r.season < 40
    # a default horizon is at most a third of the longest series: two seasons of 60 on 90 points
    r = resolve(load(None, ["eval.period=60"]), from_object(ds.values[0][:90]))
    assert r.config.window.horizon == 30 and any("capped at a third of the longest series, 90" in n for n in r.notes)
    # M4's horizons are kept where the series hold three of them (monthly 18 in 144 points)
    assert resolve(load(), _air()).config.window.horizon == 18


def test_data_sep_decimal_and_date_order_through_set_and_toml(tmp_path):
    """data.sep takes a tab as \\t or tab (a shell passes the two characters; --set strips a real
    tab as blank space) and keeps the character itself, as in config.json."""
    cfg = load(None, ["data.sep=;", "data.decimal=,", "data.date_order=day-first"])
    assert (cfg.data.sep, cfg.data.decimal, cfg.data.date_order) == (";", ",", "day-first")
    for spelled in ("tab", "\\t"):
        assert override(Config(), f"data.sep={spelled}").data.sep == "\t"
    path = tmp_path / "c.toml"
    path.write_text('[data]\nsep = "\\t"\ndecimal = ","\n')
    assert (load(path).data.sep, load(path).data.decimal) == ("\t", ",")
    assert to_dict(load(path))["data"]["sep"] == "\t"
    assert Config().data.sep == "," and Config().data.decimal == "." and Config().data.date_order == "auto"


@pytest.mark.parametrize("items, pattern", [
    (["data.sep=:"], r"^data\.sep \(--sep\) must be ',', ';', '\|' or a tab \(written \\t or tab\) \(got ':'\)$"),
    (["data.sep=;;"], r"data\.sep \(--sep\) must be .* \(got ';;'\)$"),
    (["data.decimal=x"], r"^data\.decimal \(--decimal\) must be '\.' or ',' \(got 'x'\)$"),
    (["data.decimal=,"], r"^data\.decimal \(--decimal\) ',' is also data\.sep \(--sep\): the decimal mark must "
     r"differ from the field separator$"),
    (["data.sep=;", "data.thousands=.", "data.decimal=."], r"'\.' is also data\.thousands \(--thousands\)"),
    (["data.date_order=dmy"], r"^unknown data\.date_order \(--date-order\) 'dmy'; choose auto, day-first or "
     r"month-first$"),
])
def test_bad_separators_decimal_marks_and_date_orders_are_one_line(items, pattern):
    with pytest.raises(ConfigError, match=pattern):
        load(None, items)


def test_a_whole_number_written_with_a_point_is_that_integer_and_a_cell_in_capitals_is_named():
    """horizon=6.0 from Python reached the config as the text '6.0' and was refused, where the
    float 6.0 was taken as 6; cell="LSTM" (as the console writes it) named no fix."""
    assert override(Config(), "window.horizon=6.0").window.horizon == 6
    assert override(Config(), "window.horizon=12.").window.horizon == 12
    for bad in ("6.5", "nan", "1e400", "six"):
        with pytest.raises(ConfigError, match=rf"window.horizon must be an integer \(got '{re.escape(bad)}'\)$"):
            override(Config(), f"window.horizon={bad}")
    with pytest.raises(ConfigError, match=r"^unknown model.cell 'LSTM'; choose rnn, lstm or gru \('lstm', in lower case\)$"):
        override(Config(), "model.cell=LSTM")
    with pytest.raises(ConfigError, match=r"^unknown model.cell 'xyz'; choose rnn, lstm or gru$"):
        override(Config(), "model.cell=xyz")
